"""The root volume asks for a local image type that cannot boot the server, the other can.

Why: the Marketplace publishes each label's local images per volume type (`instance_local`
for local SSD root volumes, `instance_sbs` for block storage), and many commercial types
boot a label from one only: POP2 and arm64 types have no local storage, old labels have
local images only. The provider asks for the type the root volume implies (`l_ssd` ->
`instance_local`; `sbs_volume`, or nothing with a current provider -> `instance_sbs`) and
fails at apply with "couldn't find a local image". When an image of the other type boots the
commercial type in the zone, the fix is the root volume type, which the hint names; this
rule then replaces `image-zone-unavailable`, `image-arch-mismatch` and
`commercial-type-incompatible` for that instance.

A `scaleway_marketplace_image` data source asks for its `image_type` (`instance_local` by
default): the hint names the `image_type` that works. A server whose `image` is such a data
source's `id` and that writes a root volume type gets the image the data source chose for
its own `image_type`: flagged when the two disagree (not when no volume type is written).

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy", type = "POP2-2C-8G"
FAIL:  image = "ubuntu_jammy", type = "POP2-2C-8G", root_volume { volume_type = "l_ssd" }
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, Resolution, RuleContext, Severity

from ._hints import (
    defaulted_type_note,
    is_lookup,
    lookup_hop,
    resolved_by,
    set_on_lookup,
    target_of,
    volume_setting,
)

ID = "image-volume-type-mismatch"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    if resolution.source is not None:
        yield _from_lookup(ctx, resolution)
        return
    target = target_of(resolution)
    other = resolution.working_image_type
    setting = "image_type" if is_lookup(ctx) else "volume_type"
    written = ctx.instance.value(setting) is not None
    name = setting if written else "image"
    if is_lookup(ctx):
        fix = f"set {ctx.instance.phrasing.setting('image_type', str(other))}"
    else:
        fix = f"write {volume_setting(ctx.instance, str(resolution.working_volume_type))}"
    yield Draft(
        span=ctx.instance.position_of(name),
        message=(
            f"{target.commercial_type} cannot boot {target.image.name} from an "
            f"{target.image_type} image in {target.zone}, but an {other} image of it boots "
            f"{target.commercial_type} there{defaulted_type_note(ctx, target)}"
        ),
        hint=f"{fix}: the {other} image is {resolution.working_image.id}"
        if resolution.working_image
        else fix,
        related=ctx.instance.chain_of(name),
    )


def _from_lookup(ctx: RuleContext, resolution: Resolution) -> Draft:
    target = target_of(resolution)
    source = resolution.source
    assert source is not None
    fixes = [set_on_lookup(source, "image_type", target.image_type)]
    if resolution.working_volume_type:
        fixes.append(f"write {volume_setting(ctx.instance, resolution.working_volume_type)}")
    return Draft(
        span=ctx.instance.position_of("volume_type"),
        message=(
            f"the root volume asks for an {target.image_type} image, but {resolved_by(source)}"
        ),
        hint=", or ".join(fixes),
        related=(
            *ctx.instance.chain_of("volume_type"),
            lookup_hop(source, "image_type", "chooses the image type here"),
        ),
    )
