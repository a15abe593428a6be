"""Terraform functions that pick from collections or rearrange them."""

from __future__ import annotations

from dataclasses import replace

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    NotEvaluated,
    Table,
    attributes,
    elements,
    integer,
    not_null,
    register,
    strings,
    text,
)
from imagelint.terraform.functions_convert import convert
from imagelint.terraform.functions_types import DYNAMIC, STRING, type_of, unify
from imagelint.terraform.functions_unicode import graphemes
from imagelint.terraform.values import (
    Known,
    Unknown,
    V,
    first_unknown,
    mapping,
    null,
    number,
    sequence,
    string,
)

# They return the input elements themselves, so a finding still points where the element was
# written, and an unknown element stays local: it makes the result unknown only where it ends
# up.
TABLE: Table = {}


def _unknown_of(*values: V) -> Unknown | None:
    return next((v for v in values if isinstance(v, Unknown)), None)


@register(TABLE, "lookup", lazy=True)
def _lookup(call: Call, collection: V, key: V, default: V | None = None) -> V:
    # Only the key must be known: the other elements of the map do not matter.
    found = first_unknown(key) or _unknown_of(collection)
    if found is not None:
        return found
    name = text(key, "key")
    items = attributes(collection, "first argument")
    assert isinstance(collection, Known)
    if collection.type == "object":
        if name in items:
            return items[name]
        if default is not None:
            return default
        raise FunctionError(f'the given object has no attribute "{name}"')
    element = (type_of(collection) or DYNAMIC).element or DYNAMIC
    try:
        fallback = None if default is None else convert(default, element)
    except FunctionError:
        raise FunctionError(
            "the default value must have the same type as the map elements"
        ) from None
    if name in items:
        return items[name]
    if fallback is None:
        raise FunctionError(f"lookup failed to find key {name}")
    return fallback


@register(TABLE, "element", lazy=True)
def _element(call: Call, collection: V, index: V) -> V:
    found = first_unknown(index) or _unknown_of(collection)
    if found is not None:
        return found
    position = integer(index, "index")
    known = not_null(collection, "list")
    if known.type not in ("list", "tuple"):
        raise FunctionError(f"cannot read elements from {known.type}")
    items = elements(known)
    if not items:
        raise FunctionError("cannot use element function with an empty list")
    if position < 0 and known.type == "tuple":  # Terraform fails there (a Go panic)
        raise FunctionError(f"invalid index {position}")
    return items[position % len(items)]


@register(TABLE, "coalesce", lazy=True)
def _coalesce(call: Call, *values: V) -> V:
    common = unify([type_of(v) for v in values]) if values else None
    if common is None:
        raise FunctionError("all arguments must have the same type")
    for value in values:
        converted = convert(value, common)
        if isinstance(converted, Unknown) or not _empty(converted, common == STRING):
            return converted
    raise FunctionError("no non-null, non-empty-string arguments")


def _empty(value: Known, strings_only: bool) -> bool:
    return value.data is None or (strings_only and value.data == "")


@register(TABLE, "coalescelist", lazy=True)
def _coalescelist(call: Call, *lists: V) -> V:
    if not lists:
        raise FunctionError("at least one argument is required")
    for value in lists:
        if isinstance(value, Known) and value.data is None:
            # Terraform skips a typed null list and rejects the `null` literal.
            raise NotEvaluated("a null argument depends on its type")
        if isinstance(value, Known) and value.type not in ("list", "tuple"):
            raise FunctionError("coalescelist arguments must be lists or tuples")
    for value in lists:
        if isinstance(value, Unknown) or elements(value):
            return value
    raise FunctionError("no non-null arguments")


@register(TABLE, "concat", lazy=True)
def _concat(call: Call, *lists: V) -> V:
    if not lists:
        raise FunctionError("at least one argument is required")
    found = _unknown_of(*lists)
    if found is not None:
        return found
    for value in lists:
        kind = not_null(value).type
        if kind not in ("list", "tuple"):
            raise FunctionError(f"all arguments must be lists or tuples; got {kind}")
    if all(v.type == "list" for v in lists if isinstance(v, Known)):
        common = unify([type_of(v) for v in lists])
        if common is not None:
            converted = [convert(v, common) for v in lists]
            joined = tuple(e for v in converted if isinstance(v, Known) for e in elements(v))
            return sequence(joined, "list", call.span)
    return sequence(tuple(e for v in lists for e in elements(v)), "tuple", call.span)


