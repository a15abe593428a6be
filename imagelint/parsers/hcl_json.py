"""Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) and native `.tfvars` as hcl_syntax."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_json_schema import LITERAL, TOP_LEVEL, Mode, Schema
from imagelint.parsers.hcl_syntax import (
    Attribute,
    Block,
    Body,
    Expr,
    Literal,
    ObjectCons,
    Traversal,
    TupleCons,
)
from imagelint.parsers.json_positions import (
    JsonArray,
    JsonConstant,
    JsonDocument,
    JsonMember,
    JsonNumber,
    JsonObject,
    JsonString,
    JsonValue,
    parse_json,
)
from imagelint.parsers.json_strings import StringReader

COMMENT = "//"  # a body property of that name is a comment
_UNREAD = Body(attributes={})


def parse_tf_json(path: str, text: str) -> Body:
    """Parse a `.tf.json` file into the body the native reader makes of a `.tf` file.

    Strings are read as Terraform reads them there: templates in most attributes, literal
    text where Terraform evaluates without a context (variable `default`, `description`,
    module `source`, `required_providers`), expressions where it wants a reference or a
    type (`provider`, `depends_on`, module `providers`, variable `type`).
    An attribute's name spans its key, quotes included; a block's header runs from its
    first label's key to its last (the type's key when it has none); the expression of a
    JSON value spans that value, and what a string interpolates spans the characters it
    was written with inside the string.
    Raises ParseError at a 1-based position inside the text.
    """
    return parse_json_body(path, text, TOP_LEVEL, "the root of a JSON configuration")


def parse_json_body(path: str, text: str, top_level: Mapping[str, Schema], what: str) -> Body:
    """A JSON file whose root holds the block types of `top_level` (Terraform's, Packer's),
    read as parse_tf_json describes. Raises ParseError at a 1-based position."""
    reader = _Reader(parse_json(path, text))
    blocks: list[Block] = []
    root = reader.document.root
    try:
        for member in reader.body_members(root, what):
            schema = top_level.get(member.key.value)
            if schema is None:
                raise reader.error(member.key.span, f'no block type is named "{member.key.value}"')
            blocks.extend(reader.blocks(member.key, member.value, schema))
    except RecursionError:
        raise reader.error(root.span, "nested too deeply") from None
    return Body(attributes={}, blocks=tuple(blocks))


def parse_tfvars_json(path: str, text: str) -> dict[str, Attribute]:
    """Variable values from a `.tfvars.json` file, read literally: `"${x}"` is that text."""
    reader = _Reader(parse_json(path, text))
    root = reader.document.root
    if not isinstance(root, JsonObject):
        raise reader.error(root.span, "a variable definitions file must be an object")
    try:
        return reader.body(root, LITERAL).attributes
    except RecursionError:
        raise reader.error(root.span, "nested too deeply") from None


class _Reader:
    def __init__(self, document: JsonDocument) -> None:
        self.document = document
        self.strings = StringReader(document)

    def body_members(self, value: JsonValue, what: str) -> list[JsonMember]:
        """The properties of a body: one object's, or those of an array of objects."""
        if isinstance(value, JsonObject):
            objects = [value]
        elif isinstance(value, JsonArray):
            objects = [self.object_in(item, what) for item in value.items]
        else:
            raise self.error(value.span, f"{what} must be an object or an array of objects")
        return [m for o in objects for m in o.members if m.key.value != COMMENT]

    def object_in(self, value: JsonValue, what: str) -> JsonObject:
        if not isinstance(value, JsonObject):
            raise self.error(value.span, f"{what} must be an object")
        return value

    def blocks(
        self, key: JsonString, value: JsonValue, schema: Schema, labels: tuple[JsonString, ...] = ()
    ) -> list[Block]:
        """The blocks of one body property: `key` names the type, and the nested objects'
        keys give the labels (as many as the schema has), each level an object or an
        array of objects; the innermost value is a body, or an array of bodies."""
        type_ = key.value
        if len(labels) < schema.labels:
            members: list[JsonMember] = []
            if not (isinstance(value, JsonConstant) and value.value is None):
                members = self.label_members(value, type_)
            if not members:
                raise self.error(value.span, f'a "{type_}" block needs labels here')
            return [
                block
                for member in members
                for block in self.blocks(key, member.value, schema, (*labels, member.key))
            ]
        header = (labels or (key,))[0].span.through((labels or (key,))[-1].span)
        names = tuple(label.value for label in labels)
        if isinstance(value, JsonConstant) and value.value is None:
            return []
        if isinstance(value, JsonObject):
            bodies = [value]
        elif isinstance(value, JsonArray):
            bodies = [
                self.object_in(item, f'the body of a "{type_}" block') for item in value.items
            ]
        else:
            raise self.error(
                value.span, f'the body of a "{type_}" block must be an object or an array of them'
            )
        return [
            Block(
                type=type_,
                labels=names,
                header=header,
                body=self.body(body, schema) if schema.read else _UNREAD,
                read=schema.read,
            )
            for body in bodies
        ]

    def label_members(self, value: JsonValue, type_: str) -> list[JsonMember]:
        what = f'the labels of a "{type_}" block'
        if isinstance(value, JsonArray):
            return [m for item in value.items for m in self.object_in(item, what).members]
        return list(self.object_in(value, what).members)

    def body(self, value: JsonObject, schema: Schema) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for member in value.members:
            name = member.key.value
            if name == COMMENT:
                continue
            nested = schema.blocks.get(name)
            if nested is not None and _holds_blocks(member.value):
                blocks.extend(self.blocks(member.key, member.value, nested))
                continue
            if name in attributes:
                first = attributes[name].name_span.line
                raise self.error(
                    member.key.span, f'attribute "{name}" is set twice (first at line {first})'
                )
            mode = schema.modes.get(name, schema.default)
            expr = self.expr(member.value, mode)
            attributes[name] = Attribute(name=name, name_span=member.key.span, expr=expr)
        return Body(attributes=attributes, blocks=tuple(blocks))

    def expr(self, value: JsonValue, mode: Mode) -> Expr:
        span, source = value.span, self.document.source(value)
        if isinstance(value, JsonString):
            if mode is Mode.LITERAL:
                return self.strings.literal(value)
            if mode is Mode.TEMPLATE:
                return self.strings.template(value)
            return self.strings.expression(value)
        if isinstance(value, JsonNumber):
            return Literal(span=span, source=source, value=Decimal(value.text))
        if isinstance(value, JsonConstant):
            return Literal(span=span, source=source, value=value.value)
        if isinstance(value, JsonArray):
            items = tuple(self.expr(item, mode) for item in value.items)
            return TupleCons(span=span, source=source, items=items)
        inner = Mode.EXPRESSION if mode is Mode.PROVIDERS else mode
        pairs = tuple((self.key(m.key, mode), self.expr(m.value, inner)) for m in value.members)
        return ObjectCons(span=span, source=source, items=pairs)

    def key(self, key: JsonString, mode: Mode) -> Expr:
        """An object key: a string, or in template mode a template when it interpolates
        (Terraform allows that in objects); in a provider map, a reference."""
        name = Literal(span=key.span, source=self.document.source(key), value=key.value)
        if mode is Mode.PROVIDERS:
            expr = self.strings.expression(key)
            # `scaleway` is a name, as a bare key is in the native syntax.
            return name if isinstance(expr, Traversal) and not expr.steps else expr
        if mode is Mode.TEMPLATE and any(opener in key.value for opener in ("${", "%{")):
            return self.strings.template(key)
        return name

    def error(self, span: Span, message: str) -> ParseError:
        return ParseError(path=span.path, line=span.line, column=span.column, message=message)


def _holds_blocks(value: JsonValue) -> bool:
    if isinstance(value, JsonArray):
        return all(isinstance(item, JsonObject) for item in value.items)
    return isinstance(value, JsonObject) or (
        isinstance(value, JsonConstant) and value.value is None
    )
