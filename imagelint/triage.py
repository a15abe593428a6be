"""After the rules: the configuration's word on each rule, inline suppressions, the baseline,
and the exit code the remaining findings make."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from imagelint.findings import BUILTIN_RULES, PARSE_ERROR, Finding, Report, RuleInfo, Severity
from imagelint.plugins import LoadedRule
from imagelint.settings import RuleSettings

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "notice": Severity.NOTICE}
# A baseline or a configuration is a few megabytes at most; a file text read for a
# suppression or a fingerprint is one the run has read already, under the same limit.
MAX_BASELINE_BYTES = 50_000_000


class Exit:
    CLEAN = 0
    FINDINGS = 1  # findings at or above --fail-on
    USAGE = 2  # bad usage, unparsable file, broken plugin
    UNCHECKED = 3  # the catalog could not be asked: the run cannot vouch for its result


def configured(
    rules: Sequence[LoadedRule], settings: Mapping[str, RuleSettings]
) -> list[LoadedRule]:
    """The rules this run applies, with the configuration's severity, options and
    suppressibility; disabled rules are left out."""
    chosen = []
    for rule in rules:
        said = settings.get(rule.id)
        if said is None:
            chosen.append(rule)
        elif said.enabled:
            chosen.append(
                replace(
                    rule,
                    severity=said.severity or rule.severity,
                    settings={**rule.settings, **said.options},
                    suppressible=said.suppressible,
                )
            )
    return chosen


def rule_infos(rules: Sequence[LoadedRule]) -> tuple[RuleInfo, ...]:
    found = tuple(
        RuleInfo(id=r.id, severity=r.severity, summary=r.summary, doc=r.doc) for r in rules
    )
    return tuple(sorted((*found, *BUILTIN_RULES), key=lambda r: r.id))


@dataclass(frozen=True, kw_only=True)
class Triaged:
    findings: tuple[Finding, ...]
    suppressed: int = 0
    baselined: int = 0
    baseline_stale: int = 0
    written: str | None = None  # a sentence when a baseline was written


class BaselineUsageError(Exception):
    """A baseline that cannot be read or written: a usage error, named in one line."""


def triage(
    findings: Sequence[Finding],
    *,
    rules: Sequence[LoadedRule],
    files: Sequence[str],
    read: Callable[[str], str | None],
    today: date,
    baseline: Path | None,
    write_baseline: Path | None,
    prune: bool,
    given: frozenset[str] | None = None,
) -> Triaged:
    from imagelint import suppressions
    from imagelint.fingerprint import stamp

    known = frozenset(r.id for r in rules) | frozenset(r.id for r in BUILTIN_RULES)
    # A file that did not parse was not checked: hiding that would be a false pass.
    unsuppressible = frozenset(r.id for r in rules if not r.suppressible) | {PARSE_ERROR.id}
    kept = suppressions.apply(
        findings,
        files=files,
        read=read,
        today=today,
        unsuppressible=unsuppressible,
        known_rules=known,
    )
    notices = kept.notices
    if given is not None:
        # Files given one by one: a suppression in another file may be for an instance this
        # run did not keep; only the given files' suppressions are judged.
        notices = tuple(n for n in notices if n.path in given)
    stamped = stamp((*kept.kept, *notices), read)
    partial = given is not None
    if partial and write_baseline is not None:
        # Only the given files' findings are known: a baseline written now would forget
        # (or, pruned, drop) every other file's.
        raise BaselineUsageError(
            "--write-baseline needs the whole tree: give directories, not files one by one"
        )
    if baseline is None and write_baseline is None:
        # Without --baseline or --write-baseline (most pre-commit calls), the baseline module
        # is not even imported.
        return Triaged(findings=tuple(sorted(stamped, key=Finding.key)), suppressed=kept.suppressed)
    from imagelint import baseline as baselines

    first = baseline is not None and baseline == write_baseline and not baseline.exists()
    try:
        previous = baselines.load(baseline) if baseline is not None and not first else None
    except baselines.BaselineError as error:
        raise BaselineUsageError(str(error)) from error
    applied = baselines.apply(stamped, previous) if previous is not None else None
    written = None
    if write_baseline is not None:
        try:
            count = baselines.write(write_baseline, stamped, previous=previous, prune=prune)
        except (baselines.BaselineError, OSError) as error:
            raise BaselineUsageError(
                f"cannot write the baseline {write_baseline}: {error}"
            ) from error
        written = f"wrote {count} findings to the baseline {write_baseline}"
    return Triaged(
        findings=tuple(sorted(applied.kept if applied else stamped, key=Finding.key)),
        suppressed=kept.suppressed,
        baselined=applied.baselined if applied else 0,
        baseline_stale=applied.stale if applied else 0,
        written=written,
    )


def exit_code(report: Report, *, unchecked: bool, fail_on: str = "error") -> int:
    """The highest that applies: a run that could not check everything never looks like a
    plain finding or a pass."""
    if unchecked:
        return Exit.UNCHECKED
    if any(f.rule == "parse-error" for f in report.findings):
        return Exit.USAGE
    threshold = FAIL_ON[fail_on].rank
    if any(f.severity.rank <= threshold for f in report.findings):
        return Exit.FINDINGS
    return Exit.CLEAN


def reader(cwd: Path, limit: int) -> Callable[[str], str | None]:
    """A file's text by the path findings show, read once, within the run's size limit."""
    from imagelint.files import read_text
    from imagelint.model import ParseError

    texts: dict[str, str | None] = {}

    def read(shown: str) -> str | None:
        if shown not in texts:
            try:
                texts[shown] = read_text(cwd / shown, shown, limit=limit)
            except ParseError:
                texts[shown] = None
        return texts[shown]

    return read
