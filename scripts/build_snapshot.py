"""Build imagelint/data/{snapshot,commercial_types}.json from recordings/, deterministically.

Usage, from the repository root:  python scripts/build_snapshot.py [--recordings DIR] [--out DIR]

The snapshot holds, for every recorded (label, zone, type) ListLocalImages query, the newest
recorded answer (MARKETPLACE.md §10.5), plus the newest GetLocalImage bodies and the labels
the catalogue listed. Same recordings in, same bytes out: nothing here reads the clock.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout, with or without an install

from imagelint.catalog.interface import ANY_TYPE, LocalImage  # noqa: E402
from imagelint.catalog.parse import local_image_from_api  # noqa: E402
from imagelint.catalog.serialise import (  # noqa: E402
    Item,
    QueryRecord,
    document,
    image_item,
    write,
)
from imagelint.catalog.zones import normalise_zone  # noqa: E402

BUILT_BY = "scripts/build_snapshot.py"
LOCAL_IMAGES_PATH = "/marketplace/v2/local-images"
IMAGES_PATH = "/marketplace/v2/images"
KNOWN_ARCHS = ("arm64", "x86_64")

QueryKey = tuple[str, str, str]  # (label, zone, type)


@dataclass(frozen=True)
class Recording:
    """One per-URL recordings file: the request and its distinct responses."""

    file: str
    path: str
    query: dict[str, str]
    responses: tuple[dict[str, Any], ...]


# --- load -------------------------------------------------------------------------------


def load_recordings(recordings_dir: Path) -> list[Recording]:
    index = _read_json(recordings_dir / "index.json")
    recordings = []
    for file in sorted(set(index.values())):
        data = _read_json(recordings_dir / file)
        request = data["request"]
        recordings.append(
            Recording(
                file=file,
                path=request["path"],
                query=dict(request["query"]),
                responses=tuple(data["responses"]),
            )
        )
    return recordings


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- pick newest ------------------------------------------------------------------------


def _when(response: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(response["last_recorded"])


def newest(candidates: Iterable[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
    """The (file, response) with the greatest last_recorded ("newest body per request").

    Date ranges of format-only variants overlap, so two responses can share the greatest
    last_recorded; they must then say the same thing once parsed, or "newest" is ambiguous.
    """
    ranked = sorted(candidates, key=lambda c: (_when(c[1]), c[1]["first_recorded"], c[0]))
    if not ranked:
        raise ValueError("no response to choose from")
    best_file, best = ranked[-1]
    for file, other in ranked[:-1]:
        if _when(other) == _when(best) and (
            other["code"] != best["code"] or json.loads(other["body"]) != json.loads(best["body"])
        ):
            raise ValueError(
                f"{file} and {best_file} both hold a newest answer ({best['last_recorded']}) "
                "and they differ: cannot tell which is current"
            )
    return best_file, best


def _day(response: dict[str, Any]) -> str:
    return _when(response).date().isoformat()


# --- normalise --------------------------------------------------------------------------


def label_query_key(recording: Recording) -> QueryKey | None:
    """(label, zone, type) of a ListLocalImages-by-label request, host and order_by ignored."""
    query = recording.query
    if recording.path != LOCAL_IMAGES_PATH or "image_label" not in query or "zone" not in query:
        return None
    return (query["image_label"], normalise_zone(query["zone"]), query.get("type") or ANY_TYPE)


def query_images(label: str, zone: str, body: dict[str, Any]) -> list[LocalImage]:
    """The items of one 200 list body, normalised, keeping only the queried zone (Q5)."""
    items = body["local_images"]
    if body.get("total_count", len(items)) != len(items):
        # A partial page would make the snapshot claim an incomplete answer is complete.
        raise ValueError(f"{label}/{zone}: body holds {len(items)} of {body['total_count']} items")
    images = [local_image_from_api(item, fallback_label=label) for item in items]
    return [image for image in images if image.zone == zone]


def _is_not_found(response: dict[str, Any]) -> bool:
    return response["code"] == 404 and json.loads(response["body"]).get("type") == "not_found"


def build_queries(recordings: Sequence[Recording]) -> tuple[list[QueryRecord], list[str]]:
    """Query entries sorted by (label, zone, type), and the labels whose newest answer is 404."""
    candidates: dict[QueryKey, list[tuple[str, dict[str, Any]]]] = {}
    for recording in recordings:
        key = label_query_key(recording)
        if key is not None:
            candidates.setdefault(key, []).extend((recording.file, r) for r in recording.responses)

    entries: list[QueryRecord] = []
    newest_by_label: dict[str, tuple[datetime, bool]] = {}
    for key in sorted(candidates):
        label, zone, image_type = key
        file, response = newest(candidates[key])
        missing = _is_not_found(response)
        if response["code"] != 200 and not missing:
            raise ValueError(f"{file}: unexpected HTTP {response['code']} as newest answer")
        when = (_when(response), missing)
        newest_by_label[label] = max(newest_by_label.get(label, when), when)
        if missing:
            continue
        images = query_images(label, zone, json.loads(response["body"]))
        entries.append(
            QueryRecord(
                label=label,
                zone=zone,
                image_type=image_type,
                recorded=_day(response),
                items=[image_item(i) for i in images],
            )
        )
    not_found = sorted(label for label, (_, missing) in newest_by_label.items() if missing)
    return entries, not_found


def build_local_images_by_id(recordings: Sequence[Recording]) -> dict[str, tuple[Item, str]]:
    """The newest GetLocalImage body of every id, and its day."""
    by_id: dict[str, tuple[Item, str]] = {}
    prefix = LOCAL_IMAGES_PATH + "/"
    for recording in recordings:
        if not recording.path.startswith(prefix):
            continue
        _, response = newest((recording.file, r) for r in recording.responses)
        if response["code"] != 200:
            continue
        image = local_image_from_api(json.loads(response["body"]))
        if image.id != recording.path.removeprefix(prefix):
            raise ValueError(f"{recording.file}: body id {image.id} differs from the URL")
        by_id[image.id] = (image_item(image), _day(response))
    return by_id


def catalogue_labels(recordings: Sequence[Recording]) -> tuple[set[str], list[str]]:
    """Labels of the newest body of every /images page, and the days those bodies were seen."""
    labels: set[str] = set()
    days: list[str] = []
    for recording in recordings:
        if recording.path != IMAGES_PATH:
            continue
        _, response = newest((recording.file, r) for r in recording.responses)
        labels.update(image["label"] for image in json.loads(response["body"])["images"])
        days.append(_day(response))
    return labels, days


def _month_range(recordings: Sequence[Recording]) -> str:
    first = min(r["first_recorded"] for rec in recordings for r in rec.responses)
    last = max(r["last_recorded"] for rec in recordings for r in rec.responses)
    return f"{first[:7]}..{last[:7]}"


def build_snapshot(recordings_dir: Path) -> dict[str, Any]:
    recordings = load_recordings(recordings_dir)
    queries, not_found = build_queries(recordings)
    local_images = build_local_images_by_id(recordings)
    listed, listed_days = catalogue_labels(recordings)
    labels = (listed | {q.label for q in queries}) - set(not_found)
    days = [q.recorded for q in queries] + [day for _, day in local_images.values()]
    days += listed_days
    if not days:
        raise ValueError(f"{recordings_dir} holds no usable Marketplace answer")
    return document(
        as_of=max(days),
        source=(
            "Scaleway Marketplace API v2 responses recorded in Scaleway's public test fixtures "
            f"(go-vcr cassettes), {_month_range(recordings)}; the newest recorded answer per "
            f"query, answers dated {min(days)}..{max(days)}"
        ),
        built_by=BUILT_BY,
        labels=labels,
        not_found_labels=not_found,
        queries=queries,
        local_images=local_images.values(),
    )


def _archs_from_marketplace(derived: dict[str, Any]) -> dict[str, str]:
    return {
        name.upper(): info["archs"][0] for name, info in derived.items() if len(info["archs"]) == 1
    }


def _archs_from_instance_api(products: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Arch per type from the newest body of each products/servers page, and its date."""
    by_url: dict[str, dict[str, Any]] = {}
    for response in products["responses"]:
        current = by_url.get(response["url"])
        if current is None or (
            parsedate_to_datetime(response["date"]) > parsedate_to_datetime(current["date"])
        ):
            by_url[response["url"]] = response
    archs: dict[str, str] = {}
    for url in sorted(by_url):
        for name, server in json.loads(by_url[url]["body"])["servers"].items():
            if archs.setdefault(name.upper(), server["arch"]) != server["arch"]:
                raise ValueError(f"products/servers pages disagree on the arch of {name}")
    newest_day = max(parsedate_to_datetime(r["date"]) for r in by_url.values()).date()
    return archs, newest_day.isoformat()


