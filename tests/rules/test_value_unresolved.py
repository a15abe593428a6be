from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from imagelint.findings import Finding
from imagelint.model import Hop, Value
from imagelint.testing import lint_instances, lint_tree, write_catalog
from tests.rules import instances
from tests.rules.cases import IMAGES, server
from tests.rules.conftest import Lint, LintInstances

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
    # Where it points (the reference, or the variable with no value) is the reader's choice.
    (finding,) = lint_findings(server("var.image"), **{"variables.tf": VARIABLES})
    assert finding.rule == "value-unresolved"
    assert finding.message.startswith("image is not resolved")
    assert "var.image" in finding.message and "not checked" in finding.message


def test_catalog_miss_on_an_unlisted_label_suggests_a_listed_one(
    lint_findings: Callable[..., list[Finding]],
) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammyy"'))
    assert finding.rule == "value-unresolved"
    assert finding.hint is not None and 'did you mean "ubuntu_jammy"?' in finding.hint


def test_catalog_miss_on_a_listed_label_has_no_hint(tmp_path: Path) -> None:
    # A catalog that holds no nl-ams-1 answer: a listed label gets no spelling hint there.
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, zones=("fr-par-1",))
    outcome = lint_tree(
        tmp_path / "tf", {"main.tf": server('"ubuntu_jammy"', zone="nl-ams-1")}, catalog
    )
    assert outcome.report is not None
    (finding,) = outcome.report.findings
    assert finding.rule == "value-unresolved" and finding.hint is None
    assert outcome.report.summary.unresolved_by_kind == (("catalog", 1),)


def unknown(reason: str, line: int, kind: str, path: str = "main.tf") -> Value:
    via = Hop(span=instances.span(9, 3, 5, "variables.tf"), message="var.x")
    return Value.unknown(reason, instances.span(line, 11, 8, path), kind=kind, chain=(via,))


def test_all_reasons_of_an_instance_in_one_notice(engine: LintInstances) -> None:
    web = instances.server()
    web = replace(
        web,
        values={
            **web.values,
            "image": unknown("var.image has no value", 2, "no-value"),
            "zone": unknown("module.net is a remote module", 4, "remote-module"),
        },
    )
    result = engine([web])
    (finding,) = result.findings
    assert (finding.rule, finding.line, finding.column) == ("value-unresolved", 2, 11)
    assert finding.message == (
        "image is not resolved: var.image has no value; "
        "zone is not resolved: module.net is a remote module; this instance was not checked"
    )
    # The first reason's chain, then each other reason's place and its chain.
    assert [(r.path, r.line, r.message) for r in finding.related] == [
        ("variables.tf", 9, "var.x"),
        ("main.tf", 4, "zone is not resolved: module.net is a remote module"),
        ("variables.tf", 9, "var.x"),
    ]
    assert (result.checked, result.unresolved) == (0, 1)
    assert result.unresolved_by_kind == (("no-value", 1),)


def test_unresolved_counted_by_kind(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "c.json", IMAGES, zones=("fr-par-1",))
    web = instances.server()
    records = [
        replace(web, values={**web.values, "image": unknown("x", 2, "no-value")}),
        replace(web, values={**web.values, "image": unknown("y", 2, "no-value")}),
        replace(web, values={**web.values, "type": unknown("z", 3, "data-source")}),
        instances.server(zone="nl-ams-1"),  # the catalog holds no nl-ams-1 answer
        instances.server(),  # checked
    ]
    result = lint_instances(records, catalog)
    assert (result.checked, result.unresolved) == (1, 4)
    assert result.unresolved_by_kind == (("catalog", 1), ("data-source", 1), ("no-value", 2))
