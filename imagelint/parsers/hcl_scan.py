"""Lexical passes over HCL: what is left unterminated, and whether a text is within bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagelint.model import ParseError

COMMENTS = ("#", "//", "/*")
CLOSERS = {"{": "}", "(": ")", "[": "]", "${": "}", "%{": "}"}
# One regex per lexical mode: code, and inside a quoted string.
CODE = re.compile(r'#|//|/\*|"|<<-?[A-Za-z][A-Za-z0-9._-]*\r?\n|\$\{|%\{|[{}()\[\]]')
STRING = re.compile(r'\\.|\$\$\{|%%\{|\$\{|%\{|"|\n', re.S)


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
            match = STRING.search(text, position)
            if match is None or match.group() == "\n":
                return Problem(stack[-1][1], "unterminated string")
            token = match.group()
            if token == '"':
                stack.pop()
            elif token in ("${", "%{"):
                stack.append((token, match.start()))
            position = match.end()
            continue
        match = CODE.search(text, position)
        if match is None:
            break
        token, start, position = match.group(), match.start(), match.end()
        if token in COMMENTS:
            position = comment_end(text, token, position)
            if position < 0:
                return Problem(start, "unterminated comment")
        elif token.startswith("<<"):
            end = heredoc_end(token).search(text, position)
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


@dataclass(frozen=True, kw_only=True)
class Bounds:
    """What one file may hold. python-hcl2's time and memory grow with tokens, not bytes (up to
    about 50 µs and 2.3 KB a token), so these, not the file size, keep any input to seconds."""

    max_depth: int = 100  # brackets, strings and interpolations open at once
    max_blocks: int = 20_000  # a JSON file: objects, as any of them may be a block body
    max_tokens: int = 250_000  # names, numbers, operators, brackets, strings, comments


# Code mode for the bounds: the lexical starts of scan(), plus the tokens between them.
# A run of line ends is one token, as python-hcl2 lexes it.
_BOUNDED = re.compile(
    r'#|//|/\*|"|<<-?[A-Za-z][A-Za-z0-9._-]*\r?\n|\$\{|%\{|[{}()\[\]]|[\w.-]+|\n\s*|[^\s\w]'
)
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\w.+-]+|\S', re.S)
# A heredoc template's words and signs: more than its interpolations hold, never fewer.
_INTERPOLATED = re.compile(r"[\w.-]+|[^\s\w]")


def check_bounds(path: str, text: str, bounds: Bounds, *, json: bool = False) -> None:
    """Raise a located ParseError when the text exceeds a bound; cheap next to a parse."""
    if not json and _surely_within(text, bounds):
        return
    problem = _json_bounds(text, bounds) if json else _hcl_bounds(text, bounds)
    if problem is not None:
        line = text.count("\n", 0, problem.offset) + 1
        column = problem.offset - (text.rfind("\n", 0, problem.offset) + 1) + 1
        raise ParseError(path=path, line=line, column=column, message=problem.message)


def _surely_within(text: str, bounds: Bounds) -> bool:
    """Counts that can only overestimate (every character a token, every opener nested in
    the one before): most files are far inside every bound, and str.count runs in C."""
    openers = sum(text.count(c) for c in "{([") + (text.count('"') + 1) // 2
    return (
        len(text) <= bounds.max_tokens
        and openers <= bounds.max_depth
        and text.count("{") <= bounds.max_blocks
    )


def _hcl_bounds(text: str, bounds: Bounds) -> Problem | None:
    depth = blocks = tokens = 0
    strings: list[int] = []  # the depth at which each open string started
    previous = ""  # the last code token: a name or a closed label makes `{` open a block
    position = 0
    while True:
        in_string = bool(strings) and strings[-1] == depth
        match = (STRING if in_string else _BOUNDED).search(text, position)
        if match is None or (in_string and match.group() == "\n"):
            return None  # what is left unterminated is the parser's to report
        token, start, position = match.group(), match.start(), match.end()
        tokens += 1
        if token.startswith("<<"):
            end = heredoc_end(token).search(text, position)
            if end is None:
                return None
            body = text[position : end.start()]
            if "${" in body or "%{" in body:  # a template: count what its interpolations hold
                tokens += _INTERPOLATED.subn("", body)[1]
            position = end.end()
        if tokens > bounds.max_tokens:
            return Problem(start, _too_many("tokens", bounds.max_tokens))
        if token in COMMENTS:
            closed = comment_end(text, token, position)
            position = len(text) if closed < 0 else closed
        elif token == '"' and in_string:
            strings.pop()
            depth -= 1
            previous = token
        elif token in CLOSERS or token == '"':
            blocks += token == "{" and _names_a_block(previous)
            if blocks > bounds.max_blocks:
                return Problem(start, _too_many("blocks", bounds.max_blocks))
            depth += 1
            if depth > bounds.max_depth:
                return Problem(start, _too_deep(bounds.max_depth))
            if token == '"':
                strings.append(depth)
        elif token in ("}", ")", "]"):
            depth = max(depth - 1, 0)
        if not in_string:
            previous = token


def comment_end(text: str, token: str, position: int) -> int:
    """Where the comment `token` opened ends (`position` is just past the token): the
    start of the next line, or just past `*/`; -1 for a block comment never closed."""
    if token == "/*":
        close = text.find("*/", position)
        return -1 if close < 0 else close + 2
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline + 1


def heredoc_end(opener: str) -> re.Pattern[str]:
    """The line that closes the heredoc `opener` (`<<EOT` or `<<-EOT`, with its newline)."""
    marker = re.escape(opener.strip("<-\r\n"))
    return re.compile(rf"^[ \t]*{marker}\r?$", re.M)


def _names_a_block(previous: str) -> bool:
    # `type "label" {` or `name {`: after `=`, `:`, `(`, `[`, `,`, `?` or `=>`, an object.
    return previous == '"' or previous[:1].isalnum() or previous[:1] == "_"


def _json_bounds(text: str, bounds: Bounds) -> Problem | None:
    depth = objects = 0
    for tokens, match in enumerate(_JSON_TOKEN.finditer(text), start=1):
        if tokens > bounds.max_tokens:
            return Problem(match.start(), _too_many("tokens", bounds.max_tokens))
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > bounds.max_depth:
                return Problem(match.start(), _too_deep(bounds.max_depth))
            objects += token == "{"
            if objects > bounds.max_blocks:
                return Problem(match.start(), _too_many("objects", bounds.max_blocks))
        elif token in ("}", "]"):
            depth = max(depth - 1, 0)
    return None


def _too_deep(limit: int) -> str:
    return f"nested too deeply (more than {limit} levels of brackets and strings)"


def _too_many(what: str, limit: int) -> str:
    return f"too many {what} to check (more than {limit:,}; see --max-file-size)"
