"""Resolution under models other than the Terraform provider's: a tool's own zone codes,
UUID-only tools, labels sent verbatim, and the SDK's untyped lookup end to end (plan, the
offline snapshot, the HTTP client, the decision)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import ANY_TYPE, LOCAL, SBS, IdQuery, LabelQuery, Query
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.decide import decide
from imagelint.engine import RunCatalog
from imagelint.model import Instance
from imagelint.resolve import plan
from imagelint.rule_api import Outcome, Resolution
from imagelint.testing import write_catalog
from tests.fakes.marketplace import FakeMarketplace
from tests.rules.cases import IMAGES, JAMMY_LOCAL_X86, JAMMY_SBS_ARM, JAMMY_SBS_X86, NOT_FOUND
from tests.rules.models import CAPI, UNTYPED, add_untyped_answers, run, task


@dataclass(frozen=True)
class Planned:
    query: Query | None
    other: Query | None
    zone: str | None  # the target's zone
    zone_unknown: bool
    refused: bool


def jammy(zone: str, image_type: str, label: str = "ubuntu_jammy") -> LabelQuery:
    return LabelQuery(label=label, zone=zone, image_type=image_type)


PLANS = [  # id, instance, what plan() makes of it
    (
        "uuid-by-code",
        task(image=JAMMY_LOCAL_X86),
        Planned(IdQuery(image_id=JAMMY_LOCAL_X86), None, "fr-par-1", False, False),
    ),
    (
        "label-refused-asks-untyped",
        task(),
        Planned(jammy("fr-par-1", ANY_TYPE), None, "fr-par-1", False, True),
    ),
    (
        "code-table",
        task(zone="ams1"),
        Planned(jammy("nl-ams-1", ANY_TYPE), None, "nl-ams-1", False, True),
    ),
    ("modern-name-unknown", task(zone="fr-par-1"), Planned(None, None, None, True, True)),
    (
        "untyped-label",
        task(zone="fr-par-1", model=UNTYPED),
        Planned(jammy("fr-par-1", ANY_TYPE), None, "fr-par-1", False, False),
    ),
    # Without a code table, the legacy names are Scaleway's.
    (
        "untyped-legacy-zone",
        task(zone="par1", model=UNTYPED),
        Planned(jammy("fr-par-1", ANY_TYPE), None, "fr-par-1", False, False),
    ),
    (
        "capi-verbatim",
        task(image="ubuntu-jammy", zone="fr-par-1", model=CAPI),
        Planned(
            jammy("fr-par-1", SBS, "ubuntu-jammy"),
            jammy("fr-par-1", LOCAL, "ubuntu-jammy"),
            "fr-par-1",
            False,
            False,
        ),
    ),
    (
        "capi-no-prefix-split",
        task(image="fr-par-2/ubuntu_jammy", zone="fr-par-1", model=CAPI),
        Planned(
            jammy("fr-par-1", SBS, "fr-par-2/ubuntu_jammy"),
            jammy("fr-par-1", LOCAL, "fr-par-2/ubuntu_jammy"),
            "fr-par-1",
            False,
            False,
        ),
    ),
    (
        "capi-local-volume",
        task(zone="fr-par-1", model=CAPI, volume="local"),
        Planned(jammy("fr-par-1", LOCAL), jammy("fr-par-1", SBS), "fr-par-1", False, False),
    ),
]


@pytest.mark.parametrize(
    ("instance", "expected"), [c[1:] for c in PLANS], ids=[c[0] for c in PLANS]
)
def test_plan(instance: Instance, expected: Planned) -> None:
    planned = plan(instance)
    target = planned.target
    assert (
        Planned(
            query=target.query if target else None,
            other=target.other_query if target else None,
            zone=target.zone if target else None,
            zone_unknown=planned.zone_unknown,
            refused=planned.refused_label is not None,
        )
        == expected
    )


def decided(instance: Instance, catalog: Any) -> Resolution | None:
    return decide(plan(instance), RunCatalog(catalog, {}), {})[0]


@pytest.fixture
def untyped_catalog(tmp_path: Path) -> Path:
    return add_untyped_answers(
        write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    )


# The first compatible image in API order, instance_local ones first (MARKETPLACE.md Q6).
CHOSEN = [
    ("DEV1-S", JAMMY_LOCAL_X86),
    ("POP2-2C-8G", JAMMY_SBS_X86),
    ("COPARM1-2C-8G", JAMMY_SBS_ARM),
]


@pytest.mark.parametrize(("commercial_type", "image_id"), CHOSEN)
def test_untyped_lookup_takes_the_first_compatible(
    untyped_catalog: Path, commercial_type: str, image_id: str
) -> None:
    instance = task(zone="fr-par-1", model=UNTYPED, type_=commercial_type)
    resolution = decided(instance, SnapshotCatalog(untyped_catalog))
    assert resolution is not None and resolution.outcome == Outcome.OK
    assert resolution.chosen is not None and resolution.chosen.id == image_id
    assert run([instance], untyped_catalog).findings == ()


UNTYPED_FINDINGS = [  # commercial type, zone, rule, in the message
    (
        "DEV1-S",
        "nl-ams-1",
        "image-zone-unavailable",
        "ubuntu_jammy has no local image in nl-ams-1; it has one in fr-par-1, fr-par-2",
    ),
    (
        "POP2-2C-8G-WIN",
        "fr-par-1",
        "commercial-type-incompatible",
        "POP2-2C-8G-WIN cannot boot the ubuntu_jammy image in fr-par-1",
    ),
]


@pytest.mark.parametrize(("commercial_type", "zone", "rule", "message"), UNTYPED_FINDINGS)
def test_untyped_lookup_findings(
    untyped_catalog: Path, commercial_type: str, zone: str, rule: str, message: str
) -> None:
    instance = task(zone=zone, model=UNTYPED, type_=commercial_type)
    (finding,) = run([instance], untyped_catalog).findings
    assert finding.rule == rule
    assert message in finding.message
    assert "takes the first fitting local image of any type" in finding.message


def test_bundled_snapshot_answers_an_untyped_lookup() -> None:
    """Recorded `type=unknown_type` answers are held as such."""
    resolution = decided(task(zone="fr-par-1", model=UNTYPED), SnapshotCatalog())
    assert resolution is not None and resolution.outcome == Outcome.OK
    chosen = resolution.chosen
    assert chosen is not None and (chosen.type, chosen.arch) == (LOCAL, "x86_64")
    (finding,) = run([task()], _bundled()).findings
    assert finding.rule == "image-label-unsupported"
    assert finding.hint is not None and f"write image: {chosen.id}:" in finding.hint


def _bundled() -> Path:
    from importlib import resources

    return Path(str(resources.files("imagelint").joinpath("data/snapshot.json")))


def test_http_client_sends_the_untyped_lookup(
    make_marketplace: Callable[..., FakeMarketplace],
) -> None:
    items = [
        {**image, "compatible_commercial_types": list(image["compatible_commercial_types"])}
        for image in IMAGES
    ]
    # Served in SBS-first insertion order: only the type_asc ordering puts the local first.
    server = make_marketplace(sorted(items, key=lambda i: str(i["type"]), reverse=True))
    catalog = HttpCatalog(base_url=server.url, retries=0)
    try:
        resolution = decided(task(zone="fr-par-1", model=UNTYPED), catalog)
    finally:
        catalog.close()
    assert resolution is not None and resolution.chosen is not None
    assert resolution.chosen.id == JAMMY_LOCAL_X86
    (sent,) = [r.query for r in server.requests if r.path == "/marketplace/v2/local-images"]
    assert (sent["type"], sent["order_by"], sent["zone"]) == (ANY_TYPE, "type_asc", "fr-par-1")
