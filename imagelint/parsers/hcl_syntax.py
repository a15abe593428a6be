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
class TemplateIf:
    """`%{ if cond }...%{ else }...%{ endif }` inside a template or heredoc."""

    condition: Expr
    then: tuple[TemplatePart, ...]
    otherwise: tuple[TemplatePart, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TemplateFor:
    """`%{ for k, v in coll }...%{ endfor }`; `key_var` is None with one variable."""

    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]


# Literal text (escapes resolved, strip markers `~` applied), interpolations, directives.
TemplatePart = str | Expr | TemplateIf | TemplateFor


@dataclass(frozen=True, kw_only=True)
class Template(Expr):
    """A quoted string or a heredoc. Literal parts have their escapes (and `$${`, `%%{`)
    resolved; a `<<-` heredoc has its common indentation removed."""

    parts: tuple[TemplatePart, ...]

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
class Access(Expr):
    """Attribute names (str) and index keys (Expr) applied to any expression that is not a
    plain name: `f(x).id`, `(local.m)["k"]`, `[1, 2][0]`."""

    base: Expr
    steps: tuple[str | Expr, ...]


@dataclass(frozen=True, kw_only=True)
class Splat(Expr):
    """`base[*].a.b` (full) or `base.*.a.b` (attribute-only): `steps` apply to each element."""

    base: Expr
    steps: tuple[str | Expr, ...] = ()
    full: bool = True


@dataclass(frozen=True, kw_only=True)
class BinaryOp(Expr):
    op: str  # "||" "&&" "==" "!=" "<" ">" "<=" ">=" "+" "-" "*" "/" "%"
    left: Expr
    right: Expr


@dataclass(frozen=True, kw_only=True)
class UnaryOp(Expr):
    op: str  # "!" or "-"
    operand: Expr


@dataclass(frozen=True, kw_only=True)
class ForExpr(Expr):
    """`[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`."""

    key_var: str | None  # None with one variable
    value_var: str
    collection: Expr
    key: Expr | None  # the object form's key expression; None for the tuple form
    value: Expr
    condition: Expr | None = None
    grouping: bool = False  # `value...` in the object form

    @property
    def is_object(self) -> bool:
        return self.key is not None


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
    """Syntax that is recognised but not modelled: `kind` names it for messages."""

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
