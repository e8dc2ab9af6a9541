#!/usr/bin/env python3
"""Plots realized shares per block of records against a weight schedule's targets, for a `mix` run.

Usage (Debian: apt-get install python3-numpy python3-matplotlib):
    python3 docs/plot_schedule.py OUTPUT_DIR PNG [--weight NAME=W ...] [--weight-schedule AT:NAME=W,...]
        [--block N]

OUTPUT_DIR is a `mix --provenance` output of one lane (`--lanes 1 --parallelism 1`), so that the
files hold the records in lane order and a step at record AT is at file position AT. The flags are
those given to `mix`. Each point is the share of a dataset in one block of N records (default
2,000); dashed lines are the targets the schedule sets. Prints the realized share per segment.
"""
import argparse
import glob
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output_dir")
    parser.add_argument("png")
    parser.add_argument("--weight", action="append", default=[], help="NAME=W, as given to mix")
    parser.add_argument("--weight-schedule", action="append", default=[], help="AT:NAME=W,..., as given to mix")
    parser.add_argument("--block", type=int, default=2000)
    args = parser.parse_args()

    summary = json.load(open(os.path.join(args.output_dir, "_SUCCESS")))
    names = list(summary["per_dataset"])
    weights = {n: 1.0 for n in names}
    for w in args.weight:
        name, value = w.split("=", 1)
        weights[name] = float(value)
    steps = []
    for s in args.weight_schedule:
        at, pairs = s.split(":", 1)
        steps.append((int(at), {p.split("=")[0]: float(p.split("=")[1]) for p in pairs.split(",")}))
    steps.sort()

    files = sorted(glob.glob(os.path.join(args.output_dir, "part-*.npz")))
    if not files:
        raise SystemExit(f"{args.output_dir}: no part-*.npz files")
    datasets = np.concatenate([np.load(f)["_dataset"] for f in files])
    n = len(datasets)

    # Segments of constant weights: [start, end) with the weights in force.
    bounds = [0] + [at for at, _ in steps] + [n]
    segments = []
    current = dict(weights)
    for i in range(len(bounds) - 1):
        if i > 0:
            current.update(steps[i - 1][1])
        segments.append((bounds[i], bounds[i + 1], dict(current)))

    blocks = n // args.block
    centers = (np.arange(blocks) + 0.5) * args.block
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    for d, name in enumerate(names):
        per_block = (datasets[: blocks * args.block] == d).reshape(blocks, args.block).mean(axis=1)
        line, = ax.plot(centers, per_block, ".", markersize=3, label=f"{name} realized (per {args.block:,})")
        for start, end, w in segments:
            ax.hlines(w[name] / sum(w.values()), start, end, colors=line.get_color(), linestyles="--", linewidth=1.2)
    for at, _ in steps:
        ax.axvline(at, color="grey", linewidth=0.8)
    for start, end, w in segments:
        realized = {name: float(np.mean(datasets[start:end] == d)) for d, name in enumerate(names)}
        target = {name: w[name] / sum(w.values()) for name in names}
        print(f"records [{start}, {end}): " + ", ".join(
            f"{name} {realized[name]:.4f} (target {target[name]:.4f})" for name in names))
    ax.set_ylim(0, 1)
    ax.set_xlabel("record (lane position)")
    ax.set_ylabel("share of the block")
    ax.set_title("Weight schedule: realized share per block vs target (dashed)")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.png)
    print(args.png)


if __name__ == "__main__":
    main()
