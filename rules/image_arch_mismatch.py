"""The commercial type's architecture has no local image of the label in the server's zone.

Why: an arm64 server (COPARM1, BASIC2-A, STANDARD2-A, AMP2) cannot boot an x86_64 image, and
the reverse. Many labels publish arm64 images only for some zones or only for SBS volumes, so
the pairing fails at apply time with "couldn't find a local image". The message names both
architectures and suggests commercial types that boot the label there.

The architecture of a commercial type comes from the catalog (the arch of the local images
that list it) and otherwise from imagelint's bundled table; when neither knows the type, this
rule stays silent and `commercial-type-incompatible` reports it.

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", type = "DEV1-S", root_volume { volume_type = "l_ssd" }
FAIL:  image = "ubuntu_jammy", type = "COPARM1-2C-8G", root_volume { volume_type = "l_ssd" }
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity, short_list

from ._hints import defaulted_type_note, other_volume_hint

ID = "image-arch-mismatch"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.resolution
    assert resolution is not None
    target = resolution.target
    arch = ctx.catalog.arch_of(target.commercial_type)
    archs = {i.arch for i in resolution.candidates}
    if not resolution.candidates or arch is None or None in archs or arch in archs:
        return
    image_archs = " and ".join(sorted(a for a in archs if a))
    what = (
        f"image {target.image.name} is {image_archs}"
        if target.image.is_uuid
        else f"{target.image.name} has only {image_archs} {target.image_type} images "
        f"in {target.zone}"
    )
    fitting = sorted({t for i in resolution.candidates for t in i.compatible_commercial_types})
    types = f"use an {image_archs} commercial type: {short_list(fitting)}" if fitting else None
    yield Draft(
        span=ctx.instance.position_of("type"),
        message=f"{target.commercial_type} is {arch}, but {what}{defaulted_type_note(target)}",
        hint="; or ".join(h for h in (other_volume_hint(ctx, resolution), types) if h) or None,
    )
