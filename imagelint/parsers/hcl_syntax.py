"""HCL syntax as plain records: bodies, blocks, attributes and expressions, each located."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from imagelint.model import Span

# A literal's value: HCL strings, numbers, bools and null, as Python values.
Scalar = str | Decimal | bool | None


@dataclass(frozen=True, kw_only=True)
class Expr:
    span: Span
    source: str  # the expression as written, for messages


@dataclass(frozen=True, kw_only=True)
class Literal(Expr):
    value: Scalar


@dataclass(frozen=True, kw_only=True)
class Template(Expr):
    """A quoted string. Literal parts have their escapes (and `$${`, `%%{`) resolved."""

    parts: tuple[str | Expr, ...]

    @property
    def literal(self) -> str | None:
        """The string, when the template has no interpolation."""
        if all(isinstance(part, str) for part in self.parts):
            return "".join(part for part in self.parts if isinstance(part, str))
        return None


@dataclass(frozen=True, kw_only=True)
class Traversal(Expr):
    """`var.image`, `data.x.y.id`, `local.images["ubuntu"]`: a name, then attribute names
    (str) and index keys (Expr)."""

    root: str
    steps: tuple[str | Expr, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FunctionCall(Expr):
    name: str
    args: tuple[Expr, ...]
    expand_final: bool = False  # `f(list...)`


@dataclass(frozen=True, kw_only=True)
class Conditional(Expr):
    condition: Expr
    true_result: Expr
    false_result: Expr


@dataclass(frozen=True, kw_only=True)
class TupleCons(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, kw_only=True)
class ObjectCons(Expr):
    items: tuple[tuple[Expr, Expr], ...]  # (key, value); a bare-name key is a string Literal


@dataclass(frozen=True, kw_only=True)
class Unsupported(Expr):
    """Syntax that is recognised but not modelled yet (operators, splats, for expressions,
    heredocs, template directives): `kind` names it for "not evaluated yet" messages."""

    kind: str


@dataclass(frozen=True, kw_only=True)
class Attribute:
    name: str
    name_span: Span
    expr: Expr


@dataclass(frozen=True, kw_only=True)
class Block:
    type: str
    labels: tuple[str, ...]
    header: Span  # from the type keyword to the end of the last label
    body: Body
    read: bool = True  # False: a top-level block parse_hcl was told to skip; its body is empty


@dataclass(frozen=True, kw_only=True)
class Body:
    attributes: dict[str, Attribute]  # names are unique: a repeated one is a ParseError
    blocks: tuple[Block, ...] = ()

    def blocks_of(self, type_: str) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.type == type_)
