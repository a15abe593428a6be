"""Packer templates through the real check (discovery, the Packer source, resolution, rules)
against a catalog of our own: which rules fire, where, and hints written as Packer settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagelint.testing import lint_tree, projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND
from tests.sources.packer_support import REQUIRE


def hcl(fields: str, version: str = ">= 1.3.0") -> str:
    body = "\n".join(f"  {line}" for line in fields.splitlines())
    return REQUIRE.format(version=version) + f'source "scaleway" "base" {{\n{body}\n}}\n'


# (name, source fields, plugin constraint, [(rule, line, column)])
RULES = [
    ("clean", 'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"', []),
    (
        "a label is sent verbatim: no - to _ rewrite",
        'image = "ubuntu-jammy"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        [("image-unknown", 10, 11)],
    ),
    (
        "commercial-type-incompatible",
        'image = "windows_server_2022"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        [("commercial-type-incompatible", 11, 21)],
    ),
    (
        "a local volume for a type without local images",
        'image = "ubuntu_jammy"\ncommercial_type = "POP2-2C-8G"\nzone = "fr-par-1"\n'
        'root_volume {\n  type = "l_ssd"\n}',
        [("image-volume-type-mismatch", 14, 12)],
    ),
    (
        "no root volume asks for an SBS image",
        'image = "ubuntu_jammy"\ncommercial_type = "GP1-XS"\nzone = "fr-par-1"',
        [("image-volume-type-mismatch", 10, 11)],
    ),
    (
        "image_size_in_gb is refused by current plugins",
        'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"\n'
        "image_size_in_gb = 20",
        [("setting-rejected", 13, 3)],
    ),
    (
        "no zone",
        'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"',
        [("value-unresolved", 9, 1)],
    ),
]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return with_untyped_answers(
        write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    )


def with_untyped_answers(path: Path) -> Path:
    """Add the `unknown_type` answers write_catalog leaves out: every image of the label and
    zone, in the API's `order_by=type_asc` order (local images first)."""
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    typed: dict[tuple[str, str], list[dict[str, object]]] = {}
    for query in sorted(snapshot["queries"], key=lambda q: str(q["type"])):
        typed.setdefault((query["label"], query["zone"]), []).extend(query["local_images"])
    snapshot["queries"] += [
        {**query, "type": "unknown_type", "local_images": typed[(query["label"], query["zone"])]}
        for query in snapshot["queries"]
        if query["type"] == "instance_local"
    ]
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    return path


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in RULES], ids=[c[0] for c in RULES])
def test_rules_fire_on_packer_sources(
    tmp_path: Path, catalog: Path, fields: str, expected: list[tuple[str, int, int]]
) -> None:
    outcome = lint_tree(tmp_path / "repo", {"build.pkr.hcl": hcl(fields)}, catalog)
    assert projected(outcome) == expected


def test_hints_are_packer_settings(tmp_path: Path, catalog: Path) -> None:
    fields = 'image = "ubuntu_jammy"\ncommercial_type = "POP2-2C-8G"\nzone = "fr-par-1"\n'
    fields += 'root_volume {\n  type = "l_ssd"\n}'
    outcome = lint_tree(tmp_path / "repo", {"build.pkr.hcl": hcl(fields)}, catalog)
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.resource == "source.scaleway.base"
    assert finding.hint is not None
    assert finding.hint.startswith('write root_volume { type = "sbs_volume" }')


def test_a_defaulted_image_type_names_the_plugin_model(tmp_path: Path, catalog: Path) -> None:
    fields = 'image = "ubuntu_jammy"\ncommercial_type = "GP1-XS"\nzone = "fr-par-1"'
    outcome = lint_tree(tmp_path / "repo", {"build.pkr.hcl": hcl(fields)}, catalog)
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert (
        "with no root volume type, the Scaleway Packer plugin 1.5.0 (from required_plugins "
        "`>= 1.3.0`; image types inferred from its recorded tests) asks for an "
        "instance_sbs image" in finding.message
    )
    assert finding.hint is not None
    assert finding.hint.startswith('write root_volume { type = "l_ssd" }')


def test_an_old_plugin_takes_the_first_fitting_image_of_any_type(
    tmp_path: Path, catalog: Path
) -> None:
    fields = 'image = "ubuntu_jammy"\ncommercial_type = "GP1-XS"\nzone = "fr-par-1"'
    current = lint_tree(tmp_path / "new", {"build.pkr.hcl": hcl(fields)}, catalog)
    old = lint_tree(tmp_path / "old", {"build.pkr.hcl": hcl(fields, "~> 1.2.0")}, catalog)
    assert [rule for rule, _, _ in projected(current)] == ["image-volume-type-mismatch"]
    assert projected(old) == []


def test_a_finding_points_at_the_variable_file(tmp_path: Path, catalog: Path) -> None:
    files = {
        "variables.pkr.hcl": 'variable "image" {\n  type = string\n}\n',
        "build.pkr.hcl": hcl('image = var.image\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"'),
        "prod.auto.pkrvars.hcl": 'image = "ubuntu_jamy"\n',
    }
    outcome = lint_tree(tmp_path / "repo", files, catalog)
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert (finding.rule, finding.path, finding.line, finding.column) == (
        "image-unknown",
        "prod.auto.pkrvars.hcl",
        1,
        9,
    )
    assert [(r.path, r.line, r.message) for r in finding.related] == [
        ("build.pkr.hcl", 10, "var.image")
    ]


def test_legacy_json_templates(tmp_path: Path, catalog: Path) -> None:
    template = {
        "variables": {"image": "ubuntu_jammy"},
        "builders": [
            {
                "type": "scaleway",
                "name": "pop",
                "image": "{{user `image`}}",
                "commercial_type": "POP2-2C-8G",
                "region": "par1",
                "root_volume": {"type": "l_ssd"},
            }
        ],
    }
    text = json.dumps(template, indent=2) + "\n"
    outcome = lint_tree(tmp_path / "repo", {"packer.json": text}, catalog)
    assert projected(outcome) == [("image-volume-type-mismatch", 13, 17)]
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.resource == "pop"
    assert finding.hint is not None
    assert finding.hint.startswith('write "root_volume": {"type": "sbs_volume"}')


def test_an_old_plugin_refuses_root_volume(tmp_path: Path, catalog: Path) -> None:
    fields = 'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"\n'
    fields += 'root_volume {\n  type = "l_ssd"\n}'
    outcome = lint_tree(tmp_path / "repo", {"build.pkr.hcl": hcl(fields, "~> 1.2.0")}, catalog)
    assert projected(outcome) == [("setting-rejected", 13, 3)]
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.hint == (
        'require version ">= 1.3.0" of github.com/scaleway/scaleway in required_plugins'
    )
