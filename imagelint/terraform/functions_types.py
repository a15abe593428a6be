"""Terraform's types as functions need them: a value's type, unification, conversions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from imagelint.terraform.values import Unknown, V

PRIMITIVES = ("string", "number", "bool")


@dataclass(frozen=True)
class Type:
    kind: str  # a primitive, "dynamic" (null: any type), or a collection kind of values.py
    element: Type | None = None  # list, set, map
    items: tuple[Type, ...] = ()  # tuple
    attributes: tuple[tuple[str, Type], ...] = ()  # object, sorted by name


DYNAMIC = Type("dynamic")
STRING = Type("string")


def type_of(value: V) -> Type | None:
    """None for an unknown value, whose type is unknown too."""
    if isinstance(value, Unknown):
        return None
    if value.data is None:
        return DYNAMIC  # a null literal; typed nulls are not tracked
    if value.type in PRIMITIVES:
        return Type(value.type)
    if isinstance(value.data, tuple):
        if value.type == "tuple":
            return Type("tuple", items=tuple(type_of(v) or DYNAMIC for v in value.data))
        return Type(value.type, element=unify([type_of(v) for v in value.data]) or DYNAMIC)
    assert isinstance(value.data, dict)
    if value.type == "object":
        pairs = sorted((k, type_of(v) or DYNAMIC) for k, v in value.data.items())
        return Type("object", attributes=tuple(pairs))
    return Type("map", element=unify([type_of(v) for v in value.data.values()]) or DYNAMIC)


def unify(types: Sequence[Type | None]) -> Type | None:
    """The type all of `types` convert to (cty's UnifyUnsafe), or None; unknowns are ignored."""
    known = [t for t in types if t is not None]
    if not known:
        return DYNAMIC
    kinds = Counter(t.kind for t in known)

    def only(*names: str) -> bool:
        return sum(kinds[n] for n in names) + kinds["dynamic"] == len(known)

    dynamic = kinds["dynamic"] > 0
    if kinds["map"] and only("map"):
        return _collection("map", known, dynamic)
    if kinds["map"] and only("map", "object"):
        mapped = _as_collection(known, "object", _objects_to_map)
        if mapped is not None:
            return mapped
    elif kinds["list"] and only("list"):
        return _collection("list", known, dynamic)
    elif kinds["list"] and only("list", "tuple"):
        listed = _as_collection(known, "tuple", _tuples_to_list)
        if listed is not None:
            return listed
    elif kinds["set"] and only("set"):
        return _collection("set", known, dynamic)
    elif kinds["object"] and only("object"):
        return DYNAMIC if dynamic else _objects(known)
    elif kinds["tuple"] and only("tuple"):
        return DYNAMIC if dynamic else _tuples(known)
    elif kinds["object"] and kinds["tuple"]:
        return None
    # The most general type all others convert to: strings before other primitives.
    for want in sorted(known, key=lambda t: 2 if t == DYNAMIC else 0 if t == STRING else 1):
        if all(convertible(t, want) for t in known):
            return want
    return None


def _checked(result: Type | None, types: list[Type]) -> Type | None:
    ok = result is not None and all(convertible(t, result) for t in types)
    return result if ok else None


def _collection(kind: str, types: list[Type], dynamic: bool) -> Type | None:
    if dynamic:
        return DYNAMIC
    element = unify([t.element for t in types])
    return None if element is None else _checked(Type(kind, element=element), types)


def _as_collection(
    types: list[Type], kind: str, convert: Callable[[list[Type]], Type | None]
) -> Type | None:
    target = convert([t for t in types if t.kind == kind])
    if target is None:
        return None
    merged = unify([target if t.kind == kind else t for t in types])
    return merged if merged is not None and merged.kind == target.kind else None


def _objects(types: list[Type]) -> Type | None:
    names = {name for name, _ in types[0].attributes}
    if any({name for name, _ in t.attributes} != names for t in types):
        return _objects_to_map(types)
    pairs = []
    for name in sorted(names):
        unified = unify([dict(t.attributes)[name] for t in types])
        if unified is None:
            return None
        pairs.append((name, unified))
    return _checked(Type("object", attributes=tuple(pairs)), types) or _objects_to_map(types)


def _objects_to_map(types: list[Type]) -> Type | None:
    element = unify([a for t in types for _, a in t.attributes])
    return None if element is None else _checked(Type("map", element=element), types)


def _tuples(types: list[Type]) -> Type | None:
    if any(len(t.items) != len(types[0].items) for t in types):
        return _tuples_to_list(types)
    items = []
    for index in range(len(types[0].items)):
        unified = unify([t.items[index] for t in types])
        if unified is None:
            return None
        items.append(unified)
    return _checked(Type("tuple", items=tuple(items)), types) or _tuples_to_list(types)


def _tuples_to_list(types: list[Type]) -> Type | None:
    element = unify([i for t in types for i in t.items])
    return None if element is None else _checked(Type("list", element=element), types)


def convertible(source: Type, target: Type) -> bool:
    if DYNAMIC in (source, target) or source == target:
        return True
    if target.kind in PRIMITIVES:
        return source.kind in PRIMITIVES and STRING in (source, target)
    if target.kind in ("list", "set", "map"):
        assert target.element is not None
        parts = _parts(source, "map" if target.kind == "map" else "sequence")
        if parts is None:
            return False
        if target.element == DYNAMIC and source.kind in ("tuple", "object"):
            found = unify(parts)
            return found is not None and (found != DYNAMIC or all(p == DYNAMIC for p in parts))
        return all(convertible(p, target.element) for p in parts)
    if target.kind == "tuple":
        pairs = zip(source.items, target.items, strict=False)
        same = source.kind == "tuple" and len(source.items) == len(target.items)
        return same and all(convertible(s, t) for s, t in pairs)
    if source.kind == "object":
        attrs = dict(source.attributes)
        return all(n in attrs and convertible(attrs[n], t) for n, t in target.attributes)
    if source.kind == "map":
        assert source.element is not None
        return all(convertible(source.element, t) for _, t in target.attributes)
    return False


def _parts(source: Type, shape: str) -> list[Type] | None:
    if shape == "sequence" and source.kind in ("list", "set"):
        return [source.element or DYNAMIC]
    if shape == "map" and source.kind == "map":
        return [source.element or DYNAMIC]
    if shape == "sequence" and source.kind == "tuple":
        return list(source.items)
    if shape == "map" and source.kind == "object":
        return [t for _, t in source.attributes]
    return None


def describe_type(kind: Type) -> str:
    if kind.kind in ("list", "set", "map"):
        return f"{kind.kind} of {describe_type(kind.element or DYNAMIC)}"
    return {"dynamic": "any type"}.get(kind.kind, kind.kind)
