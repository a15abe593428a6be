"""Terraform functions that search, filter, sort or total lists."""

from __future__ import annotations

from decimal import Decimal

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    Table,
    elements,
    flag,
    integer,
    not_null,
    number,
    register,
    text,
)
from imagelint.terraform.functions_convert import convert, equal
from imagelint.terraform.functions_types import DYNAMIC, STRING, Type, type_of, unify
from imagelint.terraform.values import Known, Unknown, V, first_unknown, sequence

# Kept elements are the input elements (converted where Terraform converts them), so they keep
# where they were written.
TABLE: Table = {}
_RANGE_LIMIT = 1024


def as_list(value: V, element: Type = DYNAMIC, what: str = "argument") -> tuple[V, ...]:
    """The elements of a list(element) parameter, converted as Terraform converts them."""
    known = not_null(value, what)
    if known.type not in ("list", "set", "tuple"):
        raise FunctionError(f"{what} must be a list, got {known.type}")
    converted = convert(known, Type("list", element=element))
    return elements(converted)


@register(TABLE, "distinct")
def _distinct(call: Call, collection: V) -> V:
    kept: list[Known] = []
    for item in as_list(collection):
        assert isinstance(item, Known)
        if not any(equal(item, seen) for seen in kept):
            kept.append(item)
    return sequence(tuple(kept), "list", call.span)


@register(TABLE, "range")
def _range(call: Call, *bounds: V) -> object:
    numbers = [number(b, "each argument") for b in bounds]
    if not 1 <= len(numbers) <= 3:
        raise FunctionError("must have one, two, or three arguments")
    if len(numbers) == 1:
        numbers.insert(0, Decimal(0))
    if len(numbers) == 2:
        numbers.append(Decimal(-1) if numbers[1] < numbers[0] else Decimal(1))
    start, end, step = numbers
    if step == 0:
        raise FunctionError("step must not be zero")
    if (step < 0 and end > start) or (step > 0 and end < start):
        raise FunctionError("end must be beyond start in the direction of step")
    out: list[Decimal] = []
    current = start
    while (current > end) if step < 0 else (current < end):
        if len(out) >= _RANGE_LIMIT:
            raise FunctionError(f"more than {_RANGE_LIMIT} values were generated")
        out.append(current)
        current += step
    items = tuple(Known(data=n, type="number", span=call.span) for n in out)
    return Known(data=items, type="list", span=call.span)


@register(TABLE, "contains", lazy=True)
def _contains(call: Call, collection: V, value: V) -> V:
    found = first_unknown(value) if isinstance(collection, Known) else collection
    if found is not None:
        return found
    known = not_null(collection, "list")
    if known.type not in ("list", "tuple", "set"):
        raise FunctionError("argument must be list, tuple, or set")
    assert isinstance(value, Known)
    undecided: Unknown | None = None
    for item in elements(known):
        inner = first_unknown(item)
        if inner is not None:
            undecided = undecided or inner
        elif isinstance(item, Known) and equal(item, value):
            return Known(data=True, type="bool", span=call.span)
    return undecided or Known(data=False, type="bool", span=call.span)


@register(TABLE, "index", lazy=True)
def _index(call: Call, collection: V, value: V) -> V:
    found = first_unknown(value) if isinstance(collection, Known) else collection
    if found is not None:
        return found
    known = not_null(collection, "list")
    if known.type not in ("list", "tuple"):
        raise FunctionError("argument must be a list or tuple")
    items = elements(known)
    if not items:
        raise FunctionError("cannot search an empty list")
    assert isinstance(value, Known)
    for position, item in enumerate(items):
        inner = first_unknown(item)
        if inner is not None:
            return inner
        assert isinstance(item, Known)
        if equal(item, value):
            return Known(data=Decimal(position), type="number", span=call.span)
    raise FunctionError("item not found")


@register(TABLE, "compact")
def _compact(call: Call, collection: V) -> V:
    kept = [
        i for i in as_list(collection, STRING) if isinstance(i, Known) and i.data not in (None, "")
    ]
    return sequence(tuple(kept), "list", call.span)


@register(TABLE, "chunklist")
def _chunklist(call: Call, collection: V, size: V) -> V:
    items = as_list(collection)
    width = integer(size, "size")
    if width < 0:
        raise FunctionError("the size argument must be positive")
    if width == 0:
        chunks = [items] if items else []
    else:
        chunks = [items[i : i + width] for i in range(0, len(items), width)]
    return sequence(tuple(sequence(c, "list", call.span) for c in chunks), "list", call.span)


@register(TABLE, "sort")
def _sort(call: Call, collection: V) -> V:
    items = as_list(collection, STRING)
    for position, item in enumerate(items):
        not_null(item, f"element {position}")
    # Go compares UTF-8 bytes, which orders as Python compares code points.
    ordered = sorted(items, key=lambda i: text(i))
    return sequence(tuple(ordered), "list", call.span)


@register(TABLE, "alltrue")
def _alltrue(call: Call, collection: V) -> object:
    items = as_list(collection, Type("bool"))
    return all(isinstance(i, Known) and i.data is not None and flag(i) for i in items)


@register(TABLE, "anytrue")
def _anytrue(call: Call, collection: V) -> object:
    items = as_list(collection, Type("bool"))
    return any(isinstance(i, Known) and i.data is not None and flag(i) for i in items)


@register(TABLE, "sum")
def _sum(call: Call, collection: V) -> object:
    items = elements(collection, "sum() argument")
    if not items:
        raise FunctionError("cannot sum an empty list")
    message = "argument must be list, set, or tuple of number values"
    total = Decimal(0)
    for item in items:
        if isinstance(item, Known) and item.data is None:
            raise FunctionError(message)
        total += number(item, message)
    return total


@register(TABLE, "matchkeys")
def _matchkeys(call: Call, values: V, keys: V, searchset: V) -> V:
    picked = as_list(values)
    common = unify([type_of(keys), type_of(searchset)])
    if common is None:
        raise FunctionError("keys and searchset must be of the same type")
    element = common.element or DYNAMIC
    wanted, searched = as_list(keys, element), as_list(searchset, element)
    if len(picked) != len(wanted):
        raise FunctionError("length of keys and values should be equal")
    matches = [
        value
        for value, key in zip(picked, wanted, strict=True)
        if any(_same(key, s) for s in searched)
    ]
    return sequence(tuple(matches), "list", call.span)


def _same(left: V, right: V) -> bool:
    return isinstance(left, Known) and isinstance(right, Known) and equal(left, right)
