"""The offline snapshot: SnapshotCatalog semantics and the builder that makes its data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from imagelint.catalog.errors import CatalogError
from imagelint.catalog.interface import (
    ANY_TYPE,
    LOCAL,
    SBS,
    Found,
    IdQuery,
    LabelQuery,
    Miss,
    NotFound,
)
from imagelint.catalog.snapshot import SnapshotCatalog

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "recordings"
DATA = ROOT / "imagelint" / "data"
AS_OF = "2026-08-21"  # newest recording in recordings/; changes only with new recordings


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    path = ROOT / "scripts" / "build_snapshot.py"
    spec = importlib.util.spec_from_file_location("build_snapshot", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundled() -> SnapshotCatalog:
    return SnapshotCatalog()


def ask(catalog: SnapshotCatalog, query: LabelQuery | IdQuery) -> Any:
    return catalog.answer([query])[query]


def label(name: str, zone: str | None, image_type: str) -> LabelQuery:
    return LabelQuery(label=name, zone=zone, image_type=image_type)


# --- the bundled snapshot -----------------------------------------------------------------


def test_held_query_is_found_in_recorded_order(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, label("ubuntu_jammy", "fr-par-1", SBS))
    assert isinstance(answer, Found)
    assert answer.complete is True
    assert [(i.id, i.arch) for i in answer.images] == [
        ("4481c662-2357-432f-b0fd-dd6470c08c49", "x86_64"),
        ("7f1fb616-173d-4dfa-8414-92798704fc60", "arm64"),
    ]
    assert all(i.type == SBS and i.zone == "fr-par-1" for i in answer.images)
    assert answer.images[1].boots("COPARM1-2C-8G")
    assert not answer.images[1].boots("DEV1-S")


def test_empty_answer_is_found_not_miss(bundled: SnapshotCatalog) -> None:
    # Recorded 200 with an empty list (2025-01-15): the label exists, nothing matches.
    # The answer says when it was recorded: images are republished (Q8).
    expected = Found(images=(), complete=True, recorded="2025-01-15")
    assert ask(bundled, label("ubuntu_bionic", "fr-par-1", SBS)) == expected


def test_legacy_zone_in_query_is_normalised(bundled: SnapshotCatalog) -> None:
    modern = ask(bundled, label("ubuntu_jammy", "fr-par-1", LOCAL))
    assert ask(bundled, label("ubuntu_jammy", "par1", LOCAL)) == modern
    assert [i.id for i in modern.images] == ["345b3dea-9dde-4b01-adf9-e13a37807cf8"]


def test_label_held_for_another_zone_is_a_miss(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, label("ubuntu_jammy", "pl-waw-2", SBS))
    assert isinstance(answer, Miss)
    assert answer.unavailable is False
    assert answer.reason.startswith(
        f"the offline snapshot (as of {AS_OF}) holds no answer for ubuntu_jammy in pl-waw-2 "
        "(instance_sbs)"
    )
    assert "fr-par-1" in answer.reason


def test_label_held_for_another_type_is_a_miss(bundled: SnapshotCatalog) -> None:
    # fr-par-3 was only ever asked for instance_local images.
    assert isinstance(ask(bundled, label("ubuntu_jammy", "fr-par-3", SBS)), Miss)
    assert isinstance(ask(bundled, label("ubuntu_jammy", "fr-par-3", LOCAL)), Found)


def test_an_untyped_query_never_recorded_is_both_typed_answers_local_first(
    bundled: SnapshotCatalog,
) -> None:
    # openvpn in fr-par-1 was asked for each type (2024-10-03 and 2026-08-11), never untyped.
    local = ask(bundled, label("openvpn", "fr-par-1", LOCAL))
    sbs = ask(bundled, label("openvpn", "fr-par-1", SBS))
    untyped = ask(bundled, label("openvpn", "fr-par-1", ANY_TYPE))
    assert isinstance(local, Found) and isinstance(sbs, Found) and isinstance(untyped, Found)
    assert untyped.images == local.images + sbs.images
    assert untyped.recorded == "2024-10-03"  # the older of the two
    # One typed answer alone says nothing of the other type: no untyped answer from it.
    assert isinstance(ask(bundled, label("ubuntu_jammy", "fr-par-3", ANY_TYPE)), Miss)


def test_label_never_asked_is_a_miss(bundled: SnapshotCatalog) -> None:
    # debian_bookworm is in the catalogue, but no local-images answer was recorded.
    answer = ask(bundled, label("debian_bookworm", "fr-par-1", SBS))
    assert isinstance(answer, Miss)
    assert "debian_bookworm" in answer.reason


@pytest.mark.parametrize("zone", ["fr-par-1", "nl-ams-1", None])
def test_not_found_label_is_not_found_everywhere(
    bundled: SnapshotCatalog, zone: str | None
) -> None:
    assert ask(bundled, label("macos", zone, SBS)) == NotFound()
    assert ask(bundled, label("foo-bar-image", zone, ANY_TYPE)) == NotFound()


def test_all_zones_is_a_partial_union(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, label("ubuntu_jammy", None, SBS))
    assert isinstance(answer, Found)
    assert answer.complete is False
    assert [(i.zone, i.arch) for i in answer.images] == [
        ("fr-par-1", "x86_64"),
        ("fr-par-1", "arm64"),
        ("pl-waw-1", "arm64"),
        ("pl-waw-1", "x86_64"),
    ]


def test_all_zones_any_type_covers_every_held_type(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, label("ubuntu_jammy", None, ANY_TYPE))
    assert isinstance(answer, Found)
    assert answer.complete is False
    zones = [i.zone for i in answer.images]
    assert sorted(set(zones)) == ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-2", "pl-waw-1"]
    assert zones == sorted(zones)
    ids = [i.id for i in answer.images]
    assert len(ids) == len(set(ids))


def test_all_zones_of_unheld_label_is_a_miss(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, label("wordpress", None, SBS))
    assert isinstance(answer, Miss)
    assert answer.unavailable is False


def test_id_held_by_a_get_body(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, IdQuery(image_id="5cb01f4c-9cd0-4032-8ce6-325c458df811"))
    assert isinstance(answer, Found)
    (image,) = answer.images
    assert (image.label, image.zone, image.type) == ("ubuntu_jammy", "fr-par-1", LOCAL)


def test_id_held_only_by_a_list_answer(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, IdQuery(image_id="345B3DEA-9DDE-4B01-ADF9-E13A37807CF8"))
    assert isinstance(answer, Found)
    assert answer.images[0].id == "345b3dea-9dde-4b01-adf9-e13a37807cf8"


def test_id_not_held_is_a_miss_not_not_found(bundled: SnapshotCatalog) -> None:
    answer = ask(bundled, IdQuery(image_id="00000000-0000-4000-8000-000000000000"))
    assert isinstance(answer, Miss)
    assert answer.unavailable is False
    assert AS_OF in answer.reason


def test_answer_covers_every_query(bundled: SnapshotCatalog) -> None:
    queries = [
        label("ubuntu_noble", "fr-par-1", LOCAL),
        label("ubuntu_noble", "it-mil-1", LOCAL),
        IdQuery(image_id="not-a-uuid"),
    ]
    answers = bundled.answer(queries)
    assert list(answers) == queries
    assert [type(a) for a in answers.values()] == [Found, Miss, Miss]


def test_source_labels_and_arch(bundled: SnapshotCatalog) -> None:
    source = bundled.source()
    assert (source.kind, source.as_of, source.api_url) == ("snapshot", AS_OF, None)
    assert "go-vcr" in source.detail
    labels = bundled.labels()
    assert labels == tuple(sorted(labels))
    assert "ubuntu_bionic" in labels  # answered local-images, though gone from /images (Q10)
    assert "macos" not in labels
    assert bundled.arch_of("coparm1-2c-8g") == "arm64"
    assert bundled.arch_of("NOPE-1") is None


def test_import_stays_light() -> None:
    code = "import sys, imagelint.catalog.snapshot; print('httpx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- snapshot files written by the tests ------------------------------------------------


def item(image_id: str, zone: str, image_type: str, types: list[str]) -> dict[str, Any]:
    return {
        "id": image_id,
        "label": "distro",
        "zone": zone,
        "arch": "x86_64",
        "type": image_type,
        "compatible_commercial_types": types,
    }


def write_snapshot(path: Path, **overrides: Any) -> Path:
    data = {
        "format": 1,
        "as_of": "2030-01-02",
        "source": "test data",
        "built_by": "tests",
        "labels": ["distro"],
        "not_found_labels": ["gone"],
        "queries": [
            {
                "label": "distro",
                "zone": "fr-par-1",
                "type": LOCAL,
                "recorded": "2030-01-01",
                "local_images": [
                    item("b", "fr-par-1", LOCAL, ["DEV1-S"]),
                    item("a", "fr-par-1", LOCAL, ["DEV1-M"]),
                ],
            },
            {
                "label": "distro",
                "zone": "fr-par-1",
                "type": ANY_TYPE,
                "recorded": "2029-01-01",
                "local_images": [
                    item("a", "fr-par-1", LOCAL, ["DEV1-M", "DEV1-L"]),
                    item("c", "fr-par-1", SBS, ["DEV1-S"]),
                ],
            },
            {
                "label": "distro",
                "zone": "nl-ams-1",
                "type": LOCAL,
                "recorded": "2030-01-01",
                "local_images": [item("d", "nl-ams-1", LOCAL, ["DEV1-S"])],
            },
        ],
        "local_images": {
            "a": item("a", "fr-par-1", LOCAL, ["DEV1-XL"]) | {"recorded": "2029-06-01"},
            "e": item("e", "pl-waw-1", SBS, ["DEV1-S"]) | {"recorded": "2030-01-01"},
        },
    }
    path.write_text(json.dumps(data | overrides), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> SnapshotCatalog:
    return SnapshotCatalog(write_snapshot(tmp_path / "snapshot.json"))


def test_small_held_query_keeps_order(small: SnapshotCatalog) -> None:
    answer = ask(small, label("distro", "fr-par-1", LOCAL))
    assert [i.id for i in answer.images] == ["b", "a"]
    assert answer.complete is True


def test_small_other_zone_is_miss_and_gone_is_not_found(small: SnapshotCatalog) -> None:
    answer = ask(small, label("distro", "pl-waw-1", LOCAL))
    assert isinstance(answer, Miss)
    assert "(as of 2030-01-02)" in answer.reason
    assert "only for fr-par-1, nl-ams-1" in answer.reason
    assert ask(small, label("gone", "pl-waw-1", LOCAL)) == NotFound()


def test_small_all_zones_union(small: SnapshotCatalog) -> None:
    local = ask(small, label("distro", None, LOCAL))
    assert [i.id for i in local.images] == ["b", "a", "d"]
    assert local.complete is False
    # No filter: typed answers first in each zone, the unknown_type answer adds only new ids.
    anything = ask(small, label("distro", None, ANY_TYPE))
    assert [i.id for i in anything.images] == ["b", "a", "c", "d"]


def test_small_id_takes_the_newest_record(small: SnapshotCatalog) -> None:
    # "a": list answer of 2030-01-01 beats the GET body of 2029-06-01 (images change, Q8).
    (a,) = ask(small, IdQuery(image_id="a")).images
    assert a.compatible_commercial_types == ("DEV1-M",)
    (e,) = ask(small, IdQuery(image_id="e")).images
    assert (e.zone, e.type) == ("pl-waw-1", SBS)
    assert isinstance(ask(small, IdQuery(image_id="d0")), Miss)


def test_bad_file_fails_on_first_use_not_construction(tmp_path: Path) -> None:
    catalog = SnapshotCatalog(write_snapshot(tmp_path / "snapshot.json", format=2))
    with pytest.raises(CatalogError, match="not a valid imagelint snapshot: format 2"):
        catalog.labels()
    missing = SnapshotCatalog(tmp_path / "absent.json")
    with pytest.raises(CatalogError, match="cannot read"):
        missing.source()


# --- the builder ------------------------------------------------------------------------

LOCAL_IMAGES = "/marketplace/v2/local-images"


class Recordings:
    """A tiny recordings/ directory in the layout of the real one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index: dict[str, str] = {}
        self.derived: dict[str, Any] = {
            "DEV1-S": self._derived(["x86_64"]),
            "COPARM1-2C-8G": self._derived(["arm64"]),
            "ODD-1": self._derived(["x86_64", "arm64"]),  # ambiguous: must be skipped
        }
        self.products: list[dict[str, Any]] = [
            self._products("Tue, 04 Nov 2025 10:19:54 GMT", {"DEV1-M": "x86_64"})
        ]

    @staticmethod
    def _derived(archs: list[str]) -> dict[str, Any]:
        return {
            "archs": archs,
            "first_recorded": "2023-01-17T10:00:00+00:00",
            "last_recorded": "2026-08-21T10:00:00+00:00",
        }

    @staticmethod
    def _products(date: str, archs: dict[str, str]) -> dict[str, Any]:
        servers = {name: {"arch": arch} for name, arch in archs.items()}
        return {
            "url": "https://api.scaleway.com/instance/v1/zones/fr-par-1/products/servers?page=1",
            "code": 200,
            "date": date,
            "body": json.dumps({"servers": servers}),
        }

    def add(self, path: str, query: dict[str, str], *responses: dict[str, Any]) -> None:
        url = (
            "https://api.scaleway.com" + path + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        )
        name = f"file{len(self.index):02d}.json"
        self.index[url] = name
        request = {"method": "GET", "url": url, "path": path, "query": query}
        self._write(name, {"request": request, "note": "synthetic", "responses": list(responses)})

    def write(self) -> Path:
        self._write("index.json", self.index)
        self._write("derived/commercial_types.json", self.derived)
        self._write("instance_api/products_servers_fr-par-1.json", {"responses": self.products})
        return self.root

    def _write(self, name: str, data: Any) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")


