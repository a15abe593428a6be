"""The image label exists, but has no local image of the needed type in the server's zone.

Why: local images are zonal and published per volume type. A label that boots in fr-par-1
may not exist in pl-waw-2, or only for SBS volumes there; the provider then fails at apply
with "couldn't find a local image for the given zone". The message lists the zones where the
label has a local image of that type. When the other volume type has one that boots the
commercial type in the zone, `image-volume-type-mismatch` reports it instead.

The local image type follows the root volume as the provider maps it: `l_ssd` asks for an
`instance_local` image; `sbs_volume` or no root volume type asks for `instance_sbs` (older
providers asked for `instance_local` by default: the message names the version assumed). A
`scaleway_marketplace_image` data source asks for its `image_type` (`instance_local` by
default).

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", zone = "fr-par-1"
FAIL:  image = "ubuntu_jammy", zone = "fr-par-3", root_volume { volume_type = "sbs_volume" }
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.catalog.interface import Found, LabelQuery
from imagelint.rule_api import Draft, RuleContext, Severity, short_list

from ._hints import defaulted_type_note, image_kind, target_of

ID = "image-zone-unavailable"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    target = target_of(resolution)
    label, image_type = target.image.name, target.image_type
    where, zones = _zones_with(ctx, label, image_type)
    yield Draft(
        span=ctx.instance.position_of("image"),
        message=f"{label} has no {image_kind(image_type)}local image in {target.zone}; {where}"
        + defaulted_type_note(ctx, target),
        hint=f"use a zone where it exists: {short_list(zones)}" if zones else None,
        related=ctx.instance.chain_of("image"),
    )


def _zones_with(ctx: RuleContext, label: str, image_type: str) -> tuple[str, list[str]]:
    """A phrase for the message, and the zones that have the label's image of that type."""
    answer = ctx.catalog.ask(LabelQuery(label=label, zone=None, image_type=image_type))
    if not isinstance(answer, Found):
        return f"{ctx.catalog.describe()} cannot list the zones that have it", []
    zones = sorted({i.zone for i in answer.images})
    if not zones and answer.complete:
        return "it has none in any zone", []
    if not zones:
        return f"{ctx.catalog.describe()} knows no zone that has one", []
    known = "" if answer.complete else f" (as far as {ctx.catalog.describe()} knows)"
    return f"it has one in {short_list(zones)}{known}", zones
