#!/usr/bin/env bash
# Decoder comparison (docs/performance.md): bash bench/decoder/run.sh FOLDER_OF_JPEGS
# Needs the built project (cli/target/lib) and, for the TwelveMonkeys row, Maven Central to fetch its plugin jars once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; lib="$here/../../cli/target/lib"; m2="${HOME}/.m2/repository"
tm=com/twelvemonkeys; v=3.12.0
mvn -q -ntp dependency:get -Dartifact=$tm.imageio:imageio-jpeg:$v >/dev/null
cp_base=$(ls "$lib"/javacpp-*.jar "$lib"/openblas-*.jar "$lib"/opencv-*.jar | tr '\n' ':')
cp_tm="$m2/$tm/imageio/imageio-jpeg/$v/imageio-jpeg-$v.jar:$m2/$tm/imageio/imageio-core/$v/imageio-core-$v.jar"
cp_tm="$cp_tm:$m2/$tm/imageio/imageio-metadata/$v/imageio-metadata-$v.jar:$m2/$tm/common/common-lang/$v/common-lang-$v.jar"
cp_tm="$cp_tm:$m2/$tm/common/common-io/$v/common-io-$v.jar:$m2/$tm/common/common-image/$v/common-image-$v.jar"
out=$(mktemp -d); javac -d "$out" -cp "$cp_base" "$here/DecoderBench.java"
echo "javax.imageio";      java -cp "$cp_base:$out" DecoderBench imageio "$1" | tail -3
echo "TwelveMonkeys";      java -cp "$cp_base:$cp_tm:$out" DecoderBench imageio "$1" | tail -3
echo "OpenCV";             java -cp "$cp_base:$out" DecoderBench opencv "$1" | tail -3
echo "OpenCV at 1/2";      java -cp "$cp_base:$out" DecoderBench opencv-half "$1" | tail -3
