"""Terraform values to the model's attribute values: a string, or why it is not one."""

from __future__ import annotations

from imagelint.model import Span, Value
from imagelint.terraform import values as tv
from imagelint.terraform.values import V

_SNIPPET = 60


def to_value(value: V, *, at: Span, origin: str = "resource") -> Value | None:
    """The attribute's value as the provider reads it, or None when it is null (Terraform
    treats an attribute set to null as not set). `at` is the attribute's expression, where
    a value that was written nowhere (an environment variable) is shown."""
    if isinstance(value, tv.Unknown):
        return Value.unknown(
            value.reason, value.span or at, origin, kind=value.kind, chain=value.chain
        )
    if value.data is None:
        return None
    span = value.span or (value.chain[-1].span if value.chain else at)
    text = tv.as_text(value)
    if text is None:
        reason = f"the value is {tv.describe(value)}, not a string"
        return Value.unknown(reason, span, origin, kind="invalid", chain=value.chain)
    return Value.of(text, span, origin, chain=value.chain)


def snippet(source: str) -> str:
    """An expression's source on one line, short enough for a message."""
    text = " ".join(source.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 3] + "..."
