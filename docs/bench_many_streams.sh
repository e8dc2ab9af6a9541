#!/bin/bash
# Many streams in one lane (issue 16): 500, 15,000 and 100,000 numpy-written shards of 20 rows,
# each run back to back with 500, `bench` with one lane, 16 M records. See docs/benchmarks.md.
#
#   docs/bench_many_streams.sh [DATA_DIR] [ROUNDS] [JVM options...]
#
# Prints one JSON line per run, prefixed with the round and the stream count; compare
# task_cpu_ns_per_record (and steady_records_per_second on a quiet machine) within a round.
set -euo pipefail
DATA=${1:-bench-data/many}
ROUNDS=${2:-3}
shift $(($# < 2 ? $# : 2))
J=${J:-examples/target/muxsource-examples.jar}

mkdir -p "$DATA"
python3 - "$DATA" <<'EOF'
# X uint8 20x16, Y uint8 20, written with np.savez (stored entries); skipped if already there.
import numpy as np, os, sys
for n in (500, 15000, 100000):
    d = os.path.join(sys.argv[1], f'small{n}')
    if os.path.isdir(d) and len(os.listdir(d)) == n:
        continue
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        np.savez(os.path.join(d, f's{i:06d}.npz'),
                 X=np.arange(20 * 16, dtype=np.int64).reshape(20, 16).astype(np.uint8),
                 Y=(np.arange(20) % 10).astype(np.uint8))
EOF

run() {
  echo "$1 $2 $(java "${@:3}" -jar "$J" bench --dataset "d=$DATA/small$2" --n-active 4 --rate 8 \
      --max-records 16000000 --parallelism 1 --lanes 1 2>/dev/null | tail -1)"
}
for r in $(seq "$ROUNDS"); do
  for n in 15000 100000; do
    run "$r" 500 "$@"
    run "$r" "$n" "$@"
  done
done
