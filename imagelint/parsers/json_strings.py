"""A JSON string as Terraform reads it: literal text, a string template or an expression."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_syntax import Body, Expr, Template
from imagelint.parsers.hcl_tree import parse_hcl
from imagelint.parsers.json_positions import JsonDocument, JsonString

T = TypeVar("T")

# How a literal character is written inside an HCL quoted string.
_HCL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_OPENERS = ("${", "%{")
_ESCAPED_OPENERS = ("$${", "%%{")
_NAME = "x"


class StringReader:
    """Converts the string tokens of one JSON document.

    The native HCL reader parses the template or expression a string holds; every span
    in the result is then moved back onto the JSON token, character by character through
    the JSON escapes (a token lies on one line: JSON allows no raw newline in a string).
    The converted expression itself spans the whole token, quotes included.
    """

    def __init__(self, document: JsonDocument) -> None:
        self.document = document
        # Generated files repeat strings ("${var.zone}"): each text is parsed once.
        self.parsed: dict[str, Body] = {}

    def literal(self, token: JsonString) -> Template:
        """The text as is: what Terraform reads where it evaluates without a context
        (variable defaults, tfvars.json values, required_providers)."""
        source = self.document.source(token)
        return Template(span=token.span, source=source, parts=(token.value,))

    def template(self, token: JsonString) -> Expr:
        """The text as an HCL string template: `"${var.image}"` is var.image."""
        if not any(opener in token.value for opener in _OPENERS):
            return self.literal(token)
        try:
            text, origin = _quoted(token.value)
        except _Unclosed as unclosed:
            opener = token.value[unclosed.index : unclosed.index + 2]
            message = f"unclosed {opener!r}: no '}}' closes it"
            raise self.error(token, message, unclosed.index) from None
        except RecursionError:
            raise self.error(token, "interpolations nested too deeply") from None
        return self.parse(token, text, origin)

    def expression(self, token: JsonString) -> Expr:
        """The text as an HCL expression: `"scaleway.par2"` is a reference, `"map(string)"`
        a type, where Terraform reads a traversal or a type from a JSON string."""
        prefix = f"{_NAME} = "
        origin = [0] * len(prefix) + list(range(len(token.value))) + [len(token.value)]
        return self.parse(token, f"{prefix}{token.value}\n", origin)

    def parse(self, token: JsonString, text: str, origin: list[int]) -> Expr:
        where = _Relocation(self.document, token, text, origin)
        try:
            body = self.parsed.get(text) or parse_hcl(self.document.path, text)
        except ParseError as err:
            raise self.error(token, err.message, where.index(err.line, err.column)) from None
        if body.blocks or list(body.attributes) != [_NAME]:
            raise self.error(token, "a string that holds more than one expression")
        self.parsed[text] = body
        expr = _relocated(body.attributes[_NAME].expr, where.span)
        return replace(expr, span=token.span, source=self.document.source(token))

    def error(self, token: JsonString, message: str, index: int | None = None) -> ParseError:
        """An error at the string's character `index`, or at its opening quote."""
        column = token.span.column
        if index is not None:
            column += string_bounds(self.document.source(token))[index]
        return ParseError(
            path=token.span.path, line=token.span.line, column=column, message=message
        )


class _Unclosed(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def _quoted(content: str) -> tuple[str, list[int]]:
    """`x = "..."`: an HCL attribute whose quoted template is the string's text, with the
    string index each of its characters comes from. Literal text is escaped for HCL;
    interpolations and directives are copied as they are, since their quotes and
    backslashes belong to expressions."""
    text, origin = [f'{_NAME} = "'], [0] * len(f'{_NAME} = "')
    position = 0
    while position < len(content):
        if content.startswith(_ESCAPED_OPENERS, position):
            end = position + 3
        elif content.startswith(_OPENERS, position):
            closed = _interpolation_end(content, position + 2)
            if closed is None:
                raise _Unclosed(position)
            end = closed
        else:
            char = content[position]
            written = _HCL_ESCAPES.get(char) or (f"\\u{ord(char):04x}" if char < " " else char)
            text.append(written)
            origin.extend([position] * len(written))
            position += 1
            continue
        text.append(content[position:end])
        origin.extend(range(position, end))
        position = end
    text.append('"\n')
    origin.extend([len(content)] * 2)
    return "".join(text), origin


def _interpolation_end(content: str, position: int) -> int | None:
    """Just past the `}` that closes an interpolation or directive whose text starts at
    `position`, skipping nested braces and quoted strings; None when none closes it."""
    depth = 0
    while position < len(content):
        char = content[position]
        if char == '"':
            position = _quoted_end(content, position + 1)
            continue
        if char == "}":
            if depth == 0:
                return position + 1
            depth -= 1
        elif char == "{":
            depth += 1
        position += 1
    return None


def _quoted_end(content: str, position: int) -> int:
    while position < len(content):
        if content.startswith(_ESCAPED_OPENERS, position):
            position += 3
        elif content.startswith(_OPENERS, position):
            position = _interpolation_end(content, position + 2) or len(content)
        elif content[position] == "\\":
            position += 2
        elif content[position] in '"\n':
            return position + 1
        else:
            position += 1
    return position


class _Relocation:
    """Maps positions in the HCL text built from a string to the JSON token: the text's
    character i was made from the string's character origin[i]."""

    def __init__(
        self, document: JsonDocument, token: JsonString, text: str, origin: list[int]
    ) -> None:
        self.token = token
        self.origin = origin
        self.bounds = string_bounds(document.source(token))
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def offset(self, line: int, column: int) -> int:
        line = min(max(line, 1), len(self.line_starts))
        offset = self.line_starts[line - 1] + column - 1
        return min(max(offset, 0), len(self.origin) - 1)

    def index(self, line: int, column: int) -> int:
        return self.origin[self.offset(line, column)]

    def span(self, span: Span) -> Span:
        start_offset = self.offset(span.line, span.column)
        end_offset = self.offset(span.end_line, span.end_column)
        last = len(self.bounds) - 1
        start = min(self.origin[start_offset], last)
        end = self.origin[end_offset - 1] + 1 if end_offset > start_offset else start
        end = min(max(end, start), last)
        line, column = self.token.span.line, self.token.span.column
        return replace(
            self.token.span,
            line=line,
            column=column + self.bounds[start],
            end_line=line,
            end_column=column + self.bounds[end],
        )


def _relocated(value: T, move: Callable[[Span], Span]) -> T:
    """`value` with every Span in it, however deep, replaced by move(span)."""
    if isinstance(value, Span):
        return move(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_relocated(item, move) for item in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _relocated(getattr(value, f.name), move) for f in fields(value)}
        return replace(value, **changes)
    return value


def string_bounds(raw: str) -> list[int]:
    """For a well-formed string token, where each decoded character starts in it (an
    offset from the opening quote), plus the closing quote's offset: a decoded character
    i was written at raw[bounds[i]:bounds[i + 1]]."""
    bounds: list[int] = []
    position = 1
    while position < len(raw) - 1:
        bounds.append(position)
        if raw[position] != "\\":
            position += 1
        elif raw[position + 1] == "u" and _is_pair(raw, position):
            position += 12
        else:
            position += 6 if raw[position + 1] == "u" else 2
    bounds.append(len(raw) - 1)
    return bounds


def _is_pair(raw: str, position: int) -> bool:
    high = int(raw[position + 2 : position + 6], 16)
    if not 0xD800 <= high < 0xDC00 or raw[position + 6 : position + 8] != "\\u":
        return False
    low = raw[position + 8 : position + 12]
    return len(low) == 4 and 0xDC00 <= int(low, 16) < 0xE000
