"""Just enough HCL for function test cases, evaluated by imagelint's function table."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from imagelint.model import Span
from imagelint.terraform import values as tv
from imagelint.terraform.functions import Call, call
from imagelint.terraform.values import V

# One expression text serves both imagelint and `terraform console`. Every value is located on
# line 1 of CASES_PATH at its column.
CASES_PATH = "cases.tf"
T = TypeVar("T")
_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)"
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<name>[A-Za-z_][\w-]*(?:::[A-Za-z_][\w-]*)*)"
    r"|(?P<punct>[\[\]{}(),=:]))"
)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def span(start: int, end: int) -> Span:
    return Span(path=CASES_PATH, line=1, column=start + 1, end_line=1, end_column=end + 1)


def locate(expression: str, part: str) -> Span:
    """Where `part` is first written in `expression`."""
    start = expression.index(part)
    return span(start, start + len(part))


def evaluate(expression: str, base_dir: Path | None = None) -> V:
    parser = _Parser(expression, base_dir)
    value = parser.value()
    if parser.position != len(expression.rstrip()):
        raise ValueError(f"unparsed text at {parser.position}: {expression!r}")
    return value


class _Parser:
    def __init__(self, text: str, base_dir: Path | None) -> None:
        self.text, self.base_dir, self.position = text, base_dir, 0

    def token(self) -> tuple[str, str, int]:
        match = _TOKEN.match(self.text, self.position)
        if match is None or match.lastgroup is None:
            raise ValueError(f"cannot read {self.text[self.position :]!r}")
        self.position = match.end()
        return match.lastgroup, match.group(match.lastgroup), match.start(match.lastgroup)

    def peek(self) -> str:
        saved = self.position
        kind, found, _ = self.token()
        self.position = saved
        return found if kind == "punct" else ""

    def expect(self, punct: str) -> None:
        if self.token()[1] != punct:
            raise ValueError(f"expected {punct!r} at {self.position}")

    def value(self) -> V:
        kind, found, start = self.token()
        if kind == "number":
            return tv.number(Decimal(found), span(start, self.position))
        if kind == "string":
            return tv.string(_unquote(found), span(start, self.position))
        if found == "[":
            items = self.items("]", self.value)
            return tv.sequence(tuple(items), "tuple", span(start, self.position))
        if found == "{":
            pairs = dict(self.items("}", self.pair))
            return tv.mapping(pairs, "object", span(start, self.position))
        if kind == "name" and self.peek() == "(":
            self.expect("(")
            args = tuple(self.items(")", self.value))
            where = span(start, self.position)
            return call(Call(name=found, args=args, span=where, base_dir=self.base_dir))
        keywords = {"true": True, "false": False, "null": None}
        if kind == "name" and found in keywords:
            return tv.scalar(keywords[found], span(start, self.position))
        raise ValueError(f"unexpected {found!r} at {start}")

    def pair(self) -> tuple[str, V]:
        kind, found, _ = self.token()
        key = _unquote(found) if kind == "string" else found
        if self.token()[1] not in ("=", ":"):
            raise ValueError(f"expected = after {key!r}")
        return key, self.value()

    def items(self, close: str, item: Callable[[], T]) -> list[T]:
        found: list[T] = []
        while self.peek() != close:
            found.append(item())
            if self.peek() == ",":
                self.expect(",")
        self.expect(close)
        return found


def _unquote(literal: str) -> str:
    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape is None:
            return match.group(0)[1:]  # $${ and %%{ stand for ${ and %{
        if escape[0] in "uU" and len(escape) > 1:
            return chr(int(escape[1:], 16))
        return _SIMPLE[escape]

    if "${" in literal.replace("$${", "") or "%{" in literal.replace("%%{", ""):
        raise ValueError(f"templates are not supported here: {literal}")
    return _ESCAPE.sub(replace, literal[1:-1])
