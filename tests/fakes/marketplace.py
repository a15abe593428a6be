"""A loopback fake of the Scaleway Marketplace API v2, served over real HTTP for client tests.

It speaks the contract of MARKETPLACE.md §3 (paths, query parameters, list wrappers, the 404
`not_found` body) and can script the faults never seen in recordings: 4xx/5xx, Retry-After,
malformed bodies, slow answers and dropped connections, plus hostile ones written byte by byte
(`raw=`: endless or trickling bodies and headers, huge and gzip-bomb bodies; see RAW REPLIES).
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import uuid
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self
from urllib.parse import parse_qsl, unquote, urlsplit

# The bundled snapshot: recorded Marketplace answers, frozen at its `as_of` date.
BUNDLED_SNAPSHOT = Path(__file__).resolve().parents[2] / "imagelint" / "data" / "snapshot.json"
PREFIX = "/marketplace/v2"
MAX_PAGE_SIZE = 100  # [doc, code]: the API rejects larger pages
DEFAULT_PAGE_SIZE = 20  # the API's default since late 2025 (§3.6)
MAX_FAULT_DELAY = 30.0  # a scripted delay can never hold a test run longer than this
LEGACY_ZONES = {"par1": "fr-par-1", "ams1": "nl-ams-1"}
LOCAL_IMAGE_TYPES = ("instance_local", "instance_sbs", "unknown_type")
LOCAL_IMAGE_ORDERS = ("type_asc", "type_desc", "created_at_asc", "created_at_desc")
IMAGE_ORDERS = (
    "name_asc",
    "name_desc",
    "created_at_asc",
    "created_at_desc",
    "updated_at_asc",
    "updated_at_desc",
)

# Bodies the fake sends for scripted error statuses; the shapes follow §3.7's generic error.
_ERROR_TYPES = {
    400: "invalid_arguments",
    401: "denied_authentication",
    403: "permissions_denied",
    404: "not_found",
    409: "transient_state",
    429: "quotas_exceeded",
}


class RecordedRequest(NamedTuple):
    method: str
    path: str
    query: dict[str, str]  # last value wins, as the API reads repeated keys
    headers: dict[str, str]  # keys lowercased: HTTP header names are case-insensitive


# Writes a whole response (status line included) to the socket; the second argument is set
# when the fake stops, which any endless writer must watch. The connection closes afterwards.
RawReply = Callable[[BufferedIOBase, threading.Event], None]


@dataclass(kw_only=True)
class Fault:
    path_prefix: str | None
    # Query items a request must carry for the fault to apply; None as a value: key absent.
    when: dict[str, str | None] | None = None
    times: int
    status: int | None = None
    body: str | None = None
    content_type: str = "application/json"
    retry_after: str | None = None
    delay: float = 0.0
    drop: bool = False
    headers: dict[str, str] | None = None
    raw: RawReply | None = None
    body_bytes: bytes | None = None


class FakeMarketplace:
    """Serve `images` (raw API item dicts) as local images and `labels` as the catalogue.

    Options reproduce real or plausible server behaviour a client must survive:
    `ignore_zone_filter` the zone filter being ignored (Q5); `page_size_clamp` a server that
    serves fewer items per page than asked (clients must follow total_count, not page length).
    """

    def __init__(
        self,
        images: Iterable[dict[str, Any]],
        labels: Iterable[str] | None = None,
        *,
        ignore_zone_filter: bool = False,
        page_size_clamp: int | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self._items = [dict(item) for item in images]
        item_labels = [item["label"] for item in self._items if item.get("label")]
        self.catalogue_labels = list(dict.fromkeys(labels if labels is not None else item_labels))
        # Q10: a label can resolve through local-images while absent from /images.
        self._known_labels = set(item_labels) | set(self.catalogue_labels)
        self.ignore_zone_filter = ignore_zone_filter
        self.page_size_clamp = page_size_clamp
        self.host = host
        self.latency = 0.0
        self.requests: list[RecordedRequest] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_snapshot(
        cls, path: Path | str, extra: Iterable[dict[str, Any]] = (), **options: Any
    ) -> FakeMarketplace:
        """Serve the union of a bundled snapshot's items (deduplicated by id, first seen wins),
        plus `extra` items (which the snapshot, by construction, cannot answer for).

        This is test data derived from real recordings (MARKETPLACE.md §10), frozen at the
        snapshot's date: it is no claim about what the live catalog holds today.
        """
        snapshot = json.loads(Path(path).read_text("utf-8"))
        items: dict[str, dict[str, Any]] = {}
        for query in snapshot.get("queries", []):
            for item in query.get("local_images", []):
                # 2023 bodies may lack a label (Q3): file them under the label they answered.
                items.setdefault(item["id"], _strip(item, label=query.get("label")))
        for image_id, item in snapshot.get("local_images", {}).items():
            items.setdefault(image_id, _strip(item, label=None))
        extra = list(extra)
        labels = [*snapshot.get("labels", []), *(i["label"] for i in extra if i.get("label"))]
        return cls([*items.values(), *extra], labels, **options)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeMarketplace is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._stopping.clear()
        server = _QuietServer((self.host, 0), _handler_for(self))
        server.daemon_threads = True  # stop() must not wait for a handler stuck in a delay
        self._server = server
        # A short poll interval: shutdown() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), daemon=True, name="fake-marketplace"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a scripted delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- fault injection ---------------------------------------------------------------------

    def fail_next(
        self,
        *,
        status: int | None = None,
        body: str | bytes | None = None,
        content_type: str = "application/json",
        retry_after: str | None = None,
        delay: float = 0.0,
        drop: bool = False,
        times: int = 1,
        path: str | None = None,
        when: dict[str, str | None] | None = None,
        headers: dict[str, str] | None = None,
        raw: RawReply | None = None,
    ) -> None:
        """Script the next `times` requests whose path starts with `path` (any path if None).

        `status`/`body` replace the answer (status defaults to 200 with a body, and the body to
        an API-shaped error for the status); a str body has `{token}` replaced by the request's
        X-Auth-Token, as a gateway echoing it would; `headers` are added to it. `delay` sleeps
        first, then answers normally unless told otherwise; `drop` closes the connection without
        a response; `raw` writes the whole response itself. `when` limits the fault to requests
        whose query has those items (None: the key is absent). FIFO.
        """
        if times < 1 or not 0 <= delay <= MAX_FAULT_DELAY:
            raise ValueError(f"times must be >= 1 and delay within 0..{MAX_FAULT_DELAY}")
        with self._lock:
            self._faults.append(
                Fault(
                    path_prefix=path,
                    when=when,
                    times=times,
                    status=status,
                    body=body if isinstance(body, str) else None,
                    body_bytes=body if isinstance(body, bytes) else None,
                    content_type=content_type,
                    retry_after=retry_after,
                    delay=delay,
                    drop=drop,
                    headers=headers,
                    raw=raw,
                )
            )

    def reset(self) -> None:
        """Forget scripted faults and recorded requests: one server serves many test cases."""
        with self._lock:
            self._faults.clear()
            self.requests.clear()

    def _take_fault(self, path: str, query: dict[str, str]) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if _matches(fault, path, query):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    # -- the contract --------------------------------------------------------------------------

    def respond(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if path == f"{PREFIX}/local-images":
            return self._list_local_images(query)
        if path.startswith(f"{PREFIX}/local-images/"):
            image_id = unquote(path.removeprefix(f"{PREFIX}/local-images/"))
            for item in self._items:
                if item.get("id") == image_id:
                    return 200, item
            return 404, _not_found("local_image", image_id)
        if path == f"{PREFIX}/images":
            return self._list_images(query)
        return 404, _not_found("route", path)

    def _list_local_images(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        selectors = [k for k in ("image_label", "image_id", "version_id") if k in query]
        if selectors != ["image_label"]:
            return 400, _invalid("image_label", "this fake answers exactly one image_label")
        image_type = query.get("type", "unknown_type")
        order_by = query.get("order_by", "type_asc")
        if image_type not in LOCAL_IMAGE_TYPES:
            return 400, _invalid("type", f"unknown value {image_type!r}")
        if order_by not in LOCAL_IMAGE_ORDERS:
            return 400, _invalid("order_by", f"unknown value {order_by!r}")
        label = query["image_label"]
        if label not in self._known_labels:
            return 404, _not_found("MarketplaceImage", label)
        zone = query.get("zone")
        items = [item for item in self._items if item.get("label") == label]
        if zone and not self.ignore_zone_filter:
            items = [item for item in items if _zone(item) == LEGACY_ZONES.get(zone, zone)]
        if image_type != "unknown_type":
            items = [item for item in items if item.get("type") == image_type]
        if order_by.startswith("type_"):
            # sorted() is stable: insertion order holds within a type, as in recordings (Q6).
            items = sorted(
                items,
                key=lambda item: item.get("type") or "unknown_type",
                reverse=order_by == "type_desc",
            )
        elif order_by == "created_at_desc":
            items.reverse()
        return self._page(query, "local_images", items)

    def _list_images(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        order_by = query.get("order_by", "name_asc")
        if order_by not in IMAGE_ORDERS:
            return 400, _invalid("order_by", f"unknown value {order_by!r}")
        images = sorted(
            (_catalogue_image(label) for label in self.catalogue_labels),
            key=lambda image: image["name"],
            reverse=order_by == "name_desc",
        )
        return self._page(query, "images", images)

    def _page(
        self, query: dict[str, str], key: str, items: list[dict[str, Any]]
    ) -> tuple[int, dict[str, Any]]:
        try:
            page = int(query.get("page", "1"))
            page_size = int(query.get("page_size", str(DEFAULT_PAGE_SIZE)))
        except ValueError:
            return 400, _invalid("page", "page and page_size must be integers")
        if page < 1:
            return 400, _invalid("page", "must be at least 1")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            return 400, _invalid("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")
        if self.page_size_clamp is not None:
            page_size = min(page_size, self.page_size_clamp)
        start = (page - 1) * page_size
        return 200, {key: items[start : start + page_size], "total_count": len(items)}


class _QuietServer(ThreadingHTTPServer):
    # 16 requests in flight connect at once: the default backlog of 5 makes the others wait
    # about a second for a retransmitted SYN.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up on a hostile reply is the point of the test, not an error.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def _handler_for(fake: FakeMarketplace) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real gateway
        timeout = 10  # an idle keep-alive connection must not pin a thread forever
        # Headers and body go out in two writes; with Nagle on, the client's delayed ACK
        # would add ~40 ms to every request.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake._lock:
                fake.requests.append(RecordedRequest("GET", url.path, query, headers))
            fault = fake._take_fault(url.path, query)
            wait = fake.latency + (fault.delay if fault else 0.0)
            if wait and fake._stopping.wait(min(wait, MAX_FAULT_DELAY)):
                self.close_connection = True
                return
            if fault and fault.drop:
                self.close_connection = True  # no status line at all: a reset, to the client
                return
            if fault and fault.raw:
                self.close_connection = True
                with contextlib.suppress(OSError):  # the client gave up, as it should
                    fault.raw(self.wfile, fake._stopping)
                return
            if fault and (fault.status is not None or fault.body is not None or fault.body_bytes):
                status = fault.status or 200
                if fault.body_bytes is not None:
                    data = fault.body_bytes
                else:
                    text = fault.body if fault.body is not None else json.dumps(_error_body(status))
                    data = text.replace("{token}", headers.get("x-auth-token", "")).encode()
                extra = {**(fault.headers or {})}
                if fault.retry_after is not None:
                    extra["Retry-After"] = fault.retry_after
                self._send(status, data, fault.content_type, extra)
                return
            status, payload = fake.respond(url.path, query)
            self._send(status, json.dumps(payload).encode(), "application/json", {})

        def _send(self, status: int, data: bytes, content_type: str, extra: dict[str, str]) -> None:
            # Written by hand, in UTF-8: send_header() takes only Latin-1, and a hostile
            # server sends whatever bytes it likes ("Retry-After: ٣").
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            lines = [
                f"HTTP/1.1 {status} {phrase}",
                f"Content-Type: {content_type}",
                f"Content-Length: {len(data)}",
                f"X-Request-Id: {uuid.uuid4()}",
                *(f"{name}: {value}" for name, value in extra.items()),
            ]
            self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the request log is fake.requests; stderr noise would drown pytest output

    return Handler


def _strip(item: dict[str, Any], *, label: str | None) -> dict[str, Any]:
    served = {k: v for k, v in item.items() if k != "recorded"}
    if label and not served.get("label"):
        served["label"] = label
    return served


def _zone(item: dict[str, Any]) -> str | None:
    zone = item.get("zone")
    return LEGACY_ZONES.get(zone, zone) if isinstance(zone, str) else None


def _not_found(resource: str, resource_id: str) -> dict[str, Any]:
    return {
        "message": "resource is not found",
        "resource": resource,
        "resource_id": resource_id,
        "type": "not_found",
    }


def _invalid(argument: str, help_message: str) -> dict[str, Any]:
    return {
        "message": "invalid argument(s)",
        "type": "invalid_arguments",
        "details": [
            {"argument_name": argument, "reason": "constraint", "help_message": help_message}
        ],
    }


def _error_body(status: int) -> dict[str, Any]:
    message = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "error"
    return {"message": message.lower(), "type": _ERROR_TYPES.get(status, "unknown_error")}


def _catalogue_image(label: str) -> dict[str, Any]:
    # Stable ids per label so repeated runs and assertions agree; marked synthetic.
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"imagelint-fake:{label}")),
        "name": label.replace("_", " ").title(),
        "label": label,
        "description": "synthetic catalogue entry served by the imagelint test fake",
        "logo": "",
        "categories": ["distribution"],
        "valid_until": None,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }


def _matches(fault: Fault, path: str, query: dict[str, str]) -> bool:
    if fault.path_prefix is not None and not path.startswith(fault.path_prefix):
        return False
    return all(query.get(key) == value for key, value in (fault.when or {}).items())


# -- RAW REPLIES: hostile servers, written byte by byte -------------------------------------------

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def trickle_body(interval: float = 0.05) -> RawReply:
    """A body that never ends, one byte at a time: each read succeeds, none finishes it."""

    def write(out: BufferedIOBase, stopping: threading.Event) -> None:
        out.write(f"{_HEAD}Transfer-Encoding: chunked\r\n\r\n1\r\n{{\r\n".encode())
        while not stopping.wait(interval):
            out.write(b"1\r\n \r\n")

    return write


def trickle_headers(interval: float = 0.05) -> RawReply:
    """A header block that never ends: no status code ever reaches the client."""

    def write(out: BufferedIOBase, stopping: threading.Event) -> None:
        out.write(f"{_HEAD}X-Slow: ".encode())
        while not stopping.wait(interval):
            out.write(b"a")

    return write


def endless_chunked(chunk: int = 64 * 1024) -> RawReply:
    """A chunked body that never ends, as fast as the client reads: JSON whitespace."""

    def write(out: BufferedIOBase, stopping: threading.Event) -> None:
        out.write(f"{_HEAD}Transfer-Encoding: chunked\r\n\r\n".encode())
        data = f"{chunk:x}\r\n".encode() + b" " * chunk + b"\r\n"
        while not stopping.is_set():
            out.write(data)

    return write


def huge_body(size: int, *, declared: bool = True) -> RawReply:
    """A valid JSON body of `size` bytes, with its Content-Length, or delimited by close."""

    def write(out: BufferedIOBase, stopping: threading.Event) -> None:
        length = f"Content-Length: {size}\r\n" if declared else "Connection: close\r\n"
        out.write(f"{_HEAD}{length}\r\n".encode())
        head = b'{"local_images": [], "total_count": 0, "pad": "'
        left = size - len(head) - 2
        out.write(head)
        while left > 0 and not stopping.is_set():
            out.write(b"a" * min(left, 64 * 1024))
            left -= 64 * 1024
        out.write(b'"}')

    return write


def gzip_bomb(expanded: int) -> bytes:
    """A page body padded with zeros to `expanded` bytes: about a thousandth of it on the wire."""
    head = b'{"local_images": [], "total_count": 0, "pad": "'
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(head)]
    block = b"0" * 2**20
    for _ in range(expanded // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(b'"}'))
    parts.append(compressor.flush())
    return b"".join(parts)


def gzip_reply(packed: bytes) -> RawReply:
    """Gzip-compressed bytes (a bomb, a cut stream...) sent with Content-Encoding: gzip."""

    def write(out: BufferedIOBase, stopping: threading.Event) -> None:
        out.write(
            f"{_HEAD}Content-Encoding: gzip\r\nContent-Length: {len(packed)}\r\n\r\n".encode()
        )
        out.write(packed)

    return write
