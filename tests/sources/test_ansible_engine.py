"""Ansible projects through the real engine and rules, against catalogs of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.testing import lint_tree, projected, write_catalog
from tests.sources.ansible_support import playbook, server, write

LOCAL_PAR1 = "11111111-1111-4111-8111-111111111111"
LOCAL_PAR2 = "33333333-3333-4333-8333-333333333333"
WINDOWS_PAR1 = "44444444-4444-4444-8444-444444444444"
IMAGES = [
    {
        "id": LOCAL_PAR1,
        "label": "ubuntu_jammy",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_local",
        "compatible_commercial_types": ["DEV1-S", "DEV1-M"],
    },
    {
        "id": LOCAL_PAR2,
        "label": "ubuntu_jammy",
        "zone": "fr-par-2",
        "arch": "x86_64",
        "type": "instance_local",
        "compatible_commercial_types": ["DEV1-S"],
    },
    {
        "id": WINDOWS_PAR1,
        "label": "windows_server_2022",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["POP2-2C-8G-WIN"],
    },
]
# In every playbook() the task's parameters are on lines 6 (image), 7 and 8, at column 16
# for image, 26 for commercial_type and 17 for region; the module key is at 5:7.
CASES = [
    ("uuid-that-boots", dict(image=LOCAL_PAR1, commercial_type="DEV1-S", region="par1"), []),
    (
        "legacy-region-name",
        dict(image=LOCAL_PAR1, commercial_type="DEV1-M", region="EMEA-FR-PAR1"),
        [],
    ),
    ("second-zone", dict(image=LOCAL_PAR2, commercial_type="DEV1-S", region="par2"), []),
    (
        "uuid-for-another-type",
        dict(image=WINDOWS_PAR1, commercial_type="DEV1-S", region="par1"),
        [("commercial-type-incompatible", 7, 26)],
    ),
    (
        "uuid-of-another-zone",
        dict(image=LOCAL_PAR2, commercial_type="DEV1-S", region="par1"),
        [("image-zone-mismatch", 6, 16)],
    ),
    (
        "region-table-maps-ams3",
        dict(image=LOCAL_PAR1, commercial_type="DEV1-S", region="ams3"),
        [("image-zone-mismatch", 6, 16)],
    ),
    (
        "modern-zone-name",
        dict(image=LOCAL_PAR1, commercial_type="DEV1-S", region="fr-par-1"),
        [("zone-unknown", 8, 17)],
    ),
    (
        "missing-region",
        dict(image=LOCAL_PAR1, commercial_type="DEV1-S"),
        [("value-unresolved", 5, 7)],
    ),
    (
        "lookup",
        dict(image="\"{{ lookup('env', 'IMAGE') }}\"", commercial_type="DEV1-S", region="par1"),
        [("value-unresolved", 6, 16)],
    ),
]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "catalog.json", IMAGES)


@pytest.mark.parametrize(("params", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules_on_a_task(
    tmp_path: Path, catalog: Path, params: dict[str, str], expected: list[tuple[str, int, int]]
) -> None:
    outcome = lint_tree(tmp_path / "p", {"site.yml": playbook(server(**params))}, catalog)
    assert projected(outcome) == expected


def test_a_modern_zone_hint_names_the_module_code(tmp_path: Path, catalog: Path) -> None:
    params = dict(image=LOCAL_PAR1, commercial_type="DEV1-S", region="fr-par-1")
    outcome = lint_tree(tmp_path / "p", {"site.yml": playbook(server(**params))}, catalog)
    assert outcome.report is not None
    [finding] = outcome.report.findings
    assert "region: par1" in str(finding.hint)


def test_a_label_is_refused(tmp_path: Path, catalog: Path) -> None:
    params = dict(image="ubuntu_jammy", commercial_type="DEV1-S", region="par1")
    outcome = lint_tree(tmp_path / "p", {"site.yml": playbook(server(**params))}, catalog)
    assert projected(outcome) == [("image-label-unsupported", 6, 16)]


PROJECT = {
    "site.yml": playbook(
        server(image="'{{ images.par1 }}'", commercial_type="'{{ size }}'", region="par1"),
        play="roles: [other]\n",
    ),
    "group_vars/all.yml": f"images:\n  par1: {WINDOWS_PAR1}\nsize: DEV1-S\n",
    "roles/other/tasks/main.yml": "- ansible.builtin.ping:\n",
}


def test_findings_point_at_the_group_vars_entry(tmp_path: Path, catalog: Path) -> None:
    outcome = lint_tree(tmp_path / "p", PROJECT, catalog)
    assert outcome.report is not None
    [finding] = outcome.report.findings
    assert (finding.rule, finding.path, finding.line, finding.column) == (
        "commercial-type-incompatible",
        "group_vars/all.yml",
        3,
        7,
    )


def test_a_pre_commit_call_on_the_variable_file_reads_its_playbook(
    tmp_path: Path, catalog: Path
) -> None:
    write(tmp_path, PROJECT)
    options = Options(paths=("group_vars/all.yml",), catalog="offline", env={}, cwd=tmp_path)
    outcome = check(options, catalog=SnapshotCatalog(catalog))
    assert projected(outcome) == [("commercial-type-incompatible", 3, 7)]


def test_a_region_the_pinned_release_does_not_know_is_unknown(
    tmp_path: Path, catalog: Path
) -> None:
    # par3 came with community.general 11.2.0: 9.x refuses it.
    files = {
        "requirements.yml": "collections:\n  - name: community.general\n    version: ==9.5.0\n",
        "site.yml": playbook(server(image=LOCAL_PAR1, commercial_type="DEV1-S", region="par3")),
    }
    outcome = lint_tree(tmp_path / "p", files, catalog)
    assert projected(outcome) == [("zone-unknown", 8, 17)]
