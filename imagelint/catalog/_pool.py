"""One bounded pool for all of a catalog's requests, each asked once, and its network time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Final, TypeVar

LABELS: Final = "labels"  # the key of the catalogue listing, beside the queries

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class QueryPool:
    """Runs `work(key)` for each distinct key at most `workers` at a time. A key asked again
    while in flight gets the same future: two askers of one query wait for one request.

    `keep`: results are kept for the pool's life, so a key asked again after is not run
    again. Without it, a finished result is kept only until `collected`: the run's one
    memo is then the layer above (the engine's RunCatalog), and a result sent ahead
    (prefetched) waits here for the first asker, never for a second."""

    def __init__(self, workers: int, *, keep: bool = True) -> None:
        self._workers = max(workers, 1)
        self._keep = keep
        self._executor: ThreadPoolExecutor | None = None
        self._futures: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()
        self._clock = BusyClock()
        self._closed = False

    @property
    def busy_seconds(self) -> float:
        return self._clock.seconds

    def submit(self, key: K, work: Callable[[K], T]) -> Future[T]:
        with self._lock:
            future = self._futures.get(key)
            if future is None:
                if self._closed:  # a late prefetch must not start threads nobody joins
                    raise RuntimeError("the catalog's request pool is closed")
                if self._executor is None:  # threads only once something is asked
                    self._executor = ThreadPoolExecutor(self._workers, "imagelint-catalog")
                future = self._executor.submit(self._clock.timed, work, key)
                self._futures[key] = future
            return future

    def collected(self, futures: Mapping[K, Future[T]]) -> None:
        """The asker has these results: unless kept, the pool lets go of them."""
        if self._keep:
            return
        with self._lock:
            for key, future in futures.items():
                if future.done() and self._futures.get(key) is future:
                    del self._futures[key]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


class BusyClock:
    """Adds up the wall time during which at least one task runs: overlapping requests count
    once, so the total compares with the serial time of the same requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._since = 0.0
        self._total = 0.0

    @property
    def seconds(self) -> float:
        with self._lock:
            running = time.monotonic() - self._since if self._running else 0.0
            return self._total + running

    def timed(self, work: Callable[[K], T], key: K) -> T:
        with self._lock:
            if self._running == 0:
                self._since = time.monotonic()
            self._running += 1
        try:
            return work(key)
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    self._total += time.monotonic() - self._since
