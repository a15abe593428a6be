"""Shared fixtures: the loopback fake Marketplace."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace


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
