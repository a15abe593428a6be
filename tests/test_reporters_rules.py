"""`imagelint rules` (text and JSON) and `imagelint explain RULE`, rendered from the installed
rules' real docstrings and declared options."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from imagelint.findings import BUILTIN_RULES, RuleInfo, Severity
from imagelint.plugins import LoadedRule, discover
from imagelint.reporters import explain, render_rules
from imagelint.rule_api import Option

HOSTILE = "doc\x1b[2J\nforged line\u202e"


def installed() -> tuple[LoadedRule, ...]:
    return discover(untrusted=()).rules


def info(rule: LoadedRule) -> RuleInfo:
    return RuleInfo(id=rule.id, severity=rule.severity, summary=rule.summary, doc=rule.doc)


def by_id(rule_id: str) -> LoadedRule:
    return next(r for r in installed() if r.id == rule_id)


def test_rules_text_is_the_table_imagelint_rules_prints() -> None:
    rules = [info(r) for r in installed()]
    lines = render_rules(rules, "text").splitlines()
    width = max(len(r.id) for r in rules)
    assert len(lines) == len(rules)
    for line, rule in zip(lines, rules, strict=True):
        assert line == f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.summary}"


def test_rules_text_escapes_plugin_text_and_handles_no_rules() -> None:
    rule = RuleInfo(id="x\ny", severity=Severity.NOTICE, summary=HOSTILE, doc=HOSTILE)
    assert render_rules([rule], "text") == "x\\ny  notice   doc\\x1b[2J\\nforged line\\u202e\n"
    assert render_rules([], "text") == ""


def test_rules_json_document() -> None:
    rules = [info(r) for r in installed()] + list(BUILTIN_RULES)
    options = {r.id: r.options for r in installed()}
    text = render_rules(rules, "json", options=options)
    assert text.isascii()
    doc = json.loads(text)
    assert doc["version"] == 1
    assert [r["id"] for r in doc["rules"]] == [r.id for r in rules]
    unresolved = next(r for r in doc["rules"] if r["id"] == "value-unresolved")
    assert unresolved["severity"] == "notice"
    assert unresolved["doc"] == by_id("value-unresolved").doc
    assert [o["name"] for o in unresolved["options"]] == [
        o.name for o in by_id("value-unresolved").options
    ]
    parse_error = next(r for r in doc["rules"] if r["id"] == "parse-error")
    assert parse_error["options"] == []
    assert json.loads(render_rules(rules, "json"))["rules"][0]["options"] == []


def test_explain_a_rule_without_options() -> None:
    rule = by_id("image-unknown")
    text = explain(info(rule), rule.options)
    paragraphs = text.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "image-unknown"
    assert paragraphs[1] == rule.summary
    assert any(p.startswith("Why: ") for p in paragraphs)
    assert "Options: none.\nSeverity: error" in paragraphs
    assert "Default severity" not in text  # the docstring's line gave way to the real one
    assert paragraphs[-1].splitlines()[0].startswith("PASS:")
    assert any(line.startswith("FAIL:") for line in paragraphs[-1].splitlines())


OPTIONS = (
    Option(name="allowed-labels", kind="string-list", default=("a", "b"), description="Labels."),
    Option(name="max-age", kind="integer", default=30, description="Days."),
    Option(name="strict", kind="boolean", default=False, description="Be strict."),
)
DOC = """Summary line.

Why: because.

Options: whatever the docstring said, possibly stale.
Default severity: error.

PASS:  a
FAIL:  b
"""


@pytest.mark.parametrize(
    ("doc", "options", "severity", "expected"),
    [
        (
            DOC,
            OPTIONS,
            Severity.WARNING,
            [
                "r",
                "Summary line.",
                "Why: because.",
                "Options (in .imagelint.yaml, `rules: {RULE: {OPTION: value}}`):\n"
                '  allowed-labels (string-list, default ["a", "b"]): Labels.\n'
                "  max-age (integer, default 30): Days.\n"
                "  strict (boolean, default false): Be strict.\n"
                "Severity: warning",
                "PASS:  a\nFAIL:  b",
            ],
        ),
        (
            "Summary line.\n\nWhy: because.\n\nPASS:  a",
            (),
            Severity.ERROR,
            ["r", "Summary line.", "Why: because.", "Options: none.\nSeverity: error", "PASS:  a"],
        ),
        (
            "Summary line.",
            (),
            Severity.NOTICE,
            ["r", "Summary line.", "Options: none.\nSeverity: notice"],
        ),
        ("", (), Severity.NOTICE, ["r", "s", "Options: none.\nSeverity: notice"]),
    ],
    ids=["options-replaced", "no-options-paragraph", "summary-only", "no-docstring"],
)
def test_explain_sections(
    doc: str, options: tuple[Option, ...], severity: Severity, expected: list[str]
) -> None:
    rule = RuleInfo(id="r", severity=severity, summary="s", doc=doc)
    assert explain(rule, options) == "\n\n".join(expected) + "\n"


def test_explain_uses_the_configured_severity_and_real_options() -> None:
    rule = by_id("value-unresolved")
    configured = replace(info(rule), severity=Severity.ERROR)
    text = explain(configured, rule.options)
    assert "Severity: error" in text
    for option in rule.options:
        assert f"  {option.name} ({option.kind}, default " in text


def test_explain_escapes_plugin_text_line_by_line() -> None:
    rule = RuleInfo(id="r", severity=Severity.NOTICE, summary="s", doc=f"{HOSTILE}\n\nWhy: x")
    option = Option(name="o\x1b", kind="string", default="\x1b", description="d\u2028e")
    lines = explain(rule, (option,)).splitlines()
    assert lines[2:4] == ["doc\\x1b[2J", "forged line\\u202e"]  # our line breaks are kept
    assert '  o\\x1b (string, default "\\u001b"): d\\u2028e' in lines
