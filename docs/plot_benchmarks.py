#!/usr/bin/env python3
"""Draws docs/img/benchmarks.png from docs/bench-results.json (the figures in docs/benchmarks.md).

Usage (Debian: apt-get install python3-matplotlib): python3 docs/plot_benchmarks.py

Blue: MuxSource records, orange: MuxSource batches (rows per second), grey: baselines and
references. Only figures measured in one run belong side by side: see docs/benchmarks.md.
"""
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
results = json.load(open(os.path.join(here, "bench-results.json")))["records_per_second"]
names = list(results)
values = [results[n] / 1e6 for n in names]


def color(name):
    if "Pescador" in name or "numpy" in name or "plain" in name or "ceiling" in name:
        return "#999999"
    return "#ff7f0e" if "batches" in name else "#1f77b4"


colors = [color(n) for n in names]
fig, ax = plt.subplots(figsize=(8.5, 0.32 * len(names) + 1.4), dpi=110)
bars = ax.barh(names, values, color=colors)
ax.set_xscale("log")
ax.set_xlabel("million rows/s (log); blue: records, orange: batches, grey: baselines")
ax.set_title(json.load(open(os.path.join(here, "bench-results.json"))).get(
    "_title", "Fashion-MNIST-shaped records (785 bytes), 2-core machine"), fontsize=10)
for bar, v in zip(bars, values):
    ax.text(v * 1.05, bar.get_y() + bar.get_height() / 2, f"{v:.2f} M" if v >= 0.1 else f"{v * 1000:.0f} k",
            va="center", fontsize=8)
ax.set_xlim(0.03, 80)
fig.tight_layout()
out = os.path.join(here, "img", "benchmarks.png")
fig.savefig(out)
print(out)
