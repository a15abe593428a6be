"""Queries sent while the tree is still read (imagelint.prefetch): against the loopback fake
Marketplace, a run that prefetches asks exactly what a run that does not asks, each query
once, and ends with the same result, faults included."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from imagelint.app import Options
from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import LOCAL, Catalog, LabelQuery
from imagelint.catalog_setup import build_catalog, catalog_warnings
from imagelint.engine import EngineResult, lint
from imagelint.model import Instance
from imagelint.plugins import discover
from imagelint.prefetch import listener
from imagelint.workspace import read
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

LATENCY = 0.05

# Each root a module of its own, as the Terraform source hands them over one by one. Between
# them: a label in another zone (a hint's follow-up across zones), a UUID of another zone (a
# follow-up for the same label here), a local volume (the other image type), a label nobody
# publishes (the label list).
ROOTS = {
    "web": """
resource "scaleway_instance_server" "front" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}
resource "scaleway_instance_server" "gpu" {
  image = "ubuntu_jammy_gpu_os_12"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}
""",
    "data": """
resource "scaleway_instance_server" "reporting" {
  image = "b7048a85-68b8-4590-b85c-46c2d8318be9"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}
resource "scaleway_instance_server" "local" {
  image = "ubuntu_noble"
  type  = "DEV1-S"
  zone  = "nl-ams-1"
  root_volume {
    volume_type = "l_ssd"
  }
}
""",
    "edge": """
resource "scaleway_instance_server" "typo" {
  image = "ubuntu_jamy"
  type  = "DEV1-S"
  zone  = "fr-par-2"
}
resource "scaleway_instance_server" "waw" {
  image = "ubuntu_focal"
  type  = "GP1-XS"
  zone  = "pl-waw-1"
}
""",
}


@pytest.fixture(autouse=True)
def deep_backlog(monkeypatch: pytest.MonkeyPatch) -> None:
    # More simultaneous connects than socketserver's backlog of 5 would wait on SYN retries.
    monkeypatch.setattr(ThreadingHTTPServer, "request_queue_size", 128)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, text in ROOTS.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(text)
    return tmp_path


@pytest.fixture
def server() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as fake:
        fake.latency = LATENCY
        yield fake


def batches(tree: Path) -> list[Sequence[Instance]]:
    """Each root's instances, read on its own (what the source hands over per root)."""
    sources = discover(untrusted=()).sources
    return [
        read(Options(paths=(name,), catalog="offline", cwd=tree), sources).instances
        for name in ROOTS
    ]


def sent(server: FakeMarketplace) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    return [(r.path, tuple(sorted(r.query.items()))) for r in server.requests]


@dataclass(frozen=True)
class Run:
    result: EngineResult
    warnings: list[str]
    source: str
    requests: list[tuple[str, tuple[tuple[str, str], ...]]]


def run(
    tree: Path,
    server: FakeMarketplace,
    mode: str,
    *,
    prefetch: bool,
    handed: Callable[[FakeMarketplace], None] = lambda _: None,
    before_lint: Callable[[FakeMarketplace], None] = lambda _: None,
    fault: dict[str, object] | None = None,
) -> Run:
    """Lint the roots' instances, handed over root by root to the prefetcher (or not)."""
    server.reset()
    if fault is not None:
        server.fail_next(times=1000, **fault)  # type: ignore[arg-type]
    options = Options(paths=(".",), catalog=mode, api_url=server.url, cwd=tree, retries=0)
    catalog: Catalog = build_catalog(options)
    found = batches(tree)
    try:
        prefetcher = listener(catalog) if prefetch else None
        for number, batch in enumerate(found):
            if prefetcher is not None:
                prefetcher(batch)
            if number == 0:
                handed(server)
        before_lint(server)
        if prefetcher is not None:
            prefetcher.close()
        rules = discover(untrusted=()).rules
        result = lint([i for batch in found for i in batch], rules, catalog)
        source = catalog.source().kind
    finally:
        catalog.close()
    return Run(result, catalog_warnings(catalog), source, sent(server))


def first_request_arrives(server: FakeMarketplace) -> None:
    """Before the other roots are handed over, the first root's queries are on the wire."""
    deadline = time.monotonic() + 5
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.005)
    assert server.requests, "nothing was sent while the other roots were still to come"


