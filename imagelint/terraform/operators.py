"""Terraform's operators on values, with its operand conversions and its 512-bit numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction
from typing import TypeVar

from imagelint.model import Span
from imagelint.terraform import values as tv
from imagelint.terraform.values import Known, Unknown, V

# Terraform's numbers are binary floats with a 512-bit mantissa (about 154 decimal digits).
# Decimals of up to _EXACT digits are the shortest spelling of their nearest such float, so
# they are kept as computed; longer results are rounded the way Terraform rounds them.
_BITS = 512
_EXACT = 150
_WORK = Context(prec=_EXACT + 30)
# What Go's big.ParseFloat reads in base 10 (Terraform's string-to-number conversion).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ARITHMETIC = ("+", "-", "*", "/", "%")
_ORDER = ("<", ">", "<=", ">=")


T = TypeVar("T")


class Invalid(Exception):
    """An operation Terraform would reject. `span` locates it when that is narrower than
    the expression (an index); `named` says the message already names what failed."""

    def __init__(self, message: str, *, span: Span | None = None, named: bool = False) -> None:
        super().__init__(message)
        self.span = span
        self.named = named


def binary(op: str, left: V, right: V, span: Span) -> V:
    """`left op right`, computed at `span`. An unknown operand is the result, unless the
    other operand already makes the operation invalid."""
    if op in ("==", "!="):
        equal = equals(left, right)
        if isinstance(equal, Unknown):
            return equal
        return tv.boolean(equal == (op == "=="), span)
    if op in ("&&", "||"):
        flags = _converted(op, (left, right), to_bool)
        if isinstance(flags, Unknown):
            return flags
        return tv.boolean(all(flags) if op == "&&" else any(flags), span)
    numbers = _converted(op, (left, right), to_number)
    if isinstance(numbers, Unknown):
        return numbers
    a, b = numbers
    if op in _ORDER:
        result = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return tv.boolean(result, span)
    if op not in _ARITHMETIC:
        raise Invalid(f"unknown operator {op}")
    return tv.number(arithmetic(op, a, b), span)


def unary(op: str, operand: V, span: Span) -> V:
    if op == "!":
        flags = _converted(op, (operand,), to_bool)
        return flags if isinstance(flags, Unknown) else tv.boolean(not flags[0], span)
    numbers = _converted(op, (operand,), to_number)
    return numbers if isinstance(numbers, Unknown) else tv.number(-numbers[0], span)


def _converted(
    op: str, operands: tuple[V, ...], convert: Callable[[Known, str], T]
) -> list[T] | Unknown:
    """The operands converted; the first unknown one instead, once the known ones convert."""
    converted: list[T] = []
    pending: Unknown | None = None
    for position, operand in enumerate(operands):
        if isinstance(operand, Unknown):
            pending = pending or operand
            continue
        side = "operand" if len(operands) == 1 else ("left", "right")[position] + " operand"
        converted.append(convert(operand, f"{side} of {op}"))
    return pending if pending is not None else converted


def arithmetic(op: str, a: Decimal, b: Decimal) -> Decimal:
    if op == "/" and not b:
        raise Invalid("division by zero (Terraform's result is infinite)")
    if op == "%" and not b:
        return a  # Terraform's x % 0 is x
    if op != "/":
        with localcontext(_WORK):
            result = {"+": a + b, "-": a - b, "*": a * b}[op] if op != "%" else a % b
        if len(result.as_tuple().digits) <= _EXACT:
            return result  # `%` keeps the sign of the dividend, as Terraform's
    # Terraform computes on the 512-bit floats nearest to the operands, then rounds.
    x, y = _nearest(Fraction(a)), _nearest(Fraction(b))
    exact = {"+": x + y, "-": x - y, "*": x * y, "/": x / y, "%": _fmod(x, y)}[op]
    return _shortest(exact)


def _fmod(x: Fraction, y: Fraction) -> Fraction:
    quotient = abs(x) // abs(y)
    return x - (quotient if x * y >= 0 else -quotient) * y


def _nearest(exact: Fraction, *, ulp: bool = False) -> Fraction:
    """The 512-bit float nearest to `exact` (half to even, as Go rounds); with `ulp`, the
    distance between it and its neighbours instead."""
    magnitude = abs(exact)
    if magnitude == 0:
        return Fraction(0)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length() - _BITS
    while magnitude >= Fraction(2) ** (exponent + _BITS):
        exponent += 1
    while magnitude < Fraction(2) ** (exponent + _BITS - 1):
        exponent -= 1
    step = Fraction(2) ** exponent
    if ulp:
        return step
    nearest = round(magnitude / step) * step
    return nearest if exact > 0 else -nearest


def _shortest(exact: Fraction) -> Decimal:
    """The shortest decimal that reads back as the 512-bit float nearest to `exact`, as
    Terraform prints and converts numbers (Go's big.Float Text('f', -1))."""
    nearest = _nearest(exact)
    if nearest == 0:
        return Decimal(0)
    half = _nearest(exact, ulp=True) / 2
    value = Decimal(nearest.numerator) / Decimal(nearest.denominator)
    for digits in range(1, _EXACT + 30):
        with localcontext(Context(prec=digits, rounding=ROUND_HALF_EVEN)):
            candidate = +(Decimal(nearest.numerator) / Decimal(nearest.denominator))
        if abs(Fraction(candidate) - nearest) <= half:
            return candidate
    return value


def number_text(value: Decimal) -> str:
    """A number as Terraform converts it to a string: every digit, never an exponent."""
    return tv.format_number(value)


def parse_number(text: str) -> Decimal | None:
    """A string as Terraform converts it to a number, or None."""
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def to_number(value: Known, what: str) -> Decimal:
    if isinstance(value.data, bool):
        raise Invalid(f"the {what} must be a number, not a bool")
    if isinstance(value.data, Decimal):
        return value.data
    if isinstance(value.data, str):
        parsed = parse_number(value.data)
        if parsed is not None:
            return parsed
        raise Invalid(f'the {what} must be a number, and "{value.data}" is not one')
    if value.data is None:
        raise Invalid(f"the {what} is null")
    raise Invalid(f"the {what} must be a number, not {tv.describe(value)}")


def to_bool(value: Known, what: str) -> bool:
    if isinstance(value.data, bool):
        return value.data
    if isinstance(value.data, str) and value.data in ("true", "false"):
        return value.data == "true"
    if value.data is None:
        raise Invalid(f"the {what} is null")
    shown = f'"{value.data}"' if isinstance(value.data, str) else tv.describe(value)
    raise Invalid(f"the {what} must be true or false, not {shown}")


def equals(left: V, right: V) -> bool | Unknown:
    """Terraform's `==`: values of different types are unequal (`1 == "1"`, a list and a
    tuple), nulls are equal whatever their type; an unknown inside makes the answer unknown."""
    for side in (left, right):
        found = tv.first_unknown(side)
        if found is not None:
            return found
    assert isinstance(left, Known) and isinstance(right, Known)
    return _same(left, right)


def _same(left: Known, right: Known) -> bool:
    if left.data is None or right.data is None:
        return left.data is None and right.data is None
    if left.type != right.type:
        return False
    if isinstance(left.data, dict) and isinstance(right.data, dict):
        if left.data.keys() != right.data.keys():
            return False
        return all(_same(_known(left.data[k]), _known(right.data[k])) for k in left.data)
    if isinstance(left.data, tuple) and isinstance(right.data, tuple):
        if len(left.data) != len(right.data):
            return False
        mine, others = [_known(v) for v in left.data], [_known(v) for v in right.data]
        if left.type == "set":  # no order: each element has an equal one in the other set
            return all(any(_same(a, b) for b in others) for a in mine)
        return all(_same(a, b) for a, b in zip(mine, others, strict=True))
    return left.data == right.data


def _known(value: V) -> Known:
    assert isinstance(value, Known)  # equals() checked that no unknown is left
    return value
