"""`--format github`: GitHub Actions workflow commands, so each finding is an annotation on
the pull request's diff; the summary follows as plain log lines."""

from __future__ import annotations

from imagelint.findings import PARSE_ERROR, Finding, Report
from imagelint.reporters.escape import for_terminal
from imagelint.reporters.statistics import statistics
from imagelint.reporters.style import PLAIN, Style
from imagelint.reporters.text import summary_lines

# GitHub's workflow command escaping (toolkit's command.ts): the message may hold anything
# but these; a property value also ends at ',' and must not hold ':'.
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def render(report: Report, style: Style = PLAIN) -> str:
    # The log is a terminal too (it renders colour escapes): escaped first, then encoded, so
    # no repository text can end the command line or start a command of its own.
    shown = for_terminal(report)
    lines = [_annotation(f) for f in shown.findings]
    if not style.quiet:
        lines.extend(f"::warning title=imagelint::{w.translate(_DATA)}" for w in shown.warnings)
        broken = len({f.path for f in report.findings if f.rule == PARSE_ERROR.id})
        # Plain lines: an annotation for the summary would be one more on every pull request.
        lines.extend(f"imagelint: {line}" for line in summary_lines(shown, broken=broken))
    if style.statistics:
        lines.extend(statistics(shown.findings))
    return "".join(f"{line}\n" for line in lines)


def _annotation(f: Finding) -> str:
    properties = {
        "file": f.path,
        "line": str(f.line),
        "col": str(f.column),
        "endLine": str(f.end_line),
        # Exclusive, as in our spans; GitHub uses the columns only when line == endLine.
        "endColumn": str(f.end_column),
        "title": f"imagelint [{f.rule}]",
    }
    encoded = ",".join(f"{k}={v.translate(_PROPERTY)}" for k, v in properties.items())
    body = [f.message]
    if f.hint:
        body.append(f"hint: {f.hint}")
    body.extend(f"via: {r.path}:{r.line}:{r.column}: {r.message}" for r in f.related)
    # The newlines are ours (escape_controls removed the repository's): encoded as %0A, GitHub
    # shows them as line breaks in the annotation.
    message = "\n".join(body).translate(_DATA)
    return f"::{f.severity.value} {encoded}::{message}"
