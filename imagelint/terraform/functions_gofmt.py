"""Numbers and strings spelled as Terraform's Go code spells them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# big.Float's %e/%f/%g work on the 512-bit binary value Terraform holds, not on the decimal
# written: 0.05 rounds up to 0.1 and 1.005 down to 1.00.
_PRECISION = 512  # bits: cty parses every number into a big.Float of this precision


@dataclass(frozen=True)
class Digits:
    """Go's strconv decimal: value = 0.mant * 10**point; `mant` has no leading or trailing
    zeros and is empty for zero."""

    negative: bool
    mant: str
    point: int

    def rounded(self, count: int) -> Digits:
        """Rounded to `count` significant digits, half to even (Go's decimal.round)."""
        mant, point = self.mant, self.point
        if count < 0 or count >= len(mant):
            return self
        halfway = mant[count] == "5" and count + 1 == len(mant)
        up = (count > 0 and int(mant[count - 1]) % 2 == 1) if halfway else mant[count] >= "5"
        if not up:
            mant = mant[:count]
        else:
            keep = count
            while keep > 0 and mant[keep - 1] == "9":
                keep -= 1
            if keep == 0:
                mant, point = "1", point + 1
            else:
                mant = mant[: keep - 1] + str(int(mant[keep - 1]) + 1)
        mant = mant.rstrip("0")
        return Digits(self.negative, mant, point if mant else 0)


def exact_digits(value: Decimal) -> Digits:
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits)).lstrip("0")
    mant = text.rstrip("0")
    return Digits(bool(sign), mant, len(text) + exponent if mant else 0)


def binary_digits(value: Decimal) -> Digits:
    """The exact decimal expansion of the 512-bit float nearest to `value`."""
    exact = Fraction(value)
    if exact == 0:
        return exact_digits(value)
    magnitude = abs(exact)
    shift = _PRECISION - (magnitude.numerator.bit_length() - magnitude.denominator.bit_length())
    while True:
        mantissa = round(magnitude * Fraction(2) ** shift)  # Fraction rounds half to even
        if mantissa.bit_length() > _PRECISION:
            shift -= 1
        elif mantissa.bit_length() < _PRECISION:
            shift += 1
        else:
            break
    # m / 2**s == m * 5**s / 10**s: the string constructor keeps every digit.
    expanded = (
        Decimal(mantissa << -shift) if shift <= 0 else Decimal(f"{mantissa * 5**shift}E-{shift}")
    )
    return exact_digits(-expanded if value < 0 else expanded)


def float_text(value: Decimal, verb: str, precision: int | None) -> str:
    """big.Float.Text(verb, precision) for verb e, E, f, g or G; None is Go's shortest."""
    lower = verb.lower()
    shortest = precision is None
    if precision is None:
        digits = exact_digits(value)
        prec = {"e": len(digits.mant) - 1, "f": max(len(digits.mant) - digits.point, 0)}.get(
            lower, len(digits.mant)
        )
    else:
        digits = binary_digits(value)
        prec = 1 if lower == "g" and precision == 0 else precision
        count = {"e": 1 + prec, "f": digits.point + prec}.get(lower, prec)
        digits = digits.rounded(count)
    sign = "-" if digits.negative else ""
    if lower == "e":
        return sign + _fmt_e(digits, prec, verb)
    if lower == "f":
        return sign + _fmt_f(digits, prec)
    eprec = prec
    if eprec > len(digits.mant) and len(digits.mant) >= digits.point:
        eprec = len(digits.mant)
    if shortest:
        eprec = 6
    exponent = digits.point - 1
    if exponent < -4 or exponent >= eprec:
        prec = min(prec, len(digits.mant))
        return sign + _fmt_e(digits, prec - 1, "e" if verb == "g" else "E")
    if prec > digits.point:
        prec = len(digits.mant)
    return sign + _fmt_f(digits, max(prec - digits.point, 0))


def _fmt_e(digits: Digits, prec: int, verb: str) -> str:
    mant = digits.mant or "0"
    out = mant[0]
    if prec > 0:
        fraction = mant[1 : prec + 1]
        out += "." + fraction + "0" * (prec - len(fraction))
    exponent = digits.point - 1 if digits.mant else 0
    return f"{out}{verb}{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _fmt_f(digits: Digits, prec: int) -> str:
    mant, point = digits.mant, digits.point
    whole = mant[:point] + "0" * (point - len(mant)) if point > 0 else "0"
    if prec <= 0:
        return whole or "0"
    fraction = "".join(mant[i] if 0 <= i < len(mant) else "0" for i in range(point, point + prec))
    return f"{whole or '0'}.{fraction}"


def go_quote(text: str) -> str:
    """strconv.Quote: Go escapes, printable Unicode kept."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif char.isprintable():  # as Go's unicode.IsPrint: no C* or Z* but the space
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {c: "\\" + e for c, e in zip("\a\b\f\n\r\t\v", "abfnrtv", strict=True)}
