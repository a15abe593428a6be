"""The one writer of snapshot documents (format 1, as imagelint/data/snapshot.json)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagelint.catalog.interface import (
    Answer,
    Found,
    IdQuery,
    LabelQuery,
    LocalImage,
    NotFound,
    Query,
)
from imagelint.catalog.zones import normalise_zone

FORMAT = 1  # what SnapshotCatalog reads

Item = Mapping[str, Any]  # one local image as the API writes it


@dataclass(frozen=True, kw_only=True)
class QueryRecord:
    """The complete answer to one ListLocalImages(label, zone, type), and the day it was seen."""

    label: str
    zone: str
    image_type: str
    recorded: str
    items: Sequence[Item]


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """One answer and the day (ISO date) it was fetched or recorded."""

    query: Query
    answer: Answer
    recorded: str


def image_item(image: LocalImage) -> dict[str, Any]:
    return {
        "id": image.id,
        "label": image.label,
        "zone": image.zone,
        "arch": image.arch,
        "type": image.type,
        "compatible_commercial_types": list(image.compatible_commercial_types),
    }


def document(
    *,
    as_of: str,
    source: str,
    built_by: str,
    labels: Iterable[str],
    not_found_labels: Iterable[str],
    queries: Iterable[QueryRecord],
    local_images: Iterable[tuple[Item, str]] = (),
) -> dict[str, Any]:
    """The snapshot document. Queries are sorted by (label, zone, type) and images by id,
    so the same answers always give the same bytes; a later image of one id replaces an
    earlier one. `local_images` are GetLocalImage bodies with their day."""
    by_id = {str(item["id"]): {**item, "recorded": day} for item, day in local_images}
    entries = sorted(queries, key=lambda q: (q.label, q.zone, q.image_type))
    return {
        "format": FORMAT,
        "as_of": as_of,
        "source": source,
        "built_by": built_by,
        "labels": sorted(labels),
        "not_found_labels": sorted(not_found_labels),
        "queries": [
            {
                "label": q.label,
                "zone": q.zone,
                "type": q.image_type,
                "recorded": q.recorded,
                "local_images": [dict(item) for item in q.items],
            }
            for q in entries
        ],
        "local_images": {image_id: by_id[image_id] for image_id in sorted(by_id)},
    }


def render(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n"


def write(path: Path, snapshot: Mapping[str, Any]) -> None:
    """Write atomically: a reader (a concurrent run, a hook) sees the old file or the new one,
    never half of one. newline="\\n": the same bytes on every OS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(render(snapshot))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def from_answers(
    answers: Iterable[Recorded], *, source: str, built_by: str
) -> dict[str, Any] | None:
    """A snapshot of what the answers verify, None when they verify nothing.

    Only complete answers become query entries (a partial one would later answer as if it
    were whole); a label is "not found" only when no answer found it; an all-zones answer
    is filed under each zone it lists images for (it is complete for those)."""
    queries: dict[tuple[str, str, str], QueryRecord] = {}
    images: list[tuple[Item, str]] = []
    found: set[str] = set()
    missing: set[str] = set()
    days: list[str] = []
    for entry in sorted(answers, key=lambda a: a.recorded):  # the newest answer wins
        query, answer, day = entry.query, entry.answer, entry.recorded
        if isinstance(query, LabelQuery) and isinstance(answer, NotFound):
            missing.add(query.label)
        elif isinstance(answer, Found) and answer.complete:
            for record in _records(query, answer, day):
                queries[(record.label, record.zone, record.image_type)] = record
                found.add(record.label)
            if isinstance(query, IdQuery):
                images.extend((image_item(i), day) for i in answer.images)
        else:
            continue  # a Miss, an unfiled NotFound of an id, or a partial answer
        days.append(day)
    if not days:
        return None
    return document(
        as_of=max(days),
        source=source,
        built_by=built_by,
        labels=found,
        not_found_labels=missing - found,
        queries=queries.values(),
        local_images=images,
    )


def _records(query: Query, answer: Found, day: str) -> list[QueryRecord]:
    if not isinstance(query, LabelQuery):
        return []
    if query.zone is not None:
        zones = [normalise_zone(query.zone)]
    else:
        zones = sorted({i.zone for i in answer.images})
    return [
        QueryRecord(
            label=query.label,
            zone=zone,
            image_type=query.image_type,
            recorded=day,
            items=[image_item(i) for i in answer.images if i.zone == zone],
        )
        for zone in zones
    ]
