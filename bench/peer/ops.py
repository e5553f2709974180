"""PyTorch eager's cost of issuing small ops from Python, the peer of `snclr bench --ops CALLS` (measurement only).
  /usr/bin/python3 bench/peer/ops.py 200000 1     # calls, threads  -> µs per call, one line per op
"""
import sys
import time

import torch


def timed(calls, op):
    for _ in range(calls // 10):
        op()
    t0 = time.perf_counter()
    for _ in range(calls):
        op()
    return (time.perf_counter() - t0) * 1e6 / calls


def main():
    calls, threads = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    one, other = torch.ones(1), torch.ones(1)
    m, n = torch.randn(64, 64), torch.randn(64, 64)
    image, kernel = torch.randn(1, 8, 16, 16), torch.randn(8, 8, 3, 3)
    print(f"torch {torch.__version__}, {calls} calls each, {threads} thread(s)")
    print(f"  add 1-element                        {timed(calls, lambda: one.add(other)):7.2f} µs/op")
    print(f"  add_ 1-element in place              {timed(calls, lambda: one.add_(other)):7.2f} µs/op")
    print(f"  mm 64x64                             {timed(calls, lambda: m.mm(n)):7.2f} µs/op")
    print(f"  conv 8ch 16x16 3x3                   {timed(calls // 4, lambda: torch.conv2d(image, kernel)):7.2f} µs/op")


if __name__ == "__main__":
    main()
