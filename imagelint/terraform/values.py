"""Terraform values with provenance: known (where written, and how it got here) or unknown
(with a kind and a sentence). Unknowns stay local: a map with one unknown element is a known
map, so `for_each` over it still expands and a lookup of another key still answers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Context, Decimal
from typing import TypeAlias

from imagelint.model import Hop, Span

Scalar: TypeAlias = str | Decimal | bool | None
# Types as Terraform names them; "dynamic" only for an unknown of unknown type.
COLLECTIONS = ("list", "tuple", "set", "map", "object")
SEQUENCES = ("list", "tuple", "set")
MAPPINGS = ("map", "object")


@dataclass(frozen=True, kw_only=True, eq=False)
class Known:
    """`data` is a scalar, a tuple of elements (list, tuple, set) or a dict of attributes
    (map, object). `span` is where the value was written, or the innermost expression that
    computed it; `chain` the references it came through, outermost first."""

    data: Scalar | tuple[V, ...] | dict[str, V]
    type: str  # "string" "number" "bool" "null" or one of COLLECTIONS
    span: Span | None = None
    chain: tuple[Hop, ...] = ()


@dataclass(frozen=True, kw_only=True, eq=False)
class Unknown:
    kind: str  # one of imagelint.model.UNKNOWN_KINDS
    reason: str
    span: Span | None = None
    chain: tuple[Hop, ...] = ()
    # The address of the data source whose attribute this is (kind "data-source"): a server
    # whose image is data.scaleway_marketplace_image.X.id boots the image X resolves.
    source: str | None = None


V: TypeAlias = Known | Unknown
NULL_TYPE = "null"
# Enough digits for any number Terraform keeps (512-bit floats print ~155 digits).
_DIGITS = Context(prec=1000)
MAX_PLAIN_DIGITS = 4096


def string(text: str, span: Span | None = None) -> Known:
    return Known(data=text, type="string", span=span)


def number(value: Decimal | int, span: Span | None = None) -> Known:
    return Known(data=Decimal(value), type="number", span=span)


def boolean(value: bool, span: Span | None = None) -> Known:
    return Known(data=value, type="bool", span=span)


def null(span: Span | None = None) -> Known:
    return Known(data=None, type=NULL_TYPE, span=span)


def scalar(value: Scalar, span: Span | None = None) -> Known:
    if value is None:
        return null(span)
    if isinstance(value, bool):
        return boolean(value, span)
    if isinstance(value, Decimal):
        return number(value, span)
    return string(value, span)


def sequence(items: tuple[V, ...], type_: str = "tuple", span: Span | None = None) -> Known:
    return Known(data=items, type=type_, span=span)


def mapping(items: Mapping[str, V], type_: str = "object", span: Span | None = None) -> Known:
    return Known(data=dict(items), type=type_, span=span)


def unknown(kind: str, reason: str, span: Span | None = None) -> Unknown:
    return Unknown(kind=kind, reason=reason, span=span)


def is_null(value: V) -> bool:
    return isinstance(value, Known) and value.data is None


def items_of(value: Known) -> tuple[V, ...]:
    """The elements of a sequence, or the values of a mapping in key order."""
    if isinstance(value.data, tuple):
        return value.data
    if isinstance(value.data, dict):
        return tuple(value.data[k] for k in sorted(value.data))
    raise TypeError(f"{value.type} has no elements")


def with_hop(value: V, hop: Hop | None) -> V:
    """The value as seen through one more reference (prepended: the chain reads from the
    attribute towards the written value)."""
    if hop is None:
        return value
    return replace(value, chain=(hop, *value.chain))


def located(value: V, span: Span | None) -> V:
    """A value computed at `span`: it was not written anywhere as it is."""
    if isinstance(value, Unknown):
        return value if value.span is not None else replace(value, span=span)
    return replace(value, span=span, chain=())


def first_unknown(value: V) -> Unknown | None:
    """The first unknown anywhere inside a value, depth first."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value.data, tuple | dict):
        for item in items_of(value):
            found = first_unknown(item)
            if found is not None:
                return found
    return None


def to_plain(value: Known) -> object:
    """Python data for a wholly known value: str, Decimal, bool, None, list, dict.
    The caller checks first_unknown() first."""
    if isinstance(value.data, tuple):
        return [to_plain(_known(v)) for v in value.data]
    if isinstance(value.data, dict):
        return {k: to_plain(_known(v)) for k, v in value.data.items()}
    return value.data


def from_plain(data: object, span: Span | None = None) -> Known:
    """A computed value from Python data, located at `span` with all its elements."""
    if isinstance(data, list | tuple):
        return sequence(tuple(from_plain(d, span) for d in data), "tuple", span)
    if isinstance(data, dict):
        return mapping({str(k): from_plain(v, span) for k, v in data.items()}, "object", span)
    if isinstance(data, int) and not isinstance(data, bool):
        data = Decimal(data)
    if isinstance(data, float):
        data = Decimal(repr(data))
    if data is None or isinstance(data, str | Decimal | bool):
        return scalar(data, span)
    raise TypeError(f"not a Terraform value: {type(data).__name__}")


def _known(value: V) -> Known:
    if isinstance(value, Unknown):
        raise ValueError(f"unknown value: {value.reason}")
    return value


def format_number(value: Decimal) -> str:
    """A number as Terraform converts it to a string: every digit, never an exponent
    (1.5, 1000, 0.001), except for absurd magnitudes a hostile file could write."""
    normal = value.normalize(_DIGITS)
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) <= MAX_PLAIN_DIGITS:
        return format(normal, "f")
    return str(normal)


def as_text(value: Known) -> str | None:
    """A primitive as Terraform converts it to a string; None for null and collections."""
    if isinstance(value.data, bool):
        return "true" if value.data else "false"
    if isinstance(value.data, Decimal):
        return format_number(value.data)
    return value.data if isinstance(value.data, str) else None


def describe(value: V) -> str:
    if isinstance(value, Unknown):
        return "an unknown value"
    article = "an" if value.type[0] in "aeiou" else "a"
    return "null" if value.type == NULL_TYPE else f"{article} {value.type}"


def to_json(value: Known) -> str:
    """jsonencode() of a wholly known value: keys sorted, numbers spelled as Terraform does."""
    if isinstance(value.data, tuple):
        return "[" + ",".join(to_json(_known(v)) for v in value.data) + "]"
    if isinstance(value.data, dict):
        pairs = (f"{_json_string(k)}:{to_json(_known(value.data[k]))}" for k in sorted(value.data))
        return "{" + ",".join(pairs) + "}"
    if isinstance(value.data, Decimal):
        return format_number(value.data)
    if isinstance(value.data, str):
        return _json_string(value.data)
    return json.dumps(value.data)


def _json_string(text: str) -> str:
    # Terraform escapes <, >, & and the line separators as Go's encoding/json does.
    encoded = json.dumps(text, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return encoded


def walk(value: V) -> Iterator[V]:
    """The value and every value inside it."""
    yield value
    if isinstance(value, Known) and isinstance(value.data, tuple | dict):
        for item in items_of(value):
            yield from walk(item)