def response(code: int, body: Any, first: str, last: str | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "body": json.dumps(body),
        "first_recorded": f"{first}T10:00:00+00:00",
        "last_recorded": f"{last or first}T10:00:00+00:00",
    }


def listing(*items: dict[str, Any]) -> dict[str, Any]:
    return {"local_images": list(items), "total_count": len(items)}


def raw(image_id: str, zone: str, **fields: Any) -> dict[str, Any]:
    return {"id": image_id, "arch": "x86_64", "zone": zone} | fields


NOT_FOUND = {"message": "Not found", "resource": "MarketplaceImage", "type": "not_found"}


@pytest.fixture
def recordings(tmp_path: Path) -> Recordings:
    rec = Recordings(tmp_path / "recordings")
    # 2023-style answer: legacy zone, no type, "" label, lowercase type, one item of another
    # zone (Q5). The query has no `type` and created_at_asc ordering.
    rec.add(
        LOCAL_IMAGES,
        {"image_label": "ubuntu_focal", "order_by": "created_at_asc", "zone": "fr-par-1"},
        response(
            200,
            listing(
                raw("old-1", "par1", label="", compatible_commercial_types=["dev1-s"]),
                raw("ams-1", "ams1", label="ubuntu_focal", compatible_commercial_types=["DEV1-S"]),
            ),
            "2023-01-18",
        ),
    )
    # Same (label, zone, type) through another URL: its older response must lose.
    rec.add(
        LOCAL_IMAGES,
        {
            "image_label": "ubuntu_focal",
            "order_by": "type_asc",
            "type": "unknown_type",
            "zone": "fr-par-1",
        },
        response(200, listing(raw("older", "fr-par-1")), "2022-12-01"),
    )
    rec.add(
        LOCAL_IMAGES,
        {"image_label": "ubuntu_focal", "order_by": "type_asc", "type": SBS, "zone": "fr-par-1"},
        # Overlapping date ranges: the first response is the newest by last_recorded.
        response(200, listing(raw("sbs-new", "fr-par-1", type=SBS)), "2024-01-01", "2024-09-01"),
        response(200, listing(raw("sbs-mid", "fr-par-1", type=SBS)), "2024-03-01", "2024-04-01"),
    )
    rec.add(
        LOCAL_IMAGES,
        {"image_label": "ubuntu_bionic", "order_by": "type_asc", "type": SBS, "zone": "fr-par-1"},
        response(200, listing(), "2025-01-15"),
    )
    rec.add(
        LOCAL_IMAGES,
        {"image_label": "macos", "order_by": "type_asc", "type": LOCAL, "zone": "fr-par-1"},
        response(404, NOT_FOUND | {"resource_id": "macos"}, "2024-07-05"),
    )
    rec.add(
        LOCAL_IMAGES,
        {"image_id": "3f1b9623-71ba-4fe3-b994-27fcdaa850ba", "order_by": "created_at_asc"},
        response(200, listing(raw("catalogue-item", "fr-par-2")), "2023-01-18"),
    )
    rec.add(
        LOCAL_IMAGES + "/get-1",
        {},
        response(200, raw("get-1", "fr-par-1", label="ubuntu_focal", type=LOCAL), "2023-08-01"),
        response(200, raw("get-1", "par1", label="ubuntu_focal"), "2023-02-01"),
    )
    rec.add(
        "/marketplace/v2/images",
        {"include_eol": "false", "order_by": "name_asc", "page": "1"},
        response(200, {"images": [{"label": "debian_bookworm"}], "total_count": 1}, "2025-11-07"),
    )
    return rec


