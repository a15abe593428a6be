"""Where each inline suppression applies, and which findings it hides: for the files that
hold a directive (the syntax and the decisions are in imagelint.suppressions)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from imagelint.findings import Finding
from imagelint.suppress_directive import SYNTAX, parse
from imagelint.suppress_notices import Placed, active, judge, notice

if TYPE_CHECKING:
    from imagelint.suppress_layout import Comment, Layout

_NOT_CODE = re.compile(r"(?:---|\.\.\.)\s*$|%")  # YAML document markers and directives


def match(
    findings: Sequence[Finding],
    texts: Mapping[str, str],
    *,
    today: date,
    unsuppressible: frozenset[str],
    known_rules: frozenset[str],
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The findings no active suppression covers, and the notices about the suppressions of
    `texts` (by shown path, the files holding a directive)."""
    placed: dict[str, list[Placed]] = {}
    notices: list[Finding] = []
    for path, text in texts.items():
        found, malformed = _directives(path, text)
        placed[path] = found
        notices += [
            notice(path, comment, message, f"write {SYNTAX}") for comment, message in malformed
        ]
    by_line, wide = _index(placed)
    kept: list[Finding] = []
    for finding in findings:
        candidates = (
            *by_line.get((finding.path, finding.rule, finding.line), ()),
            *wide.get((finding.path, finding.rule), ()),
        )
        covering = [p for p in candidates if p.first <= finding.line <= p.last and active(p, today)]
        if not covering or finding.rule in unsuppressible:
            kept.append(finding)
            continue
        for p in covering:
            p.used.add(finding.rule)
    for found in placed.values():
        for p in found:
            notices += judge(p, today, unsuppressible, known_rules)
    notices.sort(key=Finding.key)
    return tuple(kept), tuple(notices)


def _index(
    placed: dict[str, list[Placed]],
) -> tuple[dict[tuple[str, str, int], list[Placed]], dict[tuple[str, str], list[Placed]]]:
    """By (path, rule, line) those covering one line, by (path, rule) the others: a file
    with a suppression on each of thousands of lines is matched in linear time."""
    by_line: dict[tuple[str, str, int], list[Placed]] = {}
    wide: dict[tuple[str, str], list[Placed]] = {}
    for path, found in placed.items():
        for p in found:
            for rule in p.directive.rules:
                if p.first == p.last:
                    by_line.setdefault((path, rule, p.first), []).append(p)
                else:
                    wide.setdefault((path, rule), []).append(p)
    return by_line, wide


def _layout(path: str, text: str) -> Layout | None:
    # Each format's comment scanner is imported when a file of that format holds a directive.
    name = path.lower()
    if name.endswith((".tf", ".tfvars", ".hcl")):  # .pkr.hcl and .pkrvars.hcl included
        from imagelint.suppress_hcl import hcl_layout

        return hcl_layout(text)
    if name.endswith((".yml", ".yaml")):
        from imagelint.suppress_yaml import yaml_layout

        return yaml_layout(text)
    return None  # JSON has no comments: the configuration or the baseline stand in


def _directives(path: str, text: str) -> tuple[list[Placed], list[tuple[Comment, str]]]:
    layout = _layout(path, text)
    if layout is None:
        return [], []
    lines = text.split("\n")
    first_code = min(
        (n for n in layout.code_lines if not _NOT_CODE.match(lines[n - 1].lstrip())),
        default=len(lines) + 1,
    )
    found: list[Placed] = []
    malformed: list[tuple[Comment, str]] = []
    for comment in layout.comments:
        directive = parse(comment.text)
        if isinstance(directive, str):
            malformed.append((comment, directive))
            continue
        if directive is None:
            continue
        problem = directive.problem
        if not directive.file_wide:
            first = _target(layout, comment)
            last = layout.extent(first)
        else:
            first, last = 1, len(lines)
            if comment.end_line >= first_code and problem is None:
                problem = (
                    "imagelint:ignore-file counts only in the comments before the first "
                    f"code (line {first_code}), so it does not apply here"
                )
        found.append(
            Placed(
                path=path,
                comment=comment,
                directive=directive,
                first=first,
                last=last,
                problem=problem,
            )
        )
    return found, malformed


def _target(layout: Layout, comment: Comment) -> int:
    if comment.line in layout.code_lines:
        return comment.line
    if comment.end_line in layout.code_lines:  # `/* ... */ code`
        return comment.end_line
    line = comment.end_line + 1
    while line in layout.comment_lines and line not in layout.code_lines:
        line += 1
    return line
