"""Strict JSON (RFC 8259, as Go's encoding/json reads it) into nodes that know their spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from imagelint.model import ParseError, Span

MAX_DEPTH = 200

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A well-formed string token; anything else is diagnosed character by character.
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*"')
_NUMBER_CHARS = re.compile(r"[-+.eE0-9]+")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))", re.S)
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONSTANTS = {"true": True, "false": False, "null": None}


@dataclass(frozen=True, kw_only=True)
class JsonNode:
    span: Span
    start: int  # offsets into JsonDocument.text, end exclusive
    end: int


@dataclass(frozen=True, kw_only=True)
class JsonString(JsonNode):
    value: str


@dataclass(frozen=True, kw_only=True)
class JsonNumber(JsonNode):
    text: str


@dataclass(frozen=True, kw_only=True)
class JsonConstant(JsonNode):
    value: bool | None


@dataclass(frozen=True, kw_only=True)
class JsonArray(JsonNode):
    items: tuple[JsonValue, ...]


@dataclass(frozen=True, kw_only=True)
class JsonMember:
    key: JsonString
    value: JsonValue


@dataclass(frozen=True, kw_only=True)
class JsonObject(JsonNode):
    members: tuple[JsonMember, ...]  # in order, repeated keys kept


JsonValue = JsonString | JsonNumber | JsonConstant | JsonArray | JsonObject


@dataclass(frozen=True, kw_only=True)
class JsonDocument:
    path: str
    text: str  # without the byte order mark, which positions ignore
    root: JsonValue

    def source(self, node: JsonNode) -> str:
        return self.text[node.start : node.end]


def parse_json(path: str, text: str) -> JsonDocument:
    """Parse a JSON text, keeping every value's 1-based span (columns count characters).

    Raises ParseError at the offending character; nesting deeper than MAX_DEPTH is one.
    """
    text = text.removeprefix("\ufeff")
    return JsonDocument(path=path, text=text, root=_Parser(path, text).document())


def _decode(raw: str) -> str:
    body = raw[1:-1]
    if "\\" not in body:
        return body

    def escape(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return _SIMPLE[match.group(2)]
        return chr(int(match.group(1), 16))

    decoded = _ESCAPE.sub(escape, body)
    if _SURROGATE.search(decoded) is None:
        return decoded
    # Go pairs surrogates and turns a lone one into U+FFFD, as Terraform shows it.
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class _Parser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.position = 0
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def document(self) -> JsonValue:
        self.skip()
        root = self.value(0)
        self.skip()
        if self.position < len(self.text):
            raise self.error(self.position, "extra data after the JSON value")
        return root

    def value(self, depth: int) -> JsonValue:
        start = self.position
        char = self.text[start : start + 1]
        if char in ("{", "["):
            if depth >= MAX_DEPTH:
                raise self.error(start, f"JSON nested deeper than {MAX_DEPTH} levels")
            return self.object(depth) if char == "{" else self.array(depth)
        if char == '"':
            return self.string()
        if char and char in "-+.0123456789":
            return self.number()
        word = _WORD.match(self.text, start)
        if word is not None:
            if word.group() not in _CONSTANTS:
                raise self.error(start, f"invalid JSON keyword {word.group()!r}")
            self.position = word.end()
            return JsonConstant(
                span=self.span(start),
                start=start,
                end=self.position,
                value=_CONSTANTS[word.group()],
            )
        if not char:
            raise self.error(start, "unexpected end of file: expected a JSON value")
        raise self.error(start, f"expected a JSON value, found {char!r}")

    def object(self, depth: int) -> JsonObject:
        start = self.position
        members: list[JsonMember] = []
        self.position += 1
        self.skip()
        while not self.take("}"):
            if self.peek() != '"':
                raise self.unexpected("an object key (a string)")
            key = self.string()
            self.skip()
            if not self.take(":"):
                raise self.unexpected("':' after an object key")
            self.skip()
            members.append(JsonMember(key=key, value=self.value(depth + 1)))
            self.skip()
            if self.close(start, "}", "object"):
                break
        return JsonObject(
            span=self.span(start), start=start, end=self.position, members=tuple(members)
        )

    def array(self, depth: int) -> JsonArray:
        start = self.position
        items: list[JsonValue] = []
        self.position += 1
        self.skip()
        while not self.take("]"):
            items.append(self.value(depth + 1))
            self.skip()
            if self.close(start, "]", "array"):
                break
        return JsonArray(span=self.span(start), start=start, end=self.position, items=tuple(items))

    def close(self, opening: int, closer: str, what: str) -> bool:
        """After a member or item: True when the container ends here, False after a comma."""
        if self.take(closer):
            return True
        comma = self.position
        if self.take(","):
            self.skip()
            if self.peek() == closer:
                raise self.error(comma, f"trailing comma: JSON allows no ',' before {closer!r}")
            return False
        if self.position >= len(self.text):
            raise self.error(opening, f"unclosed {what}: no {closer!r} closes it")
        raise self.unexpected(f"',' or {closer!r}")

    def string(self) -> JsonString:
        start = self.position
        match = _STRING.match(self.text, start)
        if match is None:
            raise self.string_error(start)
        self.position = match.end()
        return JsonString(
            span=self.span(start), start=start, end=self.position, value=_decode(match.group())
        )

    def string_error(self, start: int) -> ParseError:
        position = start + 1
        while position < len(self.text):
            char = self.text[position]
            if char == '"':
                break
            if char == "\n":
                return self.error(start, "unterminated string")
            if char < " ":
                return self.error(position, f"control character U+{ord(char):04X} in a string")
            if char == "\\":
                escape = _ESCAPE.match(self.text, position)
                if escape is None or (escape.group(1) is None and escape[2] not in _SIMPLE):
                    sequence = self.text[position : position + 6].split('"')[0]
                    return self.error(position, f"invalid escape sequence {sequence!r}")
                position = escape.end()
                continue
            position += 1
        return self.error(start, "unterminated string")

    def number(self) -> JsonNumber:
        start = self.position
        lax = _NUMBER_CHARS.match(self.text, start)
        assert lax is not None  # value() saw a number character here
        if _NUMBER.fullmatch(lax.group()) is None:
            raise self.error(start, f"invalid JSON number {lax.group()!r}")
        self.position = lax.end()
        return JsonNumber(span=self.span(start), start=start, end=self.position, text=lax.group())

    def peek(self) -> str:
        return self.text[self.position : self.position + 1]

    def take(self, char: str) -> bool:
        if self.peek() == char:
            self.position += 1
            return True
        return False

    def skip(self) -> None:
        match = _WHITESPACE.match(self.text, self.position)
        assert match is not None  # the pattern matches the empty string
        self.position = match.end()

    def span(self, start: int) -> Span:
        """From `start` to the current position."""
        line, column = self.line_column(start)
        end_line, end_column = self.line_column(self.position)
        return Span(
            path=self.path, line=line, column=column, end_line=end_line, end_column=end_column
        )

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def unexpected(self, expected: str) -> ParseError:
        found = self.peek()
        if not found:
            return self.error(self.position, f"unexpected end of file: expected {expected}")
        return self.error(self.position, f"expected {expected}, found {found!r}")

    def error(self, offset: int, message: str) -> ParseError:
        line, column = self.line_column(offset)
        return ParseError(path=self.path, line=line, column=column, message=message)
