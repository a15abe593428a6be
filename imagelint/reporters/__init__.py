"""Output formats: each a pure function from a Report to text."""

from __future__ import annotations

from collections.abc import Callable

from imagelint.findings import Report
from imagelint.reporters.json import render as render_json
from imagelint.reporters.text import render as render_text

REPORTERS: dict[str, Callable[[Report], str]] = {"text": render_text, "json": render_json}
