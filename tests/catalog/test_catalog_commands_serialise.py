"""The one snapshot serialiser: the build script's, write_catalog's and export's documents."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from imagelint.catalog.interface import (
    ANY_TYPE,
    LOCAL,
    SBS,
    Found,
    IdQuery,
    LabelQuery,
    LocalImage,
    Miss,
    NotFound,
    Query,
)
from imagelint.catalog.parse import local_image_from_api
from imagelint.catalog.serialise import Recorded, from_answers, render
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.catalog.zones import KNOWN_ZONES
from imagelint.testing import write_catalog
from tests.fakes.marketplace import BUNDLED_SNAPSHOT


def old_write_catalog(
    path: Path,
    images: Iterable[Mapping[str, object]],
    *,
    not_found_labels: Iterable[str] = (),
    as_of: str = "2000-01-01",
    zones: Iterable[str] | None = None,
) -> Path:
    """write_catalog as it was before the serialiser, verbatim: the oracle."""
    images = [dict(i) for i in images]
    labels = sorted({str(i["label"]) for i in images})
    every = KNOWN_ZONES if zones is None else tuple(zones)
    zones = sorted({*every, *(str(i["zone"]) for i in images)})
    queries = [
        {
            "label": label,
            "zone": zone,
            "type": image_type,
            "recorded": as_of,
            "local_images": [
                i for i in images if (i["label"], i["zone"], i["type"]) == (label, zone, image_type)
            ],
        }
        for label in labels
        for zone in zones
        for image_type in (LOCAL, SBS)
    ]
    snapshot = {
        "format": 1,
        "as_of": as_of,
        "source": "a test's own catalog",
        "built_by": "imagelint.testing.write_catalog",
        "labels": labels,
        "not_found_labels": sorted(not_found_labels),
        "queries": queries,
        "local_images": {str(i["id"]): {**i, "recorded": as_of} for i in images},
    }
    path.write_text(json.dumps(snapshot, indent=1), encoding="utf-8")
    return path


def image(n: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "label": "ubuntu_jammy",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": LOCAL,
        "compatible_commercial_types": ["DEV1-S"],
        **fields,
    }


CASES: dict[str, tuple[list[dict[str, object]], dict[str, Any]]] = {
    "one image": ([image(1)], {}),
    "two labels, zones limited": (
        [image(1), image(2, label="debian_bookworm", type=SBS, zone="pl-waw-2")],
        {"zones": ["fr-par-1"], "as_of": "2026-01-02"},
    ),
    "not found labels": ([image(1)], {"not_found_labels": ["macos", "foo"]}),
    "extra field, other key order": ([{"zone": "nl-ams-1", **image(3), "x": 1}], {}),
    "no image": ([], {"not_found_labels": ["macos"]}),
}
# The old writer kept ids in input order and escaped non-ASCII; the serialiser sorts ids and
# writes UTF-8: the same document, other bytes.
DOCUMENT_ONLY: dict[str, tuple[list[dict[str, object]], dict[str, Any]]] = {
    "ids out of order": ([image(2), image(1)], {}),
    "non-ASCII label": ([image(1, label="ubuntu_\u00e9t\u00e9")], {}),
}


@pytest.mark.parametrize("images, kwargs", CASES.values(), ids=CASES.keys())
def test_write_catalog_bytes_are_the_old_ones_with_a_final_newline(
    tmp_path: Path, images: list[dict[str, object]], kwargs: dict[str, Any]
) -> None:
    old = old_write_catalog(tmp_path / "old.json", images, **kwargs).read_bytes()
    new = write_catalog(tmp_path / "new.json", images, **kwargs).read_bytes()
    assert new == old + b"\n"


@pytest.mark.parametrize(
    "images, kwargs", [*CASES.values(), *DOCUMENT_ONLY.values()], ids=[*CASES, *DOCUMENT_ONLY]
)
def test_write_catalog_document_and_answers_are_the_old_ones(
    tmp_path: Path, images: list[dict[str, object]], kwargs: dict[str, Any]
) -> None:
    old = old_write_catalog(tmp_path / "old.json", images, **kwargs)
    new = write_catalog(tmp_path / "new.json", images, **kwargs)
    assert json.loads(new.read_text("utf-8")) == json.loads(old.read_text("utf-8"))
    queries: list[Query] = [
        LabelQuery(label=str(i["label"]), zone=zone, image_type=t)
        for i in [*images, image(9, label="macos")]
        for zone in KNOWN_ZONES
        for t in (LOCAL, SBS, ANY_TYPE)
    ] + [IdQuery(image_id=str(i["id"])) for i in images]
    assert SnapshotCatalog(new).answer(queries) == SnapshotCatalog(old).answer(queries)


def bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_SNAPSHOT.read_text("utf-8"))
    return data


def test_answers_of_the_bundled_snapshot_serialise_back_to_its_structure() -> None:
    """Every answer the bundled snapshot holds, as export would get them from the cache,
    gives back its query entries, its images by id and its not-found labels."""
    data = bundled()
    catalog = SnapshotCatalog(BUNDLED_SNAPSHOT)
    answers: list[Recorded] = []
    for entry in data["queries"]:
        query = LabelQuery(label=entry["label"], zone=entry["zone"], image_type=entry["type"])
        answers.append(Recorded(query=query, answer=catalog.answer([query])[query], recorded=""))
    for image_id, item in data["local_images"].items():
        by_id = IdQuery(image_id=image_id)
        image = local_image_from_api(item)
        answers.append(Recorded(query=by_id, answer=Found(images=(image,)), recorded=""))
    for label in data["not_found_labels"]:
        query = LabelQuery(label=label, zone="fr-par-1", image_type=SBS)
        answers.append(Recorded(query=query, answer=NotFound(), recorded=""))
    dated = [
        Recorded(query=a.query, answer=a.answer, recorded=_recorded(a.query, data)) for a in answers
    ]
    doc = from_answers(dated, source=data["source"], built_by=data["built_by"])
    assert doc is not None
    labelled = {q["label"] for q in data["queries"]}
    assert doc == data | {"labels": sorted(labelled - set(data["not_found_labels"]))}
    assert list(doc) == list(data)  # same keys, same order


def _recorded(query: Query, data: dict[str, Any]) -> str:
    if isinstance(query, IdQuery):
        return str(data["local_images"][query.image_id]["recorded"])
    for entry in data["queries"]:
        if (entry["label"], entry["zone"], entry["type"]) == (
            query.label,
            query.zone,
            query.image_type,
        ):
            return str(entry["recorded"])
    return "2000-01-01"


def local(n: int, zone: str = "fr-par-1", image_type: str = LOCAL) -> LocalImage:
    return LocalImage(
        id=f"00000000-0000-4000-8000-{n:012d}",
        label="ubuntu_jammy",
        zone=zone,
        arch="x86_64",
        type=image_type,
        compatible_commercial_types=("DEV1-S",),
    )


def jammy(zone: str | None, image_type: str = LOCAL) -> LabelQuery:
    return LabelQuery(label="ubuntu_jammy", zone=zone, image_type=image_type)


MACOS = LabelQuery(label="macos", zone="fr-par-2", image_type=SBS)


def keys(doc: dict[str, Any]) -> list[tuple[str, str, str, str, list[str]]]:
    return [
        (q["label"], q["zone"], q["type"], q["recorded"], [i["id"][-2:] for i in q["local_images"]])
        for q in doc["queries"]
    ]


FROM_ANSWERS: dict[str, tuple[list[Recorded], list[Any], list[str], list[str]]] = {
    "a zoned answer": (
        [Recorded(query=jammy("fr-par-1"), answer=Found(images=(local(1),)), recorded="d1")],
        [("ubuntu_jammy", "fr-par-1", LOCAL, "d1", ["01"])],
        ["ubuntu_jammy"],
        [],
    ),
    "an empty answer is kept: it says no image": (
        [Recorded(query=jammy("fr-par-1"), answer=Found(images=()), recorded="d1")],
        [("ubuntu_jammy", "fr-par-1", LOCAL, "d1", [])],
        ["ubuntu_jammy"],
        [],
    ),
    "a legacy zone and an image of another zone (Q5)": (
        [
            Recorded(
                query=jammy("par1"),
                answer=Found(images=(local(1), local(2, "nl-ams-1"))),
                recorded="d1",
            )
        ],
        [("ubuntu_jammy", "fr-par-1", LOCAL, "d1", ["01"])],
        ["ubuntu_jammy"],
        [],
    ),
    "an all-zones answer is filed under each zone it lists": (
        [
            Recorded(
                query=jammy(None, SBS),
                answer=Found(images=(local(1, "nl-ams-1", SBS), local(2, "fr-par-1", SBS))),
                recorded="d1",
            )
        ],
        [
            ("ubuntu_jammy", "fr-par-1", SBS, "d1", ["02"]),
            ("ubuntu_jammy", "nl-ams-1", SBS, "d1", ["01"]),
        ],
        ["ubuntu_jammy"],
        [],
    ),
    "partial answers and failures are left out": (
        [
            Recorded(
                query=jammy("fr-par-1"), answer=Found(images=(), complete=False), recorded="d"
            ),
            Recorded(query=jammy("fr-par-2"), answer=Miss(reason="down"), recorded="d"),
            Recorded(query=IdQuery(image_id="x"), answer=NotFound(), recorded="d"),
        ],
        [],
        [],
        [],
    ),
    "not found, unless another answer found it; the newest answer wins": (
        [
            Recorded(query=jammy("fr-par-1"), answer=Found(images=(local(1),)), recorded="d2"),
            Recorded(query=jammy("fr-par-1"), answer=Found(images=(local(3),)), recorded="d1"),
            Recorded(
                query=LabelQuery(label="macos", zone="fr-par-1", image_type=LOCAL),
                answer=NotFound(),
                recorded="d1",
            ),
            Recorded(query=jammy("fr-par-2"), answer=NotFound(), recorded="d1"),
        ],
        [("ubuntu_jammy", "fr-par-1", LOCAL, "d2", ["01"])],
        ["ubuntu_jammy"],
        ["macos"],
    ),
}


@pytest.mark.parametrize(
    "answers, queries, labels, not_found", FROM_ANSWERS.values(), ids=FROM_ANSWERS.keys()
)
def test_from_answers(
    answers: list[Recorded], queries: list[Any], labels: list[str], not_found: list[str]
) -> None:
    doc = from_answers(answers, source="s", built_by="b")
    if not queries and not not_found:
        assert doc is None
        return
    assert doc is not None
    assert (keys(doc), doc["labels"], doc["not_found_labels"]) == (queries, labels, not_found)
    assert doc["as_of"] == max(a.recorded for a in answers if not isinstance(a.answer, Miss))


def test_an_exported_document_answers_what_it_was_built_from(tmp_path: Path) -> None:
    answers = [
        Recorded(query=jammy("fr-par-1"), answer=Found(images=(local(1),)), recorded="2026-01-02"),
        Recorded(
            query=IdQuery(image_id=local(7).id),
            answer=Found(images=(local(7),)),
            recorded="2026-01-03",
        ),
        Recorded(query=MACOS, answer=NotFound(), recorded="2026-01-01"),
    ]
    doc = from_answers(answers, source="s", built_by="b")
    assert doc is not None
    path = tmp_path / "s.json"
    path.write_text(render(doc), encoding="utf-8")
    catalog = SnapshotCatalog(path)
    got = catalog.answer([a.query for a in answers])
    assert got[jammy("fr-par-1")] == Found(images=(local(1),), recorded="2026-01-02")
    assert got[IdQuery(image_id=local(7).id)] == Found(images=(local(7),), recorded="2026-01-03")
    assert isinstance(got[MACOS], NotFound)
    assert catalog.labels() == ("ubuntu_jammy",)
    assert catalog.source().as_of == "2026-01-03"
