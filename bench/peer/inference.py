"""PyTorch's eval-mode forward of a backbone, the peer of `snclr bench --inference` (measurement only).
  /usr/bin/python3 bench/peer/inference.py --encoder resnet50 --image-size 224 --batch 64 --threads 2
prints images/s (median over the timed batches) under torch.no_grad() and torch.inference_mode().
"""
import argparse
import statistics
import time

import torch

from snclr_step import backbone


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--encoder", default="resnet50")
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--patch", type=int, default=16)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    f, _ = backbone(a.encoder, a.width, a.image_size, a.channels, a.patch)
    f.eval()
    x = torch.randn(a.batch, a.channels, a.image_size, a.image_size)
    for name, mode in (("no_grad", torch.no_grad), ("inference_mode", torch.inference_mode)):
        times = []
        with mode():
            for i in range(a.warmup + a.steps):
                t0 = time.perf_counter()
                torch.nn.functional.normalize(f(x), dim=1)
                if i >= a.warmup:
                    times.append(time.perf_counter() - t0)
        s = statistics.median(times)
        print(f"torch {torch.__version__} {name}: {a.encoder} {a.image_size} px batch {a.batch}: "
              f"{a.batch / s:.1f} images/s ({s:.3f} s/batch)")


if __name__ == "__main__":
    main()
