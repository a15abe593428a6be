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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from imagelint.findings import Finding

# Every directive starts with it: a file without it holds none. Defined here, not in
# suppress_directive, so that a run without directives does not import the parser.
PREFIX = "imagelint:"


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
    texts: dict[str, str] = {}
    # A finding's own file too: a pre-commit run reports findings in files it was not given
    # (a variable default in another file of the module).
    for path in dict.fromkeys([*files, *(f.path for f in findings)]):
        text = read(path)
        if text is not None and PREFIX in text:
            texts[path] = text
    if not texts:
        # Most runs hold no directive at all: the comment scanners are not even imported.
        return Suppressed(kept=tuple(findings), suppressed=0, notices=())
    from imagelint.suppress_match import match

    kept, notices = match(
        findings, texts, today=today, unsuppressible=unsuppressible, known_rules=known_rules
    )
    return Suppressed(kept=kept, suppressed=len(findings) - len(kept), notices=notices)
