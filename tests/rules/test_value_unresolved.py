from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import server
from tests.rules.conftest import Lint

VARIABLES = """\
variable "image" {
  type = string
}

variable "with_default" {
  default = "ubuntu_jammy"
}
"""

CASES = [  # id, source, expected (rule, line, column)
    ("literal", server('"ubuntu_jammy"'), []),
    ("var-with-default", server("var.with_default"), []),
    ("var-without-default", server("var.image"), [("value-unresolved", 2, 11)]),
    ("local", server("local.image"), [("value-unresolved", 2, 11)]),
    (
        "unknown-uuid",
        server('"99999999-9999-4999-8999-999999999999"'),
        [("value-unresolved", 2, 11)],
    ),
    ("catalog-miss", server('"debian_bullseye"'), [("value-unresolved", 2, 11)]),
    (
        "no-image",
        'resource "scaleway_instance_server" "web" {\n  type = "DEV1-S"\n}\n',
        [("value-unresolved", 1, 1)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_value_unresolved(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source, **{"variables.tf": VARIABLES}) == expected


def test_message_names_attribute_and_reason(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server("var.image"), **{"variables.tf": VARIABLES})
    assert finding.message.startswith("image is not resolved")
    assert "var.image" in finding.message and "not checked" in finding.message


def test_catalog_miss_on_an_unlisted_label_suggests_a_listed_one(
    lint_findings: Callable[..., list[Finding]],
) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammyy"'))
    assert finding.rule == "value-unresolved"
    assert finding.hint is not None and 'did you mean "ubuntu_jammy"?' in finding.hint


def test_catalog_miss_on_a_listed_label_has_no_hint(
    lint_findings: Callable[..., list[Finding]],
) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammy"', zone="pl-waw-9"))
    assert finding.rule == "value-unresolved" and finding.hint is None
