"""Evaluates HCL expressions as Terraform would, and says why when it cannot yet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

from imagelint.model import Value
from imagelint.parsers.hcl_syntax import (
    Conditional,
    Expr,
    FunctionCall,
    Literal,
    ObjectCons,
    Scalar,
    Template,
    Traversal,
    TupleCons,
    Unsupported,
)

# Lists and tuples evaluate to tuples, maps and objects to mappings.
HclValue: TypeAlias = Scalar | tuple["HclValue", ...] | Mapping[str, "HclValue"]

_SNIPPET_LENGTH = 60
_WHITESPACE = re.compile(r"\s+")
# Names Terraform defines that imagelint does not evaluate yet, and what they are.
_REFERENCES = {
    "local": "is not evaluated yet",
    "data": "is a data source attribute, not evaluated yet",
    "module": "is a module output, not evaluated yet",
    "count": "is not evaluated yet (count and for_each are not expanded yet)",
    "each": "is not evaluated yet (count and for_each are not expanded yet)",
    "path": "is not evaluated yet",
    "terraform": "is not evaluated yet",
    "self": "is not evaluated yet",
}


@dataclass(frozen=True)
class Known:
    value: HclValue
    origins: tuple[str, ...] = ()  # what it was read from besides the expression, for messages


@dataclass(frozen=True)
class Unknown:
    reason: str


Evaluated: TypeAlias = Known | Unknown


@dataclass(frozen=True, kw_only=True)
class Scope:
    """What names mean where an expression is evaluated. Locals, tfvars and module inputs
    will add entries or fields here; the expressions do not change."""

    variables: Mapping[str, Evaluated] = field(default_factory=dict)
    references_allowed: bool = True  # False in a variable default, which must be constant


def snippet(source: str) -> str:
    """An expression's source on one line, short enough for a message."""
    text = _WHITESPACE.sub(" ", source).strip()
    return text if len(text) <= _SNIPPET_LENGTH else text[: _SNIPPET_LENGTH - 3] + "..."


def attribute_value(expr: Expr, scope: Scope, *, origin: str | None = None) -> Value | None:
    """The attribute as a string Value located at `expr`, or None when it is null: Terraform
    treats an attribute set to null as not set. Without `origin`, the origin is "resource",
    or the variables the value came from ("var.type default")."""
    result = evaluate(expr, scope)
    if isinstance(result, Unknown):
        return Value.unknown(result.reason, expr.span, origin or "resource")
    if result.value is None:
        return None
    origin = origin or ", ".join(result.origins) or "resource"
    text = as_text(result.value)
    if text is None:
        reason = f"{snippet(expr.source)} is {describe(result.value)}, not a string"
        return Value.unknown(reason, expr.span, origin)
    return Value.of(text, expr.span, origin)


def evaluate(expr: Expr, scope: Scope) -> Evaluated:
    match expr:
        case Literal(value=value):
            return Known(value)
        case Template():
            return _template(expr, scope)
        case Traversal():
            return _traversal(expr, scope)
        case TupleCons(items=items):
            return _tuple(items, scope)
        case ObjectCons():
            return _object(expr, scope)
        case FunctionCall(name=name):
            return Unknown(f"function call {name}(...) is not evaluated yet")
        case Conditional():
            return Unknown(f"conditional expression is not evaluated yet: {snippet(expr.source)}")
        case Unsupported(kind=kind):
            return Unknown(f"{kind} is not evaluated yet: {snippet(expr.source)}")
    raise TypeError(f"not an expression: {expr!r}")


def as_text(value: HclValue) -> str | None:
    """A primitive value as Terraform converts it to a string; None for null and collections."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        normal = value.normalize()
        # Plain notation, as Terraform prints numbers, unless that would be absurdly long.
        exponent = normal.as_tuple().exponent
        plain = isinstance(exponent, int) and abs(exponent) <= 64
        return format(normal, "f") if plain else str(normal)
    return value if isinstance(value, str) else None


def describe(value: HclValue) -> str:
    if isinstance(value, tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a map"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, Decimal):
        return "a number"
    return "null" if value is None else "a string"


def _merge(*origins: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o for group in origins for o in group))


def _template(expr: Template, scope: Scope) -> Evaluated:
    if len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
        # "${var.x}" alone is var.x itself, whatever its type (HCL keeps it unconverted).
        return evaluate(expr.parts[0], scope)
    pieces: list[str] = []
    origins: tuple[str, ...] = ()
    for part in expr.parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        result = evaluate(part, scope)
        if isinstance(result, Unknown):
            return result
        text = as_text(result.value)
        if text is None:
            what = describe(result.value)
            return Unknown(f"{snippet(part.source)} is {what}, which a template cannot include")
        pieces.append(text)
        origins = _merge(origins, result.origins)
    return Known("".join(pieces), origins)


def _traversal(expr: Traversal, scope: Scope) -> Evaluated:
    text = snippet(expr.source)
    if not scope.references_allowed:
        return Unknown(f"{text}: a variable default cannot refer to other values")
    if expr.root == "var" and expr.steps and isinstance(expr.steps[0], str):
        name = expr.steps[0]
        found = scope.variables.get(name)
        if found is None:
            return Unknown(f"var.{name} is not declared in this directory")
        return _index(found, expr.steps[1:], f"var.{name}", scope)
    if expr.root in _REFERENCES:
        return Unknown(f"{text} {_REFERENCES[expr.root]}")
    if len(expr.steps) >= 2 and isinstance(expr.steps[0], str):
        resource = f"{expr.root}.{expr.steps[0]}"
        return Unknown(f"{text} is an attribute of resource {resource}, not evaluated yet")
    return Unknown(f"{text} is not a valid reference (a string needs quotes)")


def _index(found: Evaluated, steps: tuple[str | Expr, ...], path: str, scope: Scope) -> Evaluated:
    for step in steps:
        if isinstance(found, Unknown):
            return found
        key: HclValue
        if isinstance(step, str):
            key = step
        else:
            index = evaluate(step, scope)
            if isinstance(index, Unknown):
                return index
            key = index.value
        shown = as_text(key) if not isinstance(key, str) else key
        value = found.value
        if isinstance(value, Mapping) and isinstance(shown, str) and shown in value:
            found = Known(value[shown], found.origins)
        elif isinstance(value, tuple) and isinstance(key, Decimal) and _is_position(key, value):
            found = Known(value[int(key)], found.origins)
        else:
            return Unknown(f"{path} is {describe(value)} without element {shown!r}")
        path = f"{path}[{shown!r}]"
    return found


def _is_position(key: Decimal, items: tuple[HclValue, ...]) -> bool:
    return key == key.to_integral_value() and 0 <= key < len(items)


def _tuple(items: tuple[Expr, ...], scope: Scope) -> Evaluated:
    values: list[HclValue] = []
    origins: tuple[str, ...] = ()
    for item in items:
        result = evaluate(item, scope)
        if isinstance(result, Unknown):
            return result
        values.append(result.value)
        origins = _merge(origins, result.origins)
    return Known(tuple(values), origins)


def _object(expr: ObjectCons, scope: Scope) -> Evaluated:
    values: dict[str, HclValue] = {}
    origins: tuple[str, ...] = ()
    for key_expr, value_expr in expr.items:
        key = evaluate(key_expr, scope)
        if isinstance(key, Unknown):
            return key
        name = as_text(key.value)
        if name is None:
            return Unknown(f"map key {snippet(key_expr.source)} is not a string")
        value = evaluate(value_expr, scope)
        if isinstance(value, Unknown):
            return value
        values[name] = value.value
        origins = _merge(origins, key.origins, value.origins)
    return Known(values, origins)
