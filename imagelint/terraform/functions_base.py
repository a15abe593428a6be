"""The call, its errors, Terraform's parameter conversions and the registration table."""

from __future__ import annotations

import inspect
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeAlias

from imagelint.model import Span
from imagelint.terraform.values import Known, Unknown, V, first_unknown, format_number, from_plain

Impl: TypeAlias = Callable[["Call"], V]
Table: TypeAlias = dict[str, Impl]


@dataclass(frozen=True, kw_only=True)
class Call:
    """A function call whose arguments are evaluated. Computed results are located at `span`.
    `base_dir` is where file functions resolve relative paths: Terraform resolves them against
    its working directory, the root module's (path.module is relative to it); None: relative
    paths are not read."""

    name: str
    args: tuple[V, ...]
    span: Span
    base_dir: Path | None = None


class FunctionError(Exception):
    """What Terraform would say about these arguments: the call is invalid."""


class NotEvaluated(Exception):
    """A call imagelint cannot evaluate exactly (no guess is made)."""

    def __init__(self, message: str, kind: str = "unsupported") -> None:
        super().__init__(message)
        self.kind = kind


def register(
    table: Table, name: str, *, lazy: bool = False
) -> Callable[[Callable[..., object]], Impl]:
    """Add `fn(call, *args)` to `table` under `name`. Its arity comes from its signature. Unless
    `lazy`, an unknown anywhere in the arguments is the result; otherwise `fn` sees the unknowns.
    `fn` returns a value (kept as is, so an input element keeps where it was written) or Python
    data (a computed value, located at the call; a string in normal form C, as Terraform
    stores every string)."""

    def decorate(fn: Callable[..., object]) -> Impl:
        params = list(inspect.signature(fn).parameters.values())[1:]
        required = sum(p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
        variadic = any(p.kind is p.VAR_POSITIONAL for p in params)
        most = None if variadic else len(params)

        def impl(call: Call) -> V:
            count = len(call.args)
            if count < required or (most is not None and count > most):
                wanted = f"{required}" if most == required else f"{required} to {most}"
                wanted = f"at least {required}" if most is None else wanted
                raise FunctionError(f"expects {wanted} argument(s), got {count}")
            if not lazy:
                for arg in call.args:
                    found = first_unknown(arg)
                    if found is not None:
                        return found
            result = fn(call, *call.args)
            if isinstance(result, Known | Unknown):
                return result
            return from_plain(nfc(result) if isinstance(result, str) else result, call.span)

        table[name] = impl
        return impl

    return decorate


def nfc(text: str) -> str:
    # Terraform stores every string in Unicode normal form C (cty.StringVal normalises).
    return unicodedata.normalize("NFC", text)


def not_null(value: V, what: str = "argument") -> Known:
    if isinstance(value, Unknown):
        raise NotEvaluated(f"{what} is unknown", "no-value")  # callers check unknowns first
    if value.data is None:
        raise FunctionError(f"{what} must not be null")
    return value


def text(value: V, what: str = "argument") -> str:
    """A string parameter: numbers and bools convert, as Terraform converts them."""
    known = not_null(value, what)
    if isinstance(known.data, bool):
        return "true" if known.data else "false"
    if isinstance(known.data, Decimal):
        return format_number(known.data)
    if isinstance(known.data, str):
        return nfc(known.data)
    raise FunctionError(f"{what}: string required, got {known.type}")


def parse_number(raw: str) -> Decimal | None:
    """A string as Terraform reads a number from it (decimal notation only), or None."""
    if any(c not in "0123456789.eE+-" for c in raw) or raw.lstrip("+-")[:1] in ("", "e", "E"):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def number(value: V, what: str = "argument") -> Decimal:
    known = not_null(value, what)
    if isinstance(known.data, Decimal):
        return known.data
    if isinstance(known.data, str):
        parsed = parse_number(known.data)
        if parsed is not None:
            return parsed
        raise FunctionError(f"{what}: a number is required")
    raise FunctionError(f"{what}: number required, got {known.type}")


def integer(value: V, what: str = "argument") -> int:
    """A number Terraform converts to a Go int: it must be whole."""
    found = number(value, what)
    if found != found.to_integral_value():
        raise FunctionError(f"{what}: value must be a whole number, got {format_number(found)}")
    if abs(found) >= 2**63:
        raise FunctionError(f"{what}: value must fit in a 64-bit integer")
    return int(found)


def flag(value: V, what: str = "argument") -> bool:
    known = not_null(value, what)
    if isinstance(known.data, bool):
        return known.data
    if isinstance(known.data, str) and known.data in ("true", "false", "1", "0"):
        return known.data in ("true", "1")
    raise FunctionError(f"{what}: bool required, got {known.type}")


def through(container: Known, item: V) -> V:
    """An element read out of a container came through the references the container came
    through (as when an expression indexes it)."""
    return replace(item, chain=(*container.chain, *item.chain)) if container.chain else item


def elements(value: V, what: str = "argument") -> tuple[V, ...]:
    """The elements of a list, tuple or set."""
    known = not_null(value, what)
    if isinstance(known.data, tuple):
        return tuple(through(known, item) for item in known.data)
    raise FunctionError(f"{what} must be a list, tuple or set, got {known.type}")


def attributes(value: V, what: str = "argument") -> dict[str, V]:
    """The elements of a map or object."""
    known = not_null(value, what)
    if isinstance(known.data, dict):
        return {name: through(known, item) for name, item in known.data.items()}
    raise FunctionError(f"{what} must be a map or object, got {known.type}")


def strings(value: V, what: str = "argument") -> list[str]:
    """A list(string) parameter: every element converted to a string, none null."""
    items = elements(value, what)
    return [text(item, f"element {i} of {what}") for i, item in enumerate(items)]
