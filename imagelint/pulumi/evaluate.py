"""Static values of a Pulumi YAML program for one stack; anything dynamic is unknown."""

from __future__ import annotations

import re

from imagelint.model import Hop, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq
from imagelint.pulumi.project import Program, Stack

_ROOT = re.compile(r"\s*([A-Za-z_][\w:-]*)")
_STEP = re.compile(r'\.([A-Za-z_][\w-]*)|\[\s*(\d+)\s*\]|\[\s*"([^"]*)"\s*\]')
Step = str | int
# Each level of variables costs a few Python frames: a hostile chain must not exhaust them.
MAX_DEPTH = 100


class Evaluator:
    """Evaluates property values for one variant: the program with one stack's config
    (or none when the project has no stack file)."""

    def __init__(self, program: Program, stack: Stack | None) -> None:
        self.program = program
        self.stack = stack
        self._active: list[str] = []  # variables being evaluated, to report a cycle

    def value(self, node: YNode, where: str, origin: str = "resource") -> Value:
        """The text `node` evaluates to; `where` names it for reasons (`properties.image`)."""
        if isinstance(node, YMap):
            function = _call_name(node)
            if function is not None:
                return _function(function, node)
        if not isinstance(node, YScalar) or node.tag == "null":
            reason = f"{where} is not a single string"
            return Value.unknown(reason, node.span, origin=origin, kind="invalid")
        parts = _parts(node.text)
        if parts is None:
            reason = f"an unterminated ${{ in {node.text!r}"
            return Value.unknown(reason, node.span, origin=origin, kind="invalid")
        if all(isinstance(p, str) for p in parts):
            return Value.of("".join(str(p) for p in parts), node.span, origin=origin)
        hop = Hop(span=node.span, message=f"{where}: {node.text}")
        values = [p if isinstance(p, str) else self._reference(p[0], node) for p in parts]
        for part in values:
            if isinstance(part, Value) and not part.known:
                return _prefixed(part, hop)
        if len(values) == 1 and isinstance(values[0], Value):
            return _prefixed(values[0], hop)
        text = "".join(p if isinstance(p, str) else str(p.text) for p in values)
        return Value.of(text, node.span, origin=origin, chain=(hop,))

    def _reference(self, expr: str, node: YScalar) -> Value:
        parsed = _parse(expr)
        if parsed is None:
            reason = f"${{{expr}}} is not an expression imagelint reads"
            return Value.unknown(reason, node.span, kind="unsupported")
        root, steps = parsed
        if root == "pulumi":
            return self._builtin(steps, node)
        if root in self.program.variables:
            return self._variable(root, steps, node)
        if root in self.program.resources:
            reason = f"${{{expr}}} is an output of resource {root}, known only after `pulumi up`"
            return Value.unknown(reason, node.span, kind="apply-time")
        config = self.config(root)
        if config is not None:
            if steps:
                reason = f"${{{expr}}} reads into structured config, which imagelint does not"
                return Value.unknown(reason, node.span, kind="unsupported")
            return config
        reason = f"${{{expr}}} names no variable, config key or resource of the program"
        return Value.unknown(reason, node.span, kind="invalid")

    def _builtin(self, steps: list[Step], node: YScalar) -> Value:
        name = steps[0] if len(steps) == 1 else None
        if name == "project" and self.program.name:
            return Value.of(self.program.name, node.span, origin="pulumi.project")
        if name == "stack" and self.stack is not None:
            return Value.of(self.stack.name, node.span, origin="pulumi.stack")
        reason = f"pulumi.{name} is known only when Pulumi runs the program"
        if name == "stack":
            reason = "${pulumi.stack} names the stack, and the project has no stack file"
        return Value.unknown(reason, node.span, kind="no-value")

    def _variable(self, name: str, steps: list[Step], node: YScalar) -> Value:
        if name in self._active:
            cycle = " -> ".join([*self._active[self._active.index(name) :], name])
            return Value.unknown(f"variables refer to each other: {cycle}", node.span, kind="cycle")
        if len(self._active) >= MAX_DEPTH:
            reason = f"variables refer to variables more than {MAX_DEPTH} levels deep"
            return Value.unknown(reason, node.span, kind="unsupported")
        key, target = self.program.variables[name]
        for step in steps:
            if isinstance(target, YMap) and isinstance(step, str) and not _is_call(target):
                found = target.get(step)
            elif isinstance(target, YSeq) and isinstance(step, int) and step < len(target.items):
                found = target.items[step]
            else:
                found = None
            if found is None and _is_call(target):
                reason = f"variable {name} is the result of a call made when Pulumi runs"
                return Value.unknown(reason, target.span, kind="data-source")
            if found is None:
                reason = f"variable {name} has no {_steps_text(steps)}"
                return Value.unknown(reason, target.span, kind="invalid")
            target = found
        self._active.append(name)
        try:
            value = self.value(target, f"variable {name}", origin=f"variables.{name}")
        finally:
            self._active.pop()
        return _prefixed(value, Hop(span=key.span, message=f"variable {name}"))

    def config(self, key: str) -> Value | None:
        """A config key's value in this variant: the stack file's, else the project file's
        value or default; None when no config declares or sets it."""
        own = [key] if ":" in key else [f"{self.program.name}:{key}", key]
        if self.stack is not None:
            for name in own:
                node = self.stack.config.get(name)
                if node is not None:
                    return self._config_value(node, f"config {name} of stack {self.stack.name}")
        for name in own:
            entry = self.program.config.get(name)
            if entry is None:
                continue
            _, node = entry
            if isinstance(node, YMap):
                keys = node.keys()
                field = "value" if "value" in keys else "default"
                written = node.get(field)
                if written is not None:
                    return self._config_value(written, f"config {name} {field} in Pulumi.yaml")
                stack = f"stack {self.stack.name}" if self.stack else "any stack"
                reason = f"config {name} has no default and no value in {stack}"
                return Value.unknown(reason, node.span, kind="no-value")
            return self._config_value(node, f"config {name} in Pulumi.yaml")
        return None

    def _config_value(self, node: YNode, origin: str) -> Value:
        if isinstance(node, YMap) and node.get("secure") is not None:
            reason = f"{origin} is a secret: imagelint does not decrypt it"
            return Value.unknown(reason, node.span, origin=origin, kind="unsupported")
        if isinstance(node, YScalar) and node.tag != "null":
            return Value.of(node.text, node.span, origin=origin)
        reason = f"{origin} is not a single value"
        return Value.unknown(reason, node.span, origin=origin, kind="unsupported")


