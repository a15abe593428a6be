"""Inline suppressions: comments that hide findings on a line, a block or a whole file.

Syntax, in the file's own comments (HCL `#`, `//`, `/* */`; YAML `#`; JSON has none):
`imagelint:ignore[rule-id,rule-id] until=YYYY-MM-DD reason`, the directive first in the
comment (prose that mentions one is no directive). A blank separates the reason, with an
optional `--` before it (`]:` or `]reason` is malformed); `until=` is optional and inclusive:
it applies on that date, not after. Only comments are read: never a string, a heredoc, a YAML
quoted or block scalar; a YAML `#` starts a comment only at a line start or after a blank.

Decisions, strict so that a reviewer always sees what is hidden and why:
- Placement: a comment on a line with code covers that line; a comment alone covers the next
  line that is not only comments (so suppressions stack); a blank line in between leaves it
  covering nothing (reported unused). A covered line that opens a construct (HCL block,
  object, list, call or heredoc; a YAML key or `- ` item with deeper lines) covers it whole.
- `imagelint:ignore-file[...]` counts only in the comments before the first code (YAML
  `---` and `%` directives are not code); elsewhere it is reported and does nothing.
- No `*`: a wildcard would also hide rules added later, and nobody reviewed those.
- Without a reason, or with an unreadable `until=`, a suppression does not apply: the finding
  stays visible beside the notice, so the gap is fixed rather than merged.
- Notices (rule unused-suppression): suppressed nothing, expired (with its date), no reason,
  bad date, unknown rule id, rule not suppressible (its findings stay), malformed. Notices
  are never themselves suppressed. A finding is covered by its primary (path, line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from imagelint.findings import Finding
from imagelint.suppress_directive import PREFIX, SYNTAX, parse
from imagelint.suppress_hcl import hcl_layout
from imagelint.suppress_layout import Comment, Layout
from imagelint.suppress_notices import Placed, active, judge, notice
from imagelint.suppress_yaml import yaml_layout

_NOT_CODE = re.compile(r"(?:---|\.\.\.)\s*$|%")  # YAML document markers and directives


@dataclass(frozen=True, kw_only=True)
class Suppressed:
    kept: tuple[Finding, ...]
    suppressed: int  # findings hidden
    notices: tuple[Finding, ...]  # about the suppressions themselves


def apply(
    findings: Sequence[Finding],
    *,
    files: Sequence[str],
    read: Callable[[str], str | None],
    today: date,
    unsuppressible: frozenset[str],
    known_rules: frozenset[str],
) -> Suppressed:
    """Hide the findings that active suppressions cover, and report every suppression that
    is unused, expired, incomplete or wrong. `files` are all the files the run read (shown
    paths), so suppressions in files without findings are checked too; the files findings
    point into are read as well."""
    placed: dict[str, list[Placed]] = {}
    notices: list[Finding] = []
    # A finding's own file too: a pre-commit run reports findings in files it was not given
    # (a variable default in another file of the module).
    for path in dict.fromkeys([*files, *(f.path for f in findings)]):
        text = read(path)
        if text is None or PREFIX not in text:
            continue
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
    return Suppressed(
        kept=tuple(kept), suppressed=len(findings) - len(kept), notices=tuple(notices)
    )


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
    name = path.lower()
    if name.endswith((".tf", ".tfvars", ".hcl")):  # .pkr.hcl and .pkrvars.hcl included
        return hcl_layout(text)
    if name.endswith((".yml", ".yaml")):
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
