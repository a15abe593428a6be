"""The live catalog: Marketplace API v2 queries, answers and pagination (HTTP is in _session)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import imagelint
from imagelint.catalog import reference
from imagelint.catalog._fetch import Limits
from imagelint.catalog._paging import PAGE_SIZE, Listing
from imagelint.catalog._pool import LABELS, QueryPool
from imagelint.catalog._retry import RetryPolicy
from imagelint.catalog._session import Session
from imagelint.catalog._wire import (
    IMAGES,
    LOCAL_IMAGES,
    QueryFailed,
    echoed,
    is_not_found,
    label_of,
    page_of,
    parse_image,
)
from imagelint.catalog.endpoint import check_transport, parse_api_url
from imagelint.catalog.errors import CatalogRejected
from imagelint.catalog.interface import (
    Answer,
    CatalogSource,
    Found,
    IdQuery,
    LabelQuery,
    LocalImage,
    Miss,
    NotFound,
    Query,
)
from imagelint.catalog.zones import normalise_zone

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 2**20  # real answers are well under 1 MiB
REASON_LIMIT = 500  # characters of a printed reason
# Queries in flight at once: a run's few hundred distinct queries then take a few round trips,
# which is still far below what the API's rate limit lets one client send.
DEFAULT_CONCURRENCY = 16


class HttpCatalog:
    """Catalog over the live Marketplace API. Thread-safe. Each HTTP request gets
    `request_deadline` seconds in all (connect, headers, body) and a body of at most
    `max_body_bytes`; with `run_deadline`, no request starts or runs past that many seconds
    of live API time (auto mode falls back to the snapshot then). Every query, the label
    listing included, goes through one pool of `max_workers` threads; a query asked again
    while in flight waits for the same request, and after, with `memoise`, gets the kept
    answer. A run's catalog (catalog_setup) does not memoise: the engine's RunCatalog is the
    run's one memo, and an answer waits here only until first asked for (`prefetch`). The
    secret key goes only over https or to a loopback address, unless `allow_insecure`; a
    bad URL or an insecure one raises CatalogConfigError."""

    def __init__(
        self,
        *,
        base_url: str = "https://api.scaleway.com",
        secret_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        request_deadline: float = 30.0,
        run_deadline: float | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        retries: int = 4,
        connect_retries: int | None = None,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        allow_insecure: bool = False,
        user_agent: str = f"imagelint/{imagelint.__version__}",
        max_workers: int = DEFAULT_CONCURRENCY,
        memoise: bool = True,
    ) -> None:
        self._endpoint = parse_api_url(base_url)
        check_transport(self._endpoint, secret=bool(secret_key), allow_insecure=allow_insecure)
        self._secret = bool(secret_key)
        policy = RetryPolicy(
            retries=max(retries, 0),
            backoff=backoff,
            # Waiting longer between attempts than an attempt may take would make no sense.
            max_retry_after=min(max_retry_after, request_deadline),
        )
        self._max_workers = max(max_workers, 1)
        self._pool = QueryPool(self._max_workers, keep=memoise)
        self._session = Session(
            self._endpoint,
            secret_key=secret_key or None,
            limits=Limits(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                deadline=request_deadline,
                max_bytes=max_body_bytes,
            ),
            policy=policy,
            # A refused connection or a failed DNS lookup may get fewer retries than a 503:
            # with a fallback at hand (auto mode), an offline laptop should not wait it out.
            connect_retries=policy.retries if connect_retries is None else connect_retries,
            run_deadline=run_deadline,
            # The run's budget is live API time, not time since construction: queries now go
            # out while the tree is still read, and reading a large tree is no API time.
            spent=lambda: self._pool.busy_seconds,
            user_agent=user_agent,
            max_connections=self._max_workers,
        )
        self._redactor = self._session.redactor
        self._as_of = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def __repr__(self) -> str:
        auth = "with secret key" if self._secret else "anonymous"
        return f"HttpCatalog(base_url={self._endpoint.shown!r}, {auth})"

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent, retries included."""
        return self._session.sent

    @property
    def network_seconds(self) -> float:
        """Wall seconds during which at least one query was in flight (the network phase)."""
        return self._pool.busy_seconds

    def source(self) -> CatalogSource:
        return CatalogSource(kind="api", as_of=self._as_of, api_url=self._endpoint.shown)

    def arch_of(self, commercial_type: str) -> str | None:
        return reference.arch_of(commercial_type)

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        """Answer each distinct query, at most `max_workers` at a time, each sent once (once
        per HttpCatalog with `memoise`). CatalogRejected when the API refuses (401/403)."""
        futures = {query: self._pool.submit(query, self._answer_one) for query in queries}
        answers = {query: future.result() for query, future in futures.items()}
        self._pool.collected(futures)
        return answers

    def prefetch(self, queries: Iterable[Query]) -> dict[Query, Future[Answer]]:
        """Send what is not asked yet and return at once: `answer` finds each query in flight
        or answered. A failure waits in its future for `answer`, as if asked then."""
        return {query: self._pool.submit(query, self._answer_one) for query in queries}

    def labels(self) -> tuple[str, ...] | None:
        future = self._pool.submit(LABELS, lambda _: self._fetch_labels())
        labels = future.result()
        self._pool.collected({LABELS: future})
        return labels

    def close(self) -> None:
        self._pool.close()
        self._session.close()

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
            reason = self._redactor.clean(str(failure), limit=REASON_LIMIT)
            if failure.api_down and self._session.down is None:
                # Every query not sent after this carries the same, first-hand reason.
                self._session.down = reason
            return Miss(reason=reason, unavailable=True)
        except CatalogRejected as rejected:
            # The credentials will not improve: stop sending them.
            self._session.rejected = rejected
            raise

    def _answer_label(self, query: LabelQuery) -> Answer:
        params = {"image_label": query.label, "type": query.image_type, "order_by": "type_asc"}
        zone = normalise_zone(query.zone) if query.zone is not None else None
        if zone is not None:
            params["zone"] = zone
        items = self._list_all(LOCAL_IMAGES, params, "local_images", not_found_is_answer=True)
        if items is None:
            return NotFound()
        images = self._checked(
            LOCAL_IMAGES,
            [parse_image(item, LOCAL_IMAGES, fallback_label=query.label) for item in items],
        )
        if zone is not None:
            # Q5: the API has ignored the zone filter before; an image from another zone must
            # never count as bootable here.
            images = [image for image in images if image.zone == zone]
        return Found(images=tuple(images))

    def _answer_id(self, query: IdQuery) -> Answer:
        path = f"{LOCAL_IMAGES}/{quote(query.image_id, safe='')}"
        status, body = self._session.get(path, None)
        if status == 404 and is_not_found(body):
            # Whatever the resource name, a UUID unknown here is no Marketplace local image
            # (a custom image, a snapshot, a typo): an answer, not a failure.
            return NotFound()
        image = parse_image(self._session.ok(status, body, path), path, fallback_label=None)
        if image.id.lower() != query.image_id.strip().lower():
            raise QueryFailed(f"GET {path}: the API answered with another local image")
        return Found(images=tuple(self._checked(path, [image])))

    def _checked(self, path: str, images: list[LocalImage]) -> list[LocalImage]:
        if any(echoed(image, self._redactor) for image in images):
            raise QueryFailed(f"GET {path}: the answer quotes the API token (SCW_SECRET_KEY)")
        return images

    def _fetch_labels(self) -> tuple[str, ...] | None:
        params = {"include_eol": "false", "order_by": "name_asc"}
        try:
            items = self._list_all(IMAGES, params, "images", not_found_is_answer=False) or []
            found = {label for item in items if (label := label_of(item, IMAGES))}
            if any(self._redactor.echoes(label) for label in found):
                raise QueryFailed(f"GET {IMAGES}: the answer quotes the API token")
        except (QueryFailed, CatalogRejected) as failure:
            # Labels only feed suggestions: the run goes on without them, and a failure here
            # marks neither the API nor the credentials as bad for the queries that matter.
            log.info(
                "cannot list Marketplace labels: %s",
                self._redactor.clean(str(failure), limit=REASON_LIMIT),
            )
            return None
        return tuple(sorted(found))

    def _list_all(
        self, path: str, params: dict[str, str], key: str, *, not_found_is_answer: bool
    ) -> list[dict[str, Any]] | None:
        """Every item of a paginated listing; None for a 404 not_found when that is an answer."""
        listing = Listing(path)
        page = 1
        while True:  # Listing fails any listing that would need more than MAX_PAGES pages
            paged = {**params, "page_size": str(PAGE_SIZE), "page": str(page)}
            status, body = self._session.get(path, paged)
            if not_found_is_answer and page == 1 and status == 404 and is_not_found(body):
                return None
            items, total = page_of(self._session.ok(status, body, path), key, path)
            listing.add(page, items, total)
            if listing.complete:
                return listing.items
            page += 1
