"""The tool takes an image UUID, but the image is a label.

Why: Ansible's `scaleway_compute` module fetches `image` from the Instance API as an image
id in the region's zone, then creates the server with it: it has no label lookup, so
`image: ubuntu_jammy` fails when the task runs. The hint gives the UUID of the local image a
label lookup would pick for the zone and commercial type (the first compatible one, local
images first), with its architecture and volume type; when the catalog cannot say, how to
find it. Local image UUIDs are zonal and images are republished: look the UUID up again
when the zone changes. No other image rule runs for such an instance.

Options: none.  Default severity: error.

PASS:  image: 11111111-1111-4111-8111-111111111111    # scaleway_compute, region: par1
FAIL:  image: ubuntu_jammy                            # scaleway_compute, region: par1
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.catalog.interface import Found, Miss, NotFound
from imagelint.rule_api import Draft, Resolution, RuleContext, Severity

ID = "image-label-unsupported"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    instance = ctx.instance
    name = instance.phrasing.name
    value = instance.value("image")
    written = value.text if value is not None and value.text is not None else ""
    tool = instance.model.name if instance.model is not None else "this tool"
    why, hint = _catalog_says(ctx, resolution, written)
    yield Draft(
        span=instance.position_of("image"),
        message=(
            f'{tool} takes an image UUID, not a label: {name("image")} "{written}" is fetched '
            f"as an image id and fails{why}"
        ),
        hint=hint,
        related=instance.chain_of("image"),
    )


def _catalog_says(ctx: RuleContext, resolution: Resolution, label: str) -> tuple[str, str]:
    """What the message adds about the label, and the hint: the UUID to write, or how to
    find it."""
    target, zone, commercial_type = resolution.target, resolution.zone, resolution.commercial_type
    if target is None or target.query is None:
        return "", (
            f"`scw marketplace local-image list image-label={label} zone=<zone>` lists its "
            "local images in a zone and the commercial types each boots: write the UUID of "
            "one in the server's zone that boots its commercial type"
        )
    how = (
        f"`scw marketplace local-image list image-label={label} zone={zone}` lists its local "
        f"images there and the commercial types each boots"
    )
    chosen = resolution.chosen
    if chosen is not None:
        setting = ctx.instance.phrasing.setting("image", chosen.id)
        return "", (
            f"write {setting}: the local image of {label} a label lookup picks for "
            f"{commercial_type} in {zone} ({chosen.arch or 'unknown arch'}, {chosen.type})"
        )
    if isinstance(resolution.answer, NotFound):
        return f'; "{label}" is not a Marketplace label either', (
            "`scw marketplace image list` lists the labels; write the UUID of a local image "
            "of one in the zone"
        )
    if isinstance(resolution.answer, Found):
        return f"; and no local image of {label} in {zone} boots {commercial_type}", how
    answer = ctx.catalog.ask(target.query)
    reason = answer.reason if isinstance(answer, Miss) else ctx.catalog.describe()
    return f"; the UUID to use could not be looked up: {reason}", how
