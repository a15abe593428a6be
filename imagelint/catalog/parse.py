"""Turn one raw Marketplace API local-image object into a normalised LocalImage."""

from __future__ import annotations

from typing import Any

from imagelint.catalog.interface import ANY_TYPE, LocalImage
from imagelint.catalog.zones import normalise_zone

# Ids are UUIDs, labels and commercial types a few dozen characters: a longer or unprintable
# value is no Marketplace data, and it would end up in findings.
MAX_TEXT = 255


def usable_text(value: str) -> bool:
    return len(value) <= MAX_TEXT and value.isprintable()


def local_image_from_api(item: dict[str, Any], *, fallback_label: str | None = None) -> LocalImage:
    """Parse one item of a ListLocalImages body, or a GetLocalImage body.

    Everything but `id` and `zone` is optional, as in 2023 data (MARKETPLACE.md §4): a missing
    `type` becomes "unknown_type", an absent or empty `label` becomes `fallback_label` (pass
    the label the query asked for, Q3), legacy zones become modern ones (Q4) and commercial
    types are upper-cased. JSON `null` counts as absent. Raises ValueError on a malformed item,
    with a message that quotes none of its values (they may be anything).
    """
    if not isinstance(item, dict):
        raise ValueError(f"a local image must be a JSON object, not {type(item).__name__}")
    image_id = _optional_str(item, "id")
    if not image_id:
        raise ValueError("local image without an id")
    zone = _optional_str(item, "zone")
    if not zone:
        # Every local image is zonal; without a zone no rule could use it.
        raise ValueError(f"local image {image_id} has no zone")
    return LocalImage(
        id=image_id,
        label=_optional_str(item, "label") or fallback_label or None,
        zone=normalise_zone(zone),
        arch=_optional_str(item, "arch") or None,
        type=_optional_str(item, "type") or ANY_TYPE,
        compatible_commercial_types=_commercial_types(item),
    )


def _optional_str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None or (isinstance(value, str) and usable_text(value)):
        return value
    if isinstance(value, str):
        raise ValueError(f"{key!r} must be printable and at most {MAX_TEXT} characters")
    raise ValueError(f"{key!r} must be a short printable string, not {type(value).__name__}")


def _commercial_types(item: dict[str, Any]) -> tuple[str, ...]:
    value = item.get("compatible_commercial_types")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) and usable_text(t) for t in value):
        raise ValueError("'compatible_commercial_types' must be a list of short strings")
    return tuple(t.upper() for t in value)
