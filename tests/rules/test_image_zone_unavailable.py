from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import server
from tests.rules.conftest import Lint

CASES = [  # id, source, expected (rule, line, column)
    ("available", server('"ubuntu_jammy"', zone="fr-par-2"), []),
    ("legacy-zone-name", server('"ubuntu_jammy"', zone="par1"), []),
    (
        "no-image-in-zone",
        server('"ubuntu_jammy"', zone="pl-waw-1"),
        [("image-zone-unavailable", 2, 11)],
    ),
    # fr-par-2 has an SBS image that boots DEV1-S: the root volume type is the fix.
    (
        "other-volume-type-in-zone-is-not-this-rule",
        server('"ubuntu_jammy"', zone="fr-par-2", volume="l_ssd"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_zone_unavailable(
    lint: Lint, source: str, expected: list[tuple[str, int, int]]
) -> None:
    assert lint(source) == expected


def test_message_lists_the_zones_that_have_it(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammy"', zone="pl-waw-1"))
    assert finding.message.startswith("ubuntu_jammy has no instance_sbs local image in pl-waw-1;")
    assert "it has one in fr-par-1, fr-par-2" in finding.message
    # A snapshot cannot know every zone: the message says whose knowledge it is.
    assert "as far as the offline snapshot (as of 2000-01-01) knows" in finding.message
    assert finding.hint == "use a zone where it exists: fr-par-1, fr-par-2"


def test_message_says_when_the_volume_type_was_assumed(
    lint_findings: Callable[..., list[Finding]],
) -> None:
    (assumed,) = lint_findings(server('"ubuntu_jammy"', zone="pl-waw-1"))
    assert "with no root volume type, the Terraform provider " in assumed.message
    assert assumed.message.endswith(" asks for an instance_sbs image")
    (written,) = lint_findings(server('"ubuntu_jammy"', zone="pl-waw-1", volume="sbs_volume"))
    assert "with no root volume type" not in written.message
