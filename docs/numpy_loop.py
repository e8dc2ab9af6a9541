#!/usr/bin/env python3
"""The plain numpy loop of docs/benchmarks.md: rows per second without any mux, on the same shards.

Usage: python3 docs/numpy_loop.py SHARD.npz [SHARD.npz ...] [--records N]

Mirrors the seed's npz_generator: arrays loaded with np.load (stored entries read into memory),
then each record is {'X': X[i], 'Y': Y[i]} for a random i (with replacement) or for i in order,
round-robin over the shards. Prints one JSON line.
"""
import argparse
import json
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("shards", nargs="+")
    parser.add_argument("--records", type=int, default=2_000_000)
    args = parser.parse_args()
    data = []
    for path in args.shards:
        with np.load(path) as z:
            data.append((z["X"], z["Y"]))
    rng = np.random.default_rng(0)
    n = args.records
    result = {"records": n}

    start = time.perf_counter()
    for k in range(n):
        x, y = data[k % len(data)]
        i = rng.integers(0, len(y))
        record = {"X": x[i], "Y": y[i]}
    result["random_rows_per_second"] = round(n / (time.perf_counter() - start))

    start = time.perf_counter()
    positions = [0] * len(data)
    for k in range(n):
        s = k % len(data)
        x, y = data[s]
        i = positions[s] % len(y)
        positions[s] += 1
        record = {"X": x[i], "Y": y[i]}
    result["sequential_rows_per_second"] = round(n / (time.perf_counter() - start))
    del record
    print(json.dumps(result))


if __name__ == "__main__":
    main()
