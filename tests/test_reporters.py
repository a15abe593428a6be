"""Reporters are pure functions of a Report: tested on reports built here."""

from __future__ import annotations

import json
from dataclasses import replace

from imagelint.findings import CatalogInfo, Finding, Related, Report, Severity, Summary
from imagelint.reporters.json import render as render_json
from imagelint.reporters.text import render as render_text


def finding(rule: str, severity: Severity, path: str = "main.tf", line: int = 2) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message="m",
        hint="h" if rule != "parse-error" else None,
        path=path,
        line=line,
        column=11,
        end_line=line,
        end_column=25,
        resource=None if rule == "parse-error" else "scaleway_instance_server.web",
    )


CHAIN = (
    Related(
        path="modules/app/main.tf",
        line=4,
        column=11,
        end_line=4,
        end_column=20,
        message="var.image",
    ),
    Related(
        path="terraform.tfvars",
        line=1,
        column=9,
        end_line=1,
        end_column=23,
        message="terraform.tfvars entry",
    ),
)

REPORT = Report(
    catalog=CatalogInfo(source="snapshot", as_of="2026-08-21", api_url=None, detail="recorded"),
    summary=Summary(
        files=3,
        instances=4,
        checked=2,
        unresolved=2,
        unresolved_by_kind=(("data-source", 1), ("no-value", 1)),
    ),
    findings=(
        replace(finding("image-unknown", Severity.ERROR), related=CHAIN),
        finding("parse-error", Severity.ERROR, path="broken.tf", line=1),
        finding("value-unresolved", Severity.NOTICE, line=9),
    ),
    warnings=("something to know",),
)


def test_text_lines_hints_chain_and_summary() -> None:
    lines = render_text(REPORT).splitlines()
    assert lines[:5] == [
        "main.tf:2:11: error [image-unknown] m",
        "    hint: h",
        "    via: modules/app/main.tf:4:11: var.image",
        "    via: terraform.tfvars:1:9: terraform.tfvars entry",
        "broken.tf:1:11: error [parse-error] m",
    ]
    assert lines[-4:] == [
        "3 files (1 NOT PARSED), 4 instances: 2 checked, "
        "2 NOT CHECKED (unresolved: 1 data-source, 1 no-value)",
        "findings: 2 errors, 0 warnings, 1 notice",
        "catalog: offline snapshot as of 2026-08-21 (recorded)",
        "warning: something to know",
    ]


def test_text_chain_without_a_hint() -> None:
    report = replace(REPORT, findings=(replace(REPORT.findings[0], hint=None),))
    assert render_text(report).splitlines()[:3] == [
        "main.tf:2:11: error [image-unknown] m",
        "    via: modules/app/main.tf:4:11: var.image",
        "    via: terraform.tfvars:1:9: terraform.tfvars entry",
    ]


def test_text_for_a_clean_live_run() -> None:
    report = Report(
        catalog=CatalogInfo(source="api", as_of="2026-11-26T10:00:00Z", api_url="https://x"),
        summary=Summary(files=1, instances=1, checked=1, unresolved=0),
        findings=(),
    )
    assert render_text(report).splitlines() == [
        "1 file, 1 instance: 1 checked",
        "findings: 0 errors, 0 warnings, 0 notices",
        "catalog: Marketplace API https://x, queried 2026-11-26T10:00:00Z",
    ]


def test_json_counts_and_fields() -> None:
    doc = json.loads(render_json(REPORT))
    assert doc["version"] == 1
    assert doc["summary"] == {
        "files": 3,
        "skipped": 0,
        "instances": 4,
        "checked": 2,
        "unresolved": 2,
        "unresolved_by_kind": {"data-source": 1, "no-value": 1},
        "findings": {"error": 2, "warning": 0, "notice": 1},
    }
    assert doc["catalog"] == {"source": "snapshot", "as_of": "2026-08-21", "api_url": None}
    assert doc["findings"][0]["resource"] == "scaleway_instance_server.web"
    assert doc["findings"][1]["hint"] is None


def test_json_related_only_when_there_is_a_chain() -> None:
    first, *others = json.loads(render_json(REPORT))["findings"]
    assert first["related"] == [
        {
            "path": "modules/app/main.tf",
            "line": 4,
            "column": 11,
            "end_line": 4,
            "end_column": 20,
            "message": "var.image",
        },
        {
            "path": "terraform.tfvars",
            "line": 1,
            "column": 9,
            "end_line": 1,
            "end_column": 23,
            "message": "terraform.tfvars entry",
        },
    ]
    assert all("related" not in f for f in others)


def test_json_always_has_the_unresolved_counts() -> None:
    clean = replace(REPORT, summary=Summary(files=1, instances=1, checked=1, unresolved=0))
    assert json.loads(render_json(clean))["summary"]["unresolved_by_kind"] == {}
