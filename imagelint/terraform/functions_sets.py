"""Terraform's type conversion functions (tostring ... toset) and set algebra."""

from __future__ import annotations

from collections.abc import Callable

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    Table,
    elements,
    not_null,
    register,
)
from imagelint.terraform.functions_convert import convert, equal, make_set
from imagelint.terraform.functions_types import DYNAMIC, PRIMITIVES, Type, type_of, unify
from imagelint.terraform.values import Known, Unknown, V, first_unknown, located

TABLE: Table = {}


def _to(name: str, target: Type) -> None:
    @register(TABLE, name, lazy=True)
    def conversion(call: Call, value: V) -> V:
        if isinstance(value, Unknown) or value.data is None:
            return value
        if target.kind in PRIMITIVES and value.type not in PRIMITIVES:
            raise FunctionError(f"cannot convert {value.type} to {target.kind}")
        try:
            return convert(value, target)
        except FunctionError:
            # An unknown element's type is unknown: Terraform might accept it.
            found = first_unknown(value)
            if found is not None:
                return found
            raise


for _name, _target in (
    ("tostring", Type("string")),
    ("tonumber", Type("number")),
    ("tobool", Type("bool")),
    ("tolist", Type("list", element=DYNAMIC)),
    ("toset", Type("set", element=DYNAMIC)),
    ("tomap", Type("map", element=DYNAMIC)),
):
    _to(_name, _target)


def _sets(given: tuple[V, ...]) -> list[Known]:
    """The arguments as sets of one element type."""
    as_sets = []
    for position, value in enumerate(given):
        converted = convert(
            not_null(value, f"argument {position + 1}"), Type("set", element=DYNAMIC)
        )
        assert isinstance(converted, Known)
        as_sets.append(converted)
    element_types = []
    for value in as_sets:
        element = (type_of(value) or DYNAMIC).element or DYNAMIC
        if value.data or element != DYNAMIC:  # an empty set of any type takes the others' type
            element_types.append(element)
    common = unify(element_types) if element_types else DYNAMIC
    if common is None:
        raise FunctionError("given sets must all have compatible element types")
    converted_sets = [convert(s, Type("set", element=common)) for s in as_sets]
    return [s for s in converted_sets if isinstance(s, Known)]


def _operation(name: str, combine: Callable[[list[Known], list[Known]], list[Known]]) -> None:
    @register(TABLE, name)
    def operation(call: Call, first: V, *others: V) -> V:
        if name == "setsubtract" and len(others) != 1:
            raise FunctionError("expects 2 arguments")
        sets = _sets((first, *others))
        result = _members(sets[0])
        for other in sets[1:]:
            result = combine(result, _members(other))
        return located(make_set(result), call.span)


def _members(value: Known) -> list[Known]:
    return [item for item in elements(value) if isinstance(item, Known)]


def _union(left: list[Known], right: list[Known]) -> list[Known]:
    return left + right


def _intersection(left: list[Known], right: list[Known]) -> list[Known]:
    return [v for v in left if any(equal(v, w) for w in right)]


def _subtract(left: list[Known], right: list[Known]) -> list[Known]:
    return [v for v in left if not any(equal(v, w) for w in right)]


_operation("setunion", _union)
_operation("setintersection", _intersection)
_operation("setsubtract", _subtract)
