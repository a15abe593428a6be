"""Route instances to rules: plan queries, ask the catalog in a few batches, stamp findings."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from imagelint import follow_ups
from imagelint.catalog.errors import CatalogError
from imagelint.catalog.interface import Answer, Catalog, Found, Miss, Query
from imagelint.decide import Decided, Lookups, decide
from imagelint.findings import Finding, Related
from imagelint.model import Instance
from imagelint.plugins import LoadedRule
from imagelint.resolve import IMAGE_LOOKUP, Plan, plan
from imagelint.rule_api import Draft, Resolution, RuleContext

STALE_AFTER = timedelta(days=180)


class RuleCrashed(Exception):
    """A rule raised; the run cannot claim to have checked that instance."""


@dataclass(frozen=True, kw_only=True)
class EngineResult:
    findings: tuple[Finding, ...]
    checked: int  # instances resolution decided an outcome for, every rule looked at
    unresolved: int
    # Unresolved instances by the kind of their first reason (the value-unresolved notice's
    # location): each instance counted once, so the counts add up to `unresolved`.
    unresolved_by_kind: tuple[tuple[str, int], ...]
    catalog_unavailable: tuple[str, ...]  # reasons, when the catalog could not be reached


class RunCatalog:
    """The per-run view rules get, and the run's one memo of answers (follow-up questions
    included): the catalog catalog_setup builds keeps no second one (a query sent ahead
    while reading waits in its request pool only until asked for here)."""

    def __init__(
        self, catalog: Catalog, answers: dict[Query, Answer], primary: Iterable[Query] = ()
    ) -> None:
        from imagelint.catalog.reference import known_commercial_types

        self._catalog = catalog
        self._answers = dict(answers)
        self._primary = frozenset(primary)  # what decides whether an instance was checked
        self._labels: tuple[str, ...] | None = None
        self._labels_asked = False
        # Fixed before any follow-up question, so an outcome never depends on rule order.
        self._types = frozenset(known_commercial_types()) | {
            t
            for answer in answers.values()
            if isinstance(answer, Found)
            for image in answer.images
            for t in image.compatible_commercial_types
        }

    def prefetch(self, queries: Iterable[Query]) -> None:
        """Ask the catalog, in one batch, what is not answered yet."""
        missing = {q for q in queries if q not in self._answers}
        if missing:
            self._answers.update(self._follow_up(missing))

    def ask(self, query: Query) -> Answer:
        if query not in self._answers:
            self._answers.update(self._follow_up([query]))
        return self._answers[query]

    def labels(self) -> tuple[str, ...] | None:
        if not self._labels_asked:
            try:
                self._labels = self._catalog.labels()
            except CatalogError:  # labels only feed suggestions
                self._labels = None
            self._labels_asked = True
        return self._labels

    def _follow_up(self, queries: Collection[Query]) -> dict[Query, Answer]:
        """Questions asked after the instances' own feed a hint or a better outcome: a refusal
        (CatalogRejected, a 403 on that one path) costs that, never the run."""
        try:
            return self._catalog.answer(queries)
        except CatalogError as error:
            return {query: Miss(reason=str(error), unavailable=True) for query in queries}

    def arch_of(self, commercial_type: str) -> str | None:
        wanted = commercial_type.upper()
        for answer in self._answers.values():
            if isinstance(answer, Found):
                for image in answer.images:
                    if image.arch and wanted in image.compatible_commercial_types:
                        return image.arch
        return self._catalog.arch_of(wanted)

    def commercial_types(self) -> frozenset[str]:
        return self._types

    def describe(self) -> str:
        source = self._catalog.source()
        if source.kind == "snapshot":
            return f"the offline snapshot (as of {source.as_of})"
        return "the Marketplace API"

    def unavailable(self) -> tuple[str, ...]:
        """Why instances went unchecked for want of the catalog; a question asked for a
        better outcome or hint (the other image type, a rule's follow-up) only costs that."""
        answers = (self._answers[q] for q in self._primary)
        return tuple(sorted({a.reason for a in answers if isinstance(a, Miss) and a.unavailable}))


def lint(
    instances: Sequence[Instance], rules: Iterable[LoadedRule], catalog: Catalog
) -> EngineResult:
    """Check every instance with every rule. The catalog is asked in three concurrent batches,
    each depending on the answers to the one before: the instances' own queries, the other
    image type where the asked one boots nothing, then what the rules will ask for their
    hints (with the label list beside it when a rule will read it)."""
    rules = tuple(rules)
    plans = [plan(i) for i in instances]
    view = first_rounds(plans, catalog)
    # The source is settled once the instances' queries are answered (auto falls back then).
    as_of = catalog.source().as_of
    decided = decide_all(plans, view)
    outcomes = [(p, decided[id(p.instance)]) for p in plans]
    _prefetch_for_rules(view, outcomes, [rule.id for rule in rules])
    findings: list[Finding] = []
    unresolved_kinds: Counter[str] = Counter()
    for planned, (resolution, unresolved) in outcomes:
        instance = planned.instance
        if resolution is None:
            unresolved_kinds[unresolved[0].kind if unresolved else "no-value"] += 1
        ctx = RuleContext(
            instance=instance,
            target=resolution.target if resolution else planned.target,
            resolution=resolution,
            unresolved=unresolved,
            catalog=view,
        )
        dated = _dated(resolution, as_of)
        for rule in rules:
            if rule.needs_resolution and resolution is None:
                continue
            suffix = dated if rule.needs_resolution else ""
            rule_ctx = replace(ctx, options=rule.settings) if rule.settings else ctx
            findings.extend(_stamp(rule, instance, d, suffix) for d in _run(rule, rule_ctx))
    unresolved_count = sum(unresolved_kinds.values())
    return EngineResult(
        findings=tuple(sorted(findings, key=Finding.key)),
        checked=len(instances) - unresolved_count,
        unresolved=unresolved_count,
        unresolved_by_kind=tuple(sorted(unresolved_kinds.items())),
        catalog_unavailable=view.unavailable(),
    )


def first_rounds(plans: Sequence[Plan], catalog: Catalog) -> RunCatalog:
    """The instances' own queries in one batch, then the other image type where the asked
    one boots nothing. The prefetcher derives its queries with this very function, so what
    it sends while the tree is read is what lint asks afterwards."""
    primary = {p.target.query for p in plans if p.target and p.target.query}
    view = RunCatalog(catalog, catalog.answer(primary) if primary else {}, primary)
    view.prefetch({q for p in plans if (q := follow_ups.other_image_type(p, view)) is not None})
    return view


def _prefetch_for_rules(
    view: RunCatalog, outcomes: Sequence[tuple[Plan, Decided]], rule_ids: Sequence[str]
) -> None:
    """The rules' follow-up questions in one batch, the label list (its own request) beside
    it: rules then find every answer they ask for already there."""
    queries = follow_ups.after_decisions(outcomes)
    if not follow_ups.needs_labels((o for _, o in outcomes), rule_ids):
        view.prefetch(queries)
        return
    # The view's label memo and its answers are separate state: the thread touches only the
    # first, and is joined before any rule reads either.
    lister = threading.Thread(target=view.labels, name="imagelint-labels", daemon=True)
    lister.start()
    try:
        view.prefetch(queries)
    finally:
        lister.join()


def decide_all(plans: Sequence[Plan], view: RunCatalog) -> dict[int, Decided]:
    """Image lookups first: a server whose image one of them resolved needs its outcome."""
    decided: dict[int, Decided] = {}
    lookups: Lookups = {}
    for planned in sorted(plans, key=lambda p: p.instance.kind != IMAGE_LOOKUP):
        outcome = decide(planned, view, lookups)
        decided[id(planned.instance)] = outcome
        if planned.instance.kind == IMAGE_LOOKUP:
            lookups = {**lookups, planned.instance.address: (planned.instance, outcome[0])}
    return decided


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
        related=tuple(
            Related(
                path=hop.span.path,
                line=hop.span.line,
                column=hop.span.column,
                end_line=hop.span.end_line,
                end_column=hop.span.end_column,
                message=hop.message,
            )
            for hop in draft.related
        ),
    )