@register(TABLE, "merge", lazy=True)
def _merge(call: Call, *maps: V) -> V:
    merged: dict[str, V] = {}
    kinds: set[object] = set()
    for value in maps:
        if isinstance(value, Unknown):
            return value
        kinds.add((value.type, type_of(value)))
        if value.data is not None:
            merged.update(attributes(value, "each argument"))
    # Maps of one type merge into that map type; anything else into an object.
    same = len(kinds) == 1 and isinstance(maps[0], Known) and maps[0].type == "map"
    return mapping(merged, "map" if same else "object", call.span)


@register(TABLE, "flatten", lazy=True)
def _flatten(call: Call, collection: V) -> V:
    flat: list[V] = []

    def walk(value: V) -> Unknown | None:
        for item in elements(value, "flatten() argument"):
            if isinstance(item, Unknown):
                return item  # it may be a list to flatten: the result's shape is unknown
            if item.data is not None and item.type in ("list", "set", "tuple"):
                found = walk(item)
                if found is not None:
                    return found
            else:
                flat.append(item)
        return None

    found = _unknown_of(collection) or walk(collection)
    return found if found is not None else sequence(tuple(flat), "tuple", call.span)


@register(TABLE, "keys", lazy=True)
def _keys(call: Call, collection: V) -> V:
    if isinstance(collection, Unknown):
        return collection
    names = sorted(attributes(collection, "keys() argument"))
    kind = "tuple" if collection.type == "object" else "list"
    return sequence(tuple(string(n, call.span) for n in names), kind, call.span)


@register(TABLE, "values", lazy=True)
def _values(call: Call, collection: V) -> V:
    if isinstance(collection, Unknown):
        return collection
    items = attributes(collection, "values() argument")
    kind = "tuple" if collection.type == "object" else "list"
    return sequence(tuple(items[k] for k in sorted(items)), kind, call.span)


@register(TABLE, "length", lazy=True)
def _length(call: Call, value: V) -> V:
    if isinstance(value, Unknown):
        return value
    known = not_null(value)
    if isinstance(known.data, str):
        return number(len(graphemes(text(known))), call.span)
    if isinstance(known.data, tuple | dict):
        return number(len(known.data), call.span)
    raise FunctionError("argument must be a string, a collection type, or a structural type")


@register(TABLE, "one", lazy=True)
def _one(call: Call, collection: V) -> V:
    found = _unknown_of(collection)
    if found is not None:
        return found
    items = elements(collection, "one() argument")
    if len(items) > 1:
        raise FunctionError("must be a list, set, or tuple value with either zero or one elements")
    return items[0] if items else null(call.span)


@register(TABLE, "zipmap", lazy=True)
def _zipmap(call: Call, keys: V, values: V) -> V:
    found = first_unknown(keys) or _unknown_of(values)
    if found is not None:
        return found
    names = strings(keys, "keys")
    known = not_null(values, "values")
    if known.type not in ("list", "tuple"):
        raise FunctionError("values argument must be a list or tuple value")
    items = elements(known)
    if len(names) != len(items):
        raise FunctionError(f"number of keys ({len(names)}) does not match number of values")
    kind = "map" if known.type == "list" else "object"
    return mapping(dict(zip(names, items, strict=True)), kind, call.span)


@register(TABLE, "reverse", lazy=True)
def _reverse(call: Call, collection: V) -> V:
    found = _unknown_of(collection)
    if found is not None:
        return found
    known = not_null(collection)
    if known.type not in ("list", "set", "tuple"):
        raise FunctionError(f"can only reverse list or tuple values, not {known.type}")
    kind = "tuple" if known.type == "tuple" else "list"
    return sequence(tuple(reversed(elements(known))), kind, call.span)


@register(TABLE, "slice", lazy=True)
def _slice(call: Call, collection: V, start: V, end: V) -> V:
    found = first_unknown(start) or first_unknown(end) or _unknown_of(collection)
    if found is not None:
        return found
    known = not_null(collection)
    if known.type not in ("list", "tuple"):
        raise FunctionError(f"must be a list or tuple value, not {known.type}")
    items = elements(known)
    low, high = integer(start, "start index"), integer(end, "end index")
    if not 0 <= low <= len(items) or not 0 <= high <= len(items):
        raise FunctionError(f"indexes must be between 0 and {len(items)}")
    if low > high:
        raise FunctionError("start index must not be greater than end index")
    return replace(known, data=items[low:high], span=call.span, chain=())
