"""Unicode as Terraform's Go code sees it: grapheme clusters and case mappings."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from imagelint.terraform.functions_base import NotEvaluated

# Python's standard library has no grapheme segmentation (UAX #29). These rules cover
# combining marks, CRLF, emoji modifiers and flags; the scripts where the simple rules are
# wrong are refused rather than guessed.
_REFUSED = (
    (0x1100, 0x11FF),  # Hangul jamo: syllable sequences
    (0xA960, 0xA97F),
    (0xD7B0, 0xD7FF),
    (0x1000, 0x109F),  # Myanmar, Tai Tham, Ahom: spacing marks that do not extend
    (0xA9E0, 0xAA7F),
    (0x1A20, 0x1AAF),
    (0x11700, 0x1174F),
    (0x0600, 0x0605),  # prepended concatenation marks
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x0D4E, 0x0D4E),
    (0x111C2, 0x111C3),
)
_EXTEND_EXTRA = {0x0E33, 0x0EB3, 0x200C}  # spacing marks and a joiner outside Mn/Mc/Me
_ZWJ = "\u200d"


def _refused(code: int) -> bool:
    return any(low <= code <= high for low, high in _REFUSED)


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or code in _EXTEND_EXTRA
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # emoji tag characters
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def graphemes(text: str) -> list[str]:
    """The user-perceived characters of `text`, as Terraform counts them."""
    if text.isascii():
        return _ascii_clusters(text)
    clusters: list[str] = []
    for index, char in enumerate(text):
        if _refused(ord(char)) or (char == _ZWJ and index + 1 < len(text)):
            raise NotEvaluated(f"grapheme clusters of U+{ord(char):04X} are not evaluated")
        joins = clusters and (
            _extends(char)
            or char == _ZWJ
            or (char == "\n" and clusters[-1] == "\r")
            or (_regional(char) and _odd_flag(clusters[-1]))
        )
        if joins:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _odd_flag(cluster: str) -> bool:
    return len(cluster) == 1 and _regional(cluster)


def _ascii_clusters(text: str) -> list[str]:
    if "\r\n" not in text:
        return list(text)
    clusters: list[str] = []
    for char in text:
        if char == "\n" and clusters and clusters[-1] == "\r":
            clusters[-1] = "\r\n"
        else:
            clusters.append(char)
    return clusters


def _simple(char: str, mapped: str) -> str:
    # Go maps one character to one character. Python's full mappings expand a few
    # (ß -> SS); those have no single-character mapping and stay, except İ, whose simple
    # lowercase is i, and the Greek letters with iota subscript, whose simple mappings differ.
    if len(mapped) == 1:
        return mapped
    if char == "\u0130":
        return "i"
    if 0x1F80 <= ord(char) <= 0x1FFF:
        raise NotEvaluated(f"the case mapping of U+{ord(char):04X} is not evaluated")
    return char


def _mapped(text: str, mapping: Callable[[str], str]) -> str:
    if text.isascii():
        return mapping(text)
    return "".join(_simple(char, mapping(char)) for char in text)


def upper(text: str) -> str:
    return _mapped(text, str.upper)


def lower(text: str) -> str:
    return _mapped(text, str.lower)


def title(text: str) -> str:
    """Go's strings.Title: the first letter after a separator in title case."""
    out: list[str] = []
    previous = " "
    for char in text:
        out.append(_simple(char, char.title()) if _separator(previous) else char)
        previous = char
    return "".join(out)


def _separator(char: str) -> bool:
    if char.isascii():
        return not (char.isalnum() or char == "_")
    if unicodedata.category(char) in _LETTER_DIGIT:  # Go's unicode.IsLetter, IsDigit
        return False
    return char.isspace()


_LETTER_DIGIT = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"}
