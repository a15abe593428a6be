"""Phrases shared by first-party rules: close names, assumed defaults, image lookups. Values
are written the way the instance's source writes them (Instance.phrasing), never in HCL."""

from __future__ import annotations

import difflib

from imagelint.catalog.interface import ANY_TYPE
from imagelint.model import Hop, Instance
from imagelint.rule_api import (
    IMAGE_LOOKUP,
    Draft,
    ImageSource,
    Resolution,
    RuleContext,
    Target,
)


def close_names(name: str, names: tuple[str, ...] | list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(name, names, n=n, cutoff=0.6)


def close_labels(label: str, labels: tuple[str, ...]) -> list[str]:
    return close_names(label, labels)


def did_you_mean(names: list[str]) -> str:
    return "did you mean " + " or ".join(f'"{c}"' for c in names) + "?"


def is_lookup(ctx: RuleContext) -> bool:
    return ctx.instance.kind == IMAGE_LOOKUP


def target_of(resolution: Resolution) -> Target:
    """An image outcome always has a target; only zone-unknown and commercial-type-unknown
    may be decided without one."""
    assert resolution.target is not None, resolution.outcome
    return resolution.target


def defaulted_type_note(ctx: RuleContext, target: Target) -> str:
    """Say which local image type was assumed when nothing chose it: the provider's default
    changed in late 2024 (MARKETPLACE.md §5.2), and the data source has its own."""
    if not target.image_type_defaulted or target.image.is_uuid:
        return ""
    phrasing = ctx.instance.phrasing
    unset = f"no {phrasing.name('image_type')}" if is_lookup(ctx) else "no root volume type"
    if target.image_type == ANY_TYPE:
        return f"; with {unset}, {target.model} takes the first fitting local image of any type"
    return f"; with {unset}, {target.model} asks for an {target.image_type} image"


def image_kind(image_type: str) -> str:
    """`instance_sbs ` before "image" in a phrase; nothing for an untyped lookup, which
    asks for local images of every type."""
    return "" if image_type == ANY_TYPE else f"{image_type} "


def volume_setting(instance: Instance, volume_type: str) -> str:
    return instance.phrasing.setting("volume_type", volume_type)


def resolved_by(source: ImageSource) -> str:
    """What an image lookup resolved, and for what: the trap is that it chose for its own
    instance_type, zone and image_type, never for the server that uses its id."""
    t = source.target
    label = source.image.label or t.image.name
    name = source.lookup.phrasing.name
    return (
        f"{source.lookup.address} resolved {label} to local image {source.image.id} "
        f"({source.image.arch or 'unknown arch'}, {source.image.type}, {source.image.zone}) "
        f"for its own {name('type')} {t.commercial_type}, {name('zone')} {t.zone} and "
        f"{name('image_type')} {t.image_type}"
    )


def set_on_lookup(source: ImageSource, attribute: str, value: str) -> str:
    """`set instance_type = "DEV1-S" on data.scaleway_marketplace_image.x`, as its source
    writes it."""
    return f"set {source.lookup.phrasing.setting(attribute, value)} on {source.lookup.address}"


def for_lookup_type(
    ctx: RuleContext, source: ImageSource, commercial_type: str, message: str
) -> Draft:
    """A server booting the image an image lookup chose for another commercial type: the
    fix is the lookup's type, written where the lookup is."""
    return Draft(
        span=ctx.instance.position_of("type"),
        message=message,
        hint=(
            f"{set_on_lookup(source, 'type', commercial_type)}, "
            "so that it resolves an image this server boots"
        ),
        related=(
            *ctx.instance.chain_of("type"),
            lookup_hop(source, "type", "chooses its image for this type"),
        ),
    )


def lookup_hop(source: ImageSource, attribute: str, what: str) -> Hop:
    """Where the image lookup's `attribute` was written (its block when defaulted)."""
    written = source.lookup.value(attribute) is not None
    message = f"{source.lookup.address} {what}" + ("" if written else " (its default)")
    return Hop(span=source.lookup.position_of(attribute), message=message)
