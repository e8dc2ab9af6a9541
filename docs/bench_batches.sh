#!/usr/bin/env bash
# Records vs batches, back to back in one run (docs/benchmarks.md, "Batches and the record path").
# Usage: docs/bench_batches.sh [ROUNDS] [RECORDS]; BASE_JAR=path/to/older/muxsource-examples.jar
# adds the same record run on an older build. Prints one tagged JSON line per measurement.
set -euo pipefail
ROUNDS=${1:-2}
N=${2:-20000000}
J=${J:-examples/target/muxsource-examples.jar}
S=bench-data/stored
D="--dataset d1=$S/dataset1_train.npz --dataset d2=$S/dataset2_train.npz --dataset d3=$S/dataset3_train.npz"
OPT2="--n-active 1 --rate 1000 --max-records $N"
for round in $(seq "$ROUNDS"); do
  echo "round $round records p1 $(java -jar "$J" bench $D $OPT2 --parallelism 1 --baseline 2>/dev/null | tail -1)"
  if [ -n "${BASE_JAR:-}" ]; then
    echo "round $round base-records p1 $(java -jar "$BASE_JAR" bench $D $OPT2 --parallelism 1 --baseline 2>/dev/null | tail -1)"
  fi
  echo "round $round batches256 p1 $(java -jar "$J" bench $D $OPT2 --parallelism 1 --batch-size 256 --baseline 2>/dev/null | tail -1)"
  echo "round $round numpy $(python3 docs/numpy_loop.py $S/dataset*_train.npz --records 2000000 --batch-size 256)"
  echo "round $round records p2 $(java -jar "$J" bench $D $OPT2 --parallelism 2 2>/dev/null | tail -1)"
  echo "round $round batches256 p2 $(java -jar "$J" bench $D $OPT2 --parallelism 2 --batch-size 256 2>/dev/null | tail -1)"
done
