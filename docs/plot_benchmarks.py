#!/usr/bin/env python3
"""Draws docs/img/benchmarks.png from docs/bench-results.json (the figures in docs/benchmarks.md).

Usage (Debian: apt-get install python3-matplotlib): python3 docs/plot_benchmarks.py
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
colors = ["#999999" if ("Pescador" in n or "numpy" in n or "plain" in n or "ceiling" in n) else "#1f77b4"
          for n in names]
fig, ax = plt.subplots(figsize=(8, 4.2), dpi=110)
bars = ax.barh(names, values, color=colors)
ax.set_xscale("log")
ax.set_xlabel("million records per second (log scale); blue = MuxSource end to end")
ax.set_title("Fashion-MNIST-shaped records (785 bytes), 2-core machine")
for bar, v in zip(bars, values):
    ax.text(v * 1.05, bar.get_y() + bar.get_height() / 2, f"{v:.2f} M" if v >= 0.1 else f"{v * 1000:.0f} k",
            va="center", fontsize=8)
ax.set_xlim(0.03, 80)
fig.tight_layout()
out = os.path.join(here, "img", "benchmarks.png")
fig.savefig(out)
print(out)
