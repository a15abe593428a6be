"""Turn one raw Marketplace API local-image object into a normalised LocalImage."""

from __future__ import annotations

from typing import Any

from imagelint.catalog.interface import ANY_TYPE, LocalImage
from imagelint.catalog.zones import normalise_zone


def local_image_from_api(item: dict[str, Any], *, fallback_label: str | None = None) -> LocalImage:
    """Parse one item of a ListLocalImages body, or a GetLocalImage body.

    Everything but `id` and `zone` is optional, as in 2023 data (MARKETPLACE.md §4): a missing
    `type` becomes "unknown_type", an absent or empty `label` becomes `fallback_label` (pass
    the label the query asked for, Q3), legacy zones become modern ones (Q4) and commercial
    types are upper-cased. JSON `null` counts as absent. Raises ValueError on a malformed item.
    """
    if not isinstance(item, dict):
        raise ValueError(f"a local image must be a JSON object, not {type(item).__name__}")
    image_id = _optional_str(item, "id", "?")
    if not image_id:
        raise ValueError(f"local image without an id: keys {sorted(item)}")
    zone = _optional_str(item, "zone", image_id)
    if not zone:
        # Every local image is zonal; without a zone no rule could use it.
        raise ValueError(f"local image {image_id} has no zone")
    return LocalImage(
        id=image_id,
        label=_optional_str(item, "label", image_id) or fallback_label or None,
        zone=normalise_zone(zone),
        arch=_optional_str(item, "arch", image_id) or None,
        type=_optional_str(item, "type", image_id) or ANY_TYPE,
        compatible_commercial_types=_commercial_types(item, image_id),
    )


def _optional_str(item: dict[str, Any], key: str, image_id: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(
        f"local image {image_id}: {key!r} must be a string, not {type(value).__name__}"
    )


def _commercial_types(item: dict[str, Any], image_id: str) -> tuple[str, ...]:
    value = item.get("compatible_commercial_types")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(
            f"local image {image_id}: 'compatible_commercial_types' must be a list of strings"
        )
    return tuple(t.upper() for t in value)
