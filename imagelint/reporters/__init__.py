"""Output formats: each a pure function from a Report and a Style to text."""

from __future__ import annotations

from collections.abc import Callable

from imagelint.findings import Report
from imagelint.reporters import checkstyle, github, gitlab, json, junit, sarif, text
from imagelint.reporters.rule_docs import explain, render_rules
from imagelint.reporters.style import PLAIN, Style

__all__ = ["PLAIN", "REPORTERS", "Style", "explain", "render_rules"]

# Every reporter also takes the report alone (Style() then: no colour, summary shown).
REPORTERS: dict[str, Callable[[Report, Style], str]] = {
    "text": text.render,
    "compact": text.render_compact,
    "json": json.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "checkstyle": checkstyle.render,
}
