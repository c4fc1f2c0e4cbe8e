#!/usr/bin/env python3
"""Prints a BENCHMARKS.md table for one of `benches/primitives.rs`' side-by-side groups.

Reads criterion's medians from target/criterion/<group>/{xcmp,peer_hrmp_mqc,limit_blake2}/<case>/
new/estimates.json after `cargo bench --bench primitives`, and prints, per case, the three
medians and XCMP's ratios to the peer and to the limit. Run from the repository root:

    python3 benches/table.py verify_candidate
"""

import json
import re
import sys
from pathlib import Path


def median_ns(group: Path, who: str, case: str) -> float:
    estimates = json.loads((group / who / case / "new" / "estimates.json").read_text())
    return estimates["median"]["point_estimate"]


def human(ns: float) -> str:
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.2f} {unit}"
    return f"{ns:.0f} ns"


def main() -> int:
    group = Path("target/criterion") / sys.argv[1]
    cases = sorted(
        (p.name for p in (group / "xcmp").iterdir() if p.is_dir() and p.name != "report"),
        key=lambda c: tuple(int(x) for x in re.match(r"(\d+)x(\d+)B", c).groups()),
    )
    print("| messages × payload | XCMP | HRMP chain (peer) | BlakeTwo256 once (limit) "
          "| XCMP / peer | XCMP / limit |")
    print("| --- | --- | --- | --- | --- | --- |")
    for case in cases:
        ours, peer, limit = (median_ns(group, who, case)
                             for who in ("xcmp", "peer_hrmp_mqc", "limit_blake2"))
        count, size = re.match(r"(\d+)x(\d+)B", case).groups()
        print(f"| {int(count):,} × {size}B | {human(ours)} | {human(peer)} | {human(limit)} "
              f"| {ours / peer:.2f} | {ours / limit:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
