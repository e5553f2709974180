#!/usr/bin/env bash
# Time and peak memory of `snclr map` at several collection sizes.
#
#   bench/map-sizes.sh EMBEDDINGS WORK [ROWS ...]      (ROWS default: 10000 100000 1000000)
#
# For each size, `snclr bench-index` draws that many unit vectors around the real EMBEDDINGS (each a real embedding
# plus noise, as in docs/performance.md's index figures) into WORK/ROWS/collection and builds its HNSW index (kept:
# a second run reuses them); then `snclr map` runs on it under /usr/bin/time. Prints one line per size: rows, wall
# seconds and peak resident memory of the map alone.
set -euo pipefail
cd "$(dirname "$0")/.."
emb=$1 work=$2
shift 2
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000)
for rows in "${sizes[@]}"; do
  dir=$work/$rows
  mkdir -p "$dir"
  if [[ ! -f $dir/collection/hnsw/hnsw.json ]]; then
    bin/snclr bench-index --around "$emb" --rows "$rows" --queries 100 --work "$dir" > "$dir/bench-index.log" 2>&1
  fi
  /usr/bin/time -v bin/snclr map --embeddings "$dir/collection" > "$dir/map.log" 2> "$dir/map.time"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/map.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/map.time")
  echo "rows $rows: map in $wall (h:mm:ss or m:ss), peak RSS $((rss / 1024)) MB"
done
