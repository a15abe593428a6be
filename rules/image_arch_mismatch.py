"""The commercial type's architecture has no local image of the label in the server's zone.

Why: an arm64 server (COPARM1, BASIC2-A, STANDARD2-A, AMP2) cannot boot an x86_64 image, and
the reverse. Many labels publish arm64 images only for some zones or only for SBS volumes, so
the pairing fails at apply time with "couldn't find a local image". The message names both
architectures and suggests commercial types that boot the label there. When the other
volume type has an image of the right architecture, `image-volume-type-mismatch` reports it
instead.

A server whose `image` is a `scaleway_marketplace_image` data source's `id` boots the image
the data source chose for its own `instance_type` (`DEV1-S` by default): an arm64 server
then gets an x86_64 image. The message names the data source and what it resolved.

The architecture of a commercial type comes from the catalog (the arch of the local images
that list it) and otherwise from imagelint's bundled table.

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", type = "DEV1-S", root_volume { volume_type = "l_ssd" }
FAIL:  image = "windows_server_2022", type = "COPARM1-2C-8G"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, Resolution, RuleContext, Severity, short_list

from ._hints import (
    defaulted_type_note,
    for_lookup_type,
    image_kind,
    resolved_by,
    target_of,
)

ID = "image-arch-mismatch"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    target = target_of(resolution)
    arch = ctx.catalog.arch_of(target.commercial_type)
    span, chain = ctx.instance.position_of("type"), ctx.instance.chain_of("type")
    if resolution.source is not None:
        source = resolution.source
        message = f"{target.commercial_type} is {arch}, but {resolved_by(source)}"
        yield for_lookup_type(ctx, source, target.commercial_type, message)
        return
    image_archs = " and ".join(sorted({i.arch for i in resolution.candidates if i.arch}))
    what = (
        f"image {target.image.name} is {image_archs}"
        if target.image.is_uuid
        else f"{target.image.name} has only {image_archs} {image_kind(target.image_type)}images "
        f"in {target.zone}"
    )
    yield Draft(
        span=span,
        message=f"{target.commercial_type} is {arch}, but {what}"
        + defaulted_type_note(ctx, target),
        hint=_fitting_types(resolution, image_archs),
        related=chain,
    )


def _fitting_types(resolution: Resolution, image_archs: str) -> str | None:
    fitting = sorted({t for i in resolution.candidates for t in i.compatible_commercial_types})
    return f"use an {image_archs} commercial type: {short_list(fitting)}" if fitting else None
