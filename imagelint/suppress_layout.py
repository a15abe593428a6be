"""What the suppression lexers find in a file: its comments, and the lines each line covers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from imagelint.suppress_directive import PREFIX  # only comments holding it can be directives

_NOT_LINE_END = re.compile(r"[^\r\n]")


@dataclass(frozen=True, kw_only=True)
class Comment:
    """A comment's text without its markers; 1-based positions of the whole comment, the end
    exclusive."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, kw_only=True)
class Layout:
    comments: tuple[Comment, ...]  # those that may hold a directive
    code_lines: frozenset[int]  # lines holding anything but comments and blanks
    comment_lines: frozenset[int]  # lines holding part of any comment
    # A line that opens a construct (an HCL block, object, list, call or heredoc; a YAML node
    # with deeper lines under it) -> the construct's last line. Other lines cover themselves.
    extents: Mapping[int, int]

    def extent(self, line: int) -> int:
        return self.extents.get(line, line)


class Builder:
    """Collects a text's comments in order, as the lexers meet them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.extents: dict[int, int] = {}
        self._comments: list[Comment] = []
        self._comment_lines: set[int] = set()
        self._pieces: list[str] = []
        self._done = 0

    def comment(self, start: int, end: int, line: int, body: str) -> None:
        """The comment at offsets [start, end) that starts on `line`; `body` without markers."""
        text = self.text
        span = text[start:end].rstrip("\r\n")  # a line comment ends before its line end
        end_line = line + span.count("\n")
        self._comment_lines.update(range(line, end_line + 1))
        if PREFIX in body:
            column = start - text.rfind("\n", 0, start)
            last_start = text.rfind("\n", 0, start + len(span)) + 1
            self._comments.append(
                Comment(
                    text=body,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=start + len(span) - last_start + 1,
                )
            )
        self._pieces += [text[self._done : start], _NOT_LINE_END.sub(" ", text[start:end])]
        self._done = end

    def build(self) -> Layout:
        blanked = "".join([*self._pieces, self.text[self._done :]])
        lines = blanked.split("\n")
        return Layout(
            comments=tuple(self._comments),
            code_lines=frozenset(n for n, content in enumerate(lines, 1) if content.strip()),
            comment_lines=frozenset(self._comment_lines),
            extents=self.extents,
        )
