"""`--format junit`: a test suite per file, a failed test case per finding, as ruff, eslint
and regal write it, so CI test views (GitLab, Jenkins, GitHub test reporters) list problems
under the file to open."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from imagelint.findings import PARSE_ERROR, Finding, Report
from imagelint.reporters.style import PLAIN, Style
from imagelint.reporters.text import summary_lines
from imagelint.reporters.xmldoc import for_xml, serialise


def render(report: Report, style: Style = PLAIN) -> str:
    shown = for_xml(report)
    by_file: dict[str, list[Finding]] = {}
    for f in shown.findings:
        by_file.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", name="imagelint")
    for path, findings in by_file.items():
        suite = _suite(root, path, tests=len(findings), failures=len(findings))
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{f.rule} at {f.line}:{f.column}",
                classname=path,
                file=path,
                line=str(f.line),
            )
            # Every severity fails its test case, as in tflint's and ruff's JUnit: a test view
            # has no "notice"; the type says which it was, the exit code stays --fail-on's.
            failure = ET.SubElement(case, "failure", type=f.severity.value, message=f.message)
            failure.text = "\n".join(_details(f))
    if not style.quiet:
        # One passing case for the run itself: a clean run shows as "passed", not "no tests",
        # and the summary and the run's warnings have a place CI views show.
        suite = _suite(root, "imagelint", tests=1, failures=0)
        case = ET.SubElement(suite, "testcase", name="summary", classname="imagelint")
        broken = len({f.path for f in report.findings if f.rule == PARSE_ERROR.id})
        ET.SubElement(case, "system-out").text = "\n".join(summary_lines(shown, broken=broken))
        if shown.warnings:
            ET.SubElement(case, "system-err").text = "\n".join(shown.warnings)
    totals = list(root.iter("testsuite"))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in totals)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in totals)))
    root.set("errors", "0")
    return serialise(root)


def _suite(root: ET.Element, name: str, *, tests: int, failures: int) -> ET.Element:
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
    return ET.SubElement(root, "testsuite", {"name": name, **counts})


def _details(f: Finding) -> list[str]:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}"]
    if f.hint:
        lines.append(f"hint: {f.hint}")
    lines.extend(f"via: {r.path}:{r.line}:{r.column}: {r.message}" for r in f.related)
    return lines
