"""The static part of Ansible's Jinja: `{{ name }}`, `{{ a.b }}`, `{{ a['b'] }}` and
`| default(literal)`, evaluated lazily against the variables a task sees."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from imagelint.ansible.syntax import MAGIC_VARIABLES
from imagelint.ansible.values import (
    Bound,
    Known,
    Omitted,
    Result,
    Unknown,
    scalar_text,
    with_hop,
)
from imagelint.model import Hop, Span
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq

MAX_DEPTH = 20  # variables referring to variables
MAX_TEXT = 4096  # a rendered value; no image, type or region comes near

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_PATH = re.compile(r"^([A-Za-z_]\w*)((?:\s*(?:\.\s*\w+|\[\s*(?:'[^']*'|\"[^\"]*\"|\d+)\s*\]))*)$")
_STEP = re.compile(r"\.\s*(\w+)|\[\s*(?:'([^']*)'|\"([^\"]*)\"|(\d+))\s*\]")
# `{{- x -}}` only trims the text around the expression.
_WHITESPACE_CONTROL = re.compile(r"^[-+]\s|\s[-+]$")
_FILTER = re.compile(r"^(\w+)\s*(?:\((.*)\))?$", re.DOTALL)
_LOOKUPS = ("lookup", "query", "q")


@dataclass(frozen=True, kw_only=True)
class Env:
    variables: Mapping[str, Bound]
    # Names whose value only exists at run time (register, set_fact, include_vars, an
    # unresolved loop's item), with the reason.
    runtime: Mapping[str, str] = field(default_factory=dict)
    # Names set for some hosts only (group_vars of other groups, host_vars), with where.
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    sealed: tuple[str, ...] = ()  # variable files encrypted with ansible-vault
    # Each variable is rendered once per task (per loop item): `a: "{{ b }}{{ b }}"` nested
    # twenty deep must not take 2**20 renderings.
    _done: dict[str, Result] = field(default_factory=dict, init=False, repr=False, compare=False)
    _active: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def evaluate(self, node: YNode, origin: str, _depth: int = 0) -> Result:
        """A node as Ansible templates it: strings holding `{{ }}` are rendered."""
        if isinstance(node, YScalar) and node.tag == "!vault":
            reason = "the value is encrypted with ansible-vault, which imagelint does not open"
            return Unknown(reason=reason, kind="unsupported", span=node.span)
        if not isinstance(node, YScalar) or node.tag != "str" or "{" not in node.text:
            return Known(data=node, span=node.span, origin=origin)
        if "{%" in node.text or "{#" in node.text:
            reason = "Jinja statements ({% %}) are not evaluated"
            return Unknown(reason=reason, kind="unsupported", span=node.span)
        parts = _EXPRESSION.split(node.text)
        if len(parts) == 3 and not parts[0] and not parts[2]:
            result = self._expression(parts[1].strip(), node.span, _depth)
            if isinstance(result, Omitted):
                return result
            if result.span == node.span:
                return result  # a default() literal, or unknown right here: no hop to show
            hop = Hop(span=node.span, message=f"{{{{ {parts[1].strip()} }}}}")
            return with_hop(result, hop)
        return self._mixed(node, parts, origin, _depth)

    def _mixed(self, node: YScalar, parts: list[str], origin: str, depth: int) -> Result:
        texts: list[str] = []
        hops: list[Hop] = []
        for index, part in enumerate(parts):
            if index % 2 == 0:
                texts.append(part)
                continue
            result = self._expression(part.strip(), node.span, depth)
            if isinstance(result, Omitted):
                reason = f"`{{{{ {part.strip()} }}}}` is omit inside a string"
                return Unknown(reason=reason, kind="invalid", span=node.span)
            if isinstance(result, Unknown):
                return result
            text = scalar_text(result)
            if text is None:
                reason = f"`{{{{ {part.strip()} }}}}` is not a string, number or boolean"
                return Unknown(reason=reason, kind="unsupported", span=result.span)
            texts.append(text)
            if sum(map(len, texts)) > MAX_TEXT:
                reason = f"the rendered text is longer than {MAX_TEXT} characters"
                return Unknown(reason=reason, kind="unsupported", span=node.span)
            if result.span != node.span:
                hops.append(Hop(span=result.span, message=f"{part.strip()} = {text}"))
        return Known(data="".join(texts), span=node.span, origin=origin, chain=tuple(hops))

    def _expression(self, expression: str, span: Span, depth: int) -> Result:
        base, *filters = _split(_WHITESPACE_CONTROL.sub("", expression), "|")
        fallback: str | None = None
        when_false = False  # default(x, true): also for an empty or false value
        for text in filters:
            match = _FILTER.match(text.strip())
            name = match.group(1) if match else text.strip()
            if match is None or name not in ("default", "d") or match.group(2) is None:
                reason = f"the Jinja filter `{name}` in `{{{{ {expression} }}}}` is not evaluated"
                return Unknown(reason=reason, kind="unsupported", span=span)
            fallback, *flags = (a.strip() for a in _split(match.group(2), ","))
            when_false = bool(flags) and flags[0] in ("true", "True", "boolean=true")
            if fallback != "omit" and _literal(fallback) is None:
                reason = f"default({fallback}) in `{{{{ {expression} }}}}` is not a literal"
                return Unknown(reason=reason, kind="unsupported", span=span)
        result = self._base(base.strip(), span, depth)
        undefined = isinstance(result, Unknown) and result.kind == "no-value"
        if when_false and isinstance(result, Known):
            undefined = _falsy(result.data)
        if fallback is None or not undefined:
            return result
        if fallback == "omit":
            return Omitted(span=span)
        return Known(data=str(_literal(fallback)), span=span, origin=f"default({fallback})")

    def _base(self, base: str, span: Span, depth: int) -> Result:
        literal = _literal(base)
        if literal is not None:
            return Known(data=literal, span=span, origin="template literal")
        call = re.match(r"^(\w+)\s*\(", base)
        if call is not None:
            if call.group(1) in _LOOKUPS:
                reason = f"`{base}` is a lookup, run on the controller at run time"
                return Unknown(reason=reason, kind="unknown-function", span=span)
            reason = f"the Jinja call `{base}` is not evaluated"
            return Unknown(reason=reason, kind="unknown-function", span=span)
        path = _PATH.match(base)
        if path is None:
            reason = f"the Jinja expression `{base}` is not evaluated"
            return Unknown(reason=reason, kind="unsupported", span=span)
        name = path.group(1)
        result = self._variable(name, span, depth)
        for step in _STEP.finditer(path.group(2)):
            if not isinstance(result, Known):
                return result
            key = next(group for group in step.groups() if group is not None)
            result = _step(result, key, base, span)
        return result

    def _variable(self, name: str, span: Span, depth: int) -> Result:
        if name in self.runtime:
            return Unknown(reason=self.runtime[name], kind="apply-time", span=span)
        bound = self.variables.get(name)
        if bound is None:
            if name.startswith("ansible_") or name in MAGIC_VARIABLES:
                reason = f"{name} is a fact or magic variable, known only at run time"
                return Unknown(reason=reason, kind="apply-time", span=span)
            if name in self.elsewhere:
                reason = (
                    f"{name} is set in {self.elsewhere[name]}, for some hosts only: "
                    "imagelint does not read which hosts a play runs on"
                )
                return Unknown(reason=reason, kind="unsupported", span=span)
            if self.sealed:
                reason = (
                    f"{name} is not defined in the files imagelint reads; it may be in "
                    f"{', '.join(self.sealed)}, encrypted with ansible-vault"
                )
                return Unknown(reason=reason, kind="unsupported", span=span)
            reason = (
                f"{name} is not defined in play vars, vars_files, role defaults or vars, or "
                "group_vars/all (extra vars and inventory variables are not read)"
            )
            return Unknown(reason=reason, kind="no-value", span=span)
        if name in self._done:
            return self._done[name]
        if name in self._active:
            reason = f"{name} refers to itself through other variables"
            return Unknown(reason=reason, kind="cycle", span=span)
        if depth >= MAX_DEPTH:
            reason = f"{name} is nested more than {MAX_DEPTH} variables deep"
            return Unknown(reason=reason, kind="unsupported", span=span)
        self._active.add(name)
        try:
            result = self.evaluate(bound.node, bound.origin, depth + 1)
        finally:
            self._active.discard(name)
        self._done[name] = result
        return result


def _step(result: Known, key: str, base: str, span: Span) -> Result:
    data = result.data
    child: YNode | None = None
    if isinstance(data, YMap):
        child = data.get(key)
    elif isinstance(data, YSeq) and key.isdigit() and int(key) < len(data.items):
        child = data.items[int(key)]
    if child is None:
        reason = f"`{base}`: {key} is not defined"
        return Unknown(reason=reason, kind="no-value", span=result.span, chain=result.chain)
    return Known(data=child, span=child.span, origin=result.origin, chain=result.chain)


def _literal(text: str) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text
    return {"true": "True", "false": "False", "True": "True", "False": "False"}.get(text)


def _falsy(data: YNode | str) -> bool:
    if isinstance(data, YScalar):
        return data.tag == "null" or data.text in ("", "0") or data.text.lower() == "false"
    if isinstance(data, str):
        return data == ""
    return not data.items


def _split(expression: str, separator: str) -> list[str]:
    """`a | default('x|y')` -> ["a ", " default('x|y')"]: separators outside quotes and
    brackets."""
    parts: list[str] = []
    current: list[str] = []
    quote, depth = "", 0
    for char in expression:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts
