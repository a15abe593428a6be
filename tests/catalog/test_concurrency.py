"""One bounded pool for every query of a run: in-flight deduplication, bounds, and the engine
asking its follow-up questions in batches (loopback fake Marketplace, real sockets)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.catalog.http import DEFAULT_CONCURRENCY, HttpCatalog
from imagelint.catalog.interface import LOCAL, Answer, CatalogSource, LabelQuery, Query
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

REPO = Path(__file__).resolve().parents[2]
LATENCY = 0.2


@pytest.fixture(autouse=True)
def deep_backlog(monkeypatch: pytest.MonkeyPatch) -> None:
    # socketserver listens with a backlog of 5: more simultaneous connects than that wait
    # for a SYN retransmit (1 s), which would measure the kernel, not the pool.
    monkeypatch.setattr(ThreadingHTTPServer, "request_queue_size", 128)


@pytest.fixture
def slow() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as server:
        server.latency = LATENCY
        yield server


def labels(n: int) -> list[Query]:
    return [LabelQuery(label=f"label_{i}", zone="fr-par-1", image_type=LOCAL) for i in range(n)]


def distinct(server: FakeMarketplace) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    return {(r.path, tuple(sorted(r.query.items()))) for r in server.requests}


def timed(catalog: HttpCatalog, queries: list[Query]) -> float:
    start = time.monotonic()
    catalog.answer(queries)
    return time.monotonic() - start


def test_askers_of_one_query_wait_for_one_request(slow: FakeMarketplace) -> None:
    queries = labels(3)
    with HttpCatalog(base_url=slow.url) as catalog:
        seen: list[dict[Query, Answer]] = []
        lists: list[tuple[str, ...] | None] = []

        def ask() -> None:
            seen.append(catalog.answer(queries))
            lists.append(catalog.labels())

        askers = [threading.Thread(target=ask) for _ in range(6)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
    assert len(seen) == len(lists) == 6 and all(s == seen[0] for s in seen)
    assert all(listed is lists[0] for listed in lists)
    # Three label queries and one catalogue listing, each sent once.
    assert len(slow.requests) == len(distinct(slow)) == 4


@pytest.mark.parametrize(
    ("workers", "queries", "rounds"),
    [
        (DEFAULT_CONCURRENCY, 2 * DEFAULT_CONCURRENCY, 2),  # the default: 16 at a time
        (DEFAULT_CONCURRENCY, DEFAULT_CONCURRENCY, 1),
        (3, 6, 2),
        (1, 3, 3),
    ],
)
def test_the_pool_is_bounded(
    slow: FakeMarketplace, workers: int, queries: int, rounds: int
) -> None:
    default = workers == DEFAULT_CONCURRENCY  # and the default is what is left unsaid
    made = (
        HttpCatalog(base_url=slow.url)
        if default
        else HttpCatalog(base_url=slow.url, max_workers=workers)
    )
    with made as catalog:
        elapsed = timed(catalog, labels(queries))
        busy = catalog.network_seconds
    assert rounds * LATENCY <= elapsed < (rounds + 1) * LATENCY
    # Overlapping requests count once: the network phase is the rounds, not the requests.
    assert rounds * LATENCY <= busy <= elapsed
    assert len(slow.requests) == queries


def test_the_label_list_waits_its_turn_in_the_same_pool(slow: FakeMarketplace) -> None:
    with HttpCatalog(base_url=slow.url, max_workers=1) as catalog:
        start = time.monotonic()
        asker = threading.Thread(target=catalog.answer, args=(labels(1),))
        asker.start()
        time.sleep(LATENCY / 4)  # the query holds the only worker
        catalog.labels()
        asker.join()
        assert time.monotonic() - start >= 2 * LATENCY


class Recording:
    """The run's catalog, with the batches the engine asks it for."""

    def __init__(self, inner: HttpCatalog) -> None:
        self.inner = inner
        self.batches: list[list[Query]] = []

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        batch = list(queries)
        self.batches.append(batch)
        return self.inner.answer(batch)

    def source(self) -> CatalogSource:
        return self.inner.source()

    def labels(self) -> tuple[str, ...] | None:
        return self.inner.labels()

    def arch_of(self, commercial_type: str) -> str | None:
        return self.inner.arch_of(commercial_type)

    def close(self) -> None:
        self.inner.close()


def test_a_run_asks_in_three_batches_and_each_query_once() -> None:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as server:
        catalog = Recording(HttpCatalog(base_url=server.url))
        options = Options(paths=("samples",), catalog="api", api_url=server.url, env={}, cwd=REPO)
        outcome = check(options, catalog=catalog)
        catalog.close()
    assert outcome.report is not None
    rules = {f.rule for f in outcome.report.findings}
    # samples/ has outcomes whose hints need each kind of follow-up question.
    assert {"image-volume-type-mismatch", "image-zone-unavailable", "image-zone-mismatch"} <= rules
    assert "image-unknown" in rules  # its hint reads the label list
    # The instances' queries, the other image type, the rules' questions: no rule asks late.
    assert len(catalog.batches) == 3
    asked = [q for batch in catalog.batches for q in batch]
    assert len(asked) == len(set(asked))
    assert len(server.requests) == len(distinct(server)) == len(asked) + 1  # + the label list
