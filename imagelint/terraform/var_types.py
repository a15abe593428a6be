"""A variable's `type` constraint applied as Terraform applies it: primitives converted,
collections converted element by element, and object attributes declared `optional(...)`
filled in with null or their default when a caller leaves them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from imagelint.parsers.hcl_syntax import (
    Expr,
    FunctionCall,
    Literal,
    ObjectCons,
    Template,
    Traversal,
    TupleCons,
)
from imagelint.terraform import values as tv
from imagelint.terraform.values import Known, V

_PRIMITIVES = ("string", "number", "bool")


@dataclass(frozen=True)
class Attribute:
    name: str
    type: Constraint
    optional: bool = False
    default: Expr | None = None  # optional(T, default)


@dataclass(frozen=True)
class Constraint:
    kind: str  # "any", a primitive, "list", "set", "map", "object" or "tuple"
    element: Constraint | None = None  # list, set, map
    attributes: tuple[Attribute, ...] = ()  # object
    items: tuple[Constraint, ...] = ()  # tuple


ANY = Constraint("any")
Constant = Callable[[Expr], V]  # evaluates a constant expression (an optional default)


class TypeMismatch(Exception):
    """The value cannot take the declared type: Terraform refuses the variable."""


def parse_constraint(expr: Expr) -> Constraint:
    """The constraint a type expression writes; ANY for what imagelint does not model, so
    a value it cannot check is passed through unchanged rather than refused."""
    if isinstance(expr, Traversal) and not expr.steps and expr.root in (*_PRIMITIVES, "any"):
        return Constraint(expr.root)
    if not isinstance(expr, FunctionCall) or len(expr.args) != 1:
        return ANY
    (argument,) = expr.args
    if expr.name in ("list", "set", "map"):
        return Constraint(expr.name, element=parse_constraint(argument))
    if expr.name == "tuple" and isinstance(argument, TupleCons):
        return Constraint("tuple", items=tuple(parse_constraint(i) for i in argument.items))
    if expr.name == "object" and isinstance(argument, ObjectCons):
        attributes = [_attribute(key, value) for key, value in argument.items]
        if all(a is not None for a in attributes):
            return Constraint("object", attributes=tuple(a for a in attributes if a))
    return ANY


def _attribute(key: Expr, value: Expr) -> Attribute | None:
    name = key.value if isinstance(key, Literal) else None
    if isinstance(key, Template):
        name = key.literal
    if not isinstance(name, str):
        return None
    if isinstance(value, FunctionCall) and value.name == "optional" and 1 <= len(value.args) <= 2:
        default = value.args[1] if len(value.args) == 2 else None
        return Attribute(name, parse_constraint(value.args[0]), optional=True, default=default)
    return Attribute(name, parse_constraint(value))


def conform(value: V, constraint: Constraint, constant: Constant) -> V:
    """`value` as the constraint makes it; raises TypeMismatch. Unknown parts stay unknown
    (where they are); `constant` evaluates an optional attribute's default expression."""
    if isinstance(value, tv.Unknown) or constraint.kind == "any" or value.data is None:
        return value
    if constraint.kind in _PRIMITIVES:
        return _primitive(value, constraint.kind)
    if constraint.kind == "object":
        return _object(value, constraint, constant)
    if constraint.kind == "map":
        if not isinstance(value.data, dict):
            raise TypeMismatch(f"a map is required, not {tv.describe(value)}")
        element = constraint.element or ANY
        data = {k: conform(v, element, constant) for k, v in value.data.items()}
        return replace(value, data=data, type="map")
    if not isinstance(value.data, tuple):
        raise TypeMismatch(f"a {constraint.kind} is required, not {tv.describe(value)}")
    if constraint.kind == "tuple":
        if len(value.data) != len(constraint.items):
            raise TypeMismatch(f"a tuple of {len(constraint.items)} elements is required")
        items = tuple(
            conform(v, c, constant) for v, c in zip(value.data, constraint.items, strict=True)
        )
        return replace(value, data=items, type="tuple")
    element = constraint.element or ANY
    items = tuple(conform(v, element, constant) for v in value.data)
    if constraint.kind == "set":
        from imagelint.terraform.functions_convert import make_set

        return make_set(items, value)
    return replace(value, data=items, type="list")


def _object(value: Known, constraint: Constraint, constant: Constant) -> Known:
    if not isinstance(value.data, dict):
        raise TypeMismatch(f"an object is required, not {tv.describe(value)}")
    data: dict[str, V] = {}
    for attribute in constraint.attributes:
        found = value.data.get(attribute.name)
        if found is None:
            if not attribute.optional:
                raise TypeMismatch(f'attribute "{attribute.name}" is required')
            found = tv.null(value.span)
            if attribute.default is not None:
                found = constant(attribute.default)
        data[attribute.name] = conform(found, attribute.type, constant)
    return replace(value, data=data, type="object")


def _primitive(value: Known, kind: str) -> Known:
    from imagelint.terraform.functions_base import FunctionError, NotEvaluated
    from imagelint.terraform.functions_convert import convert
    from imagelint.terraform.functions_types import Type

    if isinstance(value.data, tuple | dict):
        raise TypeMismatch(f"a {kind} is required, not {tv.describe(value)}")
    try:
        converted = convert(value, Type(kind))
    except NotEvaluated:
        return value  # depends on what imagelint does not model: left as written
    except FunctionError as error:
        raise TypeMismatch(str(error)) from None
    assert isinstance(converted, Known)
    return converted
