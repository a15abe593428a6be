"""An instance could not be checked: a value was not evaluated, or the catalog had no answer.

Why: imagelint never guesses. When `image`, `type`, `zone` or the root volume type comes from
something imagelint does not evaluate yet (a variable without default, a local, a function,
a data source), or when the catalog cannot answer for the image (the offline snapshot does
not hold that label and zone, a UUID that is no Marketplace local image), the instance is
counted as unresolved and this notice says which attribute and why. It is never reported
as clean.

Options: none.  Default severity: notice.

PASS:  image = "ubuntu_jammy"
FAIL:  image = var.image        # with no default
FAIL:  image = local.image
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity

from ._hints import close_labels, did_you_mean

ID = "value-unresolved"
SEVERITY = Severity.NOTICE
NEEDS_RESOLUTION = False

WHAT = {"catalog": "the image could not be looked up", "volume_type": "root_volume.volume_type"}


def check(ctx: RuleContext) -> Iterator[Draft]:
    for item in ctx.unresolved:
        subject = WHAT.get(item.attribute, item.attribute)
        if item.attribute == "catalog":
            message = f"{subject}: {item.reason}; this instance was not checked"
            yield Draft(span=item.span, message=message, hint=_unlisted_label_hint(ctx))
        else:
            message = f"{subject} is not resolved: {item.reason}; this instance was not checked"
            yield Draft(span=item.span, message=message)


def _unlisted_label_hint(ctx: RuleContext) -> str | None:
    """A typo is the likeliest reason a catalog holds no answer for a label: when the label
    is not among those the catalog lists and a close one is, say so. Not image-unknown: the
    list leaves out end-of-life labels that still resolve (Q10)."""
    target = ctx.target
    if target is None or target.image.is_uuid:
        return None
    labels = ctx.catalog.labels()
    if not labels or target.image.name in labels:
        return None
    close = close_labels(target.image.name, labels)
    return f'"{target.image.name}" is not a label {ctx.catalog.describe()} lists; ' + (
        did_you_mean(close) if close else "check the spelling"
    )
