from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules import instances
from tests.rules.cases import server
from tests.rules.conftest import Lint, LintInstances

CASES = [  # id, source, expected (rule, line, column)
    ("scaleway-zone", server('"ubuntu_jammy"', zone="fr-par-2"), []),
    ("legacy-par1-is-accepted", server('"ubuntu_jammy"', zone="par1"), []),
    # Read as nl-ams-1, where the case catalog has no ubuntu_jammy image: image rules ran.
    (
        "legacy-ams1-is-accepted",
        server('"ubuntu_jammy"', zone="ams1"),
        [("image-zone-unavailable", 2, 11)],
    ),
    ("well-formed-but-none", server('"ubuntu_jammy"', zone="fr-par-4"), [("zone-unknown", 4, 11)]),
    ("capitals", server('"ubuntu_jammy"', zone="FR-PAR-1"), [("zone-unknown", 4, 11)]),
    ("region-not-zone", server('"ubuntu_jammy"', zone="fr-par"), [("zone-unknown", 4, 11)]),
    # No image rule runs for the instance: neither the prefix nor the label is reported.
    (
        "image-rules-do-not-run",
        server('"fr-par-2/ubuntu_jamy"', zone="pl-waw-4"),
        [("zone-unknown", 4, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_zone_unknown(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == expected


@pytest.mark.parametrize(
    ("zone", "hint"),
    [
        ("fr-par-4", 'did you mean "fr-par-3"?'),
        ("FR-PAR-2", 'did you mean "fr-par-2"?'),
        ("nl-ams1", 'did you mean "nl-ams-1"?'),
        (
            "mars",
            "Scaleway zones: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, "
            "pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1",
        ),
    ],
)
def test_hint_is_the_closest_zone(
    lint_findings: Callable[..., list[Finding]], zone: str, hint: str
) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammy"', zone=zone))
    assert finding.message.startswith(f'zone "{zone}" is not a Scaleway zone')
    assert finding.hint == hint


def test_decided_even_when_the_image_is_unknown(engine: LintInstances) -> None:
    web = instances.server(zone="fr-par-9", image=None)
    result = engine([web])
    assert [(f.rule, f.line) for f in result.findings] == [("zone-unknown", 4)]
    assert (result.checked, result.unresolved) == (1, 0)
