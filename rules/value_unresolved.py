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

ID = "value-unresolved"
SEVERITY = Severity.NOTICE
NEEDS_RESOLUTION = False

WHAT = {"catalog": "the image could not be looked up", "volume_type": "root_volume.volume_type"}


def check(ctx: RuleContext) -> Iterator[Draft]:
    for item in ctx.unresolved:
        subject = WHAT.get(item.attribute, item.attribute)
        if item.attribute == "catalog":
            message = f"{subject}: {item.reason}; this instance was not checked"
        else:
            message = f"{subject} is not resolved: {item.reason}; this instance was not checked"
        yield Draft(span=item.span, message=message)
