"""The commercial type is not among those the zone's local image can boot.

Why: each local image lists the commercial types it boots on (`compatible_commercial_types`),
and the provider takes the first local image of the zone that lists the server's type. When
an image of the right architecture exists but none lists the type (a GPU type on a non-GPU
image, a POP2 type on local storage, a Windows-only type), apply fails. The message lists the
compatible types of that architecture.

Commercial types compare case-insensitively, as the provider does (`dev1-s` is `DEV1-S`).

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", type = "DEV1-S", root_volume { volume_type = "l_ssd" }
FAIL:  image = "ubuntu_jammy", type = "POP2-2C-8G", root_volume { volume_type = "l_ssd" }
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity, short_list

from ._hints import defaulted_type_note, other_volume_hint

ID = "commercial-type-incompatible"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.resolution
    assert resolution is not None
    target = resolution.target
    if resolution.chosen is not None:
        return
    arch = ctx.catalog.arch_of(target.commercial_type)
    # With a known arch, images of another arch are image-arch-mismatch's to report.
    same_arch = [i for i in resolution.candidates if arch is None or i.arch in (arch, None)]
    if not same_arch:
        return
    compatible = sorted({t for i in same_arch for t in i.compatible_commercial_types})
    where = (
        f"image {target.image.name}"
        if target.image.is_uuid
        else f"the {target.image_type} {target.image.name} image in {target.zone}"
    )
    kind = f"{arch} types" if arch else "types"
    unknown = "" if arch else f"; {target.commercial_type} is not a commercial type imagelint knows"
    yield Draft(
        span=ctx.instance.position_of("type"),
        message=(
            f"{target.commercial_type} cannot boot {where} (compatible {kind}: "
            f"{short_list(compatible)}){unknown}{defaulted_type_note(target)}"
        ),
        hint=other_volume_hint(ctx, resolution) or "use one of the compatible types",
    )
