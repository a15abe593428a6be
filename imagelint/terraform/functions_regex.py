"""Go's RE2 regular expressions, run on Python's re."""

from __future__ import annotations

import re
from functools import lru_cache

from imagelint.model import Span
from imagelint.terraform.functions_base import FunctionError, NotEvaluated
from imagelint.terraform.values import Known, V, mapping, null, sequence, string

# Patterns are translated where the two differ (ASCII \d \w \s \b and POSIX classes, `$`,
# `\z`, `{,n}`, `(?<name>`, empty matches), rejected where Go rejects them (lookaround,
# backreferences), and refused where a translation would be a guess (Unicode classes, flags set
# mid-pattern, ungreedy mode, octal escapes).
_WORD = "0-9A-Za-z_"
_CLASS_ESCAPES = {"d": "0-9", "w": _WORD, "s": "\\t\\n\\f\\r "}
_ESCAPES = {k: f"[{v}]" for k, v in _CLASS_ESCAPES.items()}
_ESCAPES |= {k.upper(): f"[^{v}]" for k, v in _CLASS_ESCAPES.items()}
_ESCAPES["b"] = f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_ESCAPES["B"] = f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"
_ESCAPES["z"] = "\\Z"
_GO_ONLY = "pPQx0C"  # escapes whose Go meaning Python lacks or spells otherwise
# Go's ASCII classes, [[:name:]], as Python class contents.
_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_POSIX_RE = re.compile(r"\[:(\^?)([a-z]+):\]")
_GROUP = re.compile(r"\(\?(?:P?<(\w+)>|([imsU-]*)([:)]))")
_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_REPEAT_LIMIT = 1000
_HEX = re.compile(r"\\x[0-9A-Fa-f]{2}")
_OCTAL = re.compile("[0-7]")


@lru_cache(maxsize=256)
def compile_go(pattern: str) -> re.Pattern[str]:
    """The Python equivalent of Go's regexp.Compile(pattern)."""
    leading = _GROUP.match(pattern)
    multiline = leading is not None and leading.group(3) == ")" and "m" in leading.group(2)
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and (hexa := _HEX.match(pattern, index)):
            out.append(hexa.group(0))
            index = hexa.end()
            continue
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if not escaped:
                raise FunctionError(
                    "error parsing pattern: trailing backslash at end of expression"
                )
            if escaped in "123456789" and not _OCTAL.match(pattern, index + 2):
                raise FunctionError(f"error parsing pattern: invalid escape sequence \\{escaped}")
            out.append(_escape(escaped, in_class))
            index += 2
            continue
        if in_class:
            posix = _POSIX_RE.match(pattern, index) if char == "[" else None
            if posix is not None:
                if posix.group(1) or posix.group(2) not in _POSIX:
                    raise NotEvaluated(f"the class {posix.group(0)} is not evaluated")
                out.append(_POSIX[posix.group(2)])
                index = posix.end()
                continue
            in_class = char != "]"
            out.append("\\[" if char == "[" else char)  # Python warns about a bare [ here
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern.startswith("^", index + 1):
                out.append("^")
                index += 1
            if pattern.startswith("]", index + 1):  # a leading ] is literal, as in Python
                out.append("\\]")
                index += 1
        elif char == "(" and pattern.startswith("(?", index):
            group = _GROUP.match(pattern, index)
            if group is None:
                raise FunctionError("error parsing pattern: invalid or unsupported Perl syntax")
            name, flags, end = group.groups()
            if name is not None and not name.isidentifier():
                raise NotEvaluated(f"the group name {name!r} is not evaluated")
            if flags and "U" in flags:
                raise NotEvaluated("the ungreedy flag (?U) is not evaluated")
            if (end == ")" and index > 0) or (flags and "m" in flags and end == ":"):
                raise NotEvaluated("flags set inside a pattern are not evaluated")
            out.append(f"(?P<{name}>" if name else group.group(0))
            index = group.end()
            continue
        elif char == "$" and not multiline:
            out.append("\\Z")  # Go's $ is the end of the text, Python's also before a last \n
        elif char == "{" and pattern.startswith("{,", index):
            out.append("\\{")  # Go reads x{,n} literally; Python as a repetition
        elif char == "{" and (repeat := _REPEAT.match(pattern, index)) is not None:
            if any(int(n) > _REPEAT_LIMIT for n in repeat.groups() if n):
                raise FunctionError("error parsing pattern: invalid repeat count")
            out.append(char)
        elif char in "*+?" and pattern[index + 1 : index + 2] in ("*", "+"):
            raise FunctionError("error parsing pattern: invalid nested repetition operator")
        else:
            out.append(char)
        index += 1
    try:
        return re.compile("".join(out))
    except re.error as err:
        # What Go accepts and Python does not was translated or refused above; what is
        # left (an unclosed group or class, a repetition of nothing) Go rejects too.
        raise FunctionError(f"error parsing pattern: {err}") from None


