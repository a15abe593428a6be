"""The catalog questions asked after the instances' own, derived up front: each round is one
concurrent batch instead of one request per rule call."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from imagelint.catalog.interface import Found, LabelQuery, Miss, Query, first_bootable
from imagelint.decide import Decided
from imagelint.resolve import Plan
from imagelint.rule_api import CatalogView, Outcome

# Rules whose message or hint reads the catalogue's label list.
LABEL_LIST_RULES = frozenset({"image-unknown", "value-unresolved"})


def other_image_type(planned: Plan, view: CatalogView) -> Query | None:
    """The other local image type matters only where the requested one boots nothing:
    asking it for every instance would double the requests of a clean run."""
    target = planned.target
    if target is None or target.query is None or target.other_query is None:
        return None
    answer = view.ask(target.query)
    if isinstance(answer, Found):
        in_zone = (i for i in answer.images if i.zone == target.zone)
        if first_bootable(in_zone, target.commercial_type) is not None:
            return None
    return target.other_query if not isinstance(answer, Miss) else None


def after_decisions(outcomes: Iterable[tuple[Plan, Decided]]) -> set[Query]:
    """What rules will ask about the decided instances (their hints): kept in step with
    rules/image_zone_mismatch.py and rules/image_zone_unavailable.py, which ask the catalog
    for exactly these; a question missed here is still answered, one request late."""
    queries: set[Query] = set()
    for planned, (resolution, _) in outcomes:
        target = resolution.target if resolution is not None else planned.target
        if resolution is None or target is None:
            continue
        if resolution.outcome == Outcome.IMAGE_ZONE_UNAVAILABLE:
            # Which zones have the label: the listing across zones.
            queries.add(
                LabelQuery(label=target.image.name, zone=None, image_type=target.image_type)
            )
        found = resolution.candidates[0] if resolution.candidates else None
        if (
            resolution.source is None
            and target.image.is_uuid
            and found is not None
            and found.zone != target.zone
            and found.label
        ):
            # A UUID of another zone: the hint names the same label's image in this zone.
            queries.add(LabelQuery(label=found.label, zone=target.zone, image_type=found.type))
    return queries


def needs_labels(outcomes: Iterable[Decided], rule_ids: Collection[str]) -> bool:
    """Whether a rule of this run will read the label list (to suggest a spelling)."""
    if not LABEL_LIST_RULES & set(rule_ids):
        return False
    for resolution, unresolved in outcomes:
        if resolution is not None and resolution.outcome == Outcome.IMAGE_UNKNOWN:
            return True
        if any(u.attribute == "catalog" for u in unresolved):
            return True
    return False
