#!/bin/bash
# Deflated shards read at random with a heap smaller than the inflated data (docs/benchmarks.md).
# Makes one 500,000 x 784 uint8 shard (392 MB inflated) deflated and stored, then, with -Xmx300m:
# bench-spill (spill time; random rows from the spill file vs the stored entry, same run) and the
# end-to-end bench over each, alternated. Usage: docs/bench_spill.sh [RECORDS]  (from the repo root)
set -euo pipefail
J=examples/target/muxsource-examples.jar
D=bench-data/spill
RECORDS=${1:-10000000}
mkdir -p "$D/tmp"
if [ ! -f "$D/big_stored.npz" ]; then
  python3 - "$D" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(1)
X = np.zeros((500000, 784), dtype=np.uint8)  # compresses like sparse images: ~4 MB deflated
X[:, :4] = rng.integers(0, 256, size=(500000, 4), dtype=np.uint8)
Y = (np.arange(500000) % 10).astype(np.uint8)
np.savez_compressed(d + '/big_deflated.npz', X=X, Y=Y)
np.savez(d + '/big_stored.npz', X=X, Y=Y)
PY
fi
ls -l "$D"/*.npz
echo "== bench-spill -Xmx300m"
java -Xmx300m -jar $J bench-spill --deflated $D/big_deflated.npz --stored $D/big_stored.npz \
  --spill-dir $D/tmp 2>/dev/null | grep '^{'
for kind in deflated stored deflated stored; do
  echo "== bench -Xmx300m, random rows, $kind"
  java -Xmx300m -jar $J bench --dataset d=$D/big_$kind.npz --n-active 1 \
    --max-records "$RECORDS" --spill-dir $D/tmp 2>/dev/null | grep '^{"records"'
done
echo "spill files left: $(ls $D/tmp | wc -l)"
