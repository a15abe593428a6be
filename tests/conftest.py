"""Shared fixtures: the loopback fake Marketplace."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI keeps catalog answers and parsed files in the user's cache directory: every
    imagelint the tests start (they inherit this environment) uses a directory of the
    session's instead, so tests never read or write the developer's cache."""
    previous = os.environ.get("IMAGELINT_CACHE_DIR")
    os.environ["IMAGELINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("imagelint-cache"))
    yield
    if previous is None:
        del os.environ["IMAGELINT_CACHE_DIR"]
    else:
        os.environ["IMAGELINT_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _cache_per_test(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test its own catalog cache: loopback fakes reuse ports, and an answer one test's
    fake gave must not answer for the next test's fake on that port."""
    monkeypatch.setenv("IMAGELINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def marketplace() -> Iterator[FakeMarketplace]:
    """The fake serving the bundled snapshot's items: recorded data, not the live catalog."""
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as server:
        yield server


@pytest.fixture
def make_marketplace() -> Iterator[Callable[..., FakeMarketplace]]:
    """Build and start fakes seeded with raw API items; all are stopped after the test."""
    started: list[FakeMarketplace] = []

    def make(
        images: Iterable[dict[str, Any]], labels: Iterable[str] | None = None, **options: Any
    ) -> FakeMarketplace:
        server = FakeMarketplace(images, labels, **options).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-samples",
        action="store_true",
        help="rewrite samples/*/expected.json from the current output (review the diff!)",
    )
