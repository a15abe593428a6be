"""Hints shared by first-party rules: close labels, and what the other local image type gives."""

from __future__ import annotations

import difflib

from imagelint.catalog.interface import LOCAL, SBS, Found, LabelQuery, first_bootable
from imagelint.rule_api import Resolution, RuleContext, Target

# The root_volume setting that makes the provider ask for each local image type.
VOLUME_FOR = {LOCAL: 'root_volume { volume_type = "l_ssd" }', SBS: "an SBS root volume"}


def other_volume_hint(ctx: RuleContext, resolution: Resolution) -> str | None:
    """Many mismatches are "this type cannot boot this label from local storage" (Q11):
    say so when the other local image type of the same zone would boot."""
    target = resolution.target
    if target.image.is_uuid or target.image_type not in VOLUME_FOR:
        return None
    other = SBS if target.image_type == LOCAL else LOCAL
    answer = ctx.catalog.ask(
        LabelQuery(label=target.image.name, zone=target.zone, image_type=other)
    )
    if not isinstance(answer, Found):
        return None
    if first_bootable(answer.images, target.commercial_type, zone=target.zone):
        return (
            f"{target.commercial_type} boots {target.image.name} from an {other} image in "
            f"{target.zone}: use {VOLUME_FOR[other]}"
        )
    return None


def close_labels(label: str, labels: tuple[str, ...]) -> list[str]:
    return difflib.get_close_matches(label, labels, n=3, cutoff=0.6)


def did_you_mean(labels: list[str]) -> str:
    return "did you mean " + " or ".join(f'"{c}"' for c in labels) + "?"


def defaulted_type_note(target: Target) -> str:
    """Say which local image type was assumed when no root volume type was written: the
    provider's default changed in late 2024 (MARKETPLACE.md §5.2)."""
    if not target.image_type_defaulted or target.image.is_uuid:
        return ""
    return f"; with no root volume type, {target.model} asks for an {target.image_type} image"
