"""Catalog queries sent while the rest of the tree is still read: a source hands over each
batch of evaluated instances (ReadContext.on_instances) and their queries go out at once."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future

from imagelint.catalog.interface import Answer, Catalog, CatalogSource, Miss, Query
from imagelint.model import Instance

log = logging.getLogger(__name__)

Prefetch = Callable[[Iterable[Query]], Mapping[Query, Future[Answer]]]

# What the derivation sees for a query the catalog would not send early (offline layers, a
# request pool already closed): no follow-up is derived from it, lint asks for itself.
_NOT_SENT = Miss(reason="not sent ahead of the lint step")


class _Stopped(Exception):
    """Lint has started: it asks for whatever was not sent yet, so nothing more is."""


def listener(catalog: Catalog) -> Prefetcher | None:
    """The run's on_instances callback, or None when the catalog answers from this machine
    alone (offline) or cannot send a query early: planning instances twice would only cost."""
    prefetch = getattr(catalog, "prefetch", None)
    if prefetch is None or not getattr(catalog, "online", True):
        return None
    return Prefetcher(catalog, prefetch)


class Prefetcher:
    """Derives each batch's queries on a thread of its own, as lint will ask them (its own
    queries, the other image type, the rules' follow-ups: engine.first_rounds and
    follow_ups), and submits them to the catalog's request pool. The source's thread only
    queues the batch. Answers are not settled here: the catalog's pool keeps them, in flight
    or done, and lint's batches find them there, so no query is sent twice and which layer
    answers (live, cache, fallback) is decided by lint exactly as without prefetching."""

    def __init__(self, catalog: Catalog, prefetch: Prefetch) -> None:
        self._catalog = catalog
        self._prefetch = prefetch
        self._batches: queue.SimpleQueue[tuple[Instance, ...] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()  # between a submission and `close`
        self._stopped = False
        self._thread: threading.Thread | None = None

    def __call__(self, instances: Sequence[Instance]) -> None:
        if not instances:
            return
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:  # no thread for a run that reads nothing to look up
                self._thread = threading.Thread(
                    target=self._work, name="imagelint-prefetch", daemon=True
                )
                self._thread.start()
        self._batches.put(tuple(instances))

    def close(self) -> None:
        """Send nothing more. Not joined: the thread may be waiting on an answer lint waits
        on too, and after this it submits nothing, so it never touches a closed catalog."""
        with self._lock:
            self._stopped = True
        self._batches.put(None)

    def _work(self) -> None:
        while (batch := self._batches.get()) is not None:
            # Batches that queued up while the last one waited on the network go together:
            # their queries leave in one round instead of one round trip per module.
            instances = list(batch)
            done = False
            while not done and not self._batches.empty():
                more = self._batches.get()
                done = more is None
                instances.extend(more or ())
            try:
                self._derive(instances)
            except _Stopped:
                return
            except Exception:  # a wrong guess costs speed only: lint asks what is missing
                log.debug("prefetching catalog queries failed", exc_info=True)
            if done:
                return

    def _derive(self, instances: Sequence[Instance]) -> None:
        from imagelint import follow_ups
        from imagelint.engine import decide_all, first_rounds
        from imagelint.resolve import plan

        plans = [plan(i) for i in instances]
        view = first_rounds(plans, _Ahead(self._catalog, self._send))
        decided = decide_all(plans, view)
        # The rules' hints: sent, not awaited; nothing here depends on their answers.
        self._submit(follow_ups.after_decisions((p, decided[id(p.instance)]) for p in plans))

    def _submit(self, queries: Iterable[Query]) -> Mapping[Query, Future[Answer]]:
        with self._lock:
            if self._stopped:
                raise _Stopped
            return self._prefetch(list(queries))

    def _send(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        queries = list(queries)
        futures = self._submit(queries)
        return {query: _result(futures.get(query)) for query in queries}


def _result(future: Future[Answer] | None) -> Answer:
    if future is None:
        return _NOT_SENT
    try:
        return future.result()
    except Exception:  # CatalogRejected, a cancelled request: lint meets it and reports it
        return _NOT_SENT


class _Ahead:
    """The catalog as the derivation asks it: through `prefetch`, so every question it asks
    is one lint will find answered, and nothing in the run's catalog is settled or counted."""

    def __init__(self, catalog: Catalog, send: Callable[[Iterable[Query]], dict[Query, Answer]]):
        self._catalog = catalog
        self._send = send

    def source(self) -> CatalogSource:
        return self._catalog.source()

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        return self._send(queries)

    def labels(self) -> tuple[str, ...] | None:
        return None  # suggestions only: decisions never read the label list

    def arch_of(self, commercial_type: str) -> str | None:
        return self._catalog.arch_of(commercial_type)

    def close(self) -> None:
        """The run's catalog is the run's to close."""
