"""Cluster API manifests checked end to end: discovery, the provider's resolution model
(label verbatim, rootVolume.type picks the image type), the zone model, clusterctl
variables, and findings at the `${...}` as written, against a test catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.app import Outcome
from imagelint.testing import lint_tree, projected, write_catalog
from tests.rules.cases import IMAGES, JAMMY_SBS_X86, NOT_FOUND
from tests.sources.test_cluster_api import (
    V2,
    cluster,
    control_plane,
    deployment,
    docs,
    scw_cluster,
    template,
)

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n"


def run(tmp_path: Path, files: dict[str, str], env: dict[str, str] | None = None) -> Outcome:
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    root = tmp_path / "repo"
    return lint_tree(root, files, catalog, env=env)


def machine(image: str, type_: str, volume: str | None = None) -> str:
    """A template's spec: its image's key on line 9 (column 9), commercialType's value at
    10:23, rootVolume.type's value at 12:15."""
    spec = f"image:\n  {image}\ncommercialType: {type_}\n"
    return spec + (f"rootVolume:\n  type: {volume}\n" if volume is not None else "")


def single(spec: str, region: str = "fr-par") -> dict[str, str]:
    """The template first (lines 1-12), then its cluster (13-), whose region is on 17:11."""
    return {"cluster.yaml": docs(template("w", spec), scw_cluster(region=region))}


CASES = [  # id, files, env, findings (rule, line, column)
    ("clean-local", single(machine("label: ubuntu_jammy", "DEV1-S", "local")), {}, []),
    ("clean-sbs-by-default", single(machine("label: ubuntu_jammy", "POP2-2C-8G")), {}, []),
    (
        "label-verbatim-no-dash-rewrite",
        single(machine("label: ubuntu-jammy", "DEV1-S")),
        {},
        [("image-unknown", 9, 16)],
    ),
    (
        "local-volume-for-an-sbs-only-type",
        single(machine("label: ubuntu_jammy", "POP2-2C-8G", "local")),
        {},
        [("image-volume-type-mismatch", 12, 15)],
    ),
    (
        "image-id-checked-as-is",
        single(machine(f"id: {JAMMY_SBS_X86}", "DEV1-S")),
        {},
        [],
    ),
    (
        "image-name-not-checked",
        single(machine("name: golden", "DEV1-S")),
        {},
        [("value-unresolved", 9, 15)],
    ),
    (
        "region-gives-an-unknown-zone",
        single(machine("label: ubuntu_jammy", "DEV1-S"), region="xx-abc"),
        {},
        [("zone-unknown", 17, 11)],
    ),
    (
        "clusterctl-default-at-the-expression",
        single(machine("label: ubuntu_jammy", "${WORKER_TYPE:=POP2-2C-8G}", "local")),
        {},
        [("image-volume-type-mismatch", 12, 15)],
    ),
    (
        "clusterctl-variable-from-the-environment",
        single(machine("label: ${LABEL:=ubuntu_jammy}", "DEV1-S")),
        {"LABEL": "ubuntu_jamy"},
        [("image-unknown", 9, 16)],
    ),
    (
        "clusterctl-variable-without-value",
        single(machine("label: ubuntu_jammy", "${WORKER_MACHINE_COMMERCIAL_TYPE}")),
        {},
        [("value-unresolved", 10, 23)],
    ),
    (
        "control-plane-checked-in-each-failure-domain",
        {
            "cp.yaml": template("cp", machine("label: ubuntu_jammy", "POP2-2C-8G")),
            "cluster.yaml": docs(
                scw_cluster(domains="[fr-par-1, fr-par-2]"), cluster(), control_plane()
            ),
        },
        {},
        # POP2-2C-8G boots ubuntu_jammy in fr-par-1 only: one finding, for fr-par-2.
        [("commercial-type-incompatible", 10, 23)],
    ),
    (
        "worker-failure-domain-in-another-file",
        {
            "templates.yaml": template("w", machine("label: ubuntu_jammy", "GP1-XS", "local")),
            "deploy.yaml": docs(scw_cluster(), deployment("md", "w", domain="${ZONE:=fr-par-2}")),
            "app.yaml": DEPLOYMENT,
        },
        {},
        [("image-zone-unavailable", 9, 16)],
    ),
]


@pytest.mark.parametrize(
    ("files", "env", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_findings(
    tmp_path: Path,
    files: dict[str, str],
    env: dict[str, str],
    expected: list[tuple[str, int, int]],
) -> None:
    assert projected(run(tmp_path, files, env)) == sorted(expected)


def test_control_plane_instances_are_named_by_zone(tmp_path: Path) -> None:
    files = {
        "all.yaml": docs(
            scw_cluster(domains="[fr-par-1, fr-par-2]"),
            control_plane(),
            template("cp", machine("label: ubuntu_jammy", "POP2-2C-8G")),
        )
    }
    outcome = run(tmp_path, files)
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert (finding.rule, finding.resource) == (
        "commercial-type-incompatible",
        "ScalewayMachineTemplate/cp@fr-par-2",
    )


def test_the_v1alpha1_default_type_is_checked(tmp_path: Path) -> None:
    spec = "image:\n  label: ubuntu_jammy\nrootVolume:\n  type: local\n"
    files = {
        "c.yaml": docs(template("w", spec, api=V2.replace("v1alpha2", "v1alpha1")), scw_cluster())
    }
    # PRO2-S (the v1alpha1 default) has no local ubuntu_jammy in the test catalog.
    rules = [rule for rule, _, _ in projected(run(tmp_path, files))]
    assert rules == ["commercial-type-incompatible"]
