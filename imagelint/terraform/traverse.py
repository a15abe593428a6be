"""Attribute access, indexing and splats on values, as Terraform applies them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal

from imagelint.model import Span
from imagelint.parsers.hcl_syntax import Expr, Splat
from imagelint.terraform import values as tv
from imagelint.terraform.operators import Invalid, parse_number
from imagelint.terraform.values import Known, Unknown, V

Step = str | Expr
Bindings = Mapping[str, V]
Eval = Callable[[Expr, Bindings], V]


def path(root: str, steps: tuple[Step, ...]) -> str:
    """How a reference reads up to a step, for messages: `local.images["ubuntu"]`."""
    return root + "".join(_written(step) for step in steps)


def _written(step: Step) -> str:
    return f".{step}" if isinstance(step, str) else f"[{step.source}]"


def element(container: Known, item: V) -> V:
    """An element as read from its container: it keeps where it was written, and came
    through the references the container came through."""
    if not container.chain:
        return item
    return replace(item, chain=(*container.chain, *item.chain))


def steps(value: V, steps: tuple[Step, ...], where: str, bindings: Bindings, eval_: Eval) -> V:
    """`value` (read from `where`) followed by attribute names and index keys. An element
    keeps where it was written; a step Terraform would reject is an error naming the path."""
    for step in steps:
        if isinstance(value, Unknown):
            return value
        if isinstance(step, str):
            value = attribute(value, step, where)
        else:
            key = eval_(step, bindings)
            if isinstance(key, Unknown):
                return key
            value = index(value, key, where, step.span)
        where += _written(step)
    return value


def attribute(value: Known, name: str, where: str) -> V:
    if isinstance(value.data, dict):
        found = value.data.get(name)
        if found is None:
            what = "attribute" if value.type == "object" else "element"
            raise Invalid(f'{where} has no {what} "{name}"', named=True)
        return element(value, found)
    if value.data is None:
        raise Invalid(f'{where} is null, so it has no attribute "{name}"', named=True)
    raise Invalid(f"{where} is {tv.describe(value)}, which has no attributes", named=True)


def index(value: Known, key: Known, where: str, span: Span) -> V:
    if key.data is None:
        raise Invalid(f"the index of {where} is null", span=span, named=True)
    if value.data is None:
        raise Invalid(f"{where} is null, so it cannot be indexed", span=span, named=True)
    if isinstance(value.data, dict):
        name = tv.as_text(key)
        if name is None:
            raise Invalid(f"{where} is indexed with {tv.describe(key)}", span=span, named=True)
        found = value.data.get(name)
        if found is None:
            raise Invalid(f'{where} has no element "{name}"', span=span, named=True)
        return element(value, found)
    if isinstance(value.data, tuple) and value.type != "set":
        position = _whole(key)
        if position is None or not 0 <= position < len(value.data):
            shown = tv.as_text(key) if key.type in ("string", "number") else tv.describe(key)
            count = len(value.data)
            raise Invalid(
                f"{where} has no element [{shown}] (it has {count})", span=span, named=True
            )
        return element(value, value.data[position])
    if value.type == "set":
        raise Invalid(f"{where} is a set: its elements have no index", span=span, named=True)
    raise Invalid(
        f"{where} is {tv.describe(value)}, which cannot be indexed", span=span, named=True
    )


def _whole(key: Known) -> int | None:
    number = parse_number(key.data) if isinstance(key.data, str) else key.data
    if isinstance(number, bool) or not isinstance(number, Decimal) or not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else None


def splat(expr: Splat, bindings: Bindings, eval_: Eval) -> V:
    """`x[*].a` or `x.*.a`. A splat written right after another applies within each of its
    elements (`x[*].a[*].b` is a tuple of tuples)."""
    chain: list[Splat] = []
    node: Expr = expr
    while isinstance(node, Splat):
        chain.append(node)
        node = node.base
    chain.reverse()
    return _over(eval_(node, bindings), chain, node.source, expr.span, bindings, eval_)


def _over(
    value: V, chain: list[Splat], where: str, span: Span, bindings: Bindings, eval_: Eval
) -> V:
    if not chain or isinstance(value, Unknown):
        return value
    first, rest = chain[0], chain[1:]
    if value.data is None:
        elements: tuple[V, ...] = ()
    elif value.type in tv.SEQUENCES and isinstance(value.data, tuple):
        elements = tuple(element(value, item) for item in value.data)
    else:
        elements = (value,)  # one value that is not a list is a list of one
    where += "[*]"
    results = tuple(
        _over(
            steps(element, first.steps, where, bindings, eval_), rest, where, span, bindings, eval_
        )
        for element in elements
    )
    return tv.sequence(results, "tuple", span)
