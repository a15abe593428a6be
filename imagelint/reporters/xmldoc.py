"""One way to write the XML formats (JUnit, checkstyle): ElementTree, after escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from imagelint.findings import Report
from imagelint.reporters.escape import escape_for_xml, map_text


def for_xml(report: Report) -> Report:
    """`report` with every string safe in XML: ElementTree escapes markup (`<`, `&`, quotes)
    but writes a control character as it is, which makes the document unreadable."""
    return map_text(report, escape_for_xml)


def serialise(root: ET.Element) -> str:
    ET.indent(root)
    # us-ascii: every non-ASCII character becomes a character reference, so no bidi control or
    # separator reaches a terminal that shows the file, and the reader still gets the text.
    body = ET.tostring(root, encoding="us-ascii", xml_declaration=False).decode("ascii")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
