"""An instance could not be checked: a value was not evaluated, or the catalog had no answer.

Why: imagelint never guesses. When `image`, `type`, `zone` or the root volume type comes from
something imagelint cannot evaluate (a variable with no value, an impure function, a data
source only the provider can read, a remote module), or when the catalog cannot answer for
the image (the offline snapshot does not hold that label and zone, a UUID that is no
Marketplace local image), the instance is counted as unresolved and this notice says which
attributes and why: one notice per instance, at the first reason, with the others as related
locations. A server whose image comes from a `scaleway_marketplace_image` data source that
did not resolve is reported here without repeating the data source's own finding, and a
value left unknown by a setting `setting-rejected` reports (an operating system
machine-controller has no image for) is not repeated either. It is never reported as clean.

Options: `ignore-kinds` (default: none), the kinds of unknown value not reported, for a
repository that accepts them, e.g. servers booting images their own Terraform builds
(`[apply-time, data-source]`). The instance still counts as not checked in the summary; an
instance with another reason is reported with that one. Kinds: no-value, unknown-function,
remote-module, data-source, apply-time, cycle, invalid, parse-error, unsupported, catalog.
Default severity: notice.

PASS:  image = "ubuntu_jammy"
PASS:  image = scaleway_instance_image.mine.id   # with ignore-kinds: [apply-time]
FAIL:  image = var.image        # with no value
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.model import UNKNOWN_KINDS, Hop
from imagelint.rule_api import Draft, Option, RuleContext, Severity, Unresolved

from ._hints import close_labels, did_you_mean

ID = "value-unresolved"
SEVERITY = Severity.NOTICE
NEEDS_RESOLUTION = False
OPTIONS = (
    Option(
        name="ignore-kinds",
        kind="string-list",
        default=(),
        description="Kinds of unknown value not reported (the instance still counts as not "
        f"checked): {', '.join(UNKNOWN_KINDS)}.",
        choices=UNKNOWN_KINDS,
    ),
)


def check(ctx: RuleContext) -> Iterator[Draft]:
    # The error at a rejected setting already says why its value is unknown.
    rejected = {r.span for r in ctx.instance.rejected}
    ignored = _ignored(ctx)
    unresolved = [u for u in ctx.unresolved if u.span not in rejected and u.kind not in ignored]
    if not unresolved:
        return
    first, *others = unresolved
    said = [_describe(ctx, u) for u in unresolved]
    related: list[Hop] = list(first.chain)
    for item, text in zip(others, said[1:], strict=True):
        related += [Hop(span=item.span, message=text), *item.chain]
    catalog = any(u.attribute == "catalog" for u in unresolved)
    yield Draft(
        span=first.span,
        message="; ".join(said) + "; this instance was not checked",
        hint=_unlisted_label_hint(ctx) if catalog else None,
        related=tuple(related),
    )


def _ignored(ctx: RuleContext) -> frozenset[str]:
    kinds = ctx.options.get("ignore-kinds", ())
    return frozenset(kinds) if isinstance(kinds, tuple | list) else frozenset()


def _describe(ctx: RuleContext, item: Unresolved) -> str:
    if item.attribute == "catalog":
        return f"the image could not be looked up: {item.reason}"
    if item.attribute == "instance":  # the source could not even tell what the instances are
        return item.reason
    return f"{ctx.instance.phrasing.name(item.attribute)} is not resolved: {item.reason}"


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
