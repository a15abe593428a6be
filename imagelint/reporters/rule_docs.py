"""`imagelint rules` and `imagelint explain RULE`: the rules as a table, a JSON document, or
one rule's documentation from its docstring, with the options it really declares."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal, Protocol

from imagelint.findings import RuleInfo
from imagelint.reporters.escape import escape_controls

RULES_VERSION = 1


class OptionLike(Protocol):
    # imagelint.rule_api.Option, described here: reporters may not import rule_api (it
    # brings the catalog interface with it).
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def default(self) -> object: ...
    @property
    def description(self) -> str: ...


def render_rules(
    rules: Sequence[RuleInfo],
    fmt: Literal["text", "json"],
    *,
    options: Mapping[str, Sequence[OptionLike]] | None = None,
) -> str:
    """The rules as `imagelint rules` prints them; `options` (by rule id) adds each rule's
    declared options to the JSON document."""
    if fmt == "json":
        doc = {
            "version": RULES_VERSION,
            "rules": [_rule(r, (options or {}).get(r.id, ())) for r in rules],
        }
        return json.dumps(doc, indent=2, ensure_ascii=True, default=str) + "\n"
    if not rules:
        return ""
    width = max(len(escape_controls(r.id)) for r in rules)
    lines = (
        f"{escape_controls(r.id):<{width}}  {r.severity.value:<7}  {escape_controls(r.summary)}"
        for r in rules
    )
    return "".join(f"{line}\n" for line in lines)


def _rule(rule: RuleInfo, options: Sequence[OptionLike]) -> dict[str, object]:
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "doc": rule.doc,
        "options": [
            {"name": o.name, "kind": o.kind, "default": o.default, "description": o.description}
            for o in options
        ],
    }


def explain(rule: RuleInfo, options: Sequence[OptionLike]) -> str:
    """The rule's docstring (what, why, PASS/FAIL examples) with its "Options:" paragraph
    replaced by the options the rule declares, their defaults and the severity this run
    gives it: the docstring's own words could have drifted from both."""
    paragraphs = [p.strip("\n") for p in rule.doc.split("\n\n") if p.strip()] or [rule.summary]
    generated = [*_options(options), f"Severity: {rule.severity.value}"]
    at = next((i for i, p in enumerate(paragraphs) if p.lstrip().startswith("Options:")), None)
    if at is not None:
        paragraphs[at : at + 1] = ["\n".join(generated)]
    else:  # before the examples, where the template puts it
        examples = (i for i, p in enumerate(paragraphs) if p.lstrip().startswith(("PASS", "FAIL")))
        paragraphs.insert(next(examples, len(paragraphs)), "\n".join(generated))
    text = "\n\n".join([rule.id, *paragraphs])
    # A plugin's docstring is text we did not write: each line made safe, our breaks kept.
    return "".join(f"{escape_controls(line)}\n" for line in text.split("\n"))


def _options(options: Sequence[OptionLike]) -> list[str]:
    if not options:
        return ["Options: none."]
    lines = ["Options (in .imagelint.yaml, `rules: {RULE: {OPTION: value}}`):"]
    for o in options:
        default = json.dumps(o.default, ensure_ascii=False, default=str)
        lines.append(f"  {o.name} ({o.kind}, default {default}): {o.description}")
    return lines
