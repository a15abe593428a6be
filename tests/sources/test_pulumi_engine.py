"""Pulumi YAML projects checked end to end: discovery, one variant per stack, the bridged
Terraform provider's model, findings in the file that wrote the value, hints in YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.app import Outcome
from imagelint.testing import lint_tree, projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND
from tests.sources.test_pulumi import program


def run(tmp_path: Path, files: dict[str, str]) -> Outcome:
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    return lint_tree(tmp_path / "stack", files, catalog)


def where(outcome: Outcome) -> list[tuple[str, str, int, str]]:
    """(rule, file name, line, resource) of every finding, sorted."""
    assert outcome.report is not None, outcome.messages
    return sorted(
        (f.rule, Path(f.path).name, f.line, f.resource or "") for f in outcome.report.findings
    )


PROPERTIES = "image: ${image}\ntype: ${size}\n"
CONFIG = "config:\n  image:\n    default: ubuntu_jammy\n  size:\n    default: DEV1-S\n"

CASES = [  # id, files, findings
    ("clean", {"Pulumi.yaml": program(PROPERTIES, extra=CONFIG)}, []),
    (
        "dashes-rewritten",
        {"Pulumi.yaml": program("image: ubuntu-jammy\ntype: DEV1-S\n")},
        [],
    ),
    (
        "finding-in-the-stack-that-wrote-the-value",
        {
            "Pulumi.yaml": program(PROPERTIES, extra=CONFIG),
            "Pulumi.prod.yaml": "config:\n  edge:image: ubuntu_jamy\n",
            "Pulumi.dev.yaml": "config:\n  scaleway:zone: fr-par-2\n",
        },
        [("image-unknown", "Pulumi.prod.yaml", 2, "proxy [stack prod]")],
    ),
    (
        "stack-zone-without-the-image",
        {
            "Pulumi.yaml": program(PROPERTIES, extra=CONFIG),
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: nl-ams-1\n",
        },
        [("image-zone-unavailable", "Pulumi.yaml", 5, "proxy [stack prod]")],
    ),
    (
        "no-root-volume-type-asks-for-sbs",
        {"Pulumi.yaml": program("image: ubuntu_jammy\ntype: GP1-XS\n")},
        [("image-volume-type-mismatch", "Pulumi.yaml", 7, "proxy")],
    ),
    (
        "deprecated-token",
        {
            "Pulumi.yaml": program(
                "image: ubuntu_jammy\ntype: DEV1-S\n",
                token="scaleway:index/instanceServer:InstanceServer",
            )
        },
        [("resource-deprecated", "Pulumi.yaml", 4, "proxy")],
    ),
    (
        "resource-output-unresolved",
        {"Pulumi.yaml": program("image: ${golden.id}\ntype: DEV1-S\n")},
        [("value-unresolved", "Pulumi.yaml", 7, "proxy")],
    ),
]


@pytest.mark.parametrize(("files", "findings"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(
    tmp_path: Path, files: dict[str, str], findings: list[tuple[str, str, int, str]]
) -> None:
    files = {**files}
    files["Pulumi.yaml"] += "  golden:\n    type: scaleway:instance/image:Image\n"
    assert where(run(tmp_path, files)) == findings


def test_hint_is_written_as_pulumi_yaml(tmp_path: Path) -> None:
    outcome = run(tmp_path, {"Pulumi.yaml": program("image: ubuntu_jammy\ntype: GP1-XS\n")})
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert "rootVolume: {volumeType: l_ssd}" in (finding.hint or "")


def test_value_chain_leads_to_the_variable(tmp_path: Path) -> None:
    text = program("image: ${os}\ntype: DEV1-S\n", extra="variables:\n  os: ubuntu_jamy\n")
    outcome = run(tmp_path, {"Pulumi.yaml": text})
    assert projected(outcome) == [("image-unknown", 4, 7)]
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert [(r.line, r.message) for r in finding.related] == [
        (9, "properties.image: ${os}"),
        (4, "variable os"),
    ]


def test_other_runtimes_are_skipped(tmp_path: Path) -> None:
    outcome = run(tmp_path, {"Pulumi.yaml": "name: a\nruntime: go\n", "Pulumi.dev.yaml": "{}\n"})
    assert outcome.report is not None and outcome.report.findings == ()
    assert outcome.exit_code == 0
