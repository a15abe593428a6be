"""Reporters are pure functions of a Report: tested on reports built here."""

from __future__ import annotations

import json

from imagelint.findings import CatalogInfo, Finding, Report, Severity, Summary
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


REPORT = Report(
    catalog=CatalogInfo(source="snapshot", as_of="2026-08-21", api_url=None, detail="recorded"),
    summary=Summary(files=3, instances=4, checked=3, unresolved=1),
    findings=(
        finding("image-unknown", Severity.ERROR),
        finding("parse-error", Severity.ERROR, path="broken.tf", line=1),
        finding("value-unresolved", Severity.NOTICE, line=9),
    ),
    warnings=("something to know",),
)


def test_text_lines_hints_and_summary() -> None:
    lines = render_text(REPORT).splitlines()
    assert lines[0] == "main.tf:2:11: error [image-unknown] m"
    assert lines[1] == "    hint: h"
    assert lines[2] == "broken.tf:1:11: error [parse-error] m"
    assert lines[-4:] == [
        "3 files (1 NOT PARSED), 4 instances: 3 checked, 1 NOT CHECKED (unresolved)",
        "findings: 2 errors, 0 warnings, 1 notice",
        "catalog: offline snapshot as of 2026-08-21 (recorded)",
        "warning: something to know",
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
    assert doc["summary"]["findings"] == {"error": 2, "warning": 0, "notice": 1}
    assert doc["catalog"] == {"source": "snapshot", "as_of": "2026-08-21", "api_url": None}
    assert doc["findings"][0]["resource"] == "scaleway_instance_server.web"
    assert doc["findings"][1]["hint"] is None
