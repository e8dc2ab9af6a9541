#!/usr/bin/env python3
"""Plots realized shares per block of records around live weight changes, lane by lane, for a `mix` run.

Usage (Debian: apt-get install python3-numpy python3-matplotlib):
    python3 docs/plot_live_weights.py OUTPUT_DIR LOG PNG [--weight NAME=W ...] [--block N] [--edge K]

OUTPUT_DIR is a `mix --provenance --weights-file FILE` output with as many lanes as subtasks
(`--lanes P --parallelism P`), so that each subtask's files hold one lane's records in lane order.
LOG is that run's stderr with `--verbose`: it says which subtask holds which lane ("Assigning lanes
[L] to subtask S"), the weights the job started with, and where each lane took each change ("Lane L
draws with live weights {...} (change C) from position P"). The --weight flags are those given to
`mix`. Each point is the share of a dataset in one block of N records (default 10,000) of a lane,
blocks starting at each change; grey lines are the positions the lane took the changes at; dashed
lines are the targets. Prints the realized share per lane and segment with its z-score against the
target, (realized - target) / sqrt(target (1 - target) / records): a binomial z, valid for budget-1
draws (`--n-active 1 --rate 1 --dist constant`), where every record is an independent draw; and,
for each change, the shares in the K records (default 1,000) right before and right after it.
"""
import argparse
import glob
import json
import os
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ASSIGNED = re.compile(r"Assigning lanes \[([0-9, ]*)\] to subtask (\d+)")
STARTED = re.compile(r"Live weights changed to \{(.*)\} \(change (\d+)\)")
PLANNED = re.compile(r"Planned \d+ lanes")
TAKEN = re.compile(r"Lane (\d+) draws with live weights \{(.*)\} \(change (\d+)\) from position (\d+)")


def parse_weights(text):
    """'alpha=4.0, gamma=1.0' (a Java map as logged) -> {'alpha': 4.0, 'gamma': 1.0}."""
    return {k.strip(): float(v) for k, v in (p.split("=") for p in text.split(",") if p.strip())}


def read_log(path, weights):
    """Returns ({subtask: lane}, weights at the start, {lane: [(position, weights it names, change), ...]})."""
    lane_of, changes, planned = {}, {}, False
    start = dict(weights)
    for line in open(path, errors="replace"):
        if m := ASSIGNED.search(line):
            lanes = [int(x) for x in m.group(1).split(",") if x.strip()]
            if len(lanes) != 1:
                raise SystemExit(f"{path}: subtask {m.group(2)} holds lanes {lanes}; "
                                 "run mix with --lanes equal to --parallelism, one lane per subtask")
            lane_of[int(m.group(2))] = lanes[0]
        elif PLANNED.search(line):
            planned = True
        elif (m := STARTED.search(line)) and not planned:
            start.update(parse_weights(m.group(1)))  # the file's weights when the job first started
        elif m := TAKEN.search(line):
            lane, change, position = int(m.group(1)), int(m.group(3)), int(m.group(4))
            taken = changes.setdefault(lane, [])
            if any(c == change for _, _, c in taken):
                raise SystemExit(f"{path}: lane {lane} took change {change} twice (a restart?); "
                                 "plot a run without failures")
            taken.append((position, parse_weights(m.group(2)), change))
    if not lane_of:
        raise SystemExit(f"{path}: no 'Assigning lanes' line; was mix run with --verbose?")
    return lane_of, start, changes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output_dir")
    parser.add_argument("log")
    parser.add_argument("png")
    parser.add_argument("--weight", action="append", default=[], help="NAME=W, as given to mix")
    parser.add_argument("--block", type=int, default=10000)
    parser.add_argument("--edge", type=int, default=1000, help="records either side of a change to compare")
    args = parser.parse_args()

    summary = json.load(open(os.path.join(args.output_dir, "_SUCCESS")))
    names = list(summary["per_dataset"])
    weights = {n: 1.0 for n in names}
    weights.update(parse_weights(",".join(args.weight)))
    lane_of, start, changes = read_log(args.log, weights)

    fig, axes = plt.subplots(len(lane_of), 1, figsize=(8, 2.6 * len(lane_of) + 0.8), dpi=110,
                             sharex=True, squeeze=False)
    for ax, subtask in zip(axes[:, 0], sorted(lane_of)):
        lane = lane_of[subtask]
        files = sorted(glob.glob(os.path.join(args.output_dir, f"part-{subtask:05d}-*.npz")))
        if not files:
            raise SystemExit(f"{args.output_dir}: no part-{subtask:05d}-*.npz files (subtask {subtask})")
        datasets = np.concatenate([np.load(f)["_dataset"] for f in files])
        n = len(datasets)

        # Segments of constant weights, [start, end) in lane positions; a change names some datasets.
        taken = sorted(changes.get(lane, []))
        bounds = [0] + [p for p, _, _ in taken] + [n]
        segments, current = [], dict(start)
        for i in range(len(bounds) - 1):
            if i > 0:
                current.update(taken[i - 1][1])
            segments.append((bounds[i], bounds[i + 1], dict(current)))

        for d, name in enumerate(names):
            # Blocks start at each segment's start, so no block mixes records drawn before and after a change.
            centers, shares = [], []
            for s, e, _ in segments:
                blocks = (e - s) // args.block
                centers.append(s + (np.arange(blocks) + 0.5) * args.block)
                shares.append((datasets[s : s + blocks * args.block] == d).reshape(blocks, args.block).mean(axis=1))
            line, = ax.plot(np.concatenate(centers), np.concatenate(shares), ".", markersize=3, alpha=0.5,
                            label=f"{name} realized (per {args.block:,})")
            for s, e, w in segments:
                ax.hlines(w[name] / sum(w.values()), s, e, colors=line.get_color(), linestyles="--", linewidth=1.4,
                          zorder=3)
        for position, _, change in taken:
            ax.axvline(position, color="grey", linewidth=0.8)
            ax.annotate(f"change {change} @ {position:,}", (position, 0.97), fontsize=7, ha="left", va="top",
                        xytext=(3, 0), textcoords="offset points")
        for s, e, w in segments:
            parts = []
            for d, name in enumerate(names):
                target = w[name] / sum(w.values())
                realized = float(np.mean(datasets[s:e] == d))
                z = (realized - target) / np.sqrt(target * (1 - target) / (e - s))
                parts.append(f"{name} {realized:.4f} (target {target:.4f}, z {z:+.1f})")
            print(f"lane {lane} positions [{s}, {e}): " + ", ".join(parts))
        for position, _, change in taken:
            # The move is at the position: compare the records right before and right after it.
            before, after = datasets[max(0, position - args.edge) : position], datasets[position : position + args.edge]
            print(f"lane {lane} change {change} at {position}: {args.edge} records before / after: " + ", ".join(
                f"{name} {np.mean(before == d):.3f} / {np.mean(after == d):.3f}" for d, name in enumerate(names)))
        ax.set_ylim(0, 1)
        ax.set_ylabel(f"lane {lane}: share")
        ax.grid(True, alpha=0.3)
    axes[0, 0].set_title("Live weights: realized share per block vs target (dashed), per lane")
    axes[0, 0].legend(loc="center left", fontsize=7)
    axes[-1, 0].set_xlabel("lane position (records the lane emitted)")
    fig.tight_layout()
    fig.savefig(args.png)
    print(args.png)


if __name__ == "__main__":
    main()
