#!/usr/bin/env python3
"""Prints a BENCHMARKS.md table for one side-by-side group of the criterion benches.

Reads criterion's medians from target/criterion/<group>/<implementation>/<case>/new/
estimates.json after `cargo bench`, and prints, per case, the medians and XCMP's ratios to the
peer and to the limit. Run from the repository root:

    python3 benches/table.py verify_candidate      # a group of benches/primitives.rs
    python3 benches/table.py receive_block         # a group of benches/pallets.rs
    python3 benches/table.py receive+service       # receive_block + service_queue, added
    python3 benches/table.py relay_inclusion       # the relay's work, ours and HRMP's

The groups of `benches/primitives.rs` compare with HRMP's chain (`peer_hrmp_mqc`); those of
`benches/pallets.rs` (`send_block`, `receive_block`, `service_queue`) with
cumulus-pallet-xcmp-queue (`peer_xcmp_queue`), per destination or sender count; its
`relay_inclusion` group, the relay's work for one channel's messages, with HRMP's relay
(`hrmp_relay`).
"""

import json
import re
import sys
from pathlib import Path

CRITERION = Path("target/criterion")
PALLET_GROUPS = {"send_block": "destinations", "receive_block": "senders",
                 "service_queue": "senders", "receive+service": "senders"}
CASE = re.compile(r"(\d+)x(\d+)B(?:_[ds](\d+))?")


def median_ns(group: str, who: str, case: str) -> float:
    if group == "receive+service":
        return median_ns("receive_block", who, case) + median_ns("service_queue", who, case)
    estimates = json.loads((CRITERION / group / who / case / "new" / "estimates.json").read_text())
    return estimates["median"]["point_estimate"]


def human(ns: float) -> str:
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.2f} {unit}"
    return f"{ns:.0f} ns"


def cases(group: str) -> list[str]:
    directory = CRITERION / ("receive_block" if group == "receive+service" else group) / "xcmp"
    names = [p.name for p in directory.iterdir() if p.is_dir() and p.name != "report"]
    return sorted(names, key=lambda c: tuple(int(x or 0) for x in CASE.match(c).groups()))


def primitives_table(group: str) -> None:
    names = cases(group)
    with_senders = any(CASE.match(case).group(3) for case in names)
    senders = " senders |" if with_senders else ""
    print(f"| messages × payload |{senders} XCMP | HRMP chain (peer) | BlakeTwo256 once (limit) "
          "| XCMP / peer | XCMP / limit |")
    print("| --- |" + " --- |" * (5 + with_senders))
    for case in names:
        ours, peer, limit = (median_ns(group, who, case)
                             for who in ("xcmp", "peer_hrmp_mqc", "limit_blake2"))
        count, size, spread = CASE.match(case).groups()
        senders = f" {spread} |" if with_senders else ""
        print(f"| {int(count):,} × {size}B |{senders} {human(ours)} | {human(peer)} "
              f"| {human(limit)} | {ours / peer:.2f} | {ours / limit:.2f} |")


def pallet_table(group: str) -> None:
    with_limit = group != "service_queue"
    spread = PALLET_GROUPS[group]
    header = f"| messages × payload | {spread} | XCMP | peer |"
    header += " BlakeTwo256 once (limit) | XCMP / peer | XCMP / limit |" if with_limit \
        else " XCMP / peer |"
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    for case in cases(group):
        count, size, spread_n = CASE.match(case).groups()
        ours, peer = (median_ns(group, who, case) for who in ("xcmp", "peer_xcmp_queue"))
        row = f"| {int(count):,} × {size}B | {spread_n} | {human(ours)} | {human(peer)} |"
        if with_limit:
            # The limit is the same messages' hashing, measured with the receiving block.
            limit_group = "receive_block" if group == "receive+service" else group
            limit = median_ns(limit_group, "limit_blake2", case)
            row += f" {human(limit)} | {ours / peer:.2f} | {ours / limit:.1f} |"
        else:
            row += f" {ours / peer:.2f} |"
        print(row)


def relay_table() -> None:
    group = "relay_inclusion"
    print("| messages × payload | XCMP: both candidates included | HRMP's relay: every page stored "
          "and pruned | XCMP / HRMP | HRMP a message |")
    print("| --- | --- | --- | --- | --- |")
    for case in cases(group):
        count, size, _ = CASE.match(case).groups()
        ours, theirs = (median_ns(group, who, case) for who in ("xcmp", "hrmp_relay"))
        print(f"| {int(count):,} × {size}B | {human(ours)} | {human(theirs)} "
              f"| {ours / theirs:.3g} | {human(theirs / int(count))} |")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    group = sys.argv[1]
    if group == "relay_inclusion":
        relay_table()
    else:
        (pallet_table if group in PALLET_GROUPS else primitives_table)(group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