def test_builder_normalises_and_picks_newest(builder: ModuleType, recordings: Recordings) -> None:
    snapshot = builder.build_snapshot(recordings.write())
    assert snapshot["as_of"] == "2025-11-07"
    assert snapshot["labels"] == ["debian_bookworm", "ubuntu_bionic", "ubuntu_focal"]
    assert snapshot["not_found_labels"] == ["macos"]
    assert snapshot["queries"] == [
        {
            "label": "ubuntu_bionic",
            "zone": "fr-par-1",
            "type": SBS,
            "recorded": "2025-01-15",
            "local_images": [],
        },
        {
            "label": "ubuntu_focal",
            "zone": "fr-par-1",
            "type": SBS,
            "recorded": "2024-09-01",
            "local_images": [
                {
                    "id": "sbs-new",
                    "label": "ubuntu_focal",
                    "zone": "fr-par-1",
                    "arch": "x86_64",
                    "type": SBS,
                    "compatible_commercial_types": [],
                }
            ],
        },
        {
            "label": "ubuntu_focal",
            "zone": "fr-par-1",
            "type": ANY_TYPE,
            "recorded": "2023-01-18",
            "local_images": [
                {
                    "id": "old-1",
                    "label": "ubuntu_focal",
                    "zone": "fr-par-1",
                    "arch": "x86_64",
                    "type": ANY_TYPE,
                    "compatible_commercial_types": ["DEV1-S"],
                }
            ],
        },
    ]
    assert snapshot["local_images"] == {
        "get-1": {
            "id": "get-1",
            "label": "ubuntu_focal",
            "zone": "fr-par-1",
            "arch": "x86_64",
            "type": LOCAL,
            "compatible_commercial_types": [],
            "recorded": "2023-08-01",
        }
    }
    assert "2022-12..2025-11" in snapshot["source"]


