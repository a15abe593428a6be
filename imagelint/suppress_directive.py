"""The text of an inline suppression: `imagelint:ignore[rule-id,...] until=YYYY-MM-DD reason`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from imagelint.suppressions import PREFIX

SYNTAX = "imagelint:ignore[rule-id,...] until=YYYY-MM-DD reason (until= is optional)"
_DIRECTIVE = re.compile(r"imagelint:(ignore-file|ignore)\[([^\]]*)\](?:\s+(.*))?", re.S)
_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
_UNTIL = re.compile(r"until=(\S*)(?:\s+|$)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATOR = re.compile(r"--(?:\s+|$)")


@dataclass(frozen=True, kw_only=True)
class Directive:
    file_wide: bool  # ignore-file
    rules: tuple[str, ...]
    until: date | None
    until_written: str | None  # the text after `until=`, when one is given
    reason: str  # whitespace collapsed; "" when none was given

    @property
    def bad_until(self) -> bool:
        return self.until_written is not None and self.until is None

    @property
    def problem(self) -> str | None:
        """Why the suppression does not apply, whatever the findings."""
        rules = ", ".join(self.rules)
        if self.bad_until:
            return (
                f"until={self.until_written} is not a date (YYYY-MM-DD), so the suppression "
                f"of {rules} does not apply"
            )
        if not any(c.isalnum() for c in self.reason):
            return f"the suppression of {rules} gives no reason, so it does not apply"
        return None


def parse(comment: str) -> Directive | str | None:
    """The directive a comment's text holds; None when the comment does not start with
    `imagelint:` (prose that mentions one is no directive); a message when it is malformed."""
    text = comment.strip().rstrip("*").strip()  # `/* ... **/`
    if not text.startswith(PREFIX):
        return None
    match = _DIRECTIVE.fullmatch(text)
    if match is None:
        return f"malformed suppression; write {SYNTAX}"
    kind, listed, rest = match.group(1), match.group(2), match.group(3) or ""
    rules = tuple(part.strip() for part in listed.split(","))
    if "*" in rules:
        return "a suppression must name its rules: `*` would also hide rules added later"
    bad = [rule for rule in rules if not _RULE_ID.fullmatch(rule)]
    if bad:
        what = "an empty rule list" if not listed.strip() else ", ".join(map(repr, bad))
        return f"malformed suppression ({what}); write {SYNTAX}"
    until_written = None
    expiry = _UNTIL.match(rest)
    if expiry is not None:
        rest = rest[expiry.end() :]
        until_written = expiry.group(1)
    return Directive(
        file_wide=kind == "ignore-file",
        rules=rules,
        until=_date(until_written) if until_written is not None else None,
        until_written=until_written,
        reason=" ".join(_SEPARATOR.sub("", rest.strip(), count=1).split()),
    )


def _date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
