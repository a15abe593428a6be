"""The `rules:` section: each rule's settings and declared options, checked in one place."""

from __future__ import annotations

from collections.abc import Sequence

from imagelint.config_keys import SEVERITIES
from imagelint.config_values import (
    boolean,
    did_you_mean,
    entries,
    fail,
    integer,
    is_null,
    number,
    string,
    strings,
)
from imagelint.findings import Severity
from imagelint.parsers.yaml_tree import YNode, YScalar, YSeq
from imagelint.plugins import LoadedRule
from imagelint.rule_api import Option
from imagelint.settings import RuleSettings, defaults

SETTINGS = ("enabled", "severity", "suppressible")  # what every rule takes
OPTION_KINDS = ("string", "integer", "number", "boolean", "string-list")


def rule_settings(
    configured: Sequence[tuple[str, YScalar, YNode]], rules: Sequence[LoadedRule]
) -> tuple[dict[str, RuleSettings], dict[str, str]]:
    """Settings for every rule in `rules` (the file's over the defaults) and, for each rule
    the file configures, where. ConfigError for an unknown rule, key or option value."""
    by_id = {rule.id: rule for rule in rules}
    found: dict[str, RuleSettings] = {}
    origins: dict[str, str] = {}
    for rule_id, key, node in configured:
        rule = by_id.get(rule_id)
        if rule is None:
            fail(
                key,
                f"rules: unknown rule {rule_id!r}{did_you_mean(rule_id, sorted(by_id))}; "
                "`imagelint rules` lists the installed ones",
            )
        found[rule_id] = _settings(rule, node)
        origins[rule_id] = f"{key.span.path}:{key.span.line}"
    return {r.id: found.get(r.id) or defaults(r) for r in rules}, origins


def _settings(rule: LoadedRule, node: YNode) -> RuleSettings:
    base = defaults(rule)
    if is_null(node):
        return base
    what = f"rule {rule.id}"
    declared = {option.name: option for option in rule.options}
    enabled, severity, suppressible = base.enabled, base.severity, base.suppressible
    options = dict(base.options)
    for name, _, value in entries(node, what, known=[*SETTINGS, *declared]):
        if name == "enabled":
            enabled = boolean(value, f"{what}: enabled")
        elif name == "suppressible":
            suppressible = boolean(value, f"{what}: suppressible")
        elif name == "severity":
            severity = Severity(_choice(value, f"{what}: severity", SEVERITIES))
        else:
            options[name] = option_value(declared[name], value, f"{what}, option {name}")
    return RuleSettings(
        enabled=enabled, severity=severity, suppressible=suppressible, options=options
    )


def option_value(option: Option, node: YNode, what: str) -> object:
    """`node` checked against the option's kind (and its choices, when it declares some)."""
    if is_null(node):
        return option.default
    choices: tuple[str, ...] = option.choices
    if option.kind == "string":
        return _choice(node, what, choices) if choices else string(node, what)
    if option.kind == "string-list":
        values = strings(node, what)
        if choices and isinstance(node, YSeq):
            for item in node.items:
                _choice(item, what, choices)
        return values
    if option.kind == "integer":
        return integer(node, what)
    if option.kind == "number":
        return number(node, what)
    if option.kind == "boolean":
        return boolean(node, what)
    kinds = ", ".join(OPTION_KINDS)
    fail(node, f"{what}: the rule declares kind {option.kind!r}, not one of {kinds}")


def _choice(node: YNode, what: str, choices: Sequence[str]) -> str:
    text = string(node, what)
    if text not in choices:
        fail(
            node,
            f"{what}: {text!r} is not one of {', '.join(choices)}{did_you_mean(text, choices)}",
        )
    return text
