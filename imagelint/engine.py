"""Route instances to rules: plan queries, ask the catalog once, stamp what rules report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from imagelint.catalog.interface import Answer, Catalog, Found, Miss, Query
from imagelint.findings import Finding
from imagelint.model import Instance
from imagelint.plugins import LoadedRule
from imagelint.resolve import plan, resolve
from imagelint.rule_api import Draft, Resolution, RuleContext, Target, Unresolved

STALE_AFTER = timedelta(days=180)


class RuleCrashed(Exception):
    """A rule raised; the run cannot claim to have checked that instance."""


@dataclass(frozen=True, kw_only=True)
class EngineResult:
    findings: tuple[Finding, ...]
    checked: int  # instances the catalog resolved and every rule looked at
    unresolved: int
    catalog_unavailable: tuple[str, ...]  # reasons, when the catalog could not be reached


class RunCatalog:
    """The per-run view rules get: every answer memoised, follow-up questions included."""

    def __init__(self, catalog: Catalog, answers: dict[Query, Answer]) -> None:
        self._catalog = catalog
        self._answers = dict(answers)
        self._primary = frozenset(answers)  # what decides whether an instance was checked
        self._labels: tuple[str, ...] | None = None
        self._labels_asked = False

    def ask(self, query: Query) -> Answer:
        if query not in self._answers:
            self._answers.update(self._catalog.answer([query]))
        return self._answers[query]

    def labels(self) -> tuple[str, ...] | None:
        if not self._labels_asked:
            self._labels, self._labels_asked = self._catalog.labels(), True
        return self._labels

    def arch_of(self, commercial_type: str) -> str | None:
        wanted = commercial_type.upper()
        for answer in self._answers.values():
            if isinstance(answer, Found):
                for image in answer.images:
                    if image.arch and wanted in image.compatible_commercial_types:
                        return image.arch
        return self._catalog.arch_of(wanted)

    def describe(self) -> str:
        source = self._catalog.source()
        if source.kind == "snapshot":
            return f"the offline snapshot (as of {source.as_of})"
        return "the Marketplace API"

    def unavailable(self) -> tuple[str, ...]:
        """Why instances went unchecked for want of the catalog; a rule's follow-up question
        that failed only costs a hint."""
        answers = (self._answers[q] for q in self._primary)
        return tuple(sorted({a.reason for a in answers if isinstance(a, Miss) and a.unavailable}))


def lint(
    instances: Sequence[Instance], rules: Iterable[LoadedRule], catalog: Catalog
) -> EngineResult:
    """Check every instance with every rule; the catalog is asked all distinct queries at once."""
    rules = tuple(rules)
    plans = {id(i): plan(i) for i in instances}
    queries = {p.query for p in plans.values() if isinstance(p, Target)}
    view = RunCatalog(catalog, catalog.answer(queries) if queries else {})
    # The source is settled once the instances' queries are answered (auto falls back then).
    as_of = catalog.source().as_of
    findings: list[Finding] = []
    checked = 0
    for instance in instances:
        planned = plans[id(instance)]
        resolution, unresolved = _resolve(instance, planned, view)
        checked += resolution is not None
        ctx = RuleContext(
            instance=instance,
            target=planned if isinstance(planned, Target) else None,
            resolution=resolution,
            unresolved=unresolved,
            catalog=view,
        )
        dated = _dated(resolution, as_of)
        for rule in rules:
            if rule.needs_resolution and resolution is None:
                continue
            suffix = dated if rule.needs_resolution else ""
            findings.extend(_stamp(rule, instance, d, suffix) for d in _run(rule, ctx))
    return EngineResult(
        findings=tuple(sorted(findings, key=Finding.key)),
        checked=checked,
        unresolved=len(instances) - checked,
        catalog_unavailable=view.unavailable(),
    )


def _resolve(
    instance: Instance, planned: Target | tuple[Unresolved, ...], view: RunCatalog
) -> tuple[Resolution | None, tuple[Unresolved, ...]]:
    if not isinstance(planned, Target):
        return None, planned
    outcome = resolve(planned, view.ask(planned.query), where=instance.position_of("image"))
    if isinstance(outcome, Unresolved):
        return None, (outcome,)
    return outcome, ()


def _run(rule: LoadedRule, ctx: RuleContext) -> list[Draft]:
    try:
        return list(rule.rule.check(ctx))
    except Exception as err:
        where = f"{ctx.instance.path}:{ctx.instance.span.line} ({ctx.instance.address})"
        raise RuleCrashed(f"rule {rule.id} ({rule.origin}) crashed on {where}: {err!r}") from err


def _dated(resolution: Resolution | None, as_of: str) -> str:
    """Snapshot answers were recorded on different days; say so when one is much older than
    the snapshot's date, since images are republished (Q8)."""
    answer = resolution.answer if resolution else None
    if not isinstance(answer, Found) or answer.recorded is None:
        return ""
    try:
        age = date.fromisoformat(as_of[:10]) - date.fromisoformat(answer.recorded[:10])
    except ValueError:
        return ""
    return f" (snapshot answer recorded {answer.recorded[:10]})" if age > STALE_AFTER else ""


def _stamp(rule: LoadedRule, instance: Instance, draft: Draft, suffix: str = "") -> Finding:
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=draft.message + suffix,
        hint=draft.hint,
        path=draft.span.path,
        line=draft.span.line,
        column=draft.span.column,
        end_line=draft.span.end_line,
        end_column=draft.span.end_column,
        resource=instance.address,
    )
