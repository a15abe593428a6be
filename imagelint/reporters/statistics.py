"""`--statistics`: how many findings each rule made and each directory holds, for audits."""

from __future__ import annotations

import posixpath
from collections import Counter

from imagelint.findings import Finding


def statistics(findings: tuple[Finding, ...]) -> list[str]:
    """Lines for the text formats; `findings` are already escaped for the terminal."""
    by_rule = Counter(f.rule for f in findings)
    by_directory = Counter(posixpath.dirname(f.path) or "." for f in findings)
    return [
        "findings by rule:",
        *_table(by_rule),
        "findings by directory:",
        *_table(by_directory),
    ]


def _table(counts: Counter[str]) -> list[str]:
    if not counts:
        return ["  (none)"]
    width = len(str(max(counts.values())))
    # Most first, then by name, so two runs over the same tree print the same table.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"  {n:>{width}}  {name}" for name, n in ordered]
