"""Turns python-hcl2's lark parse tree, the only place 8.x keeps positions, into hcl_syntax."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_errors import from_lark_error
from imagelint.parsers.hcl_scan import blank_block_comments
from imagelint.parsers.hcl_syntax import (
    Attribute,
    Block,
    Body,
    Conditional,
    Expr,
    FunctionCall,
    Literal,
    ObjectCons,
    Template,
    Traversal,
    TupleCons,
    Unsupported,
)

if TYPE_CHECKING:
    from lark import Token, Tree

    Node: TypeAlias = Tree[Token] | Token

BlockFilter: TypeAlias = Callable[[str, tuple[str, ...]], bool]

_NEWLINES = "new_line_or_comment"
_UNSUPPORTED = {
    "binary_op": "operator expression",
    "unary_op": "operator expression",
    "attr_splat_expr_term": "splat expression",
    "full_splat_expr_term": "splat expression",
    "for_tuple_expr": "for expression",
    "for_object_expr": "for expression",
    "heredoc_template": "heredoc",
    "heredoc_template_trim": "heredoc",
    "template_string": "escaped template string",
}
_UNREAD = Body(attributes={})
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def parse_hcl(path: str, text: str, *, read: BlockFilter = lambda type_, labels: True) -> Body:
    """Parse HCL text into its top-level body.

    `read(type, labels)` says which top-level blocks to convert the bodies of; the others
    keep their type, labels and header, with an empty body and `read=False`: converting
    every resource of a large file would cost more than parsing it.

    Raises ParseError at a 1-based position inside the text. Positions count characters
    (a tab is one column) and ignore a leading byte order mark, as editors do.
    """
    # Imported here: hcl2 costs 0.15 s to import (3.4 s when it must rebuild its grammar),
    # which a run that reads no Terraform must not pay.
    import hcl2
    from lark.exceptions import LarkError

    text = text.removeprefix("\ufeff")
    try:
        readable = blank_block_comments(text)
        tree = hcl2.parses_to_tree(readable)
        return _Converter(path, readable, read).body(tree.children[0], top=True)
    except LarkError as err:
        raise from_lark_error(path, text, err) from None
    except RecursionError:
        raise ParseError(path=path, line=1, column=1, message="nested too deeply") from None


def _subtrees(node: Tree[Token]) -> list[Tree[Token]]:
    return [c for c in node.children if not isinstance(c, str) and c.data != _NEWLINES]


def _has_token(node: Tree[Token], type_: str) -> bool:
    return any(isinstance(c, str) and c.type == type_ for c in node.children)


def _name(node: Tree[Token]) -> str:
    """The text of an identifier, keyword or literal_value node."""
    return str(node.children[0])


def _last_token(node: Node) -> Token:
    # Trailing newlines and comments belong to some trees (binary_op keeps the one after
    # it): a span ends at the last token that is part of the expression itself.
    while not isinstance(node, str):
        node = next(c for c in reversed(node.children) if isinstance(c, str) or c.data != _NEWLINES)
    return node


class _Converter:
    def __init__(self, path: str, text: str, read: BlockFilter) -> None:
        self.path = path
        self.text = text
        self.read = read

    def body(self, tree: Tree[Token], *, top: bool = False) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        previous: Tree[Token] | None = None
        for child in _subtrees(tree):
            if previous is not None and self.end(previous)[0] == child.meta.line:
                # python-hcl2 accepts `a = 1 b = 2`; HCL wants a newline after each item.
                what = "an attribute" if previous.data == "attribute" else "a block"
                raise self.error(self.locate(child)[0], f"missing newline after {what}")
            previous = child
            if child.data == "block":
                blocks.append(self.block(child, top=top))
                continue
            attribute = self.attribute(child)
            first = attributes.setdefault(attribute.name, attribute)
            if first is not attribute:
                raise self.error(
                    attribute.name_span,
                    f'attribute "{attribute.name}" is set twice '
                    f"(first at line {first.name_span.line})",
                )
        return Body(attributes=attributes, blocks=tuple(blocks))

    def attribute(self, tree: Tree[Token]) -> Attribute:
        name, expression = _subtrees(tree)
        return Attribute(
            name=_name(name), name_span=self.locate(name)[0], expr=self.expr(expression)
        )

    def block(self, tree: Tree[Token], *, top: bool) -> Block:
        *head, body = _subtrees(tree)
        type_ = _name(head[0])
        labels = tuple(self.label(node) for node in head[1:])
        header = self.span_between(head[0], head[-1])
        if top and not self.read(type_, labels):
            return Block(type=type_, labels=labels, header=header, body=_UNREAD, read=False)
        return Block(type=type_, labels=labels, header=header, body=self.body(body))

    def label(self, node: Tree[Token]) -> str:
        if node.data != "string":
            return _name(node)
        template = self.template(node, node)
        if not isinstance(template, Template) or template.literal is None:
            raise self.error(self.locate(node)[0], "a block label must be a literal string")
        return template.literal

    def expr(self, node: Tree[Token]) -> Expr:
        if node.data == "expr_term":
            return self.term(node)
        span, source = self.locate(node)
        if node.data == "conditional":
            condition, true_result, false_result = (self.expr(n) for n in _subtrees(node))
            return Conditional(
                span=span,
                source=source,
                condition=condition,
                true_result=true_result,
                false_result=false_result,
            )
        return Unsupported(span=span, source=source, kind=_UNSUPPORTED.get(node.data, node.data))

    def term(self, node: Tree[Token]) -> Expr:
        span, source = self.locate(node)
        inner = _subtrees(node)[0]
        if _has_token(node, "LPAR"):
            return replace(self.expr(inner), span=span, source=source)
        kind = inner.data
        if kind == "string":
            return self.template(inner, node)
        if kind in ("int_lit", "float_lit"):
            return Literal(span=span, source=source, value=Decimal(_name(inner)))
        if kind == "literal_value":
            word = _name(inner)
            value = None if word == "null" else word == "true"
            return Literal(span=span, source=source, value=value)
        if kind == "identifier":
            return Traversal(span=span, source=source, root=_name(inner))
        if kind in ("get_attr_expr_term", "index_expr_term"):
            return self.traversal(inner, span, source)
        if kind == "tuple":
            items = tuple(self.expr(n) for n in _subtrees(inner))
            return TupleCons(span=span, source=source, items=items)
        if kind == "object":
            pairs = tuple(self.pair(elem) for elem in _subtrees(inner))
            return ObjectCons(span=span, source=source, items=pairs)
        if kind == "function_call":
            return self.call(inner, span, source)
        return Unsupported(span=span, source=source, kind=_UNSUPPORTED.get(kind, kind))

    def traversal(self, node: Tree[Token], span: Span, source: str) -> Expr:
        base_node, step_node = _subtrees(node)
        base = self.term(base_node)
        step: str | Expr
        if step_node.data == "get_attr":
            step = _name(_subtrees(step_node)[0])
        elif step_node.data == "short_index":  # `list.0`
            step = Literal(span=span, source=source, value=Decimal(str(step_node.children[-1])))
        else:
            step = self.expr(_subtrees(step_node)[0])
        if not isinstance(base, Traversal):
            kind = "attribute access" if isinstance(step, str) else "index expression"
            return Unsupported(span=span, source=source, kind=kind)
        return Traversal(span=span, source=source, root=base.root, steps=(*base.steps, step))

    def pair(self, elem: Tree[Token]) -> tuple[Expr, Expr]:
        key_node, value_node = _subtrees(elem)
        (key,) = _subtrees(key_node)
        span, source = self.locate(key)
        # A bare name is a string key in HCL (`{ a = 1 }`), not a reference.
        bare = key.data == "keyword" or (
            len(key.children) == 1 and _subtrees(key)[0].data == "identifier"
        )
        key_expr = Literal(span=span, source=source, value=source) if bare else self.expr(key)
        return key_expr, self.expr(value_node)

    def call(self, node: Tree[Token], span: Span, source: str) -> FunctionCall:
        names = [n for n in _subtrees(node) if n.data == "identifier"]
        arguments = [n for n in _subtrees(node) if n.data == "arguments"]
        args = tuple(self.expr(n) for a in arguments for n in _subtrees(a))
        return FunctionCall(
            span=span,
            source=source,
            name="::".join(map(_name, names)),
            args=args,
            expand_final=any(_has_token(a, "ELLIPSIS") for a in arguments),
        )

    def template(self, string: Tree[Token], located: Tree[Token]) -> Expr:
        span, source = self.locate(located)
        parts: list[str | Expr] = []
        directive = False
        for part in _subtrees(string):
            (piece,) = part.children
            if isinstance(piece, str):
                parts.append(self.string_chars(piece, span))
            elif piece.data == "interpolation":
                parts.append(self.expr(_subtrees(piece)[0]))
            else:
                directive = True
        if directive:
            return Unsupported(span=span, source=source, kind="template directive")
        return Template(span=span, source=source, parts=tuple(parts))

    def string_chars(self, token: Token, string_span: Span) -> str:
        if token.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
            return str(token)[1:]  # `$${` and `%%{` stand for a literal `${` and `%{`
        if "\n" in token:
            # python-hcl2 lets a quoted string run over lines; Terraform does not.
            raise self.error(string_span, "unterminated string")

        def unescape(match: re.Match[str]) -> str:
            code = match.group(1) or match.group(2)
            if code:
                return chr(min(int(code, 16), 0x10FFFF))
            if match.group(3) in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[match.group(3)]
            raise ParseError(
                path=self.path,
                line=token.line or string_span.line,
                column=(token.column or string_span.column) + match.start(),
                message=f"invalid escape sequence {match.group(0)!r}",
            )

        return _ESCAPE.sub(unescape, str(token))

    def locate(self, node: Tree[Token]) -> tuple[Span, str]:
        end_line, end_column, end = self.end(node)
        span = Span(
            path=self.path,
            line=node.meta.line,
            column=node.meta.column,
            end_line=end_line,
            end_column=end_column,
        )
        return span, self.text[node.meta.start_pos : end]

    def span_between(self, first: Tree[Token], last: Tree[Token]) -> Span:
        end_line, end_column, _ = self.end(last)
        return Span(
            path=self.path,
            line=first.meta.line,
            column=first.meta.column,
            end_line=end_line,
            end_column=end_column,
        )

    def end(self, node: Tree[Token]) -> tuple[int, int, int]:
        """Line, column and offset just past the node's last character of substance."""
        meta = node.meta
        if 0 < meta.end_pos <= len(self.text) and self.text[meta.end_pos - 1] != "\n":
            return meta.end_line, meta.end_column, meta.end_pos
        # The node ends with a newline: a heredoc, whose token includes the one after its
        # closing marker, or a tree that holds the newline or comment after it (binary_op).
        token = _last_token(node)
        value = token.rstrip("\r\n")
        newlines = value.count("\n")
        column = len(value) - value.rfind("\n") if newlines else (token.column or 1) + len(value)
        return (token.line or 1) + newlines, column, (token.start_pos or 0) + len(value)

    def error(self, span: Span, message: str) -> ParseError:
        return ParseError(path=self.path, line=span.line, column=span.column, message=message)
