"""local_image_from_api: one raw Marketplace local-image object to a normalised LocalImage."""

from __future__ import annotations

from typing import Any

import pytest

from imagelint.catalog.interface import LocalImage
from imagelint.catalog.parse import local_image_from_api

CURRENT = {
    "id": "36c33107-449a-474c-8823-bbd00ba6b35d",
    "arch": "x86_64",
    "zone": "fr-par-1",
    "compatible_commercial_types": ["DEV1-L", "DEV1-S"],
    "label": "ubuntu_focal",
    "type": "instance_local",
}


def test_current_item_is_taken_as_is() -> None:
    assert local_image_from_api(CURRENT) == LocalImage(
        id="36c33107-449a-474c-8823-bbd00ba6b35d",
        label="ubuntu_focal",
        zone="fr-par-1",
        arch="x86_64",
        type="instance_local",
        compatible_commercial_types=("DEV1-L", "DEV1-S"),
    )


@pytest.mark.parametrize(("legacy", "modern"), [("par1", "fr-par-1"), ("ams1", "nl-ams-1")])
def test_legacy_zone_is_normalised(legacy: str, modern: str) -> None:
    assert local_image_from_api(CURRENT | {"zone": legacy}).zone == modern


def test_absent_type_is_unknown_type() -> None:
    item = {k: v for k, v in CURRENT.items() if k != "type"}
    assert local_image_from_api(item).type == "unknown_type"


def test_null_type_is_unknown_type() -> None:
    assert local_image_from_api(CURRENT | {"type": None}).type == "unknown_type"


def test_empty_label_takes_the_queried_label() -> None:
    image = local_image_from_api(CURRENT | {"label": ""}, fallback_label="ubuntu_focal")
    assert image.label == "ubuntu_focal"


def test_absent_label_takes_the_queried_label() -> None:
    item = {k: v for k, v in CURRENT.items() if k != "label"}
    assert local_image_from_api(item, fallback_label="ubuntu_jammy").label == "ubuntu_jammy"


def test_empty_label_without_fallback_is_none() -> None:
    assert local_image_from_api(CURRENT | {"label": ""}).label is None


def test_body_label_wins_over_fallback() -> None:
    assert local_image_from_api(CURRENT, fallback_label="other").label == "ubuntu_focal"


def test_commercial_types_are_upper_cased_in_order() -> None:
    image = local_image_from_api(CURRENT | {"compatible_commercial_types": ["dev1-s", "Gp1-Xs"]})
    assert image.compatible_commercial_types == ("DEV1-S", "GP1-XS")
    assert image.boots("dev1-s")


def test_absent_arch_and_commercial_types() -> None:
    item = {"id": "x", "zone": "fr-par-1"}
    image = local_image_from_api(item)
    assert image.arch is None
    assert image.compatible_commercial_types == ()


def test_missing_id_raises() -> None:
    item = {k: v for k, v in CURRENT.items() if k != "id"}
    with pytest.raises(ValueError, match="without an id"):
        local_image_from_api(item)


def test_missing_zone_raises() -> None:
    item = {k: v for k, v in CURRENT.items() if k != "zone"}
    with pytest.raises(ValueError, match="has no zone"):
        local_image_from_api(item)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", 42, "'id' must be a short printable string, not int"),
        ("arch", ["x86_64"], "'arch' must be a short printable string, not list"),
        ("label", 3, "'label' must be a short printable string, not int"),
        ("label", ["ubuntu_jammy"], "'label' must be a short printable string, not list"),
        ("zone", "fr-par-1\n1 file, 1 instance", "'zone' must be printable and at most 255"),
        ("label", "\ud800", "'label' must be printable"),
        ("type", "x" * 256, "'type' must be printable and at most 255 characters"),
        ("compatible_commercial_types", "DEV1-S", "must be a list of short strings"),
        ("compatible_commercial_types", ["DEV1-S", 1], "must be a list of short strings"),
        ("compatible_commercial_types", ["DEV1-S\x1b[2J"], "must be a list of short strings"),
    ],
)
def test_wrong_json_types_raise(field: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        local_image_from_api(CURRENT | {field: value})


def test_non_object_raises() -> None:
    with pytest.raises(ValueError, match="must be a JSON object"):
        local_image_from_api(["not", "an", "object"])  # type: ignore[arg-type]
