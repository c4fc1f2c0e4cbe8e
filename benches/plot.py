#!/usr/bin/env python3
"""Plots cost against message count from the pallet tables of BENCHMARKS.md.

Reads the `send_block`, `receive_block` and receive + service tables (one destination or
sender) and draws, per payload size, XCMP, the peer (cumulus-pallet-xcmp-queue) and the limit
(BlakeTwo256 once) on log-log axes. Run from the repository root after updating the tables:

    pip install matplotlib && python3 benches/plot.py

It writes docs/plots/pallets.png.
"""

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

UNITS = {"ns": 1e-3, "µs": 1.0, "ms": 1e3, "s": 1e6}


def microseconds(cell: str) -> float:
    value, unit = cell.strip().split()
    return float(value.replace(",", "")) * UNITS[unit]


PANELS = [
    ("### `send_block`", "send_block (one destination)"),
    ("### `receive_block`", "receive_block (one sender)"),
    ("### receive + service", "receive_block + service_queue (one sender)"),
]


def table(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the table under `heading`."""
    section = markdown.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("###") or line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("| ---") and "messages" not in line:
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def main() -> int:
    markdown = Path("BENCHMARKS.md").read_text(encoding="utf-8")
    figure, axes = plt.subplots(1, len(PANELS), figsize=(15, 4.8), sharey=True)
    for axis, (heading, title) in zip(axes, PANELS):
        series: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for row in table(markdown, heading):
            count, size = re.match(r"([\d,]+) × (\d+)B", row[0]).groups()
            if row[1] != "1" or size == "65536":
                continue
            n = int(count.replace(",", ""))
            for who, cell in zip(["XCMP", "peer", "limit"], row[2:5]):
                series.setdefault((who, size), []).append((n, microseconds(cell)))
        for (who, size), points in sorted(series.items()):
            points.sort()
            style = {"XCMP": "-o", "peer": "--s", "limit": ":"}[who]
            label = f"{who}, {int(size) // 1024 or int(size)}{' KiB' if int(size) >= 1024 else ' B'}"
            axis.plot([n for n, _ in points], [t for _, t in points], style, label=label)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(title)
        axis.set_xlabel("messages in the block")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("median time (µs)")
    axes[-1].legend(fontsize=8)
    figure.suptitle("Whole blocks: XCMP pallets vs cumulus-pallet-xcmp-queue vs BlakeTwo256 once")
    figure.tight_layout()
    out = Path("docs/plots/pallets.png")
    figure.savefig(out, dpi=110)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
