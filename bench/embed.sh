#!/usr/bin/env bash
# embed images/s: ResNet-18 x0.5 and ResNet-50 x1, 224 px (ImageNet stem) and 32 px (CIFAR stem), 1 thread
J="java -Xmx4g -cp /work/main/target/classes:/work/main/target/lib/* io.snclr.cli.Main"
for cfg in "resnet18 0.5 224 false" "resnet50 1.0 224 false" "resnet18 0.5 32 true" "resnet50 1.0 32 true"; do
  set -- $cfg
  run=/tmp/embedbench/run-$1-$3; out=/tmp/embedbench/emb-$1-$3
  rm -rf $run $out
  $J pretrain --epochs 0 --data /tmp/jpg640 --image-size $3 --channels 3 --encoder $1 --width $2 --cifar-stem $4 \
     --batch-size 64 --threads 1 --progress off --out $run > /dev/null 2>&1 || { echo "pretrain failed $cfg"; continue; }
  for rep in 1 2 3; do
    rm -rf $out
    s=$(date +%s.%N)
    $J embed --run $run --images /tmp/jpg640 --out $out --threads 1 --batch 64 > /dev/null 2>&1 || echo "embed failed"
    e=$(date +%s.%N)
    echo "$1 x$2 $3px rep$rep: $(echo "256 / ($e - $s)" | bc -l | cut -c1-6) images/s (wall, JVM start included) $(echo "$e - $s" | bc) s"
  done
done
