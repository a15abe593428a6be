"""Terraform's string functions, with Go's semantics."""

from __future__ import annotations

from collections.abc import Callable

from imagelint.terraform import functions_regex as regex
from imagelint.terraform import functions_unicode as unicode
from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    Table,
    integer,
    nfc,
    register,
    strings,
    text,
)
from imagelint.terraform.values import V, sequence, string

# Case mappings one character at a time, Go's white space, lengths and offsets in grapheme
# clusters.
TABLE: Table = {}
# Go's unicode.IsSpace; Python's str.isspace() also counts U+001C..U+001F.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
GO_SPACE += "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _one_string(name: str, operation: Callable[[str], str]) -> None:
    @register(TABLE, name)
    def function(call: Call, value: V) -> object:
        return operation(text(value))


_one_string("lower", unicode.lower)
_one_string("upper", unicode.upper)
_one_string("title", unicode.title)
_one_string("strrev", lambda s: "".join(reversed(unicode.graphemes(s))))
_one_string("chomp", lambda s: s.rstrip("\r\n"))
_one_string("trimspace", lambda s: s.strip(GO_SPACE))


@register(TABLE, "trim")
def _trim(call: Call, value: V, cutset: V) -> object:
    return text(value).strip(text(cutset, "cutset"))


@register(TABLE, "trimprefix")
def _trimprefix(call: Call, value: V, prefix: V) -> object:
    return text(value).removeprefix(text(prefix, "prefix"))


@register(TABLE, "trimsuffix")
def _trimsuffix(call: Call, value: V, suffix: V) -> object:
    return text(value).removesuffix(text(suffix, "suffix"))


@register(TABLE, "startswith")
def _startswith(call: Call, value: V, prefix: V) -> object:
    return text(value).startswith(text(prefix, "prefix"))


@register(TABLE, "endswith")
def _endswith(call: Call, value: V, suffix: V) -> object:
    return text(value).endswith(text(suffix, "suffix"))


@register(TABLE, "strcontains")
def _strcontains(call: Call, value: V, part: V) -> object:
    return text(part, "substr") in text(value)


@register(TABLE, "indent")
def _indent(call: Call, spaces: V, value: V) -> object:
    count = integer(spaces, "spaces")
    if count < 0:
        raise FunctionError("spaces must not be negative")
    return text(value).replace("\n", "\n" + " " * count)


@register(TABLE, "split")
def _split(call: Call, separator: V, value: V) -> V:
    sep, whole = text(separator, "separator"), text(value)
    parts = list(whole) if sep == "" else whole.split(sep)  # Go splits "" into characters
    return sequence(tuple(string(nfc(p), call.span) for p in parts), "list", call.span)


@register(TABLE, "join")
def _join(call: Call, separator: V, *lists: V) -> object:
    if not lists:
        raise FunctionError("at least one list is required")
    sep = text(separator, "separator")
    return sep.join(
        item
        for position, items in enumerate(lists)
        for item in strings(items, f"list {position + 1}")
    )


@register(TABLE, "replace")
def _replace(call: Call, value: V, search: V, replacement: V) -> object:
    whole, pattern, substitute = text(value), text(search, "substr"), text(replacement, "replace")
    if len(pattern) > 1 and pattern[0] == "/" and pattern[-1] == "/":
        return regex.replace_all(pattern[1:-1], whole, substitute)
    return whole.replace(pattern, substitute)


@register(TABLE, "substr")
def _substr(call: Call, value: V, offset: V, length: V) -> object:
    clusters = unicode.graphemes(text(value))
    start, count = integer(offset, "offset"), integer(length, "length")
    if start < 0:
        start = max(start + len(clusters), 0)
    elif count == 0:
        return ""
    rest = clusters[start:]
    # Go walks clusters until it has counted `count`; with 0 (after a negative offset) it
    # never does, and keeps them all.
    return "".join(rest if count <= 0 else rest[:count])


@register(TABLE, "regex")
def _regex(call: Call, pattern: V, value: V) -> object:
    return regex.first_match(text(pattern, "pattern"), text(value), call.span)


@register(TABLE, "regexall")
def _regexall(call: Call, pattern: V, value: V) -> object:
    return regex.all_matches(text(pattern, "pattern"), text(value), call.span)
