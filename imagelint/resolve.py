"""How a tool turns an instance's values into a Marketplace query, and what it would boot.

Each source kind has its resolution model (MARKETPLACE.md §5.6). The Terraform provider's
(§5.2): the `zone/` prefix of `image` is split off (and silently dropped), a label has `-`
turned into `_`, the root volume type picks the local image type, and the first local
image of the zone that lists the commercial type wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from imagelint.catalog.interface import (
    LOCAL,
    SBS,
    Answer,
    Found,
    IdQuery,
    LabelQuery,
    Miss,
    NotFound,
    Query,
    first_bootable,
)
from imagelint.catalog.zones import normalise_zone
from imagelint.model import Instance, Span
from imagelint.rule_api import ImageRef, Resolution, Target, Unresolved

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True, kw_only=True)
class ResolutionModel:
    name: str  # for messages
    rewrite_dashes: bool  # label `-` -> `_` before the lookup
    volume_image_types: Mapping[str, str]  # root volume type -> local image type
    default_image_type: str  # a volume type not in the map, or none written

    def image_type_for(self, volume_type: str | None) -> str:
        key = (volume_type or "").strip().lower()
        return self.volume_image_types.get(key, self.default_image_type)


# The current provider maps l_ssd (and the retired b_ssd) to local images and everything
# else, unset included, to SBS; providers before late 2024 defaulted to local images.
TERRAFORM = ResolutionModel(
    name="the Terraform provider",
    rewrite_dashes=True,
    volume_image_types={"l_ssd": LOCAL, "b_ssd": LOCAL, "sbs_volume": SBS},
    default_image_type=SBS,
)
MODELS = {"terraform": TERRAFORM}


def parse_image(written: str, model: ResolutionModel = TERRAFORM) -> ImageRef:
    parts = written.split("/")
    prefix, name = (normalise_zone(parts[0]), parts[1]) if len(parts) == 2 else (None, written)
    if UUID.match(name):
        return ImageRef(written=written, name=name.lower(), is_uuid=True, zone_prefix=prefix)
    label = name.replace("-", "_") if model.rewrite_dashes else name
    return ImageRef(written=written, name=label, is_uuid=False, zone_prefix=prefix)


def plan(instance: Instance) -> Target | tuple[Unresolved, ...]:
    """The query for an instance, or why its values do not allow one."""
    model = MODELS.get(instance.source)
    if model is None:
        reason = f"imagelint has no resolution model for {instance.source} sources"
        return (Unresolved(attribute="image", reason=reason, span=instance.span),)
    problems = []
    for name, missing in (
        ("image", "no image is set (a server booting from root_volume.volume_id is not checked)"),
        ("type", "no commercial type is set"),
        ("zone", "no zone is set"),
    ):
        value = instance.value(name)
        if value is None:
            problems.append(Unresolved(attribute=name, reason=missing, span=instance.span))
        elif not value.known:
            problems.append(
                Unresolved(
                    attribute=name, reason=str(value.reason), span=instance.position_of(name)
                )
            )
    volume = instance.value("volume_type")
    if volume is not None and not volume.known:
        problems.append(
            Unresolved(
                attribute="volume_type",
                reason=str(volume.reason),
                span=instance.position_of("volume_type"),
            )
        )
    if problems:
        return tuple(problems)
    image = parse_image(_text(instance, "image"), model)
    zone = normalise_zone(_text(instance, "zone"))
    image_type = model.image_type_for(volume.text if volume is not None else None)
    query: Query = (
        IdQuery(image_id=image.name)
        if image.is_uuid
        else LabelQuery(label=image.name, zone=zone, image_type=image_type)
    )
    return Target(
        image=image,
        zone=zone,
        commercial_type=_text(instance, "type").strip().upper(),
        image_type=image_type,
        image_type_defaulted=volume is None,
        model=model.name,
        query=query,
    )


def resolve(target: Target, answer: Answer, *, where: Span) -> Resolution | Unresolved:
    """Apply the provider's choice to a catalog answer, or say why it does not resolve."""
    if isinstance(answer, Miss):
        return Unresolved(attribute="catalog", reason=answer.reason, span=where)
    if isinstance(answer, NotFound) and target.image.is_uuid:
        return Unresolved(
            attribute="image",
            reason=(
                f"{target.image.name} is not a Marketplace local image; it may be your own "
                "image or snapshot, which only the Instance API (with credentials) knows"
            ),
            span=where,
        )
    candidates = answer.images if isinstance(answer, Found) else ()
    if not target.image.is_uuid:
        # The API honours the zone filter for labels, but a layer may not (Q5).
        candidates = tuple(i for i in candidates if i.zone == target.zone)
    chosen = first_bootable(candidates, target.commercial_type)
    return Resolution(
        target=target,
        answer=answer,
        candidates=candidates,
        chosen=chosen,
    )


def _text(instance: Instance, name: str) -> str:
    value = instance.value(name)
    assert value is not None and value.text is not None  # plan() checked
    return value.text