def build_commercial_types(recordings_dir: Path) -> dict[str, Any]:
    derived = _read_json(recordings_dir / "derived" / "commercial_types.json")
    products = _read_json(recordings_dir / "instance_api" / "products_servers_fr-par-1.json")
    marketplace = _archs_from_marketplace(derived)
    instance_api, instance_day = _archs_from_instance_api(products)
    shared = sorted(marketplace.keys() & instance_api.keys())
    conflicts = [
        f"{t}: marketplace {marketplace[t]}, instance API {instance_api[t]}"
        for t in shared
        if marketplace[t] != instance_api[t]
    ]
    if conflicts:
        raise ValueError("commercial type arch sources disagree: " + "; ".join(conflicts))
    merged = marketplace | instance_api
    unknown = sorted(t for t, arch in merged.items() if arch not in KNOWN_ARCHS)
    if unknown:
        raise ValueError(f"unexpected arch for {unknown}")
    first = min(info["first_recorded"] for info in derived.values())[:7]
    last = max(info["last_recorded"] for info in derived.values())[:7]
    return {
        "source": (
            f"{len(marketplace)} types from the compatible_commercial_types of Scaleway "
            f"Marketplace API v2 local images recorded in Scaleway's public test fixtures "
            f"(go-vcr cassettes), {first}..{last}, each listed under exactly one arch; merged "
            f"with {len(instance_api)} types of the Instance API products/servers list for "
            f"fr-par-1 recorded {instance_day}; both agree on all {len(shared)} shared types"
        ),
        "built_by": BUILT_BY,
        "arch": {name: merged[name] for name in sorted(merged)},
    }


# --- write ------------------------------------------------------------------------------


def build(recordings_dir: Path, out_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    snapshot = build_snapshot(recordings_dir)
    commercial_types = build_commercial_types(recordings_dir)
    write(out_dir / "snapshot.json", snapshot)
    write(out_dir / "commercial_types.json", commercial_types)
    return snapshot, commercial_types


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", type=Path, default=ROOT / "recordings")
    parser.add_argument("--out", type=Path, default=ROOT / "imagelint" / "data")
    args = parser.parse_args(argv)
    snapshot, commercial_types = build(args.recordings, args.out)
    print(
        f"snapshot as of {snapshot['as_of']}: {len(snapshot['queries'])} queries, "
        f"{len(snapshot['labels'])} labels, {len(snapshot['not_found_labels'])} not found, "
        f"{len(snapshot['local_images'])} local images by id; "
        f"{len(commercial_types['arch'])} commercial types -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