def test_builder_rejects_ambiguous_newest(builder: ModuleType, recordings: Recordings) -> None:
    recordings.add(
        LOCAL_IMAGES,
        {"image_label": "x", "order_by": "type_asc", "type": LOCAL, "zone": "fr-par-1"},
        response(200, listing(raw("one", "fr-par-1")), "2024-01-01", "2024-02-01"),
        response(200, listing(raw("two", "fr-par-1")), "2024-01-15", "2024-02-01"),
    )
    with pytest.raises(ValueError, match="cannot tell which is current"):
        builder.build_snapshot(recordings.write())


def test_builder_accepts_a_tie_that_differs_only_in_format(
    builder: ModuleType, recordings: Recordings
) -> None:
    same = listing(raw("one", "fr-par-1"))
    spaced = response(200, same, "2024-01-15", "2024-02-01")
    spaced["body"] = json.dumps(same, indent=2)
    recordings.add(
        LOCAL_IMAGES,
        {"image_label": "x", "order_by": "type_asc", "type": LOCAL, "zone": "fr-par-1"},
        response(200, same, "2024-01-01", "2024-02-01"),
        spaced,
    )
    snapshot = builder.build_snapshot(recordings.write())
    (entry,) = [q for q in snapshot["queries"] if q["label"] == "x"]
    assert [i["id"] for i in entry["local_images"]] == ["one"]


