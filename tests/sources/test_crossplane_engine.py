"""Crossplane manifests checked end to end: discovery, the Terraform provider 2.79 model,
the rules, and hints in Crossplane's own words, against a test catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.app import Options, Outcome, check
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.testing import projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n---\n"


def server(image: str, type_: str, zone: str | None, volume: str = "") -> str:
    lines = [
        "apiVersion: instance.scaleway.upbound.io/v1alpha1",
        "kind: Server",
        "metadata:",
        "  name: web",
        "spec:",
        "  forProvider:",
        f"    image: {image}",
        f"    type: {type_}",
    ]
    if zone is not None:
        lines.append(f"    zone: {zone}")
    if volume:
        lines += ["    rootVolume:", f"      - volumeType: {volume}"]
    return DEPLOYMENT + "\n".join(lines) + "\n"


def run(tmp_path: Path, text: str, default_zone: str | None = None) -> Outcome:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "servers.yaml").write_text(text, encoding="utf-8")
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    options = Options(
        paths=("infra",), catalog="offline", env={}, cwd=tmp_path, default_zone=default_zone
    )
    return check(options, catalog=SnapshotCatalog(catalog))


# Lines: the Deployment takes 5, so `kind: Server` is line 7, image 12, type 13, zone 14,
# the root volume type 16.
CASES = [  # id, text, --default-zone, findings
    ("clean", server("ubuntu_jammy", "DEV1-S", "fr-par-1", "l_ssd"), None, []),
    (
        "dashes-rewritten-as-the-provider-does",
        server("ubuntu-jammy", "DEV1-S", "fr-par-1"),
        None,
        [],
    ),
    ("zone-prefix-split-off", server("fr-par-1/ubuntu_jammy", "DEV1-S", "fr-par-1"), None, []),
    (
        "image-unknown",
        server("ubuntu_jamy", "DEV1-S", "fr-par-1"),
        None,
        [("image-unknown", 12, 12)],
    ),
    (
        "no-root-volume-type-asks-for-sbs",
        server("ubuntu_jammy", "GP1-XS", "fr-par-1"),
        None,
        [("image-volume-type-mismatch", 12, 12)],
    ),
    (
        "arm-type-only-on-an-sbs-image",
        server("ubuntu_jammy", "COPARM1-2C-8G", "fr-par-1", "l_ssd"),
        None,
        [("image-volume-type-mismatch", 16, 21)],
    ),
    (
        "image-not-in-zone",
        server("ubuntu_jammy", "DEV1-S", "nl-ams-1"),
        None,
        [("image-zone-unavailable", 12, 12)],
    ),
    (
        "zone-unknown",
        server("ubuntu_jammy", "DEV1-S", "fr-par-9"),
        None,
        [("zone-unknown", 14, 11)],
    ),
    (
        "zone-from-provider-config",
        server("ubuntu_jammy", "DEV1-S", None),
        None,
        [("value-unresolved", 7, 1)],
    ),
    ("zone-from-default-zone", server("ubuntu_jammy", "DEV1-S", None), "fr-par-2", []),
    (
        "default-zone-checked-like-a-written-one",
        server("ubuntu_jammy", "DEV1-S", None),
        "nl-ams-1",
        [("image-zone-unavailable", 12, 12)],
    ),
]


@pytest.mark.parametrize(
    ("text", "default_zone", "findings"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rules(
    tmp_path: Path, text: str, default_zone: str | None, findings: list[tuple[str, int, int]]
) -> None:
    assert projected(run(tmp_path, text, default_zone)) == findings


def test_hint_is_written_as_crossplane_yaml(tmp_path: Path) -> None:
    outcome = run(tmp_path, server("ubuntu_jammy", "GP1-XS", "fr-par-1"))
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.resource == "Server/web"
    assert "rootVolume: [{volumeType: l_ssd}]" in (finding.hint or "")


def test_default_zone_named_in_the_finding(tmp_path: Path) -> None:
    outcome = run(tmp_path, server("ubuntu_jammy", "DEV1-S", None), "nl-ams-1")
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert "nl-ams-1" in finding.message


def test_composition_patch_leaves_the_base_unchecked(tmp_path: Path) -> None:
    text = (
        "apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nmetadata:\n"
        "  name: vm\nspec:\n  resources:\n    - name: server\n      base:\n"
        "        apiVersion: instance.scaleway.upbound.io/v1alpha1\n        kind: Server\n"
        "        spec:\n          forProvider:\n            image: ubuntu_jammy\n"
        "            zone: fr-par-1\n      patches:\n"
        "        - fromFieldPath: spec.size\n          toFieldPath: spec.forProvider.type\n"
    )
    outcome = run(tmp_path, text)
    assert projected(outcome) == [("value-unresolved", 17, 24)]
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.resource == "Composition/vm: resource server"
    assert "set by a patch from the composite resource" in finding.message


def test_unrelated_yaml_is_skipped_not_an_error(tmp_path: Path) -> None:
    outcome = run(tmp_path, DEPLOYMENT + "apiVersion: v1\nkind: ConfigMap\n")
    assert projected(outcome) == []
    assert outcome.report is not None and outcome.exit_code == 0
