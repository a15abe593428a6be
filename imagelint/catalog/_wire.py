"""The Marketplace v2 wire format: paths and body shapes, on decoded JSON (no HTTP)."""

from __future__ import annotations

from typing import Any

from imagelint.catalog.interface import LocalImage
from imagelint.catalog.parse import local_image_from_api, usable_text
from imagelint.catalog.redact import Redactor

LOCAL_IMAGES = "/marketplace/v2/local-images"
IMAGES = "/marketplace/v2/images"
MESSAGE_LIMIT = 200  # characters of the API's own `message` quoted in a reason


class QueryFailed(Exception):
    """One query could not be answered. Messages are built from method, path and status, plus
    the API's own `message`: httpx exceptions are never copied in, as they can carry headers.
    `api_down`: the API itself failed (retries spent, too slow), not just this query."""

    def __init__(self, message: str, *, api_down: bool = False) -> None:
        super().__init__(message)
        self.api_down = api_down


def is_not_found(body: Any) -> bool:
    # Only the API's own body means "no such resource"; a proxy's HTML 404 says nothing (§3.7).
    # Match on `type`, never on `message`, whose wording changed in 2025.
    return isinstance(body, dict) and body.get("type") == "not_found"


def api_message(body: Any, redactor: Redactor) -> str:
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str) or not message:
        return ""
    return f": {redactor.clean(message, limit=MESSAGE_LIMIT)}"


def page_of(body: Any, key: str, path: str) -> tuple[list[dict[str, Any]], int]:
    """The items and total_count of one list page; QueryFailed if the body has another shape."""
    items = body.get(key) if isinstance(body, dict) else None
    total = body.get("total_count") if isinstance(body, dict) else None
    if (
        not isinstance(items, list)
        or not all(isinstance(item, dict) for item in items)
        or not isinstance(total, int)
        or isinstance(total, bool)
        or total < 0
    ):
        raise QueryFailed(f"GET {path}: expected a body {{{key!r}: [...], 'total_count': N}}")
    return items, total


def parse_image(item: Any, path: str, *, fallback_label: str | None) -> LocalImage:
    if not isinstance(item, dict):
        raise QueryFailed(f"GET {path}: expected a local image object")
    try:
        return local_image_from_api(item, fallback_label=fallback_label)
    except ValueError as exc:  # parse.py's messages are short and name no value it rejected
        raise QueryFailed(f"GET {path}: malformed local image: {exc}") from None


def label_of(item: dict[str, Any], path: str) -> str | None:
    """The `label` of a catalogue (/images) item: a string, or absent."""
    label = item.get("label")
    if label is None or (isinstance(label, str) and usable_text(label)):
        return label or None
    raise QueryFailed(f"GET {path}: malformed image: 'label' must be a short printable string")


def echoed(image: LocalImage, redactor: Redactor) -> bool:
    """Whether a field of `image` quotes the token: no real answer does, and it would print."""
    fields = (image.id, image.label or "", image.zone, image.arch or "", image.type)
    return any(redactor.echoes(text) for text in (*fields, *image.compatible_commercial_types))
