"""`--format text`: one line a finding, as compilers print them, its hint and the way its
value came (`via:` lines), then the run's warnings and a summary. `--format compact`: the
finding lines alone."""

from __future__ import annotations

from collections import Counter

from imagelint.findings import PARSE_ERROR, Finding, Report, Severity
from imagelint.reporters.escape import for_terminal
from imagelint.reporters.statistics import statistics
from imagelint.reporters.style import PLAIN, Style, rule_id, severity_word


def render(report: Report, style: Style = PLAIN) -> str:
    # Labels, paths, reasons and API messages come from the repository and the API: escaped
    # once here, so none can break a line, colour the terminal or forge a summary line.
    shown = for_terminal(report)
    lines: list[str] = []
    shared = _shared(shown.findings)
    for f in shown.findings:
        lines.append(finding_line(f, style, name_resource=_place(f) in shared))
        if f.hint:
            lines.append(f"    hint: {f.hint}")
        lines.extend(f"    via: {r.path}:{r.line}:{r.column}: {r.message}" for r in f.related)
    if not style.quiet:
        if lines:
            lines.append("")
        # Before the summary: the last lines a reader sees stay the verdict.
        lines.extend(f"warning: {w}" for w in shown.warnings)
        # Files are counted on the exact paths: two paths can differ only in what escaping
        # hides.
        broken = len({f.path for f in report.findings if f.rule == PARSE_ERROR.id})
        lines.extend(summary_lines(shown, broken=broken))
    if style.statistics:
        lines.extend(statistics(shown.findings))
    return "".join(f"{line}\n" for line in lines)


def render_compact(report: Report, style: Style = PLAIN) -> str:
    shown = for_terminal(report)
    shared = _shared(shown.findings)
    lines = [finding_line(f, style, name_resource=_place(f) in shared) for f in shown.findings]
    if style.statistics:
        lines.extend(statistics(shown.findings))
    return "".join(f"{line}\n" for line in lines)


def finding_line(f: Finding, style: Style, *, name_resource: bool = False) -> str:
    """`path:line:col: severity [rule] message`, of a finding already escaped; with
    `name_resource`, the instance's address after it (`(module.web[1])`)."""
    severity, rule = severity_word(f.severity, style), rule_id(f.rule, style)
    which = f" ({f.resource})" if name_resource and f.resource else ""
    return f"{f.path}:{f.line}:{f.column}: {severity} [{rule}] {f.message}{which}"


def _place(f: Finding) -> tuple[str, int, int, str]:
    return (f.path, f.line, f.column, f.rule)


def _shared(findings: tuple[Finding, ...]) -> set[tuple[str, int, int, str]]:
    """Places several findings share: one value (a module's default) reaching several
    instances (each `count` index, each caller) would print the same line several times."""
    places = Counter(_place(f) for f in findings)
    return {place for place, n in places.items() if n > 1}


def summary_lines(report: Report, *, broken: int) -> list[str]:
    """The summary of a report already escaped; `broken`: files that did not parse."""
    s = report.summary
    counts = ", ".join(_plural(report.count(sev), sev.value) for sev in Severity)
    kinds = ", ".join(f"{n} {kind}" for kind, n in s.unresolved_by_kind)
    why = f"unresolved: {kinds}" if kinds else "unresolved"
    not_checked = f", {s.unresolved} NOT CHECKED ({why})" if s.unresolved else ""
    not_parsed = f" ({broken} NOT PARSED)" if broken else ""
    # Repositories hold many YAML and JSON files of no format imagelint reads: counted, so
    # that a file of a format imagelint failed to recognise does not vanish unseen.
    skipped = f" ({s.skipped} other YAML/JSON skipped)" if s.skipped else ""
    hidden = [
        f"{s.suppressed} suppressed" if s.suppressed else "",
        f"{s.baselined} in the baseline" if s.baselined else "",
        f"{_plural(s.baseline_stale, 'stale baseline entry', 'stale baseline entries')}"
        if s.baseline_stale
        else "",
    ]
    also = "; ".join(h for h in hidden if h)
    return [
        f"{_plural(s.files, 'file')}{not_parsed}{skipped}, {_plural(s.instances, 'instance')}: "
        f"{s.checked} checked{not_checked}",
        f"findings: {counts}" + (f" ({also})" if also else ""),
        f"catalog: {_catalog(report)}",
    ]


def _catalog(report: Report) -> str:
    c = report.catalog
    if c.source == "snapshot":
        text = f"offline snapshot as of {c.as_of}"
    else:
        text = f"Marketplace API {c.api_url}, queried {c.as_of}"
    return f"{text} ({c.detail})" if c.detail else text


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"
