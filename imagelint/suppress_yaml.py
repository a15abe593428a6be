"""YAML comments for suppressions: a `#` at a line start or after a blank, outside quoted and
block scalars; and the lines each line covers (the deeper-indented lines under it)."""

from __future__ import annotations

import re

from imagelint.suppress_layout import Builder, Layout

# The text before a block scalar's indicator: indentation, `- ` items, then a key (ending in
# `:`), `?`, a document start or nothing, then tags and anchors (`key: !!str &a |-`).
_BLOCK_SCALAR = re.compile(
    r"(?:^|^---|:|(?<!\S)[-?])(?:\s+[!&]\S*)*\s*[|>](?:[1-9][+-]?|[+-][1-9]?)?\s*$"
)
_IN_QUOTES = {'"': re.compile(r'\\.|"'), "'": re.compile("''|'")}  # escapes first
_ITEMS = re.compile(r"[ \t]*(?:-[ \t]+)*")
# Outside quotes, what decides whether a quote opens a scalar and a `#` a comment.
_TOKEN = re.compile(
    r"""[ \t]+|#|['"]|[\[\]{},]|[:?-](?=[ \t]|$)|[!&][^ \t,\[\]{}]*|[^ \t#'"\[\]{},:?!&-]+|."""
)
_DOCUMENT = re.compile(r"(?:---|\.\.\.)(?=[ \t]|$)")
_KEY = re.compile(r":(?:[ \t]|$)")
_SPECIAL = re.compile(r"""[#'"\[\]{}]""")


def yaml_layout(text: str) -> Layout:
    built = Builder(text)
    rows: list[tuple[int, str]] = []  # (line number, its code) for lines holding code
    scanner = _Scanner()
    block_indent = -1  # inside a block scalar: the indentation its lines must exceed
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        start, offset = offset, offset + len(line) + 1
        if block_indent >= 0:
            if not line.strip() or _indent(line) > block_indent:
                rows.append((number, line))
                continue
            block_indent = -1
        code_end = scanner.line(line)
        if code_end < len(line):
            built.comment(start + code_end, start + len(line), number, line[code_end + 1 :])
        code = line[:code_end]
        rows.append((number, code))
        if not scanner.quote and ("|" in code or ">" in code) and _BLOCK_SCALAR.search(code):
            block_indent = _owner_indent(code)
            scanner.plain_over = None
    built.extents.update(_extents(rows))
    return built.build()


class _Scanner:
    """Where YAML scalars start, as far as quotes and comments need: a quote opens a scalar
    only where a node starts (`it's` and `a: x 'y` are plain), and a plain scalar may go on
    over more indented lines."""

    def __init__(self) -> None:
        self.quote = ""  # of a quoted scalar left open at the line end
        self.flow = 0  # [ and { left open
        self.expect = True  # a node starts next
        # A plain scalar open at the last line end: the indentation its next lines exceed.
        self.plain_over: int | None = None
        self._continues = False  # this line goes on with that plain scalar

    def line(self, line: str) -> int:
        """Where the line's comment starts, else its length."""
        self._continues, start = False, 0
        if _DOCUMENT.match(line):  # a new document: nothing goes on over its marker
            self.quote, self.flow, self.plain_over, start = "", 0, None, 3
        if not self.quote and not self.flow:
            self._continues = (
                self.plain_over is not None
                and _indent(line) > self.plain_over
                and not line.lstrip().startswith("#")
            )
            self.expect = not self._continues
            if not _SPECIAL.search(line):
                self._ended(line, start, len(line))
                return len(line)
        end = self._scan(line, start)
        self._ended(line, start, end)
        return end

    def _ended(self, line: str, start: int, end: int) -> None:
        code = line[start:end].rstrip()
        if not code.strip() or self._continues:
            return  # blank and comment lines, and continuations, leave the scalar as it is
        if self.quote or self.flow or _node_pending(code):
            self.plain_over = None
            return
        prefix = _ITEMS.match(code).group()  # type: ignore[union-attr]
        if _KEY.search(code):  # `key: value` goes on deeper than the key
            self.plain_over = len(prefix)
        elif "-" in prefix:  # `- value` deeper than the dash
            self.plain_over = prefix.rstrip().rfind("-")
        else:  # a document's scalar goes on at any indentation
            self.plain_over = -1

    def _scan(self, line: str, position: int) -> int:
        after_quote, blank_before = False, True
        while position < len(line):
            if self.quote:
                match = _IN_QUOTES[self.quote].search(line, position)
                if match is None:
                    return len(line)
                position = match.end()
                if match.group() == self.quote:
                    self.quote, self.expect, after_quote = "", False, True
                    blank_before = False
                continue
            match = _TOKEN.match(line, position)
            assert match is not None  # `.` matches any character
            token, position = match.group(), match.end()
            if token == "#" and blank_before:
                return match.start()
            blank_before = token.isspace()
            if blank_before:
                continue
            if token in ("'", '"') and self.expect:
                self.quote = token
            elif token in ("[", "{") and self.expect:
                self.flow += 1
            elif token in ("]", "}") and self.flow:
                self.flow, self.expect = self.flow - 1, False
            elif (token == "," and self.flow) or (
                token == ":" and (self._separates(line, position) or after_quote)
            ):
                self.expect = True
            elif not (self.expect and (token[0] in "!&" or self._indicator(token, line, position))):
                self.expect = False  # a plain scalar, or what follows a node
            after_quote = False
        return len(line)

    def _indicator(self, token: str, line: str, end: int) -> bool:
        return token in ("-", "?") and self._separates(line, end)  # an entry or a key

    def _separates(self, line: str, end: int) -> bool:
        return end == len(line) or line[end] in " \t" or (self.flow > 0 and line[end] in ",]}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _owner_indent(code: str) -> int:
    # `key: |` needs lines deeper than the key; `- |` than the dash.
    items = _ITEMS.match(code)
    prefix = items.group() if items else ""
    rest = code[len(prefix) :]
    if rest[:1] in "|>!&" and "-" in prefix:
        return prefix.rstrip().rfind("-")
    return len(prefix)


def _extents(rows: list[tuple[int, str]]) -> dict[int, int]:
    """Line -> the last following line indented deeper (and a bare key's own `- ` items)."""
    extents: dict[int, int] = {}
    stack: list[tuple[int, int, bool]] = []  # open lines: (number, indent, is a bare `key:`)
    last = 0
    for number, code in rows:
        stripped = code.strip()
        if not stripped:
            continue
        indent = len(code) - len(code.lstrip())
        item = stripped == "-" or stripped.startswith("- ")
        while stack and (
            indent < stack[-1][1] or (indent == stack[-1][1] and not (item and stack[-1][2]))
        ):
            opened = stack.pop()[0]
            if last > opened:
                extents[opened] = last
        stack.append((number, indent, stripped.endswith(":") and not item))
        last = number
    for opened, _, _ in stack:
        if last > opened:
            extents[opened] = last
    return extents


def _node_pending(code: str) -> bool:
    """Whether the line's node comes later: it ends in a key's `:`, or in indicators and
    properties (`-`, `?`, `!tag`, `&anchor`) where a node may start (after the items, a key
    or other properties), not after a scalar's text (`a -` is plain). By tokens, in one pass:
    a regex that backtracks over `- - - ...` would take quadratic time on a hostile line."""
    tokens = [token for token in code.replace("\t", " ").split(" ") if token]
    ended = False
    while tokens and (tokens[-1] in ("-", "?") or tokens[-1][0] in "!&"):
        tokens.pop()
        ended = True
    return tokens[-1].endswith(":") if tokens else ended
