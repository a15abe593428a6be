"""`--format text`: one line a finding, as compilers print them, its hint and the way its
value came (`via:` lines), then a summary."""

from __future__ import annotations

from imagelint.findings import Report, Severity
from imagelint.reporters.escape import for_terminal


def render(report: Report) -> str:
    # Labels, paths, reasons and API messages come from the repository and the API: escaped
    # once here, so none can break a line, colour the terminal or forge a summary line.
    shown = for_terminal(report)
    lines: list[str] = []
    for f in shown.findings:
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
        lines.extend(f"    via: {r.path}:{r.line}:{r.column}: {r.message}" for r in f.related)
    if lines:
        lines.append("")
    # Files are counted on the exact paths: two paths can differ only in what escaping hides.
    broken = len({f.path for f in report.findings if f.rule == "parse-error"})
    lines.extend(_summary(shown, broken=broken))
    return "\n".join(lines) + "\n"


def _summary(report: Report, *, broken: int) -> list[str]:
    s = report.summary
    counts = ", ".join(_plural(report.count(sev), sev.value) for sev in Severity)
    kinds = ", ".join(f"{n} {kind}" for kind, n in s.unresolved_by_kind)
    why = f"unresolved: {kinds}" if kinds else "unresolved"
    not_checked = f", {s.unresolved} NOT CHECKED ({why})" if s.unresolved else ""
    not_parsed = f" ({broken} NOT PARSED)" if broken else ""
    # Repositories hold many YAML and JSON files of no format imagelint reads: counted, so
    # that a file of a format imagelint failed to recognise does not vanish unseen.
    skipped = f" ({s.skipped} other YAML/JSON skipped)" if s.skipped else ""
    return [
        f"{_plural(s.files, 'file')}{not_parsed}{skipped}, {_plural(s.instances, 'instance')}: "
        f"{s.checked} checked{not_checked}",
        f"findings: {counts}",
        f"catalog: {_catalog(report)}",
        *(f"warning: {w}" for w in report.warnings),
    ]


def _catalog(report: Report) -> str:
    c = report.catalog
    if c.source == "snapshot":
        text = f"offline snapshot as of {c.as_of}"
    else:
        text = f"Marketplace API {c.api_url}, queried {c.as_of}"
    return f"{text} ({c.detail})" if c.detail else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
