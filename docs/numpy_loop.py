#!/usr/bin/env python3
"""The plain numpy loop of docs/benchmarks.md: rows per second without any mux, on the same shards.

Usage: python3 docs/numpy_loop.py SHARD.npz [SHARD.npz ...] [--records N] [--batch-size B]

Mirrors the seed's npz_generator: arrays loaded with np.load (stored entries read into memory),
then each record is {'X': X[i], 'Y': Y[i]} for a random i (with replacement) or for i in order,
round-robin over the shards. With --batch-size B it also times what a numpy training loop does for
batches: B random row indexes drawn at once, then {'X': X[idx], 'Y': Y[idx]} (a gather that copies
the rows into one new array per field), round-robin over the shards. Prints one JSON line.
"""
import argparse
import json
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("shards", nargs="+")
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--batch-size", type=int, default=0)
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

    if args.batch_size > 0:
        b = args.batch_size
        batches = n // b
        start = time.perf_counter()
        for k in range(batches):
            x, y = data[k % len(data)]
            idx = rng.integers(0, len(y), b)
            record = {"X": x[idx], "Y": y[idx]}
        result["batch_size"] = b
        result["batched_gather_rows_per_second"] = round(batches * b / (time.perf_counter() - start))
    del record
    print(json.dumps(result))


if __name__ == "__main__":
    main()
