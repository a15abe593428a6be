"""`--format json`: the stable, versioned shape other formats and tools build on."""

from __future__ import annotations

import json

from imagelint.findings import Finding, Report, Severity
from imagelint.reporters.style import PLAIN, Style

VERSION = 1  # fields are only ever added within a version


def render(report: Report, style: Style = PLAIN) -> str:
    del style  # one document whatever the terminal: colour, quiet and statistics are for people
    # ensure_ascii (json's default, stated because it matters): every control, C1, bidi and
    # non-ASCII character is written as a \u escape, so the document is plain ASCII, never
    # carries a raw ESC to a terminal that shows it, and still decodes to the exact text.
    return json.dumps(to_dict(report), indent=2, ensure_ascii=True) + "\n"


def to_dict(report: Report) -> dict[str, object]:
    return {
        "version": VERSION,
        "catalog": {
            "source": report.catalog.source,
            "as_of": report.catalog.as_of,
            "api_url": report.catalog.api_url,
        },
        "summary": {
            "files": report.summary.files,
            "skipped": report.summary.skipped,
            "suppressed": report.summary.suppressed,
            "baselined": report.summary.baselined,
            "baseline_stale": report.summary.baseline_stale,
            "instances": report.summary.instances,
            "checked": report.summary.checked,
            "unresolved": report.summary.unresolved,
            "unresolved_by_kind": dict(report.summary.unresolved_by_kind),
            "findings": {s.value: report.count(s) for s in Severity},
        },
        "warnings": list(report.warnings),
        "findings": [_finding(f) for f in report.findings],
    }


def _finding(f: Finding) -> dict[str, object]:
    doc: dict[str, object] = {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "resource": f.resource,
        "fingerprint": f.fingerprint,
    }
    if f.related:  # optional: only findings whose value came through references have it
        doc["related"] = [
            {
                "path": r.path,
                "line": r.line,
                "column": r.column,
                "end_line": r.end_line,
                "end_column": r.end_column,
                "message": r.message,
            }
            for r in f.related
        ]
    return doc
