"""`for` expressions: what a collection iterates as, and the keys Terraform accepts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from imagelint.model import Span
from imagelint.parsers.hcl_syntax import Expr, ForExpr
from imagelint.terraform import values as tv
from imagelint.terraform.operators import Invalid, to_bool
from imagelint.terraform.traverse import element
from imagelint.terraform.values import Known, Unknown, V

Bindings = Mapping[str, V]
Eval = Callable[[Expr, Bindings], V]


def iterate(collection: Known, span: Span) -> list[tuple[V, V]]:
    """(key, value) pairs: index and element of a list or tuple, the element twice for a
    set, key and value of a map or object in lexical key order."""
    data = collection.data
    if collection.type == "set" and isinstance(data, tuple):
        return [(element(collection, item), element(collection, item)) for item in data]
    if isinstance(data, tuple):
        return [(tv.number(i, span), element(collection, item)) for i, item in enumerate(data)]
    if isinstance(data, dict):
        return [(tv.string(key, span), element(collection, data[key])) for key in sorted(data)]
    if data is None:
        raise Invalid("a for expression cannot iterate over null")
    raise Invalid(f"a for expression cannot iterate over {tv.describe(collection)}")


def for_expr(expr: ForExpr, bindings: Bindings, eval_: Eval) -> V:
    collection = eval_(expr.collection, bindings)
    if isinstance(collection, Unknown):
        return collection
    items: list[V] = []
    fields: dict[str, V] = {}
    groups: dict[str, list[V]] = {}
    for key, value in iterate(collection, expr.span):
        scope = {**bindings, expr.value_var: value}
        if expr.key_var is not None:
            scope[expr.key_var] = key
        if expr.condition is not None:
            keep = eval_(expr.condition, scope)
            if isinstance(keep, Unknown):
                return keep
            if not to_bool(keep, "condition of the for expression"):
                continue
        if expr.key is None:
            items.append(eval_(expr.value, scope))
            continue
        name = object_key(eval_(expr.key, scope))
        if isinstance(name, Unknown):
            return name
        if expr.grouping:
            groups.setdefault(name, []).append(eval_(expr.value, scope))
        elif name in fields:
            raise Invalid(
                f'two elements give the key "{name}"; write ... after the value to group them'
            )
        else:
            fields[name] = eval_(expr.value, scope)
    if expr.key is None:
        return tv.sequence(tuple(items), "tuple", expr.span)
    if expr.grouping:
        fields = {
            name: tv.sequence(tuple(group), "tuple", expr.span) for name, group in groups.items()
        }
    return tv.mapping(fields, "object", expr.span)


def object_key(key: V) -> str | Unknown:
    """An object key as Terraform reads it: a string, or a number or bool converted."""
    if isinstance(key, Unknown):
        return key
    name = tv.as_text(key)
    if name is None:
        raise Invalid(f"an object key must be a string, not {tv.describe(key)}")
    return name
