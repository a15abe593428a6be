"""format() and formatlist(): go-cty's printf verbs, numbers printed as Go prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    NotEvaluated,
    Table,
    elements,
    flag,
    number,
    register,
    text,
)
from imagelint.terraform.functions_gofmt import float_text
from imagelint.terraform.functions_unicode import graphemes
from imagelint.terraform.values import Known, V, format_number, sequence, string, to_json

TABLE: Table = {}
_VERB = re.compile(r"%([-+# 0]*)([1-9][0-9]*)?(?:\.([0-9]*))?(?:\[([1-9][0-9]*)\])?([A-Za-z])")


@dataclass(frozen=True, kw_only=True)
class _Verb:
    raw: str
    flags: str
    width: int | None
    precision: int | None
    mode: str


def render(template: str, args: tuple[V, ...]) -> str:
    """go-cty's formatFSM: the template with each verb replaced by its argument."""
    out: list[str] = []
    index, next_arg, highest = 0, 1, 0
    while index < len(template):
        if template[index] != "%":
            end = template.find("%", index)
            end = len(template) if end < 0 else end
            out.append(template[index:end])
            index = end
            continue
        if template.startswith("%%", index):
            out.append("%")
            index += 2
            continue
        match = _VERB.match(template, index)
        if match is None:
            raise FunctionError(f"invalid format string starting at offset {index}")
        flags, width, precision, position, mode = match.groups()
        argument = int(position) if position else next_arg
        verb = _Verb(
            raw=match.group(0),
            flags=flags,
            width=int(width) if width else None,
            precision=None if precision is None else int(precision or "0"),
            mode=mode,
        )
        if argument > len(args):
            raise FunctionError(f"not enough arguments for {verb.raw!r} at {index}")
        out.append(_append(verb, args[argument - 1]))
        highest, next_arg, index = max(highest, argument), argument + 1, match.end()
    if highest < len(args):
        raise FunctionError(f"too many arguments; only {highest} used by format string")
    return "".join(out)


def _append(verb: _Verb, arg: V) -> str:
    if not isinstance(arg, Known) or arg.data is None:
        if verb.mode == "v":  # a typed null prints as null; the `null` literal fails
            raise NotEvaluated(f"{verb.raw!r} of a null depends on its type")
        raise FunctionError(f"unsupported value for {verb.raw!r}: null value cannot be formatted")
    mode = verb.mode
    if mode == "v":
        if "#" not in verb.flags and isinstance(arg.data, str):
            return _pad(verb, arg.data)
        if "#" not in verb.flags and isinstance(arg.data, Decimal):
            return _pad(verb, float_text(arg.data, "g", None))
        return _pad(verb, to_json(arg))
    if mode == "t":
        return "true" if flag(arg, verb.raw) else "false"
    if mode in "bdoxX":
        return _integer(verb, number(arg, verb.raw))
    if mode in "eEfgG":
        return _float(verb, number(arg, verb.raw))
    if mode in "sq":
        value = text(arg, verb.raw)
        if verb.precision:
            value = "".join(graphemes(value)[: verb.precision])
        return _pad(verb, value if mode == "s" else to_json(string(value)))
    raise FunctionError(f"unsupported format verb {mode!r} in {verb.raw!r}")


def _pad(verb: _Verb, value: str) -> str:
    missing = (verb.width or 0) - len(graphemes(value))
    if missing <= 0:
        return value
    padding = ("0" if "0" in verb.flags else " ") * missing
    return value + padding if "-" in verb.flags else padding + value


def _integer(verb: _Verb, value: Decimal) -> str:
    """big.Int's Format."""
    if value != value.to_integral_value():
        raise FunctionError(f"unsupported value for {verb.raw!r}: an integer is required")
    whole = int(value)
    digits = {"b": "b", "o": "o", "d": "d", "x": "x", "X": "X"}[verb.mode]
    body = format(abs(whole), digits)
    sign = "-" if whole < 0 else "+" if "+" in verb.flags else " " if " " in verb.flags else ""
    prefix = (
        {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb.mode, "") if "#" in verb.flags else ""
    )
    zeros = 0
    if verb.precision is not None:
        if len(body) < verb.precision:
            zeros = verb.precision - len(body)
        elif body == "0" and verb.precision == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(body)
    left = right = 0
    if verb.width is not None and length < verb.width:
        gap = verb.width - length
        if "-" in verb.flags:
            right = gap
        elif "0" in verb.flags and verb.precision is None:
            zeros = gap
        else:
            left = gap
    return " " * left + sign + prefix + "0" * zeros + body + " " * right


def _float(verb: _Verb, value: Decimal) -> str:
    """big.Float's Format."""
    precision = verb.precision
    if precision is None and verb.mode in "eEf":
        precision = 6
    body = float_text(value, verb.mode, precision)
    sign = ""
    if body.startswith("-"):
        sign, body = "-", body[1:]
    elif "+" in verb.flags:
        sign = "+"
    elif " " in verb.flags:
        sign = " "
    gap = max((verb.width or 0) - len(sign) - len(body), 0)
    if "0" in verb.flags:
        return sign + "0" * gap + body
    if "-" in verb.flags:
        return sign + body + " " * gap
    return " " * gap + sign + body


@register(TABLE, "format")
def _format(call: Call, template: V, *args: V) -> object:
    return render(text(template, "format"), args)


@register(TABLE, "formatlist")
def _formatlist(call: Call, template: V, *args: V) -> V:
    pattern = text(template, "format")
    length: int | None = None
    for position, arg in enumerate(args):
        if isinstance(arg, Known) and arg.data is not None and arg.type in ("list", "set", "tuple"):
            size = len(elements(arg))
            if length is not None and size != length:
                raise FunctionError(
                    f"argument {position + 1} has length {size}, which is inconsistent"
                )
            length = size
    rows = []
    for row in range(1 if length is None else length):
        row_args = tuple(_nth(arg, row) for arg in args)
        rows.append(string(render(pattern, row_args), call.span))
    return sequence(tuple(rows), "list", call.span)


def _nth(arg: V, row: int) -> V:
    if isinstance(arg, Known) and arg.data is not None and arg.type in ("list", "set", "tuple"):
        return elements(arg)[row]
    return arg


__all__ = ["format_number", "render"]
