from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from imagelint.findings import Finding
from imagelint.testing import lint_tree, projected, write_catalog
from tests.rules import instances
from tests.rules.cases import IMAGES, server
from tests.rules.conftest import Lint, LintInstances

CASES = [  # id, source, expected (rule, line, column)
    ("exact", server('"ubuntu_jammy"', "DEV1-S"), []),
    # Not sold with this label, but a type: another rule's finding.
    ("known-type", server('"ubuntu_jammy"', "PRO2-XS"), [("commercial-type-incompatible", 3, 11)]),
    ("lowercase", server('"ubuntu_jammy"', "dev1-s"), [("commercial-type-unknown", 3, 11)]),
    ("typo", server('"ubuntu_jammy"', "DEV1-SS"), [("commercial-type-unknown", 3, 11)]),
    ("none-such", server('"ubuntu_jammy"', "DEV9-XXL"), [("commercial-type-unknown", 3, 11)]),
    # Decided before the catalog is needed: a label the catalog holds no answer for.
    (
        "before-the-catalog",
        server('"debian_bullseye"', "dev1-s"),
        [("commercial-type-unknown", 3, 11)],
    ),
    # An alternative name is no key of the product list either.
    ("alt-name", server('"ubuntu_jammy"', "X64-2GB"), [("commercial-type-unknown", 3, 11)]),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_commercial_type_unknown(
    lint: Lint, source: str, expected: list[tuple[str, int, int]]
) -> None:
    assert lint(source) == expected


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("pro2-xs", 'write "PRO2-XS": commercial types are matched exactly, in capitals'),
        ("dev1-s", 'write "DEV1-S": commercial types are matched exactly, in capitals'),
        ("DEV1-SS", 'did you mean "DEV1-S" or "DEV1-M" or "DEV1-L"?'),
        ("QQQ", "`scw instance server-type list` lists the commercial types of a zone"),
    ],
)
def test_hint_gives_the_spelling(
    lint_findings: Callable[..., list[Finding]], written: str, hint: str
) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammy"', written))
    assert finding.hint == hint
    assert f"could not find a server type associated with {written} in zone fr-par-1" in (
        finding.message
    )


def test_a_type_only_the_catalog_lists_is_known(tmp_path: Path) -> None:
    # Test data: a type newer than the bundled product tables, listed by a catalog answer.
    newer = {**IMAGES[1], "compatible_commercial_types": ["FUTURE9-S"]}
    catalog = write_catalog(tmp_path / "c.json", [*IMAGES, newer])
    files = {"main.tf": server('"ubuntu_jammy"', "FUTURE9-S")}
    assert projected(lint_tree(tmp_path / "tf", files, catalog)) == []


def test_decided_even_when_the_image_is_unknown(engine: LintInstances) -> None:
    result = engine([instances.server(type_="pro2-xs", image=None)])
    assert [(f.rule, f.line) for f in result.findings] == [("commercial-type-unknown", 3)]
    assert result.checked == 1
