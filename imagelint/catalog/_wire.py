"""The Marketplace v2 wire format: paths, paging and body shapes, on decoded JSON (no HTTP)."""

from __future__ import annotations

from typing import Any

from imagelint.catalog.interface import LocalImage
from imagelint.catalog.parse import local_image_from_api

LOCAL_IMAGES = "/marketplace/v2/local-images"
IMAGES = "/marketplace/v2/images"
PAGE_SIZE = 100  # the API maximum; never rely on its default, which changed in 2025 (§3.6)
# Label queries hold a handful of items and the catalogue a few dozen: 50 full pages means a
# server whose total_count keeps growing, and following it would never end.
MAX_PAGES = 50

NOT_JSON: Any = object()  # what a body decodes to when it is not JSON at all


class QueryFailed(Exception):
    """One query could not be answered. Messages are built from method, path and status, plus
    the API's own `message`: httpx exceptions are never copied in, as they can carry headers."""


def is_not_found(body: Any) -> bool:
    # Only the API's own body means "no such resource"; a proxy's HTML 404 says nothing (§3.7).
    # Match on `type`, never on `message`, whose wording changed in 2025.
    return isinstance(body, dict) and body.get("type") == "not_found"


def api_message(body: Any) -> str:
    message = body.get("message") if isinstance(body, dict) else None
    return f": {message[:200]}" if isinstance(message, str) and message else ""


def page_of(body: Any, key: str, path: str) -> tuple[list[dict[str, Any]], int]:
    """The items and total_count of one list page; QueryFailed if the body has another shape."""
    items = body.get(key) if isinstance(body, dict) else None
    total = body.get("total_count") if isinstance(body, dict) else None
    if (
        not isinstance(items, list)
        or not all(isinstance(item, dict) for item in items)
        or not isinstance(total, int)
        or isinstance(total, bool)
    ):
        raise QueryFailed(f"GET {path}: expected a body {{{key!r}: [...], 'total_count': N}}")
    return items, total


def parse_image(item: Any, path: str, *, fallback_label: str | None) -> LocalImage:
    if not isinstance(item, dict):
        raise QueryFailed(f"GET {path}: expected a local image object")
    try:
        return local_image_from_api(item, fallback_label=fallback_label)
    except ValueError as exc:  # parse.py's messages name ids and keys, nothing secret
        raise QueryFailed(f"GET {path}: malformed local image: {exc}") from None
