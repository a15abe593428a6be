"""The one place that decides an instance's outcome from its plan and the catalog's answers.

Precedence follows the order in which the tool would fail (MARKETPLACE.md §5.1-5.3): a zone
that is none, then the provider's product lookup of the commercial type by exact key, then a
label given to a tool that takes image UUIDs only, then the label, then the image choice.
The first outcome that applies is the only one; rules render it and decide nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from imagelint.catalog.interface import Found, LocalImage, Miss, NotFound, first_bootable
from imagelint.model import Instance, ResolutionModel
from imagelint.resolve import IMAGE_LOOKUP, Plan
from imagelint.rule_api import (
    CatalogView,
    ImageRef,
    ImageSource,
    Outcome,
    Resolution,
    Target,
    Unresolved,
)

Decided = tuple[Resolution | None, tuple[Unresolved, ...]]
# Resolved image lookups by address, for the servers that boot their image.
Lookups = Mapping[str, tuple[Instance, Resolution | None]]


def decide(plan: Plan, view: CatalogView, lookups: Lookups) -> Decided:
    """The instance's outcome, or why it has none (its unresolved values)."""
    early = _before_any_image(plan, view)
    if early is not None:
        return early, ()
    if plan.refused_label is not None:
        return _label_unsupported(plan, view), ()
    if plan.unresolved:
        return None, plan.unresolved
    if plan.instance.image_from is not None:
        return _from_lookup(plan, view, lookups)
    assert plan.target is not None and plan.target.query is not None  # no problems: planned
    return _from_catalog(plan, plan.target, view)


def _before_any_image(plan: Plan, view: CatalogView) -> Resolution | None:
    """zone-unknown and commercial-type-unknown need no image: they are decided even when
    the image is unknown, and stop the tool before any image lookup."""
    if plan.zone is not None and plan.zone_unknown:
        return Resolution(
            outcome=Outcome.ZONE_UNKNOWN,
            zone=plan.zone,
            commercial_type=plan.commercial_type or "",
            target=None,
        )
    if plan.commercial_type is not None and plan.commercial_type not in view.commercial_types():
        return Resolution(
            outcome=Outcome.COMMERCIAL_TYPE_UNKNOWN,
            zone=plan.effective_zone,
            commercial_type=plan.commercial_type,
            target=plan.target,
        )
    return None


def _label_unsupported(plan: Plan, view: CatalogView) -> Resolution:
    """The label is an error whatever the catalog says; its answer only names the image a
    fix would use (None: the catalog could not say, or a value the query needs is unknown)."""
    target = plan.target
    base = Resolution(
        outcome=Outcome.IMAGE_LABEL_UNSUPPORTED,
        zone=plan.effective_zone,
        commercial_type=plan.commercial_type or "",
        target=target,
    )
    if target is None or target.query is None:
        return base
    answer = view.ask(target.query)
    if isinstance(answer, Miss):
        return base
    if isinstance(answer, NotFound):
        return replace(base, answer=answer)
    candidates = tuple(i for i in answer.images if i.zone == target.zone)
    chosen = first_bootable(candidates, target.commercial_type)
    return replace(base, answer=answer, candidates=candidates, chosen=chosen)


def _from_catalog(plan: Plan, target: Target, view: CatalogView) -> Decided:
    instance = plan.instance
    assert target.query is not None
    answer = view.ask(target.query)
    where = instance.position_of("image")
    chain = instance.chain_of("image")
    if isinstance(answer, Miss):
        return None, (
            Unresolved(
                attribute="catalog", reason=answer.reason, span=where, kind="catalog", chain=chain
            ),
        )
    base = Resolution(
        outcome=Outcome.OK,
        zone=target.zone,
        commercial_type=target.commercial_type,
        target=target,
        answer=answer,
    )
    if isinstance(answer, NotFound):
        if not target.image.is_uuid:
            return replace(base, outcome=Outcome.IMAGE_UNKNOWN), ()
        reason = (
            f"{target.image.name} is not a Marketplace local image; it may be your own "
            "image or snapshot, which only the Instance API (with credentials) knows"
        )
        return None, (
            Unresolved(attribute="image", reason=reason, span=where, kind="catalog", chain=chain),
        )
    candidates = answer.images
    if not target.image.is_uuid:
        # The API honours the zone filter for labels, but a layer may not (Q5).
        candidates = tuple(i for i in candidates if i.zone == target.zone)
    chosen = first_bootable(candidates, target.commercial_type)
    base = replace(base, candidates=candidates, chosen=chosen)
    if chosen is not None:
        return base, ()
    working = _other_image_type(plan, target, view)
    if working is not None:
        image, volume_type = working
        return replace(
            base,
            outcome=Outcome.IMAGE_VOLUME_TYPE_MISMATCH,
            working_image_type=image.type,
            working_image=image,
            working_volume_type=volume_type,
        ), ()
    if not candidates:
        return replace(base, outcome=Outcome.IMAGE_ZONE_UNAVAILABLE), ()
    arch = view.arch_of(target.commercial_type)
    archs = {i.arch for i in candidates}
    if arch is not None and None not in archs and arch not in archs:
        return replace(base, outcome=Outcome.IMAGE_ARCH_MISMATCH), ()
    return replace(base, outcome=Outcome.COMMERCIAL_TYPE_INCOMPATIBLE), ()