def test_queries_leave_before_the_last_root_and_are_each_sent_once(
    tree: Path, server: FakeMarketplace
) -> None:
    plain = run(tree, server, "api", prefetch=False)
    # Every query lint sends without prefetching, but the label list (lint asks for it
    # beside the rules' follow-ups), is sent ahead, before lint starts.
    queries = {r for r in plain.requests if not r[0].endswith("/images")}
    assert len(queries) < len(plain.requests)

    def all_sent_ahead(server: FakeMarketplace) -> None:
        deadline = time.monotonic() + 5
        while set(sent(server)) != queries and time.monotonic() < deadline:
            time.sleep(0.01)
        assert set(sent(server)) == queries

    ahead = run(
        tree,
        server,
        "api",
        prefetch=True,
        handed=first_request_arrives,
        before_lint=all_sent_ahead,
    )
    assert ahead.result == plain.result
    assert plain.result.checked >= 4 and plain.result.findings  # the roots exercise the rules
    # What was sent ahead is what lint asks, follow-ups included: no guess sent in vain.
    assert len(ahead.requests) == len(set(ahead.requests))
    assert sorted(ahead.requests) == sorted(plain.requests)


@pytest.mark.parametrize(
    ("mode", "fault"),
    [
        # One label's listing always fails: that instance is unchecked, the others are not.
        ("api", {"status": 503, "when": {"image_label": "ubuntu_noble"}}),
        ("auto", {"status": 503, "when": {"image_label": "ubuntu_noble"}}),
        # The API refuses everything: auto falls back to the snapshot, api checks nothing.
        ("auto", {"status": 503}),
        ("api", {"status": 503}),
        ("auto", {"drop": True}),
        # A page that is no JSON.
        ("api", {"status": 200, "body": "{", "when": {"image_label": "ubuntu_jammy"}}),
    ],
)
def test_a_fault_gives_the_result_it_gives_without_prefetching(
    tree: Path, server: FakeMarketplace, mode: str, fault: dict[str, object]
) -> None:
    plain, ahead = (run(tree, server, mode, prefetch=p, fault=fault) for p in (False, True))
    assert ahead.result == plain.result
    assert (ahead.warnings, ahead.source) == (plain.warnings, plain.source)
    assert plain.result.catalog_unavailable or plain.source == "snapshot"
    assert len(ahead.requests) == len(set(ahead.requests))
    # No instance whose query failed counts as checked.
    assert ahead.result.checked < len([i for batch in batches(tree) for i in batch])


def test_offline_nothing_listens(tree: Path) -> None:
    catalog = build_catalog(Options(paths=(".",), catalog="offline", cwd=tree))
    assert listener(catalog) is None


def test_a_warm_cache_sends_nothing_ahead(tree: Path, server: FakeMarketplace) -> None:
    options = Options(paths=(".",), catalog="auto", api_url=server.url, cwd=tree, use_cache=True)
    for _ in range(2):
        server.reset()
        catalog = build_catalog(options)
        prefetcher = listener(catalog)
        assert prefetcher is not None
        found = batches(tree)
        for batch in found:
            prefetcher(batch)
        prefetcher.close()
        lint([i for b in found for i in b], discover(untrusted=()).rules, catalog)
        catalog.close()
    assert server.requests == []  # the second run's: every answer was fresh in the cache


JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=LOCAL)


@pytest.mark.parametrize(
    ("memoise", "prefetched", "requests"),
    [
        # A run's client: the engine keeps the run's answers, the client only until asked.
        (False, False, 2),
        (False, True, 2),  # sent ahead, then asked twice: the second ask is a new request
        # A client on its own keeps every answer for its life.
        (True, False, 1),
        (True, True, 1),
    ],
)
def test_one_memo_per_run(
    server: FakeMarketplace, memoise: bool, prefetched: bool, requests: int
) -> None:
    server.latency = 0.0
    with HttpCatalog(base_url=server.url, memoise=memoise) as catalog:
        if prefetched:
            future = catalog.prefetch([JAMMY])[JAMMY]
            future.result()  # answered before anyone asks: it waits in the pool
            assert len(server.requests) == 1
        first = catalog.answer([JAMMY])
        assert len(server.requests) == 1  # the first ask finds the prefetched answer
        assert catalog.answer([JAMMY]) == first
    assert len(server.requests) == requests
