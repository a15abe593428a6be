"""The run deadline counts live API time (requests in flight), not the time since the client
was built: queries now leave while the tree is read, and reading is not the API's time."""

from __future__ import annotations

import time

import pytest

from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import LOCAL, Found, LabelQuery, Miss
from tests.fakes.marketplace import FakeMarketplace

JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=LOCAL)
FOCAL = LabelQuery(label="ubuntu_focal", zone="fr-par-1", image_type=LOCAL)


@pytest.mark.parametrize(
    ("latency", "idle", "second"),
    [
        # Idle time between two quick requests is no API time: the second is still sent.
        (0.1, 0.6, Found),
        # Requests that use up the budget: the next one is not sent at all.
        (0.35, 0.0, Miss),
    ],
)
def test_the_run_deadline_counts_time_on_the_api(
    marketplace: FakeMarketplace, latency: float, idle: float, second: type
) -> None:
    marketplace.latency = latency
    with HttpCatalog(base_url=marketplace.url, run_deadline=0.5, retries=0) as catalog:
        assert isinstance(catalog.answer([JAMMY])[JAMMY], Found)
        time.sleep(idle)
        if second is Miss:
            catalog.answer([LabelQuery(label="ubuntu_noble", zone="fr-par-1", image_type=LOCAL)])
        answer = catalog.answer([FOCAL])[FOCAL]
    assert isinstance(answer, second)
    if isinstance(answer, Miss):
        assert "the 0.5s this run may spend on the live API are spent" in answer.reason
