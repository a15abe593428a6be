"""The image names another zone than the server's.

Why: the Terraform provider splits a `zone/` prefix off `image` and throws it away, so
`image = "fr-par-2/ubuntu_jammy"` on a server in fr-par-1 silently boots the fr-par-1 image,
and a local image UUID from another zone fails at apply time. Local image UUIDs are zonal:
each zone has its own. The id of a `scaleway_marketplace_image` data source is the image of
the data source's zone, which need not be the server's. For a tool that takes image UUIDs
only (Ansible's `scaleway_compute`), the hint gives the UUID of the same label's image in the
server's zone.

It may fire beside another outcome, but not for a zone that is no Scaleway zone.

Options: none.  Default severity: error.

PASS:  zone = "fr-par-1", image = "fr-par-1/ubuntu_jammy"
FAIL:  zone = "fr-par-1", image = "fr-par-2/ubuntu_jammy"
FAIL:  zone = "fr-par-1", image = "<UUID of a fr-par-2 local image>"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.catalog.interface import Found, LabelQuery, first_bootable
from imagelint.rule_api import Draft, ImageSource, RuleContext, Severity, Target

from ._hints import lookup_hop, resolved_by, set_on_lookup

ID = "image-zone-mismatch"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = False  # a zone prefix is wrong whether or not the catalog knows the image


def check(ctx: RuleContext) -> Iterator[Draft]:
    target = ctx.target
    if target is None:
        return
    span, chain = ctx.instance.position_of("image"), ctx.instance.chain_of("image")
    source = ctx.resolution.source if ctx.resolution else None
    found = ctx.resolution.candidates[0] if ctx.resolution and ctx.resolution.candidates else None
    if source is not None:
        if source.image.zone != target.zone:
            yield _lookup_zone(ctx, target, source)
    elif target.image.is_uuid and found is not None and found.zone != target.zone:
        label = f" ({found.label})" if found.label else ""
        yield Draft(
            span=span,
            message=(
                f"local image {target.image.name}{label} is in {found.zone}, "
                f"but the server is in {target.zone}"
            ),
            hint=_same_image_in_zone(ctx, target, found.label, found.type),
            related=chain,
        )
    elif target.image.zone_prefix and target.image.zone_prefix != target.zone:
        yield Draft(
            span=span,
            message=(
                f'image "{target.image.written}" names zone {target.image.zone_prefix}, but the '
                f"server is in {target.zone}; the provider drops the prefix"
            ),
            hint=f"write {_zoned_image(ctx, target)}, or move the server",
            related=chain,
        )


def _zoned_image(ctx: RuleContext, target: Target) -> str:
    return ctx.instance.phrasing.setting("image", f"{target.zone}/{target.image.name}")


def _lookup_zone(ctx: RuleContext, target: Target, source: ImageSource) -> Draft:
    return Draft(
        span=ctx.instance.position_of("image"),
        message=(
            f"the server is in {target.zone}, but {resolved_by(source)}; the provider drops "
            "the zone of the id"
        ),
        hint=f"{set_on_lookup(source, 'zone', target.zone)}, or move the server",
        related=(
            *ctx.instance.chain_of("image"),
            lookup_hop(source, "zone", "looks its image up in this zone"),
        ),
    )


def _same_image_in_zone(
    ctx: RuleContext, target: Target, label: str | None, image_type: str
) -> str | None:
    if not label:
        return None
    answer = ctx.catalog.ask(LabelQuery(label=label, zone=target.zone, image_type=image_type))
    images = answer.images if isinstance(answer, Found) else ()
    match = first_bootable(images, target.commercial_type, zone=target.zone)
    model = ctx.instance.model
    if model is not None and not model.accepts_labels:
        # The tool takes UUIDs only: the fix is the same label's image of the right zone.
        if match is None:
            return None
        setting = ctx.instance.phrasing.setting("image", match.id)
        return f"write {setting}: the {image_type} {label} image in {target.zone}"
    advice = f'use the label "{label}", which the provider resolves in {target.zone}'
    return advice if match is None else f"{advice} (there: local image {match.id})"
