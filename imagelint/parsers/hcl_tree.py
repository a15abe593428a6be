"""Turns python-hcl2's lark parse tree, the only place 8.x keeps positions, into hcl_syntax."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeAlias, cast

from imagelint.model import ParseError
from imagelint.parsers.hcl_errors import from_lark_error
from imagelint.parsers.hcl_expressions import Expressions, name_of, subtrees
from imagelint.parsers.hcl_positions import Locator
from imagelint.parsers.hcl_scan import scan
from imagelint.parsers.hcl_syntax import Attribute, Block, Body, Template
from imagelint.parsers.hcl_template_parts import TemplateError
from imagelint.parsers.hcl_templates import Lexed, lex

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

BlockFilter: TypeAlias = Callable[[str, tuple[str, ...]], bool]

_UNREAD = Body(attributes={})


def read_all(type_: str, labels: tuple[str, ...]) -> bool:
    return True


def parse_hcl(
    path: str, text: str, *, read: BlockFilter = read_all, cache_as: str | None = None
) -> Body:
    """Parse HCL text into its top-level body.

    `read(type, labels)` says which top-level blocks to convert the bodies of; the others
    keep their type, labels and header, with an empty body and `read=False`: converting
    every resource of a large file would cost more than parsing it.

    When a parse cache is active, the body is kept under `cache_as`, a name that changes
    whenever `read` answers differently: whole files should pass one (`read_all` needs
    none, but without a name only longer texts are kept); with another `read` and no name,
    nothing is cached.

    Raises ParseError at a 1-based position inside the text. Positions count characters
    (a tab is one column) and ignore a leading byte order mark, as editors do.
    """
    from imagelint.parse_cache import active

    cache = active()
    name = cache_as if cache_as is not None else ("all" if read is read_all else None)
    if cache is None or name is None:
        return _parse(path, text, read)
    parse = lambda: _parse(path, text, read)  # noqa: E731
    return cache.parse(path, text, name, parse, whole_file=cache_as is not None)


def _parse(
    path: str,
    text: str,
    read: BlockFilter,
    parser: Lark | None = None,
    converter: type[Converter] | None = None,
) -> Body:
    """`parser` and `converter` are for the test that locates with another parser."""
    # Imported here: lark costs 0.08 s to import, the tables 0.1 s to load, which a run
    # that reads no Terraform must not pay.
    from lark.exceptions import LarkError

    from imagelint.grammar_cache import hcl_parser

    text = text.removeprefix("\ufeff")
    try:
        lexed = lex(text)
        tree = (parser or hcl_parser()).parse(lexed.text + "\n")
        convert = (converter or Converter)(path, text, lexed, read)
        return convert.body(cast("Tree[Token]", tree.children[0]), top=True)
    except TemplateError as err:
        found = scan(text) if err.lexical else None
        # The scan that explains lark's errors names the first thing left unterminated.
        if found is not None:
            err = TemplateError(found.offset, found.message)
        raise _locator(path, text).error_at(err.offset, err.message) from None
    except LarkError as err:
        raw = lexed.templates.get(getattr(getattr(err, "token", None), "start_pos", -1))
        if raw is not None and not raw.heredoc and any(p.kind != "text" for p in raw.pieces):
            # Only a block label cannot be a template: python-hcl2 saw a tuple there.
            message = "a block label must be a literal string"
            raise _locator(path, text).error_at(raw.start, message) from None
        raise from_lark_error(path, text, err) from None
    except RecursionError:
        raise ParseError(path=path, line=1, column=1, message="nested too deeply") from None


def _locator(path: str, text: str) -> Locator:
    return Locator(path, text)


class Converter(Expressions):
    def __init__(self, path: str, text: str, lexed: Lexed, read: BlockFilter) -> None:
        super().__init__(path, text, lexed.templates, lexed.text)
        self.read = read

    def body(self, tree: Tree[Token], *, top: bool = False) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        previous: Tree[Token] | None = None
        for child in subtrees(tree):
            if previous is not None and self.end(previous)[0] == self.start(child).line:
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
        name, expression = subtrees(tree)
        return Attribute(
            name=name_of(name), name_span=self.locate(name)[0], expr=self.expr(expression)
        )

    def block(self, tree: Tree[Token], *, top: bool) -> Block:
        *head, body = subtrees(tree)
        type_ = name_of(head[0])
        labels = tuple(self.label(node) for node in head[1:])
        start, end = self.locate(head[0])[0], self.locate(head[-1])[0]
        header = replace(start, end_line=end.end_line, end_column=end.end_column)
        if top and not self.read(type_, labels):
            return Block(type=type_, labels=labels, header=header, body=_UNREAD, read=False)
        return Block(type=type_, labels=labels, header=header, body=self.body(body))

    def label(self, node: Tree[Token]) -> str:
        if node.data != "string":
            return name_of(node)
        span, source = self.locate(node)
        template = self.template(node, span, source)
        if not isinstance(template, Template) or template.literal is None:
            raise self.error(span, "a block label must be a literal string")
        return template.literal


def parse_tfvars(path: str, text: str) -> dict[str, Attribute]:
    """Variable values from a native `.tfvars` file: its attributes, as written. (Here, not
    with the JSON reader: a run reading `.tfvars` files alone does not load the JSON one.)"""
    body = parse_hcl(path, text)
    if body.blocks:
        header = body.blocks[0].header
        raise ParseError(
            path=path,
            line=header.line,
            column=header.column,
            message="blocks are not allowed in a variable definitions file",
        )
    return dict(body.attributes)
