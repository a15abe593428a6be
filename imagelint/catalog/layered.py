"""Catalogs in layers: the persistent cache, the live API, stale cache entries, the snapshot."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING

from imagelint.catalog.cache import DiskCache
from imagelint.catalog.cache_codec import CachedAnswer
from imagelint.catalog.cache_origins import Origins, age_text
from imagelint.catalog.fallback import FallbackCatalog as FallbackCatalog  # re-exported
from imagelint.catalog.interface import (
    Answer,
    Catalog,
    CatalogSource,
    Found,
    Miss,
    NotFound,
    Query,
)

if TYPE_CHECKING:
    from imagelint.catalog.waiting import WaitNotice


class LayeredCatalog:
    """The persistent cache, the live API and the snapshot in one chain, query by query: a
    fresh cache entry, else the live API (its Found and NotFound answers are written to the
    cache), else a stale entry (reported with its age), else the snapshot.

    `live=None` is offline: cache entries of any age, then the snapshot; no connection.
    `read_cache=False` is `--catalog api`: live answers only, still written to the cache.
    As in FallbackCatalog, only a first batch that could not reach the API moves the run to
    the snapshot; after that, a failure is answered by a stale entry or stays a failure, so
    no instance whose query failed is reported as checked."""

    def __init__(
        self,
        *,
        cache: DiskCache | None,
        api_url: str,
        live: Catalog | None,
        snapshot: Catalog | None,
        read_cache: bool = True,
        clock: Callable[[], float] = time.time,
        notice: WaitNotice | None = None,
    ) -> None:
        self._cache = cache
        self._api_url = api_url
        self._live = live
        self._snapshot = snapshot
        self._read_cache = read_cache
        self._clock = clock
        self._asked_live = False
        self.fell_back_because: str | None = None
        self.stale_because: str | None = None  # the live failure that made a stale entry count
        self.origins = Origins()
        self._notice = notice  # what a terminal shows while the live API keeps the run waiting

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        pending = list(dict.fromkeys(queries))
        out: dict[Query, Answer] = {}
        stale: dict[Query, tuple[CachedAnswer, float]] = {}
        if self._cache is not None and self._read_cache:
            for query in pending:
                hit = self._cache.get(query, self._api_url)
                if hit is not None and self._cache.is_fresh(*hit):
                    out[query] = hit[0]
                    self.origins.add("cache", hit[1])
                elif hit is not None:
                    stale[query] = hit
            pending = [q for q in pending if q not in out]
        failures: dict[Query, Answer] = {}
        if pending and self._live is not None and self.fell_back_because is None:
            failures = self._ask_live(pending, out)
            pending = list(failures)
        for query in pending:
            if query in stale:
                cached, age = stale[query]
                out[query] = cached
                self.origins.add("stale", age)
                if query in failures and self.stale_because is None:
                    self.stale_because = _reason(failures[query])
        pending = [q for q in pending if q not in out]
        if pending and self._snapshot is not None and self._snapshot_allowed():
            for query, answer in self._snapshot.answer(pending).items():
                out[query] = self._from_snapshot(answer)
        for query in pending:
            out.setdefault(query, failures.get(query, _nothing(query)))
        return out

    @property
    def online(self) -> bool:
        """Whether `prefetch` may send anything: offline, every answer is on this machine."""
        return self._live is not None and self.fell_back_because is None

    def prefetch(self, queries: Iterable[Query]) -> Mapping[Query, Future[Answer]]:
        """Start the live queries `answer` will need, without waiting or settling anything:
        which layer answers, and what the report counts, is decided by `answer`. A fresh
        cache entry needs no request; a stale one is not used, the live API comes first."""
        if not self.online:
            return {}
        out: dict[Query, Future[Answer]] = {}
        rest: list[Query] = []
        cache = self._cache if self._read_cache else None
        for query in dict.fromkeys(queries):
            hit = cache.get(query, self._api_url) if cache is not None else None
            if hit is not None and cache is not None and cache.is_fresh(*hit):
                done: Future[Answer] = Future()
                done.set_result(hit[0])
                out[query] = done
            else:
                rest.append(query)
        live = getattr(self._live, "prefetch", None)
        if rest and live is not None:
            out.update(live(rest))
        return out

    def _snapshot_allowed(self) -> bool:
        return self._live is None or self.fell_back_because is not None

    def _ask_live(self, pending: list[Query], out: dict[Query, Answer]) -> dict[Query, Answer]:
        """Ask the live API; record its answers in `out` and return the queries left, each
        with the live failure (or None when the batch moved to the snapshot)."""
        assert self._live is not None
        first, self._asked_live = not self._asked_live, True
        with self._waiting(pending):
            answers = self._live.answer(pending)
        failures: dict[Query, Answer] = {}
        for query, answer in answers.items():
            if isinstance(answer, Miss):
                failures[query] = answer
            elif self._cache is not None and _verified(answer):
                self._cache.put(query, answer, self._api_url)
        unreachable = next(
            (a for a in failures.values() if isinstance(a, Miss) and a.unavailable), None
        )
        if first and isinstance(unreachable, Miss) and self._snapshot is not None:
            # As FallbackCatalog: the first batch says the API is out, so the whole batch
            # moves on (its good answers are cached) and the report never mixes one batch.
            self.fell_back_because = unreachable.reason
            return {query: failures.get(query, unreachable) for query in pending}
        for query, answer in answers.items():
            if query not in failures:
                out[query] = answer
                self.origins.add("live")
        return failures

    def _from_snapshot(self, answer: Answer) -> Answer:
        if not isinstance(answer, Miss):
            self.origins.add("snapshot")
            return answer
        if self._live is None:
            return answer  # offline by choice: the run says the snapshot does not hold it
        return replace(
            answer,
            reason=f"{answer.reason}, and the Marketplace API could not be reached",
            unavailable=True,
        )

    def source(self) -> CatalogSource:
        only = self.origins.only()
        if only == "live" or (only is None and not self.origins.counts and self._live_first()):
            assert self._live is not None
            return self._live.source()
        if only == "snapshot" or (not self.origins.counts and self._snapshot is not None):
            assert self._snapshot is not None
            return self._snapshot.source()
        snapshot_as_of = (
            self._snapshot.source().as_of
            if self._snapshot is not None and "snapshot" in self.origins.counts
            else None
        )
        return CatalogSource(
            kind="cache" if set(self.origins.counts) <= {"cache", "stale"} else "mixed",
            as_of=self.origins.as_of(self._clock(), snapshot_as_of),
            api_url=self._api_url,
            detail=self.origins.describe(snapshot_as_of),
        )

    def _live_first(self) -> bool:
        return self._live is not None and self.fell_back_because is None

    def warnings(self) -> list[str]:
        """What the report must say about the answers' age and origin."""
        down = self.stale_because or self.fell_back_because
        as_of = self._snapshot.source().as_of if self._snapshot is not None else None
        stale = self.origins.counts.get("stale", 0)
        if not stale:
            if self.fell_back_because is None or as_of is None:
                return []
            return [
                f"the Marketplace API could not be reached ({self.fell_back_because}); "
                f"results come from the offline snapshot as of {as_of}"
            ]
        answers = "1 catalog answer comes" if stale == 1 else f"{stale} catalog answers come"
        why = f"the Marketplace API could not answer ({down})" if down else "the run is offline"
        note = (
            f"{answers} from the local cache past their TTL (the oldest "
            f"{age_text(self.origins.oldest['stale'])} old): {why}"
        )
        if "snapshot" in self.origins.counts:
            note += f"; others come from the offline snapshot as of {as_of}"
        return [note]

    def labels(self) -> tuple[str, ...] | None:
        """The catalogue's labels, for suggestions: a fresh cached list, else live (then
        cached), else a stale list; the snapshot's only where it stands in for the API."""
        hit = None
        if self._cache is not None and (self._read_cache or self._live is None):
            hit = self._cache.get_labels(self._api_url)
            if hit is not None and (self._live is None or hit[1] < self._cache.ttl):
                return hit[0]
        if self._live_first():
            assert self._live is not None
            with self._waiting(None):
                labels = self._live.labels()
            if labels is not None and self._cache is not None:
                self._cache.put_labels(labels, self._api_url)
            return labels if labels is not None or hit is None else hit[0]
        if hit is not None:
            return hit[0]
        return self._snapshot.labels() if self._snapshot is not None else None

    def _waiting(self, queries: list[Query] | None) -> AbstractContextManager[None]:
        """A terminal's line while the live API answers `queries` (None: the label list)."""
        if self._notice is None:
            return nullcontext()
        from imagelint.catalog.waiting import describe

        return self._notice.waiting(describe(queries, self._api_url))

    def arch_of(self, commercial_type: str) -> str | None:
        from imagelint.catalog.reference import arch_of

        return arch_of(commercial_type)

    def close(self) -> None:
        for layer in (self._live, self._snapshot):
            if layer is not None:
                layer.close()


def _verified(answer: Answer) -> bool:
    """A whole answer from the API itself: never a snapshot's, never a partial one."""
    if isinstance(answer, NotFound):
        return True
    return isinstance(answer, Found) and answer.complete and answer.recorded is None


def _reason(answer: Answer) -> str:
    return answer.reason if isinstance(answer, Miss) else "no answer"


def _nothing(query: Query) -> Miss:
    return Miss(reason=f"no catalog layer could answer {query}", unavailable=True)