def _escape(escaped: str, in_class: bool) -> str:
    if in_class and escaped in _CLASS_ESCAPES:
        return _CLASS_ESCAPES[escaped]
    if in_class and escaped in "DWSbBz":
        raise NotEvaluated(f"\\{escaped} inside a character class is not evaluated")
    if escaped in _ESCAPES:
        return _ESCAPES[escaped]
    if escaped in _GO_ONLY:
        raise NotEvaluated(f"the escape \\{escaped} is not evaluated")
    if not escaped.isascii() or (escaped.isalpha() and escaped not in "afnrtvA"):
        raise FunctionError(f"error parsing pattern: invalid escape sequence \\{escaped}")
    return "\\" + escaped


def _matches(compiled: re.Pattern[str], value: str) -> list[re.Match[str]]:
    """Go's Regexp.allMatches: after an empty match the search moves on one character, and
    an empty match right where the previous match ended is dropped."""
    found: list[re.Match[str]] = []
    position, previous_end = 0, -1
    while position <= len(value):
        match = compiled.search(value, position)
        if match is None:
            break
        if match.end() == position:
            if match.start() != previous_end:
                found.append(match)
            position += 1
        else:
            found.append(match)
            position = match.end()
        previous_end = match.end()
    return found


def replace_all(pattern: str, value: str, template: str) -> str:
    compiled = compile_go(pattern)
    out, position = [], 0
    for match in _matches(compiled, value):
        out.append(value[position : match.start()])
        out.append(_expand(template, match))
        position = match.end()
    out.append(value[position:])
    return "".join(out)


_NAME = re.compile(r"\{(\w+)\}|(\w+)")


def _expand(template: str, match: re.Match[str]) -> str:
    """Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; a malformed `$` stays literal."""
    out: list[str] = []
    before, dollar, rest = template.partition("$")
    while dollar:
        out.append(before)
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
        elif (name := _NAME.match(rest)) is not None:
            out.append(_group(match, name.group(1) or name.group(2)))
            rest = rest[name.end() :]
        else:
            out.append("$")
        before, dollar, rest = rest.partition("$")
    out.append(before)
    return "".join(out)


def _group(match: re.Match[str], name: str) -> str:
    groups = match.re.groupindex
    if name.isascii() and name.isdigit() and (name == "0" or not name.startswith("0")):
        number = int(name)
        return (match.group(number) or "") if number <= match.re.groups else ""
    return (match.group(name) or "") if name in groups else ""


def _result(match: re.Match[str], span: Span) -> V:
    compiled = match.re
    if compiled.groups == 0:
        return string(match.group(0), span)
    names = compiled.groupindex
    if names and len(names) != compiled.groups:
        raise FunctionError(
            "invalid regexp pattern: cannot mix both named and unnamed capture groups"
        )

    def captured(group: str | int) -> Known:
        found = match.group(group)
        return null(span) if found is None else string(found, span)

    if names:
        return mapping({name: captured(name) for name in names}, "object", span)
    return sequence(tuple(captured(i) for i in range(1, compiled.groups + 1)), "tuple", span)


def first_match(pattern: str, value: str, span: Span) -> V:
    match = compile_go(pattern).search(value)
    if match is None:
        raise FunctionError("pattern did not match any part of the given string")
    return _result(match, span)


def all_matches(pattern: str, value: str, span: Span) -> V:
    compiled = compile_go(pattern)
    if compiled.groupindex and len(compiled.groupindex) != compiled.groups:
        raise FunctionError(
            "invalid regexp pattern: cannot mix both named and unnamed capture groups"
        )
    found = tuple(_result(m, span) for m in _matches(compiled, value))
    return sequence(found, "list", span)
