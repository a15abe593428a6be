"""Finding fingerprints that survive edits elsewhere in a file: what is wrong, never where."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence

from imagelint.findings import Finding

# Part of every hashed document: a change of what is hashed changes every fingerprint on
# purpose, instead of silently colliding with the old scheme.
SCHEME = "imagelint-fingerprint/1"

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def offending_text(finding: Finding, text: str | None) -> str | None:
    """The source text at the finding's span, whitespace-normalised; None when the file
    could not be read, the span is not inside it, or it covers only whitespace."""
    if text is None:
        return None
    # Split on "\n" only, as the parsers count lines; a "\r" left over is whitespace.
    lines = text.split("\n")
    first, last = finding.line - 1, finding.end_line - 1
    if not (0 <= first <= last < len(lines)) or finding.column < 1 or finding.end_column < 1:
        return None
    if first == last:
        if finding.end_column < finding.column:
            return None
        piece = lines[first][finding.column - 1 : finding.end_column - 1]
    else:
        piece = "\n".join(
            [
                lines[first][finding.column - 1 :],
                *lines[first + 1 : last],
                lines[last][: finding.end_column - 1],
            ]
        )
    normalised = _SPACE.sub(" ", piece).strip()
    return normalised or None


def identity(finding: Finding, text: str | None) -> str:
    """What the fingerprint keys on beside path, resource and rule: the offending text, or,
    when there is none, the message with its numbers blanked. Numbers in messages are byte
    offsets, sizes and catalog dates, which change with edits and snapshot refreshes while
    the problem stays the same."""
    found = offending_text(finding, text)
    if found is not None:
        return found
    return _DIGITS.sub("#", _SPACE.sub(" ", finding.message).strip())


def fingerprint(finding: Finding, key: str, occurrence: int = 0) -> str:
    """sha256 (hex) of path, resource, rule, `key` (see identity) and the occurrence index
    among findings equal in all four, in file order. Never the line or the column."""
    document = json.dumps(
        [SCHEME, finding.path, finding.resource or "", finding.rule, key, occurrence],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # An undecodable byte in a file name is a surrogate: hashed as it is.
    return hashlib.sha256(document.encode("utf-8", "surrogatepass")).hexdigest()


def stamp(findings: Sequence[Finding], read: Callable[[str], str | None]) -> tuple[Finding, ...]:
    """The findings, in the same order, with `fingerprint` set. `read(path)` gives a file's
    text as the parsers saw it (None: unreadable); each path is read once."""
    texts: dict[str, str | None] = {}
    keys: list[str] = []
    for finding in findings:
        if finding.path not in texts:
            texts[finding.path] = read(finding.path)
        keys.append(identity(finding, texts[finding.path]))
    # Occurrences count in file order whatever order the findings came in, so that the
    # first of two identical findings keeps its fingerprint when the second goes away.
    order = sorted(range(len(findings)), key=lambda i: findings[i].key())
    seen: Counter[tuple[str, str, str, str]] = Counter()
    prints: dict[int, str] = {}
    for i in order:
        finding = findings[i]
        group = (finding.path, finding.resource or "", finding.rule, keys[i])
        prints[i] = fingerprint(finding, keys[i], seen[group])
        seen[group] += 1
    return tuple(
        dataclasses.replace(finding, fingerprint=prints[i]) for i, finding in enumerate(findings)
    )
