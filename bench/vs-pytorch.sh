#!/usr/bin/env bash
# snclr against PyTorch on the same work, side by side on this machine (measurement only; needs Debian's
# python3-torch and python3-torchvision, run as /usr/bin/python3). Each figure is run ROUNDS times, alternating
# snclr and PyTorch, and printed as medians with their ratio. Usage (after mvn -DskipTests package):
#   bench/vs-pytorch.sh step-resnet18 | step-resnet50 | step-vit-small | step-vit-tiny | inference | ops  [ROUNDS]
#   PRECISION=bf16 bench/vs-pytorch.sh step-…    both steps under bf16 autocast (snclr --precision bf16)
#   ISA=avx2 bench/vs-pytorch.sh …   both sides held to AVX2 kernels (ATen, oneDNN, OpenBLAS) on a CPU with AVX-512:
#                                    an approximation of an AVX2-only CPU (same cores and caches, other kernels)
#   bench/vs-pytorch.sh loader PHOTO_FOLDER      (JPEG photos of ~1 MP: bench/decoder/make-photos.sh makes some)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:?usage: bench/vs-pytorch.sh WHAT [ROUNDS]}"
rounds="${2:-3}"
threads="${THREADS:-2}"
precision="${PRECISION:-fp32}"  # PRECISION=bf16: both sides under bf16 autocast
case "${ISA:-native}" in
  native) ;;
  avx2) export ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell ;;
  *) echo "bench/vs-pytorch.sh: ISA=$ISA: expected native or avx2" >&2; exit 2 ;;
esac
py=/usr/bin/python3
peer="$here/bench/peer"
snclr() { "$here/bin/snclr" "$@" 2>/dev/null; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# a folder of N random RGB PNGs of SIZE px, for snclr's side (its step and forward read an image set; the peer makes
# its tensors itself): without one, snclr would train on its default data, 28 px Fashion-MNIST
images() { # size n -> prints the folder
  local dir="$tmp/png$1-$2"
  [ -d "$dir" ] || "$py" - "$dir" "$1" "$2" <<'PY'
import os, sys
import torch
from PIL import Image
d, size, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
g = torch.Generator().manual_seed(0)
for c in ("a", "b"):
    os.makedirs(f"{d}/{c}")
for i in range(n):
    px = torch.randint(0, 256, (size, size, 3), generator=g, dtype=torch.uint8).numpy()
    Image.fromarray(px).save(f"{d}/{'ab'[i % 2]}/{i}.png")
PY
  echo "$dir"
}

# one SNCLR step (MoCo v3 heads with 3 projector layers 1024/256, AdamW, K = 30): snclr's step minus its data phase
# (the peer feeds fixed tensors), against the peer's step; peak RSS of each process
step() { # encoder width size batch queue patch steps
  local enc=$1 width=$2 size=$3 batch=$4 queue=$5 patch=$6 steps=$7
  local cifar=false; [ "$enc" = resnet18 ] && cifar=true
  local data; data="$(images "$size" $((2 * batch)))"
  for r in $(seq "$rounds"); do
    snclr bench --data "$data" --encoder "$enc" --width "$width" --cifar-stem "$cifar" --patch "$patch" --image-size "$size" \
      --channels 3 --batch-size "$batch" --queue "$queue" --neighbors 30 --proj-hidden 1024 --pred-hidden 1024 \
      --dim 256 --projector-layers 3 --predictor-last-bn true --optimizer adamw --threads "$threads" \
      --steps "$steps" --warmup-steps 1 --precision "$precision" --report "$tmp/snclr-$r.json" > /dev/null
    "$py" "$peer/snclr_step.py" --encoder "$enc" --width "$width" --image-size "$size" --patch "$patch" \
      --batch "$batch" --queue "$queue" --threads "$threads" --steps "$steps" --warmup 1 --precision "$precision" \
      > "$tmp/torch-$r.json"
  done
  "$py" - "$tmp" "$rounds" <<'PY'
import json, statistics, sys
d, n = sys.argv[1], int(sys.argv[2])
s = [json.load(open(f"{d}/snclr-{r}.json")) for r in range(1, n + 1)]
t = [json.loads(open(f"{d}/torch-{r}.json").read()) for r in range(1, n + 1)]
ours = [x["s_per_step"] - x["t_data_s"] for x in s]
theirs = [x["seconds_per_step"] for x in t]
ratios = [a / b for a, b in zip(ours, theirs)]
print(f"step: snclr {statistics.median(ours):.3f} s, PyTorch {theirs and statistics.median(theirs):.3f} s, "
      f"ratio {statistics.median(ratios):.2f} (per round: {', '.join(f'{r:.2f}' for r in ratios)}); "
      f"peak RSS {statistics.median(x['peak_rss_mb'] for x in s):.0f} MB vs "
      f"{statistics.median(x['peak_rss_mb'] for x in t):.0f} MB")
PY
}

case "$what" in
  step-resnet18) step resnet18 0.5 32 128 128000 16 3 ;;
  step-resnet50) step resnet50 1.0 224 8 4096 16 2 ;;
  step-vit-small) step vit-small 1.0 224 8 4096 16 2 ;;
  step-vit-tiny) step vit-tiny 1.0 32 128 4096 4 3 ;;
  inference)
    for enc in "resnet18 0.5 32 false" "resnet50 1.0 224 false" "vit-small 1.0 224 false"; do
      set -- $enc
      for b in 64 256; do
        [ "$1" != resnet18 ] && [ "$b" = 256 ] && continue
        snclr bench --inference --data "$(images "$3" "$b")" --encoder "$1" --width "$2" --image-size "$3" --cifar-stem "$([ "$1" = resnet18 ] && echo true || echo false)" \
          --channels 3 --batch-size "$b" --threads "$threads" --steps 3 --warmup-steps 1
        "$py" "$peer/inference.py" --encoder "$1" --width "$2" --image-size "$3" --batch "$b" --threads "$threads" --steps 3
      done
    done ;;
  ops) # ROUNDS rounds of snclr (its launcher's allocator), PyTorch, and snclr under glibc's malloc
    for r in $(seq "$rounds"); do
      echo "round $r"
      snclr bench --ops 200000 --threads 1
      "$py" "$peer/ops.py" 200000 1
      echo "snclr with SNCLR_MALLOC=glibc:"
      SNCLR_MALLOC=glibc snclr bench --ops 200000 --threads 1
    done ;;
  loader)
    photos="${2:?usage: bench/vs-pytorch.sh loader PHOTO_FOLDER}"
    for w in 1 2; do
      snclr bench --pipeline --data "$photos" --load stream --image-size 224 --channels 3 --workers "$w" \
        --batch-size 32 --steps 20 --warmup-steps 2 --threads 1 | grep loader
      "$py" "$peer/loader.py" "$photos" --workers "$w" --batch 32 --batches 20
    done ;;
  *) echo "unknown: $what" >&2; exit 2 ;;
esac
