"""A lexical pass over HCL text: where block comments are, and what is left unterminated."""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOSERS = {"{": "}", "(": ")", "[": "]", "${": "}", "%{": "}"}
# One regex per lexical mode: code, and inside a quoted string.
_CODE = re.compile(r'#|//|/\*|"|<<-?[A-Za-z][A-Za-z0-9._-]*\r?\n|\$\{|%\{|[{}()\[\]]')
_STRING = re.compile(r'\\.|\$\$\{|%%\{|\$\{|%\{|"|\n', re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True)
class Problem:
    offset: int  # 0-based, into the scanned text
    message: str


@dataclass(frozen=True)
class Scan:
    block_comments: tuple[tuple[int, int], ...]  # (start, end) offsets of each `/* */`
    problem: Problem | None  # the first unterminated thing, else an unclosed bracket


def blank_block_comments(text: str) -> str:
    """The text with `/* */` comments turned into spaces, newlines kept.

    python-hcl2's grammar only allows comments where a newline may stand, so it rejects
    `type = /* why */ "DEV1-S"`, which Terraform reads. Blanking them keeps every other
    character, and so every position, where it was.
    """
    if "/*" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for start, end in scan(text).block_comments:
        pieces += (text[done:start], _NOT_NEWLINE.sub(" ", text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def scan(text: str) -> Scan:
    comments: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # open brackets, strings and `${`, with their offsets
    position = 0
    while True:
        if stack and stack[-1][0] == '"':
            match = _STRING.search(text, position)
            if match is None or match.group() == "\n":
                return Scan(tuple(comments), Problem(stack[-1][1], "unterminated string"))
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
                return Scan(tuple(comments), Problem(start, "unterminated comment"))
            position = close + 2
            comments.append((start, position))
        elif token.startswith("<<"):
            marker = re.escape(token.strip("<-\r\n"))
            end = re.compile(rf"^[ \t]*{marker}\r?$", re.M).search(text, position)
            if end is None:
                return Scan(tuple(comments), Problem(start, "unterminated heredoc"))
            position = end.end()
        elif token in CLOSERS or token == '"':
            stack.append((token, start))
        elif stack and CLOSERS.get(stack[-1][0]) == token:
            stack.pop()
    if stack:
        opener, offset = stack[-1]
        message = f"unclosed '{opener}': no matching '{CLOSERS[opener]}' before the end of the file"
        return Scan(tuple(comments), Problem(offset, message))
    return Scan(tuple(comments), None)
