"""The image label does not exist in the Scaleway Marketplace.

Why: the Terraform provider looks the label up when the server is created, so a typo or a
retired label is only found by `terraform apply`. imagelint asks the Marketplace first, after
the provider's own rewrite (a `zone/` prefix is dropped, `-` becomes `_`), and suggests the
closest existing labels. A `scaleway_marketplace_image` data source sends its `label`
verbatim (no rewrite) and fails at plan.

A UUID is not checked by this rule: one that is no Marketplace local image may be your own
image or snapshot, which only the Instance API knows (see `value-unresolved`).

Options: none.  Default severity: error.

PASS:  image = "ubuntu_jammy"
PASS:  image = "ubuntu-jammy"      # the provider rewrites it to ubuntu_jammy
FAIL:  image = "ubuntu_jamy"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity

from ._hints import close_labels, did_you_mean, is_lookup, target_of

ID = "image-unknown"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    image = target_of(resolution).image
    # A data source sends its label verbatim: only a server's label can have been rewritten.
    rewritten = image.name != image.written and not is_lookup(ctx)
    looked_up = f' (looked up as "{image.name}")' if rewritten else ""
    message = (
        f'{ctx.instance.phrasing.name("image")} "{image.written}" does not exist in the '
        f"Marketplace{looked_up}"
    )
    yield Draft(
        span=ctx.instance.position_of("image"),
        message=message,
        hint=_suggestion(image.name, ctx.catalog.labels()),
        related=ctx.instance.chain_of("image"),
    )


def _suggestion(label: str, labels: tuple[str, ...] | None) -> str:
    if labels is None:
        return (
            "the Marketplace's label list could not be read; `scw marketplace image list` shows it"
        )
    close = close_labels(label, labels)
    if not close:
        return "no similar label exists; `scw marketplace image list` shows them all"
    return did_you_mean(close)
