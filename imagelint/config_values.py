"""Configuration values read from YAML nodes one kind at a time; errors point at the node."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import NoReturn

from imagelint.config_keys import NUMBER, ConfigError, Key, range_problem
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq

# Tags a plain configuration value may carry: anything else (`!!python/object`, `!Ref`) is
# refused, whether or not something would construct it.
PLAIN_TAGS = frozenset({"str", "int", "float", "bool", "null"})

_INTEGER = re.compile(r"[-+]?[0-9]+")


def fail(node: YNode, message: str) -> NoReturn:
    span = node.span
    raise ConfigError(f"{span.path}:{span.line}:{span.column}: {message}")


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """` (did you mean 'fail-on'?)`, or nothing when no known name is close."""
    kebab = name.replace("_", "-").lower()
    close = [kebab] if kebab in known else difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def plain_tag(node: YNode, what: str) -> None:
    if node.tag not in PLAIN_TAGS and node.tag not in ("map", "seq"):
        fail(node, f"{what}: tag {node.tag} is not allowed: the configuration holds plain values")


def entries(
    node: YNode, what: str, *, known: Sequence[str] | None
) -> list[tuple[str, YScalar, YNode]]:
    """A mapping's (name, key node, value) in order; ConfigError for a key that is no plain
    name, one set twice, or (with `known`) one not in `known`, with the closest known one.
    `what` prefixes messages: "" at the top of the file."""
    pre = f"{what}: " if what else ""
    plain_tag(node, what or "configuration")
    if not isinstance(node, YMap):
        fail(node, f"{pre}expected a mapping of names to values")
    seen: dict[str, YScalar] = {}
    found = []
    for key, value in node.items:
        if not isinstance(key, YScalar) or key.tag != "str":
            fail(key, f"{pre}keys are plain names")
        if key.text in seen:
            first = seen[key.text].span.line
            fail(key, f"{pre}{key.text!r} is set twice (first at line {first})")
        seen[key.text] = key
        if known is not None and key.text not in known:
            fail(key, f"{pre}unknown key {key.text!r}{did_you_mean(key.text, known)}")
        plain_tag(value, f"{pre}{key.text}")
        found.append((key.text, key, value))
    return found


def is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.tag == "null"


def string(node: YNode, what: str) -> str:
    if not isinstance(node, YScalar) or node.tag != "str":
        fail(node, f"{what}: expected a string{_quote_hint(node)}")
    return node.text


def boolean(node: YNode, what: str) -> bool:
    # YAML 1.1 also reads yes/no/on/off as booleans: only true and false are accepted here,
    # so `enabled: no` cannot be mistaken for the string it looks like elsewhere.
    text = node.text.lower() if isinstance(node, YScalar) else ""
    if not isinstance(node, YScalar) or node.tag != "bool" or text not in ("true", "false"):
        fail(node, f"{what}: expected true or false")
    return text == "true"


def integer(node: YNode, what: str, *, low: float | None = None, high: float | None = None) -> int:
    if not isinstance(node, YScalar) or node.tag != "int" or not _INTEGER.fullmatch(node.text):
        fail(node, f"{what}: expected a whole number")
    return int(_bounded(node, what, int(node.text), low, high))


def number(node: YNode, what: str, *, low: float | None = None, high: float | None = None) -> float:
    numeric = isinstance(node, YScalar) and node.tag in ("int", "float")
    if not numeric or not isinstance(node, YScalar) or not NUMBER.fullmatch(node.text):
        fail(node, f"{what}: expected a number")
    return float(_bounded(node, what, float(node.text), low, high))


def strings(node: YNode, what: str) -> tuple[str, ...]:
    if not isinstance(node, YSeq):
        fail(node, f"{what}: expected a list of strings")
    for item in node.items:
        plain_tag(item, what)
    return tuple(string(item, what) for item in node.items)


def _bounded(node: YNode, what: str, value: float, low: float | None, high: float | None) -> float:
    problem = range_problem(value, low, high)
    if problem:
        fail(node, f"{what}: {problem}")
    return value


def _quote_hint(node: YNode) -> str:
    if isinstance(node, YScalar) and node.tag in ("int", "float", "bool"):
        return f" (YAML reads {node.text} as a {node.tag}: quote it)"
    return ""


def from_node(key: Key, node: YNode) -> object:
    """The value of a key's node in the file; ConfigError at the node if unusable."""
    if key.nullable and is_null(node):
        return key.default
    if key.kind == "number" or (key.kind == "duration" and node.tag in ("int", "float")):
        return number(node, key.name, low=0 if key.kind == "duration" else key.low, high=key.high)
    if key.kind == "integer" or (key.kind == "size" and node.tag == "int"):
        low = 1 if key.kind == "size" else key.low
        return integer(node, key.name, low=low, high=key.high)
    if key.kind == "globs":
        strings(node, key.name)  # a list of strings, or ConfigError
        assert isinstance(node, YSeq)
        return tuple(_glob(item, string(item, key.name), key.name) for item in node.items)
    try:
        return key.from_text(string(node, key.name))
    except ValueError as error:
        fail(node, f"{key.name}: {error}")


def _glob(node: YNode, text: str, name: str) -> str:
    if not text.strip():
        fail(node, f"{name}: an empty pattern matches nothing")
    if text.startswith("/") or "\\" in text:
        fail(
            node,
            f"{name}: {text!r}: patterns use / and match paths relative to the working directory",
        )
    return text
