"""Cache entries as JSON data, validated on read: anything unexpected reads as no entry."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from imagelint.catalog.interface import (
    IMAGE_TYPES,
    Found,
    IdQuery,
    LabelQuery,
    NotFound,
    Query,
)
from imagelint.catalog.parse import local_image_from_api, usable_text
from imagelint.catalog.serialise import image_item  # the one serialiser of a local image

FORMAT = 1
MAGIC = "imagelint-catalog-cache"
CachedAnswer = Found | NotFound


def query_key(query: Query) -> dict[str, str | None]:
    if isinstance(query, IdQuery):
        return {"kind": "id", "id": query.image_id}
    return {"kind": "label", "label": query.label, "zone": query.zone, "type": query.image_type}


def encode_entry(query: Query, answer: CachedAnswer, api_url: str, fetched_at: float) -> str:
    if isinstance(answer, Found):
        body: dict[str, Any] = {"found": True, "images": [image_item(i) for i in answer.images]}
    else:
        body = {"found": False}
    entry = {
        "magic": MAGIC,
        "format": FORMAT,
        "api_url": api_url,
        "fetched_at": fetched_at,
        "query": query_key(query),
        "answer": body,
    }
    return json.dumps(entry, separators=(",", ":"), sort_keys=True)


def decode_entry(text: str) -> tuple[Query, datetime, str, CachedAnswer] | None:
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("magic") != MAGIC:
            return None
        if data.get("format") != FORMAT:
            return None  # another imagelint version's entry: refetched, then overwritten
        api_url = data["api_url"]
        fetched = data["fetched_at"]
        if not isinstance(api_url, str) or type(fetched) not in (int, float):
            return None
        fetched_at = datetime.fromtimestamp(fetched, UTC)
        return query_from_key(data["query"]), fetched_at, api_url, _answer(data["answer"])
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, OSError):
        return None


def query_from_key(data: Any) -> Query:
    """The query query_key() wrote; ValueError, KeyError or TypeError for anything else."""
    if data["kind"] == "id":
        return IdQuery(image_id=_text(data["id"]))
    if data["kind"] != "label":
        raise ValueError("unknown query kind")
    zone = data["zone"]
    image_type = _text(data["type"])
    if image_type not in IMAGE_TYPES:
        raise ValueError("unknown image type")
    return LabelQuery(
        label=_text(data["label"]),
        zone=None if zone is None else _text(zone),
        image_type=image_type,
    )


def _answer(data: Any) -> CachedAnswer:
    found = data["found"]
    if found is False:
        return NotFound()
    if found is not True or not isinstance(data["images"], list):
        raise ValueError("malformed answer")
    # The same validation as a live body: a tampered entry is no more trusted than the API.
    return Found(images=tuple(local_image_from_api(item) for item in data["images"]))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not usable_text(value):
        raise ValueError("not a short printable string")
    return value


def encode_labels(labels: tuple[str, ...], api_url: str, fetched_at: float) -> str:
    entry = {
        "magic": MAGIC,
        "format": FORMAT,
        "api_url": api_url,
        "fetched_at": fetched_at,
        "labels": list(labels),
    }
    return json.dumps(entry, separators=(",", ":"), sort_keys=True)


def decode_labels(text: str, api_url: str) -> tuple[tuple[str, ...], float] | None:
    """The label list and when it was fetched (epoch seconds), if `text` holds it for
    `api_url`; None for anything else."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("magic") != MAGIC:
            return None
        if data.get("format") != FORMAT or data.get("api_url") != api_url:
            return None
        fetched = data["fetched_at"]
        labels = data["labels"]
        if type(fetched) not in (int, float) or not isinstance(labels, list):
            return None
        return tuple(_text(label) for label in labels), float(fetched)
    except (ValueError, KeyError, TypeError):
        return None
