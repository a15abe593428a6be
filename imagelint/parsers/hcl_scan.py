"""A lexical pass over HCL text: what is left unterminated, to explain a parse failure."""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOSERS = {"{": "}", "(": ")", "[": "]", "${": "}", "%{": "}"}
# One regex per lexical mode: code, and inside a quoted string.
_CODE = re.compile(r'#|//|/\*|"|<<-?[A-Za-z][A-Za-z0-9._-]*\r?\n|\$\{|%\{|[{}()\[\]]')
_STRING = re.compile(r'\\.|\$\$\{|%%\{|\$\{|%\{|"|\n', re.S)


@dataclass(frozen=True)
class Problem:
    offset: int  # 0-based, into the scanned text
    message: str


def scan(text: str) -> Problem | None:
    """The first thing left unterminated (a string, comment, heredoc), else the innermost
    bracket left open at the end of the text."""
    stack: list[tuple[str, int]] = []  # open brackets, strings and `${`, with their offsets
    position = 0
    while True:
        if stack and stack[-1][0] == '"':
            match = _STRING.search(text, position)
            if match is None or match.group() == "\n":
                return Problem(stack[-1][1], "unterminated string")
            token = match.group()
            if token == '"':
                stack.pop()
            elif token in ("${", "%{"):
                stack.append((token, match.start()))
            position = match.end()
            continue
        match = _CODE.search(text, position)
        if match is None:
            break
        token, start, position = match.group(), match.start(), match.end()
        if token in ("#", "//"):
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline + 1
        elif token == "/*":
            close = text.find("*/", position)
            if close < 0:
                return Problem(start, "unterminated comment")
            position = close + 2
        elif token.startswith("<<"):
            marker = re.escape(token.strip("<-\r\n"))
            end = re.compile(rf"^[ \t]*{marker}\r?$", re.M).search(text, position)
            if end is None:
                return Problem(start, "unterminated heredoc")
            position = end.end()
        elif token in CLOSERS or token == '"':
            stack.append((token, start))
        elif stack and CLOSERS.get(stack[-1][0]) == token:
            stack.pop()
    if stack:
        opener, offset = stack[-1]
        message = f"unclosed '{opener}': no matching '{CLOSERS[opener]}' before the end of the file"
        return Problem(offset, message)
    return None
