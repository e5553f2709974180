#!/usr/bin/env bash
# Embedding speed (images/s, JVM start included): ResNet-18 x0.5 and ResNet-50 x1 at 224 px (ImageNet stem) and
# 32 px (CIFAR stem), one thread, three repetitions each.
# Usage: bench/embed.sh IMAGE_FOLDER [WORK_DIR]   (after mvn -DskipTests package)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="${1:?usage: bench/embed.sh IMAGE_FOLDER [WORK_DIR]}"
work="${2:-/tmp/embedbench}"
n=$(find "$images" -type f \( -name '*.jpg' -o -name '*.png' \) | wc -l)
J="java -Xmx4g -cp $here/cli/target/classes:$here/cli/target/lib/* io.snclr.cli.Main"
for cfg in "resnet18 0.5 224 false" "resnet50 1.0 224 false" "resnet18 0.5 32 true" "resnet50 1.0 32 true"; do
  set -- $cfg
  run=$work/run-$1-$3; out=$work/emb-$1-$3
  rm -rf "$run" "$out"
  $J pretrain --epochs 0 --data "$images" --image-size $3 --channels 3 --encoder $1 --width $2 --cifar-stem $4 \
     --batch-size 64 --threads 1 --progress off --out "$run" > /dev/null 2>&1 || { echo "pretrain failed $cfg"; continue; }
  for rep in 1 2 3; do
    rm -rf "$out"
    s=$(date +%s.%N)
    $J embed --run "$run" --images "$images" --out "$out" --threads 1 --batch 64 > /dev/null 2>&1 || echo "embed failed"
    e=$(date +%s.%N)
    echo "$1 x$2 $3px rep$rep: $(echo "$n / ($e - $s)" | bc -l | cut -c1-6) images/s $(echo "$e - $s" | bc) s"
  done
done