def test_builder_commercial_types(builder: ModuleType, recordings: Recordings) -> None:
    # An older page that disagrees is superseded by the newest body of the same URL.
    recordings.products.insert(
        0, recordings._products("Mon, 03 Nov 2025 10:00:00 GMT", {"DEV1-S": "arm64"})
    )
    table = builder.build_commercial_types(recordings.write())
    assert table["arch"] == {"COPARM1-2C-8G": "arm64", "DEV1-M": "x86_64", "DEV1-S": "x86_64"}
    assert table["built_by"] == "scripts/build_snapshot.py"


def test_builder_fails_when_arch_sources_disagree(
    builder: ModuleType, recordings: Recordings
) -> None:
    recordings.products = [
        recordings._products("Tue, 04 Nov 2025 10:19:54 GMT", {"DEV1-S": "arm64"})
    ]
    with pytest.raises(ValueError, match="DEV1-S: marketplace x86_64, instance API arm64"):
        builder.build_commercial_types(recordings.write())


def test_builder_is_deterministic(builder: ModuleType, tmp_path: Path) -> None:
    builder.build(RECORDINGS, tmp_path / "one")
    builder.build(RECORDINGS, tmp_path / "two")
    for name in ("snapshot.json", "commercial_types.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_bundled_data_is_up_to_date(builder: ModuleType, tmp_path: Path) -> None:
    builder.build(RECORDINGS, tmp_path)
    for name in ("snapshot.json", "commercial_types.json"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"imagelint/data/{name} is stale: run python scripts/build_snapshot.py"
        )


def test_bundled_snapshot_counts() -> None:
    snapshot = json.loads((DATA / "snapshot.json").read_text("utf-8"))
    assert snapshot["as_of"] == AS_OF
    assert snapshot["not_found_labels"] == ["foo-bar-image", "macos"]
    keys = [(q["label"], q["zone"], q["type"]) for q in snapshot["queries"]]
    assert keys == sorted(keys)
    assert len(keys) == 35
    assert len(snapshot["local_images"]) == 27
    assert all(i["zone"] == q["zone"] for q in snapshot["queries"] for i in q["local_images"])


def test_bundled_commercial_types() -> None:
    text = resources.files("imagelint").joinpath("data/commercial_types.json").read_text("utf-8")
    arch = json.loads(text)["arch"]
    assert len(arch) == 187
    assert set(arch.values()) == {"x86_64", "arm64"}
    assert arch["COPARM1-2C-8G"] == "arm64"
    assert arch["DEV1-S"] == "x86_64"
    assert list(arch) == sorted(arch)
