"""Reporters are pure functions of a Report: tested on reports built here. The text, compact
and JSON formats; tests/test_reporters_ci.py has the CI formats."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from imagelint.findings import CatalogInfo, Finding, Related, Report, Severity, Summary
from imagelint.reporters import REPORTERS, Style
from imagelint.reporters.json import render as render_json
from imagelint.reporters.text import render as render_text
from imagelint.reporters.text import render_compact


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
    # Issue 8: the run's warnings now come before the summary, which stays the last thing read.
    assert lines[-4:] == [
        "warning: something to know",
        "3 files (1 NOT PARSED), 4 instances: 2 checked, "
        "2 NOT CHECKED (unresolved: 1 data-source, 1 no-value)",
        "findings: 2 errors, 0 warnings, 1 notice",
        "catalog: offline snapshot as of 2026-08-21 (recorded)",
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
        "suppressed": 0,  # added by issue 8, like the three below
        "baselined": 0,
        "baseline_stale": 0,
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


# -- issue 8: warnings, hidden findings, fingerprints, quiet, colour, statistics, compact ------

HIDDEN = replace(
    REPORT,
    summary=replace(REPORT.summary, suppressed=3, baselined=1, baseline_stale=2),
    findings=tuple(replace(f, fingerprint=f"fp{i}") for i, f in enumerate(REPORT.findings)),
)


def test_json_warnings_hidden_counts_and_fingerprints() -> None:
    doc = json.loads(render_json(HIDDEN))
    assert doc["version"] == 1
    assert doc["warnings"] == ["something to know"]
    summary = doc["summary"]
    assert (summary["suppressed"], summary["baselined"], summary["baseline_stale"]) == (3, 1, 2)
    assert [f["fingerprint"] for f in doc["findings"]] == ["fp0", "fp1", "fp2"]


def test_json_ignores_the_style() -> None:
    style = Style(color=True, quiet=True, statistics=True)
    assert REPORTERS["json"](HIDDEN, style) == render_json(HIDDEN)


def test_text_says_what_was_hidden() -> None:
    counts = render_text(HIDDEN).splitlines()[-2]
    assert counts == (
        "findings: 2 errors, 0 warnings, 1 notice "
        "(3 suppressed; 1 in the baseline; 2 stale baseline entries)"
    )
    one_stale = replace(HIDDEN, summary=replace(HIDDEN.summary, suppressed=0, baseline_stale=1))
    assert (
        render_text(one_stale)
        .splitlines()[-2]
        .endswith("(1 in the baseline; 1 stale baseline entry)")
    )


FINDING_LINES = [
    "main.tf:2:11: error [image-unknown] m",
    "broken.tf:1:11: error [parse-error] m",
    "main.tf:9:11: notice [value-unresolved] m",
]
STATISTICS = [
    "findings by rule:",
    "  1  image-unknown",
    "  1  parse-error",
    "  1  value-unresolved",
    "findings by directory:",
    "  3  .",
]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (Style(quiet=True), [*FINDING_LINES]),
        (Style(quiet=True, statistics=True), [*FINDING_LINES, *STATISTICS]),
    ],
    ids=["quiet", "quiet-statistics"],
)
def test_quiet_text_is_findings_only(style: Style, expected: list[str]) -> None:
    report = replace(REPORT, findings=tuple(replace(f, hint=None) for f in REPORT.findings))
    plain = [line for line in render_text(report, style).splitlines() if "via:" not in line]
    assert plain == expected


def test_statistics_follow_the_summary() -> None:
    lines = render_text(REPORT, Style(statistics=True)).splitlines()
    assert lines[-7].startswith("catalog: ")
    assert lines[-6:] == STATISTICS


def test_statistics_count_per_rule_and_directory_most_first() -> None:
    findings = (
        finding("image-unknown", Severity.ERROR, path="modules/app/main.tf"),
        finding("image-unknown", Severity.ERROR, path="modules/app/vars.tf"),
        finding("zone-unknown", Severity.ERROR, path="modules/db/main.tf"),
        *(finding("value-unresolved", Severity.NOTICE, line=n) for n in range(1, 11)),
    )
    lines = render_compact(replace(REPORT, findings=findings), Style(statistics=True))
    assert lines.splitlines()[-8:] == [
        "findings by rule:",
        "  10  value-unresolved",
        "   2  image-unknown",
        "   1  zone-unknown",
        "findings by directory:",
        "  10  .",
        "   2  modules/app",
        "   1  modules/db",
    ]


def test_compact_is_one_line_a_finding() -> None:
    assert render_compact(REPORT).splitlines() == FINDING_LINES
    assert REPORTERS["compact"](REPORT, Style()) == render_compact(REPORT)


COLOUR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("fmt", ["text", "compact"])
def test_colour_only_when_asked_and_only_ours(fmt: str) -> None:
    hostile = replace(
        REPORT,
        findings=tuple(replace(f, message="\x1b[32mforged\x1b[0m") for f in REPORT.findings),
    )
    plain = REPORTERS[fmt](hostile, Style(color=False))
    coloured = REPORTERS[fmt](hostile, Style(color=True))
    assert "\x1b" not in plain
    assert COLOUR.sub("", coloured) == plain  # colour adds escapes and nothing else
    first = coloured.splitlines()[0]
    assert first == (
        "main.tf:2:11: \x1b[1;31merror\x1b[0m [\x1b[35mimage-unknown\x1b[0m] "
        "\\x1b[32mforged\\x1b[0m"
    )
    notice = next(line for line in coloured.splitlines() if "value-unresolved" in line)
    assert "\x1b[1;36mnotice\x1b[0m" in notice


EMPTY = Report(
    catalog=CatalogInfo(source="snapshot", as_of="2026-08-21", api_url=None),
    summary=Summary(files=0, instances=0, checked=0, unresolved=0),
    findings=(),
)


@pytest.mark.parametrize(
    ("fmt", "style", "expected"),
    [
        ("compact", Style(), ""),
        ("text", Style(quiet=True), ""),
        (
            "compact",
            Style(statistics=True),
            "findings by rule:\n  (none)\nfindings by directory:\n  (none)\n",
        ),
        (
            "text",
            Style(),
            "0 files, 0 instances: 0 checked\n"
            "findings: 0 errors, 0 warnings, 0 notices\n"
            "catalog: offline snapshot as of 2026-08-21\n",
        ),
    ],
    ids=["compact", "quiet-text", "statistics", "text"],
)
def test_empty_reports(fmt: str, style: Style, expected: str) -> None:
    assert REPORTERS[fmt](EMPTY, style) == expected


def test_warnings_without_findings_lead_the_summary() -> None:
    lines = render_text(replace(EMPTY, warnings=("a\nb", "c"))).splitlines()
    assert lines[:3] == ["warning: a\\nb", "warning: c", "0 files, 0 instances: 0 checked"]


@pytest.mark.parametrize("fmt", ["text", "compact"])
def test_one_place_shared_by_several_instances_names_each(fmt: str) -> None:
    # A module default reaching web[0] and web[1] makes two findings at one place: each
    # line says which instance, or the two would read as one printed twice.
    shared = finding("image-unknown", Severity.ERROR, line=7)
    alone = replace(finding("zone-unknown", Severity.ERROR, line=9), resource="web")
    report = replace(
        REPORT,
        findings=(replace(shared, resource="web[0]"), replace(shared, resource="web[1]"), alone),
        warnings=(),
    )
    lines = [line for line in REPORTERS[fmt](report).splitlines() if "main.tf:" in line]
    assert lines[0].endswith("(web[0])") and lines[1].endswith("(web[1])")
    assert not lines[2].endswith("(web)")
