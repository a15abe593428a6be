"""Output formats: each a pure function from a Report and a Style to text."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

from imagelint.findings import Report
from imagelint.reporters.rule_docs import explain, render_rules
from imagelint.reporters.style import PLAIN, Style

__all__ = ["PLAIN", "REPORTERS", "Style", "explain", "render_rules"]

Reporter = Callable[[Report, Style], str]

# Format -> (module in this package, function).
_WHERE = {
    "text": ("text", "render"),
    "compact": ("text", "render_compact"),
    "json": ("json", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("junit", "render"),
    "github": ("github", "render"),
    "gitlab": ("gitlab", "render"),
    "checkstyle": ("checkstyle", "render"),
}


class _Reporters(Mapping[str, Reporter]):
    """A format's module is imported when a run asks for that format: a pre-commit call that
    prints text does not pay for the XML, SARIF and GitLab writers."""

    def __getitem__(self, fmt: str) -> Reporter:
        module, function = _WHERE[fmt]
        reporter: Reporter = getattr(import_module(f"{__name__}.{module}"), function)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


# Every reporter also takes the report alone (Style() then: no colour, summary shown).
REPORTERS: Mapping[str, Reporter] = _Reporters()
