"""The commercial type is not among those the zone's local image can boot.

Why: each local image lists the commercial types it boots on (`compatible_commercial_types`),
and the provider takes the first local image of the zone that lists the server's type. When
an image of the right architecture exists but none lists the type (a GPU type on a non-GPU
image, a Windows-only type), apply fails. The message lists the compatible types of that
architecture.

A server whose `image` is a `scaleway_marketplace_image` data source's `id` boots the image
the data source chose for its own `instance_type` (`DEV1-S` by default), which may not list
the server's type. The message names the data source and what it resolved.

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", type = "DEV1-S", root_volume { volume_type = "l_ssd" }
FAIL:  image = "windows_server_2022", type = "DEV1-S"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity, short_list

from ._hints import (
    defaulted_type_note,
    for_lookup_type,
    image_kind,
    resolved_by,
    target_of,
)

ID = "commercial-type-incompatible"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    target = target_of(resolution)
    span, chain = ctx.instance.position_of("type"), ctx.instance.chain_of("type")
    if resolution.source is not None:
        source = resolution.source
        message = f"{target.commercial_type} cannot boot the image {resolved_by(source)}"
        yield for_lookup_type(ctx, source, target.commercial_type, message)
        return
    arch = ctx.catalog.arch_of(target.commercial_type)
    same_arch = [i for i in resolution.candidates if arch is None or i.arch in (arch, None)]
    compatible = sorted({t for i in same_arch for t in i.compatible_commercial_types})
    where = (
        f"image {target.image.name}"
        if target.image.is_uuid
        else f"the {image_kind(target.image_type)}{target.image.name} image in {target.zone}"
    )
    kind = f"{arch} types" if arch else "types"
    yield Draft(
        span=span,
        message=(
            f"{target.commercial_type} cannot boot {where} (compatible {kind}: "
            f"{short_list(compatible)}){defaulted_type_note(ctx, target)}"
        ),
        hint="use one of the compatible types",
        related=chain,
    )
