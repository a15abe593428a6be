"""Terraform's conversions between types, its equality, and the order of its sets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from imagelint.terraform.functions_base import FunctionError, NotEvaluated, parse_number
from imagelint.terraform.functions_gofmt import float_text, go_quote
from imagelint.terraform.functions_types import (
    DYNAMIC,
    PRIMITIVES,
    Type,
    convertible,
    describe_type,
    type_of,
    unify,
)
from imagelint.terraform.values import Known, Unknown, V, first_unknown, format_number, walk


def convert(value: V, target: Type) -> V:
    """`value` as `target`, keeping where each element was written; FunctionError if
    Terraform would refuse the conversion.

    A null is taken as the `null` literal, whose type is any type. A typed null (a variable
    declared `list(string)` and set to null) can convert where that one does not, so a
    refusal that involves a null is not claimed: imagelint does not track a null's type."""
    if isinstance(value, Unknown) or target == DYNAMIC or value.data is None:
        return value
    source = type_of(value)
    assert source is not None
    if source == target and value.type == target.kind:
        return value
    if not convertible(source, target):
        if any(isinstance(v, Known) and v.data is None for v in walk(value)):
            raise NotEvaluated("the conversion depends on the type of a null")
        raise FunctionError(f"cannot convert {value.type} to {describe_type(target)}")
    if target.kind in PRIMITIVES:
        return _primitive(value, target.kind)
    if target.kind == "tuple":
        assert isinstance(value.data, tuple)
        items = tuple(convert(v, t) for v, t in zip(value.data, target.items, strict=True))
        return replace(value, data=items, type="tuple")
    if target.kind == "object":
        assert isinstance(value.data, dict)
        attrs = {n: convert(value.data[n], t) for n, t in target.attributes}
        return replace(value, data=attrs, type="object")
    element = target.element or DYNAMIC
    if element == DYNAMIC:
        element = unify([type_of(v) for v in _elements(value)]) or DYNAMIC
    if isinstance(value.data, dict):
        mapped = {k: convert(v, element) for k, v in value.data.items()}
        return replace(value, data=mapped, type="map")
    items = tuple(convert(v, element) for v in _elements(value))
    if target.kind == "set":
        return make_set(items, value)
    return replace(value, data=items, type="list")


def _elements(value: Known) -> tuple[V, ...]:
    data = value.data
    return (
        tuple(data.values()) if isinstance(data, dict) else data if isinstance(data, tuple) else ()
    )


def _primitive(value: Known, kind: str) -> Known:
    data = value.data
    if kind == "string" and isinstance(data, Decimal):
        return replace(value, data=format_number(data), type=kind)
    if kind == "string" and isinstance(data, bool):
        return replace(value, data="true" if data else "false", type=kind)
    if isinstance(data, str) and kind == "number" and (found := parse_number(data)) is not None:
        return replace(value, data=found, type=kind)
    if isinstance(data, str) and kind == "bool" and data in ("true", "false", "1", "0"):
        return replace(value, data=data in ("true", "1"), type=kind)
    raise FunctionError(f"cannot convert {data!r} to {kind}")


def make_set(items: Sequence[V], like: Known | None = None) -> V:
    """A set of `items` (already of one type): duplicates dropped, in Terraform's order."""
    for item in items:
        found = first_unknown(item)
        if found is not None:
            return found  # which elements are equal is unknown, so the set is too
    unique: list[Known] = []
    for item in items:
        assert isinstance(item, Known)
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    unique.sort(key=_set_order)
    if like is None:
        return Known(data=tuple(unique), type="set")
    return replace(like, data=tuple(unique), type="set")


def _set_order(value: Known) -> tuple[int, object]:
    # cty orders strings, numbers and bools by value, nulls last, anything else by the bytes
    # of its set hash.
    if value.data is None:
        return (1, 0)
    if isinstance(value.data, str | Decimal | bool):
        return (0, value.data)
    return (0, hash_text(value).encode())


def hash_text(value: V) -> str:
    """cty's set hash string of a value (appendSetHashBytes)."""
    if isinstance(value, Unknown):
        return "?"
    data = value.data
    if data is None:
        return "~"
    if isinstance(data, bool):
        return "T" if data else "F"
    if isinstance(data, Decimal):
        return float_text(data, "g", 10)
    if isinstance(data, str):
        return go_quote(data)
    if isinstance(data, dict):
        if value.type == "map":
            return "{" + "".join(f"{go_quote(k)}:{hash_text(data[k])};" for k in sorted(data)) + "}"
        return "<" + "".join(f"{hash_text(data[k])};" for k in sorted(data)) + ">"
    inner = "".join(f"{hash_text(v)};" for v in data)
    return f"<{inner}>" if value.type == "tuple" else f"[{inner}]"


def equal(left: Known, right: Known) -> bool:
    """Terraform's `==` on known values: the types must match too."""
    if left.data is None or right.data is None:
        return left.data is None and right.data is None
    if type_of(left) != type_of(right):
        return False
    if isinstance(left.data, tuple) and isinstance(right.data, tuple):
        pairs = zip(left.data, right.data, strict=False)
        same_length = len(left.data) == len(right.data)
        return same_length and all(_equal_known(a, b) for a, b in pairs)
    if isinstance(left.data, dict) and isinstance(right.data, dict):
        return left.data.keys() == right.data.keys() and all(
            _equal_known(left.data[k], right.data[k]) for k in left.data
        )
    return left.data == right.data


def _equal_known(left: V, right: V) -> bool:
    return isinstance(left, Known) and isinstance(right, Known) and equal(left, right)
