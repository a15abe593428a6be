"""The live catalog: Scaleway Marketplace API v2 over httpx. The only module importing httpx."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx

import imagelint
from imagelint.catalog import reference
from imagelint.catalog._retry import (
    RETRY_AFTER_STATUSES,
    RETRYABLE_STATUSES,
    RetryPolicy,
    parse_retry_after,
)
from imagelint.catalog._wire import (
    IMAGES,
    LOCAL_IMAGES,
    MAX_PAGES,
    NOT_JSON,
    PAGE_SIZE,
    QueryFailed,
    api_message,
    is_not_found,
    page_of,
    parse_image,
)
from imagelint.catalog.errors import CatalogRejected
from imagelint.catalog.interface import (
    Answer,
    CatalogSource,
    Found,
    IdQuery,
    LabelQuery,
    Miss,
    NotFound,
    Query,
)
from imagelint.catalog.zones import normalise_zone

log = logging.getLogger(__name__)

# Transport failures worth another attempt. Local protocol errors, unsupported schemes and
# proxy refusals are left out: they fail the same way every time.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class HttpCatalog:
    """Catalog over the live Marketplace API. Thread-safe; memoises every answer for its life."""

    def __init__(
        self,
        *,
        base_url: str = "https://api.scaleway.com",
        secret_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        retries: int = 4,
        connect_retries: int | None = None,
        backoff: float = 0.5,
        user_agent: str = f"imagelint/{imagelint.__version__}",
        max_workers: int = 4,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        self._base_url = base_url.rstrip("/")
        self._secret = secret_key or None  # kept only to scrub it from reasons (_redact)
        self._policy = RetryPolicy(retries=max(retries, 0), backoff=backoff)
        # A refused connection or a failed DNS lookup may get fewer retries than a 503: with
        # a fallback at hand (auto mode), an offline laptop should not wait out the backoff.
        self._connect_retries = self._policy.retries if connect_retries is None else connect_retries
        self._timeouts = (connect_timeout, read_timeout)
        headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if self._secret:
            headers["X-Auth-Token"] = self._secret
        self._max_workers = max(max_workers, 1)
        self._client = httpx.Client(
            base_url=self._base_url,
            headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=self._max_workers),
        )
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[Query, Future[Answer]] = {}
        self._lock = threading.Lock()
        self._labels: tuple[str, ...] | None = None
        self._labels_done = False
        self._labels_lock = threading.Lock()
        self._sent = 0
        self._rejected: CatalogRejected | None = None
        self._down: str | None = None  # why the API counts as unreachable for this run
        self._as_of = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def __repr__(self) -> str:
        auth = "with secret key" if self._secret else "anonymous"
        return f"HttpCatalog(base_url={self._base_url!r}, {auth})"

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent, retries included."""
        return self._sent

    def source(self) -> CatalogSource:
        return CatalogSource(kind="api", as_of=self._as_of, api_url=self._base_url)

    def arch_of(self, commercial_type: str) -> str | None:
        return reference.arch_of(commercial_type)

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        """Answer each distinct query, at most `max_workers` at a time, sending each one once
        per HttpCatalog. Raises CatalogRejected when the API refuses the request (401/403)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._max_workers, "imagelint-catalog")
            futures: dict[Query, Future[Answer]] = {}
            for query in dict.fromkeys(queries):
                if query not in self._futures:
                    self._futures[query] = self._pool.submit(self._answer_one, query)
                futures[query] = self._futures[query]
        return {query: future.result() for query, future in futures.items()}

    def labels(self) -> tuple[str, ...] | None:
        with self._labels_lock:
            if not self._labels_done:
                self._labels = self._fetch_labels()
                self._labels_done = True
            return self._labels

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- queries ---------------------------------------------------------------------------------

    def _answer_one(self, query: Query) -> Answer:
        try:
            if isinstance(query, LabelQuery):
                return self._answer_label(query)
            return self._answer_id(query)
        except QueryFailed as failure:
            return Miss(reason=self._redact(str(failure)), unavailable=True)

    def _answer_label(self, query: LabelQuery) -> Answer:
        params = {"image_label": query.label, "type": query.image_type, "order_by": "type_asc"}
        zone = normalise_zone(query.zone) if query.zone is not None else None
        if zone is not None:
            params["zone"] = zone
        items = self._list_all(LOCAL_IMAGES, params, "local_images", not_found_is_answer=True)
        if items is None:
            return NotFound()
        images = [parse_image(item, LOCAL_IMAGES, fallback_label=query.label) for item in items]
        if zone is not None:
            # Q5: the API has ignored the zone filter before; an image from another zone must
            # never count as bootable here.
            images = [image for image in images if image.zone == zone]
        return Found(images=tuple(images))

    def _answer_id(self, query: IdQuery) -> Answer:
        path = f"{LOCAL_IMAGES}/{quote(query.image_id, safe='')}"
        status, body = self._get(path, None)
        if status == 404 and is_not_found(body):
            # Whatever the resource name, a UUID unknown here is no Marketplace local image
            # (a custom image, a snapshot, a typo): an answer, not a failure.
            return NotFound()
        return Found(images=(parse_image(self._ok(status, body, path), path, fallback_label=None),))

    def _fetch_labels(self) -> tuple[str, ...] | None:
        params = {"include_eol": "false", "order_by": "name_asc"}
        try:
            items = self._list_all(IMAGES, params, "images", not_found_is_answer=False) or []
        except (QueryFailed, CatalogRejected) as failure:
            # Labels only feed suggestions: the run goes on without them.
            log.info("cannot list Marketplace labels: %s", self._redact(str(failure)))
            return None
        found = {item.get("label") for item in items}
        return tuple(sorted(label for label in found if isinstance(label, str) and label))

    def _redact(self, text: str) -> str:
        # Reasons quote the API's own `message`; a gateway echoing the token must not leak it.
        return text.replace(self._secret, "***") if self._secret else text

    # -- HTTP ------------------------------------------------------------------------------------

    def _list_all(
        self, path: str, params: dict[str, str], key: str, *, not_found_is_answer: bool
    ) -> list[dict[str, Any]] | None:
        """Every item of a paginated list; None for a 404 not_found when that is an answer."""
        collected: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            paged = {**params, "page_size": str(PAGE_SIZE), "page": str(page)}
            status, body = self._get(path, paged)
            if not_found_is_answer and page == 1 and status == 404 and is_not_found(body):
                return None
            items, total = page_of(self._ok(status, body, path), key, path)
            collected.extend(items)
            if not items or len(collected) >= total:
                return collected
        raise QueryFailed(
            f"GET {path}: still short of total_count after {MAX_PAGES} pages; "
            "the server's total keeps growing"
        )

    def _ok(self, status: int, body: Any, path: str) -> Any:
        """The body of a successful response; raises for anything else."""
        if status in (401, 403):
            hint = (
                "check SCW_SECRET_KEY"
                if self._secret
                else "set SCW_SECRET_KEY if this Marketplace needs credentials"
            )
            self._rejected = CatalogRejected(
                f"GET {path}: HTTP {status}: the Marketplace refused the request; {hint}"
            )
            raise self._rejected
        if not 200 <= status < 300:
            raise QueryFailed(f"GET {path}: HTTP {status}{api_message(body)}")
        if body is NOT_JSON:
            raise QueryFailed(f"GET {path}: HTTP {status} with a body that is not JSON")
        return body

    def _get(self, path: str, params: dict[str, str] | None) -> tuple[int, Any]:
        """GET with retries: the first status and decoded body not worth retrying."""
        attempts = self._policy.retries + 1
        for attempt in range(attempts):
            if self._rejected is not None:
                # The credentials will not improve: stop sending them.
                raise CatalogRejected(str(self._rejected))
            if self._down is not None:
                # One query spent its whole retry budget: the others would too, one after the
                # other (an offline laptop in auto mode waited 14 s on samples/ before this).
                raise QueryFailed(self._down)
            with self._lock:
                self._sent += 1
            try:
                response = self._client.get(path, params=params)
            except _TRANSIENT as exc:
                problem, retry_after = _transport_problem(exc, self._timeouts), None
                if isinstance(exc, httpx.ConnectError) and attempt >= self._connect_retries:
                    break
            except httpx.HTTPError as exc:
                raise QueryFailed(f"GET {path}: {type(exc).__name__}") from None
            else:
                body = _decode(response)
                if response.status_code not in RETRYABLE_STATUSES:
                    return response.status_code, body
                problem = f"HTTP {response.status_code}{api_message(body)}"
                retry_after = (
                    parse_retry_after(response.headers.get("Retry-After"))
                    if response.status_code in RETRY_AFTER_STATUSES
                    else None
                )
            if attempt + 1 == attempts:
                break
            wait = self._policy.delay(attempt, retry_after)
            log.debug("GET %s: %s; retrying in %.2fs", path, self._redact(problem), wait)
            time.sleep(wait)
        # Every query that is not sent after this carries the same, first-hand reason.
        self._down = f"GET {path}: {problem} after {attempt + 1} attempt(s)"
        raise QueryFailed(self._down)


def _decode(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
        return NOT_JSON


def _transport_problem(exc: Exception, timeouts: tuple[float, float]) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {timeouts[0]:g}s"
    if isinstance(exc, httpx.TimeoutException):
        return f"no response within {timeouts[1]:g}s"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed before a complete response"
    return f"connection error ({type(exc).__name__})"
