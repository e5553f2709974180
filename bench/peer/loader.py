"""torchvision's data loading for self-supervised training, the peer of `snclr bench --pipeline` (measurement only):
ImageFolder + MoCo v3's two augmented 224 px views (RandomResizedCrop 0.08-1, colour jitter, grayscale, blur,
solarize, flip, normalise) through DataLoader(num_workers=N). Prints images/s (each image = two views).
  /usr/bin/python3 bench/peer/loader.py /tmp/photos1mp --workers 1 --batch 32 --batches 20
"""
import argparse
import time

import torch
import torchvision.transforms as T
from torchvision.datasets import ImageFolder


class TwoViews:
    def __init__(self, first, second):
        self.first, self.second = first, second

    def __call__(self, image):
        return self.first(image), self.second(image)


def view(blur_p, solarize_p, size):
    return T.Compose([
        T.RandomResizedCrop(size, scale=(0.08, 1.0)),
        T.RandomApply([T.ColorJitter(0.4, 0.4, 0.2, 0.1)], p=0.8),
        T.RandomGrayscale(p=0.2),
        T.RandomApply([T.GaussianBlur(23, sigma=(0.1, 2.0))], p=blur_p),
        T.RandomSolarize(128, p=solarize_p),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--batches", type=int, default=20)
    p.add_argument("--size", type=int, default=224)
    a = p.parse_args()
    torch.set_num_threads(1)
    data = ImageFolder(a.root, TwoViews(view(1.0, 0.0, a.size), view(0.1, 0.2, a.size)))
    loader = torch.utils.data.DataLoader(data, batch_size=a.batch, shuffle=True, num_workers=a.workers,
                                         drop_last=True, persistent_workers=a.workers > 0)
    it = iter(loader)
    next(it)  # start-up
    t0 = time.perf_counter()
    n = 0
    for _ in range(a.batches):
        try:
            batch = next(it)
        except StopIteration:
            it = iter(loader)
            batch = next(it)
        n += batch[0][0].shape[0]
    s = time.perf_counter() - t0
    print(f"torch {torch.__version__}: {a.workers} worker(s), batch {a.batch}, {a.size} px: {n / s:.1f} images/s")


if __name__ == "__main__":
    main()
