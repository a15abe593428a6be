"""Make text from scanned files and API answers safe to print: one helper for every format."""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")

# What a repository or an API answer could use to forge output lines, colour or retitle a
# terminal, or reorder what a reader sees (Trojan Source): C0 controls, DEL and C1 controls
# (U+009B is a one-byte CSI), the Unicode line and paragraph separators, the bidirectional
# marks, embeddings, overrides and isolates, and lone surrogates (undecodable bytes of a
# file name, which would make writing the line fail).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """`text` with each unsafe character replaced by a visible escape (`\\n`, `\\x1b`,
    `\\u202e`). Backslashes stay as they are: the text formats are for people, and the JSON
    format keeps the exact text."""
    return UNSAFE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def map_text(value: T, encode: Callable[[str], str]) -> T:
    """A copy of `value` (a Report, or any part of one) with `encode` applied to every string
    in it. Each format that writes text picks its encoding here, at the boundary, so no rule
    or catalog needs to know about terminals: the text format passes escape_controls; a CI
    format (GitHub workflow commands, JUnit/SARIF) passes its own encoder composed with it.
    A field of a type this does not know is an error, so a new field cannot slip past."""
    if isinstance(value, str):
        return cast(T, encode(value))
    if value is None or isinstance(value, bool | int | float | enum.Enum):
        return value
    # Most text needs no escape: a part is copied only when something in it changed (an
    # audit's report holds thousands of findings, and copying them all cost more than
    # writing them).
    if isinstance(value, tuple):
        items = tuple(map_text(item, encode) for item in value)
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else cast(T, items)
    names = _fields_of(cast(type, type(value)))
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = map_text(old, encode)
        if new is not old:
            changes[name] = new
    return cast(T, dataclasses.replace(value, **changes)) if changes else value  # type: ignore[type-var]


@functools.cache
def _fields_of(kind: type) -> tuple[str, ...]:
    """The fields a dataclass's constructor takes (what replace() may change)."""
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"no text encoding for a {kind.__name__} field")
    return tuple(f.name for f in dataclasses.fields(kind) if f.init)


def for_terminal(value: T) -> T:
    """`value` with every string escaped by escape_controls."""
    return map_text(value, escape_controls)


# The two noncharacters XML 1.0 forbids beside the controls escape_controls already handles.
_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")


def escape_for_xml(text: str) -> str:
    """`text` made visible as escape_controls does, and free of every character XML 1.0
    forbids, which a serialiser would write as they are and a reader would then reject."""
    return _XML_NONCHARACTERS.sub(_visible, escape_controls(text))
