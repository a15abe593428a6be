"""Defer building the live client until a question needs it: httpx is the heaviest import,
and a run with nothing to look up should not pay for it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future

from imagelint.catalog.interface import Answer, Catalog, CatalogSource, Query
from imagelint.catalog.redact import mask_userinfo


class LazyCatalog:
    def __init__(self, api_url: str, build: Callable[[], Catalog]) -> None:
        self._api_url = mask_userinfo(api_url)  # shown in the report: never the userinfo
        self._build = build
        self._inner: Catalog | None = None
        # The engine's follow-up batch and its label listing may both be first to need it.
        self._lock = threading.Lock()

    def _get(self) -> Catalog:
        with self._lock:
            if self._inner is None:
                self._inner = self._build()
            return self._inner

    def source(self) -> CatalogSource:
        if self._inner is None:
            return CatalogSource(kind="api", as_of="not queried", api_url=self._api_url)
        return self._inner.source()

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        return self._get().answer(queries)

    def prefetch(self, queries: Iterable[Query]) -> Mapping[Query, Future[Answer]]:
        """Builds the client: a query to send is what it waited for."""
        queries = list(queries)
        prefetch = getattr(self._get(), "prefetch", None) if queries else None
        return prefetch(queries) if prefetch is not None else {}

    def labels(self) -> tuple[str, ...] | None:
        return self._get().labels()

    def arch_of(self, commercial_type: str) -> str | None:
        from imagelint.catalog.reference import arch_of

        return arch_of(commercial_type)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()
