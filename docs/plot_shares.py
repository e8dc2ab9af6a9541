#!/usr/bin/env python3
"""Plots realized versus target share per dataset over the course of a `mix` run.

Usage (Debian: apt-get install python3-numpy python3-matplotlib):
    python3 docs/plot_shares.py OUTPUT_DIR PNG [--weight NAME=W ...]

OUTPUT_DIR is a `mix --provenance` output; its _SUCCESS summary names the datasets in --dataset
order (the _dataset index). Records are taken in emission order: subtask by subtask, file by file.
Weights default to 1, as in `mix`.
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
    args = parser.parse_args()

    summary = json.load(open(os.path.join(args.output_dir, "_SUCCESS")))
    names = list(summary["per_dataset"])
    weights = {n: 1.0 for n in names}
    for w in args.weight:
        name, value = w.split("=", 1)
        weights[name] = float(value)
    total_weight = sum(weights.values())

    files = sorted(glob.glob(os.path.join(args.output_dir, "part-*.npz")))
    if not files:
        raise SystemExit(f"{args.output_dir}: no part-*.npz files")
    datasets = np.concatenate([np.load(f)["_dataset"] for f in files])
    n = np.arange(1, len(datasets) + 1)

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    for d, name in enumerate(names):
        realized = np.cumsum(datasets == d) / n
        line, = ax.plot(n, realized, label=f"{name} realized")
        ax.axhline(weights[name] / total_weight, color=line.get_color(), linestyle="--", linewidth=1,
                   label=f"{name} target {weights[name] / total_weight:.3f}")
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel("records emitted (log scale)")
    ax.set_ylabel("cumulative share")
    ax.set_title(f"Realized vs target share per dataset ({len(datasets):,} records)")
    ax.legend(loc="center left", fontsize=8, ncol=1)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.png)
    print(args.png)


if __name__ == "__main__":
    main()