def _other_image_type(
    plan: Plan, target: Target, view: CatalogView
) -> tuple[LocalImage, str | None] | None:
    """The image of the other local image type that boots the commercial type in the zone,
    and the root volume type that makes the tool ask for it (None for an image lookup,
    whose image_type is the setting). None when no such image exists, when the catalog
    cannot say, or when no root volume type makes the model ask for it (old providers)."""
    if target.other_query is None:
        return None
    answer = view.ask(target.other_query)
    if not isinstance(answer, Found):
        return None
    image = first_bootable(answer.images, target.commercial_type, zone=target.zone)
    if image is None:
        return None
    if plan.instance.kind == IMAGE_LOOKUP:
        return image, None
    volume_type = volume_type_for(plan.model, image.type, target.commercial_type)
    return (image, volume_type) if volume_type is not None else None


def volume_type_for(model: ResolutionModel, image_type: str, commercial_type: str) -> str | None:
    """The root volume type, of those the tool accepts, for which `model` asks for
    `image_type` images."""
    return next(
        (v for v in model.volume_types if model.image_type_for(v, commercial_type) == image_type),
        None,
    )


def _from_lookup(plan: Plan, view: CatalogView, lookups: Lookups) -> Decided:
    """A server booting the local image an image lookup resolved (`image = data.X.id`): the
    provider drops the id's zone and checks nothing; the image was chosen for the lookup's
    own instance type, zone and image type, not the server's."""
    instance = plan.instance
    address = str(instance.image_from)
    found = lookups.get(address)
    resolved = found[1] if found is not None else None
    if found is None or resolved is None or resolved.outcome != Outcome.OK:
        why = "which imagelint did not read" if found is None else "which did not resolve"
        return None, (
            Unresolved(
                attribute="image",
                reason=f"its image comes from {address}, {why}",
                span=instance.position_of("image"),
                kind="data-source",
                chain=instance.chain_of("image"),
            ),
        )
    image, lookup_target = resolved.chosen, resolved.target
    assert image is not None and lookup_target is not None  # an ok outcome has both
    assert plan.zone is not None and plan.commercial_type is not None  # no problems
    commercial_type, volume_type = plan.commercial_type, plan.volume_type
    asked = (
        plan.model.image_type_for(volume_type, commercial_type)
        if volume_type is not None
        else image.type
    )
    target = Target(
        image=ImageRef(written=f"{address}.id", name=image.id, is_uuid=True, zone_prefix=None),
        zone=plan.effective_zone,
        commercial_type=commercial_type,
        image_type=asked,
        image_type_defaulted=volume_type is None,
        model=plan.model.name,
        query=None,
    )
    boots = image.boots(commercial_type)
    base = Resolution(
        outcome=Outcome.OK,
        zone=target.zone,
        commercial_type=commercial_type,
        target=target,
        answer=resolved.answer,
        candidates=(image,),
        chosen=image if boots else None,
        source=ImageSource(lookup=found[0], target=lookup_target, image=image),
    )
    # An image of the other architecture cannot be fixed by a volume type: that comes first.
    arch = view.arch_of(commercial_type)
    if arch is not None and image.arch is not None and arch != image.arch:
        return replace(base, outcome=Outcome.IMAGE_ARCH_MISMATCH), ()
    # With no root volume type written, the image's own type is not flagged.
    if volume_type is not None and asked != image.type:
        return replace(
            base,
            outcome=Outcome.IMAGE_VOLUME_TYPE_MISMATCH,
            working_image_type=image.type,
            working_image=image,
            working_volume_type=volume_type_for(plan.model, image.type, commercial_type),
        ), ()
    if not boots:
        return replace(base, outcome=Outcome.COMMERCIAL_TYPE_INCOMPATIBLE), ()
    return base, ()
