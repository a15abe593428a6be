"""Findings point where the offending value was written, with the way it came as related
locations; the resource stays the instance's address."""

from __future__ import annotations

from dataclasses import replace

import pytest

from imagelint.model import Hop, Instance, Value
from tests.rules.conftest import LintInstances
from tests.rules.instances import SERVER, server, span

MODULE = "module.app.scaleway_instance_server.web"
CHAIN = (
    Hop(span=span(12, 11, 9, "modules/app/main.tf"), message="var.image"),
    Hop(span=span(7, 11, 13, "main.tf"), message="module input image of module.app"),
    Hop(span=span(3, 1, 5, "variables.tf"), message="var.image"),
)


def through_tfvars(record: Instance, name: str, text: str) -> Instance:
    """`name` written in terraform.tfvars line 2, reaching the resource through CHAIN."""
    value = Value.of(text, span(2, 9, len(text) + 2, "terraform.tfvars"), chain=CHAIN)
    return replace(record, address=MODULE, values={**record.values, name: value})


JAMMY, WINDOWS = "ubuntu_jammy", "windows_server_2022"
CASES = [  # id, attribute, written value, the server's image and type, expected rule
    ("image", "image", "ubuntu_jamy", (JAMMY, "DEV1-S"), "image-unknown"),
    ("type", "type", "pro2-xs", (JAMMY, "DEV1-S"), "commercial-type-unknown"),
    ("zone", "zone", "fr-par-4", (JAMMY, "DEV1-S"), "zone-unknown"),
    ("volume-type", "volume_type", "l_ssd", (JAMMY, "POP2-2C-8G"), "image-volume-type-mismatch"),
    ("arch", "type", "COPARM1-2C-8G", (WINDOWS, "DEV1-S"), "image-arch-mismatch"),
]


@pytest.mark.parametrize(
    ("attribute", "text", "written", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_finding_at_the_written_value_with_its_chain(
    engine: LintInstances, attribute: str, text: str, written: tuple[str, str], rule: str
) -> None:
    record = through_tfvars(server(image=written[0], type_=written[1]), attribute, text)
    (finding,) = engine([record]).findings
    assert finding.rule == rule
    assert (finding.path, finding.line, finding.column) == ("terraform.tfvars", 2, 9)
    assert (finding.end_line, finding.end_column) == (2, 9 + len(text) + 2)
    assert finding.resource == MODULE
    assert [(r.path, r.line, r.column, r.message) for r in finding.related] == [
        ("modules/app/main.tf", 12, 11, "var.image"),
        ("main.tf", 7, 11, "module input image of module.app"),
        ("variables.tf", 3, 1, "var.image"),
    ]


def test_literal_has_no_related(engine: LintInstances) -> None:
    (finding,) = engine([server(image="ubuntu_jamy")]).findings
    assert (finding.path, finding.line, finding.related) == ("main.tf", 2, ())
    assert finding.resource == SERVER
