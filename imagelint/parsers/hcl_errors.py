"""Short, located messages for HCL that python-hcl2 (lark) could not parse."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from imagelint.model import ParseError
from imagelint.parsers.hcl_scan import scan

if TYPE_CHECKING:
    from lark.exceptions import LarkError

# Lark terminal names, as a person would call them.
_TERMINALS = {
    "RBRACE": "'}'",
    "LBRACE": "'{'",
    "RPAR": "')'",
    "RSQB": "']'",
    "EQ": "'='",
    "COLON": "':'",
    "COMMA": "','",
    "DBLQUOTE": "'\"'",
    "NAME": "a name",
    "NL_OR_COMMENT": "a new line",
    "$END": "end of file",
}


def from_lark_error(path: str, text: str, err: LarkError) -> ParseError:
    """A ParseError for a lark failure, inside the text and without lark's internals.

    Lark fails where the grammar stops matching, often far from the cause: after an
    unterminated string or comment it reports the end of the file. A lexical scan finds
    those causes first, and an unclosed bracket when lark ran out of input.
    """
    lines = _Lines(text)
    if not hasattr(err, "line"):  # not an input error: lark itself failed
        return lines.error(path, 1, 1, f"could not parse ({type(err).__name__})")
    line = getattr(err, "line", None) or -1
    column = getattr(err, "column", None) or -1
    token = getattr(err, "token", None)
    # Lark's end marker, or the newline python-hcl2 appends: the text ended too early.
    at_end = type(err).__name__ == "UnexpectedEOF" or (
        token is not None and (token.type == "$END" or (token.start_pos or 0) >= len(text))
    )
    found = scan(text)
    if found is not None:
        cause = lines.position(found.offset)
        if found.message.startswith("unclosed"):
            explains = at_end  # an open bracket only explains running out of input
        else:
            explains = at_end or line < 1 or cause <= (line, column)
        if explains:
            return lines.error(path, *cause, found.message)
    if at_end or line < 1:
        end_line, end_column = lines.end()
        return lines.error(path, end_line, end_column, "unexpected end of file")
    return lines.error(path, line, column, _describe(err, text))


def _describe(err: LarkError, text: str) -> str:
    token = getattr(err, "token", None)
    if token is None:
        return f"unexpected character {getattr(err, 'char', '?')!r}"
    value = str(token)
    if token.start_pos is not None:
        # Lark parsed a rewrite of the text (hcl_templates) that keeps every position.
        value = text[token.start_pos : token.start_pos + len(value)] or value
    if token.type == "STRING_CHARS" or token.type == "NL_OR_COMMENT":
        # Outside a string, the catch-all STRING_CHARS terminal swallows the rest of the
        # line: only its first character is what lark did not expect.
        value = value[:1]
    value = value.strip(" \t") or value  # EQ and COLON carry the blanks before them
    what = "new line" if value in ("\n", "\r") else repr(value[:20])
    expected = {_TERMINALS.get(name) for name in getattr(err, "expected", ())} - {"a new line"}
    if expected and None not in expected and len(expected) <= 3:
        return f"unexpected {what}, expected {' or '.join(sorted(e for e in expected if e))}"
    return f"unexpected {what}"


class _Lines:
    """Offsets to 1-based positions, clamped into the text: lark may point past its end,
    at the newline python-hcl2 appends."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        if len(self.lines) > 1 and self.lines[-1] == "":
            self.lines.pop()
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def end(self) -> tuple[int, int]:
        return len(self.lines), len(self.lines[-1].rstrip("\r")) + 1

    def error(self, path: str, line: int, column: int, message: str) -> ParseError:
        line = min(max(line, 1), len(self.lines))
        width = len(self.lines[line - 1].rstrip("\r"))
        column = min(max(column, 1), width + 1)
        return ParseError(path=path, line=line, column=column, message=message)
