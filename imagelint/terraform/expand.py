"""`count` and `for_each` on resources, data sources and module calls: one instance per
index or key, each under its own address, with `count.index` or `each.key`/`each.value`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, TypeVar

from imagelint.model import Span
from imagelint.parsers.hcl_syntax import Body
from imagelint.terraform import values as tv
from imagelint.terraform.traverse import element
from imagelint.terraform.values import V

if TYPE_CHECKING:
    from imagelint.terraform.evaluate import Scope

T = TypeVar("T")
Bindings = Mapping[str, V]
MAX_INSTANCES = 10_000  # a count beyond this is no configuration a person reviews


@dataclass(frozen=True)
class Expansion(Generic[T]):
    """The instances of one block, in Terraform's order (count: by index; for_each: by key)."""

    items: dict[str, T]  # the key as Terraform writes it in addresses ("0", "eu") -> item
    expanded: bool  # count or for_each is set: addresses carry [index] or ["key"]
    by_count: bool = False

    def map(self, items: dict[str, object]) -> Expansion[object]:
        return Expansion(items=items, expanded=self.expanded, by_count=self.by_count)


def expand(body: Body, scope: Scope, header: Span) -> Expansion[tuple[str, Bindings]] | tv.Unknown:
    """Each instance's address suffix and bindings, or why the block cannot be expanded."""
    from imagelint.terraform.evaluate import evaluate

    count = body.attributes.get("count")
    for_each = body.attributes.get("for_each")
    if count is not None and for_each is not None:
        return _invalid('"count" and "for_each" cannot be used together', header)
    if count is not None:
        return _by_count(evaluate(count.expr, scope), count.expr.span)
    if for_each is not None:
        return _by_key(evaluate(for_each.expr, scope), for_each.expr.span)
    return Expansion(items={"": ("", {})}, expanded=False)


def _by_count(value: V, span: Span) -> Expansion[tuple[str, Bindings]] | tv.Unknown:
    if isinstance(value, tv.Unknown):
        return _cannot(value, "count")
    number = value.data
    if isinstance(number, str):
        try:
            number = Decimal(number)
        except ArithmeticError:
            number = None
    if not isinstance(number, Decimal) or isinstance(number, bool) or number != int(number):
        return _invalid(f"count must be a whole number, not {tv.describe(value)}", span)
    if number < 0 or number > MAX_INSTANCES:
        return _invalid(f"count = {int(number)} is out of range (0..{MAX_INSTANCES})", span)
    items: dict[str, tuple[str, Bindings]] = {
        str(i): (f"[{i}]", {"count": tv.mapping({"index": tv.number(i, span)}, span=span)})
        for i in range(int(number))
    }
    return Expansion(items=items, expanded=True, by_count=True)


def _by_key(value: V, span: Span) -> Expansion[tuple[str, Bindings]] | tv.Unknown:
    if isinstance(value, tv.Unknown):
        return _cannot(value, "for_each")
    if value.type in ("list", "tuple"):
        reason = (
            f"for_each must be a map or a set of strings, not {tv.describe(value)}; "
            "Terraform rejects it (convert it with toset())"
        )
        return _invalid(reason, span)
    pairs: list[tuple[str, V]] = []
    if isinstance(value.data, dict):
        pairs = [(k, element(value, value.data[k])) for k in sorted(value.data)]
    elif value.type == "set" and isinstance(value.data, tuple):
        for item in value.data:
            if isinstance(item, tv.Unknown):
                return _cannot(item, "for_each")
            key = tv.as_text(item) if item.type == "string" else None
            if key is None:
                return _invalid(
                    f"for_each set elements must be strings, not {tv.describe(item)}", span
                )
            pairs.append((key, element(value, item)))
    else:
        return _invalid(
            f"for_each must be a map or a set of strings, not {tv.describe(value)}", span
        )
    if len(pairs) > MAX_INSTANCES:
        return _invalid(f"for_each has {len(pairs)} elements (more than {MAX_INSTANCES})", span)
    items: dict[str, tuple[str, Bindings]] = {
        key: (
            f"[{json.dumps(key, ensure_ascii=False)}]",
            {"each": tv.mapping({"key": tv.string(key, span), "value": item}, span=span)},
        )
        for key, item in pairs
    }
    return Expansion(items=items, expanded=True)


def _cannot(value: tv.Unknown, what: str) -> tv.Unknown:
    return tv.Unknown(
        kind=value.kind,
        reason=f"{what} cannot be evaluated: {value.reason}",
        span=value.span,
        chain=value.chain,
    )


def _invalid(reason: str, span: Span) -> tv.Unknown:
    return tv.Unknown(kind="invalid", reason=reason, span=span)
