"""Terraform's numeric functions."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    NotEvaluated,
    Table,
    integer,
    not_null,
    number,
    register,
)
from imagelint.terraform.values import V

# pow() and log() work on float64 in Terraform: they are ported from Go's math package
# operation by operation, so the result is the same double.
TABLE: Table = {}
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@register(TABLE, "abs")
def _abs(call: Call, value: V) -> object:
    return abs(number(value))


@register(TABLE, "ceil")
def _ceil(call: Call, value: V) -> object:
    return number(value).to_integral_value(ROUND_CEILING)


@register(TABLE, "floor")
def _floor(call: Call, value: V) -> object:
    return number(value).to_integral_value(ROUND_FLOOR)


@register(TABLE, "signum")
def _signum(call: Call, value: V) -> object:
    found = integer(value)
    return (found > 0) - (found < 0)


def _numbers(values: tuple[V, ...]) -> list[Decimal]:
    if not values:
        raise FunctionError("must pass at least one number")
    return [number(v, "each argument") for v in values]


@register(TABLE, "min")
def _min(call: Call, *values: V) -> object:
    return min(_numbers(values))


@register(TABLE, "max")
def _max(call: Call, *values: V) -> object:
    return max(_numbers(values))


def _double(value: float) -> Decimal:
    if math.isinf(value) or math.isnan(value):
        raise NotEvaluated("infinite results are not evaluated")
    return Decimal(repr(value))  # Terraform prints a float64 result with its shortest digits


@register(TABLE, "pow")
def _pow(call: Call, base: V, exponent: V) -> object:
    return _double(go_pow(float(number(base)), float(number(exponent))))


def go_pow(x: float, y: float) -> float:
    """Go's math.Pow for the cases that need neither Exp nor Log."""
    if y == 0 or x == 1:
        return 1.0
    if y == 1:
        return x
    if y in (0.5, -0.5):
        root = math.sqrt(x) if x >= 0 else math.nan
        return root if y > 0 else 1 / root
    fraction, whole = math.modf(abs(y))
    if fraction != 0 or x == 0 or math.isinf(x) or whole >= 2**63:
        raise NotEvaluated("pow() with this base and exponent is not evaluated")
    mantissa, exponent = 1.0, 0
    x1, xe = math.frexp(x)
    count = int(whole)
    while count:
        if xe < -(1 << 12) or xe > (1 << 12):
            exponent += xe
            break
        if count & 1:
            mantissa *= x1
            exponent += xe
        x1 *= x1
        xe <<= 1
        if x1 < 0.5:
            x1 += x1
            xe -= 1
        count >>= 1
    if y < 0:
        mantissa, exponent = 1 / mantissa, -exponent
    try:
        return math.ldexp(mantissa, exponent)
    except OverflowError:
        return math.inf


@register(TABLE, "log")
def _log(call: Call, value: V, base: V) -> object:
    return _double(go_log(float(number(value))) / go_log(float(number(base, "base"))))


_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_L = (
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
)


def go_log(x: float) -> float:
    """Go's math.Log (FreeBSD's e_log.c), one float64 operation at a time."""
    if math.isnan(x) or x < 0:
        raise NotEvaluated("the logarithm of a negative number is not evaluated")
    if x == 0 or math.isinf(x):
        raise NotEvaluated("infinite results are not evaluated")
    f1, ki = math.frexp(x)
    if f1 < math.sqrt(2) / 2:
        f1 *= 2
        ki -= 1
    f = f1 - 1
    k = float(ki)
    s = f / (2 + f)
    s2 = s * s
    s4 = s2 * s2
    t1 = s2 * (_L[0] + s4 * (_L[2] + s4 * (_L[4] + s4 * _L[6])))
    t2 = s4 * (_L[1] + s4 * (_L[3] + s4 * _L[5]))
    r = t1 + t2
    hfsq = 0.5 * f * f
    return k * _LN2_HI - ((hfsq - (s * (hfsq + r) + k * _LN2_LO)) - f)


@register(TABLE, "parseint")
def _parseint(call: Call, value: V, base: V) -> object:
    known = not_null(value, "number")
    if not isinstance(known.data, str):
        raise FunctionError(f"first argument must be a string, not {known.type}")
    radix = integer(base, "base")
    if not 2 <= radix <= 62:
        raise FunctionError("base must be a whole number between 2 and 62 inclusive")
    digits = known.data
    sign = -1 if digits.startswith("-") else 1
    digits = digits[1:] if digits[:1] in ("-", "+") else digits
    alphabet = _DIGITS[:radix] if radix > 36 else _DIGITS[:radix] + _DIGITS[10:radix].upper()
    lookup = {c: (_DIGITS.index(c.lower()) if radix <= 36 else _DIGITS.index(c)) for c in alphabet}
    if not digits or any(c not in lookup for c in digits):
        raise FunctionError(f"cannot parse {known.data!r} as a base {radix} integer")
    total = 0
    for char in digits:
        total = total * radix + lookup[char]
    return sign * total
