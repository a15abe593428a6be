"""How a run wants its report shown: colour, quiet, statistics; and the colours themselves."""

from __future__ import annotations

from dataclasses import dataclass

from imagelint.findings import Severity


@dataclass(frozen=True)
class Style:
    # The CLI decides colour (a TTY, NO_COLOR, FORCE_COLOR); a report written to a file
    # (--output FORMAT:FILE) should get color=False whatever the terminal.
    color: bool = False
    quiet: bool = False  # findings only: no summary, no run warnings
    statistics: bool = False  # counts per rule and per directory appended (text, compact)


PLAIN = Style()

_SEVERITY = {Severity.ERROR: "1;31", Severity.WARNING: "1;33", Severity.NOTICE: "1;36"}
_RULE = "35"


def _paint(text: str, code: str, style: Style) -> str:
    # Only ever wraps text that escape_controls has already made free of ESC: the one escape
    # sequence in a coloured line is ours.
    return f"\x1b[{code}m{text}\x1b[0m" if style.color else text


def severity_word(severity: Severity, style: Style) -> str:
    return _paint(severity.value, _SEVERITY[severity], style)


def rule_id(rule: str, style: Style) -> str:
    return _paint(rule, _RULE, style)
