"""Where a node of python-hcl2's parse tree is in the text, read from its tokens on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from imagelint.model import ParseError, Span

if TYPE_CHECKING:
    from lark import Token, Tree

    Node: TypeAlias = Tree[Token] | Token

# Lark's propagate_positions stores these on every node while it builds the tree: about half
# of lark's time, for the few nodes the converter locates. Every terminal of python-hcl2's
# grammar is named, so lark keeps every token in the tree, and the positions it propagates
# are exactly those of a node's first and last tokens (tests/parsers/test_hcl_positions.py
# compares both on every node of a corpus).

NEWLINES = "new_line_or_comment"


class Position(NamedTuple):
    line: int
    column: int
    offset: int  # 0-based, into the text lark parsed


class Locator:
    """Spans and errors in `text`, the original text: lark parsed `parsed`, a rewrite of it
    with every position kept (hcl_templates)."""

    def __init__(self, path: str, text: str, parsed: str = "") -> None:
        self.path = path
        self.text = text
        self.parsed = parsed or text

    def locate(self, node: Tree[Token]) -> tuple[Span, str]:
        first, (end_line, end_column, end_offset) = self.start(node), self.end(node)
        span = Span(
            path=self.path,
            line=first.line,
            column=first.column,
            end_line=end_line,
            end_column=end_column,
        )
        return span, self.text[first.offset : end_offset]

    # Where lark's propagate_positions would say a node starts and ends; overridden by a
    # test that reads them from a parser that propagates them.
    def start(self, node: Tree[Token]) -> Position:
        return start(node)

    def lark_end(self, node: Tree[Token]) -> Position:
        return end(node)

    def end(self, node: Tree[Token]) -> tuple[int, int, int]:
        """Line, column and offset just past the node's last character of substance."""
        last = self.lark_end(node)
        if 0 < last.offset <= len(self.parsed) and self.parsed[last.offset - 1] not in " \t\r\n":
            return last
        token = last_token(node)
        if token.end_line is not None and token.end_column is not None:
            return token.end_line, token.end_column, token.end_pos or 0
        return token.line or 1, token.column or 1, token.start_pos or 0

    def error(self, span: Span, message: str) -> ParseError:
        return ParseError(path=self.path, line=span.line, column=span.column, message=message)

    def error_at(self, offset: int, message: str) -> ParseError:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - self.text.rfind("\n", 0, offset)
        return ParseError(path=self.path, line=line, column=column, message=message)


def start(node: Node) -> Position:
    """What lark's meta.line, meta.column and meta.start_pos would say."""
    token = _edge(node, forward=True)
    if token is None:  # an empty body: lark leaves its meta empty too
        raise ValueError("a node without tokens has no position")
    return Position(token.line or 1, token.column or 1, token.start_pos or 0)


def end(node: Node) -> Position:
    """What lark's meta.end_line, meta.end_column and meta.end_pos would say: the end of the
    node's last token, trailing newlines and comments included."""
    token = _edge(node, forward=False)
    if token is None:
        raise ValueError("a node without tokens has no position")
    return Position(token.end_line or 1, token.end_column or 1, token.end_pos or 0)


def last_token(node: Node) -> Token:
    """The node's last token of substance: trailing newlines and comments belong to some
    trees (binary_op keeps the one after it), not to the expression they end."""
    while not isinstance(node, str):
        node = next(c for c in reversed(node.children) if isinstance(c, str) or c.data != NEWLINES)
    return node


def _edge(node: Node, *, forward: bool) -> Token | None:
    # Down the first (last) children: a token, unless a tree on the way has none.
    index = 0 if forward else -1
    current = node
    while not isinstance(current, str):
        if not current.children or current.children[index] is None:
            return _search(node, forward=forward)
        current = current.children[index]
    return current


def _search(node: Node, *, forward: bool) -> Token | None:
    # Lark skips children without positions (empty trees, None placeholders), as here.
    if isinstance(node, str):
        return node
    children = node.children if forward else reversed(node.children)
    for child in children:
        if child is not None:
            found = _search(child, forward=forward)
            if found is not None:
                return found
    return None