def _function(function: str, node: YMap) -> Value:
    if function == "fn::invoke":
        called = _call_target(node.get(function))
        reason = f"the result of fn::invoke{called}, a call made when Pulumi runs the program"
        return Value.unknown(reason, node.span, kind="data-source")
    reason = f"computed by {function}, which imagelint does not evaluate"
    return Value.unknown(reason, node.span, kind="unknown-function")


def _call_target(node: YNode | None) -> str:
    target = node.get("function") if isinstance(node, YMap) else None
    return f" of {target.text}" if isinstance(target, YScalar) else ""


def _call_name(node: YMap) -> str | None:
    keys = node.keys()
    return next((k for k in keys if k.startswith("fn::")), None)


def _is_call(node: YNode) -> bool:
    return isinstance(node, YMap) and _call_name(node) is not None


def _parts(text: str) -> list[str | tuple[str]] | None:
    """Literal text and `${...}` expressions (as 1-tuples); `$${` is a literal `${`.
    None for an unterminated `${`."""
    parts: list[str | tuple[str]] = []
    literal, index = "", 0
    while index < len(text):
        if text.startswith("$${", index):
            literal, index = literal + "${", index + 3
        elif text.startswith("${", index):
            end = text.find("}", index)
            if end < 0:
                return None
            if literal:
                parts.append(literal)
            parts.append((text[index + 2 : end],))
            literal, index = "", end + 1
        else:
            literal, index = literal + text[index], index + 1
    if literal or not parts:
        parts.append(literal)
    return parts


def _parse(expr: str) -> tuple[str, list[Step]] | None:
    root = _ROOT.match(expr)
    if root is None:
        return None
    steps: list[Step] = []
    position = root.end()
    while position < len(expr.rstrip()):
        step = _STEP.match(expr, position)
        if step is None:
            return None
        name, index, key = step.groups()
        steps.append(int(index) if index is not None else name if name is not None else key)
        position = step.end()
    return root[1], steps


def _steps_text(steps: list[Step]) -> str:
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps).lstrip(".")


def _prefixed(value: Value, hop: Hop) -> Value:
    if value.known:
        return Value.of(str(value.text), value.span, origin=value.origin, chain=(hop, *value.chain))
    return Value.unknown(
        str(value.reason),
        value.span,
        origin=value.origin,
        kind=value.kind,
        chain=(hop, *value.chain),
    )
