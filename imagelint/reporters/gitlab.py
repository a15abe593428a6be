"""`--format gitlab`: a GitLab Code Quality report (a JSON array of issues), which merge
requests show as new and resolved findings, matched across pipelines by fingerprint."""

from __future__ import annotations

import hashlib
import json

from imagelint.findings import Finding, Report, Severity
from imagelint.reporters.style import PLAIN, Style

# GitLab's scale is info, minor, major, critical, blocker. As tflint maps its own (so the two
# rank alike in one merge request): an error is a server that will not boot, critical.
SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.NOTICE: "info"}


def render(report: Report, style: Style = PLAIN) -> str:
    del style  # a document for GitLab
    seen: set[str] = set()
    issues = []
    for f in report.findings:
        fingerprint = _unique(f.fingerprint or _fallback(f), seen)
        description = f"{f.message} (hint: {f.hint})" if f.hint else f.message
        issues.append(
            {
                "description": description,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITY[f.severity],
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    # Exact text, ASCII on the wire, as --format json.
    return json.dumps(issues, indent=2, ensure_ascii=True) + "\n"


def _fallback(f: Finding) -> str:
    # Only a report nobody stamped (imagelint.fingerprint) lacks one; the line keeps two such
    # findings apart, at the price of a new fingerprint when lines move.
    key = json.dumps([f.path, f.resource, f.rule, f.line, f.column, f.message])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _unique(fingerprint: str, seen: set[str]) -> str:
    # GitLab shows one issue per fingerprint: a repeat would hide a finding.
    candidate, n = fingerprint, 1
    while candidate in seen:
        n += 1
        candidate = hashlib.sha256(f"{fingerprint}#{n}".encode()).hexdigest()
    seen.add(candidate)
    return candidate
