"""`--format checkstyle`: the checkstyle XML that Jenkins' warnings plugin, reviewdog and
many code review bots read: a `<file>` per path, an `<error>` per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from imagelint.findings import Report, Severity
from imagelint.reporters.style import PLAIN, Style
from imagelint.reporters.xmldoc import for_xml, serialise

# checkstyle's own levels are error, warning, info and ignore.
_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "info"}


def render(report: Report, style: Style = PLAIN) -> str:
    del style  # a document for tools
    shown = for_xml(report)
    root = ET.Element("checkstyle", version="4.3")
    files: dict[str, ET.Element] = {}
    for f in shown.findings:
        if f.path not in files:
            files[f.path] = ET.SubElement(root, "file", name=f.path)
        message = f"{f.message} (hint: {f.hint})" if f.hint else f.message
        ET.SubElement(
            files[f.path],
            "error",
            line=str(f.line),
            column=str(f.column),
            severity=_SEVERITY[f.severity],
            message=message,
            source=f"imagelint.{f.rule}",
        )
    return serialise(root)
