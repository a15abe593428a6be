from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import JAMMY_LOCAL_X86, server
from tests.rules.conftest import Lint

CASES = [  # id, source, expected (rule, line, column)
    ("compatible", server('"ubuntu_jammy"', "GP1-XS", volume="l_ssd"), []),
    ("pop2-on-sbs", server('"ubuntu_jammy"', "POP2-2C-8G"), []),
    (
        "windows-needs-a-win-type",
        server('"windows_server_2022"', "DEV1-S"),
        [("commercial-type-incompatible", 3, 11)],
    ),
    (
        "uuid-of-an-image-that-lists-other-types",
        server(f'"{JAMMY_LOCAL_X86}"', "POP2-2C-8G"),
        [("commercial-type-incompatible", 3, 11)],
    ),
    # The other volume type boots it: that is the fix, and another rule's finding.
    (
        "pop2-on-local-volume-is-not-this-rule",
        server('"ubuntu_jammy"', "POP2-2C-8G", volume="l_ssd"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
    (
        "unknown-type-is-not-this-rule",
        server('"ubuntu_jammy"', "DEV9-XXL"),
        [("commercial-type-unknown", 3, 11)],
    ),
    (
        "other-arch-is-not-this-rule",
        server('"windows_server_2022"', "COPARM1-2C-8G"),
        [("image-arch-mismatch", 3, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_commercial_type_incompatible(
    lint: Lint, source: str, expected: list[tuple[str, int, int]]
) -> None:
    assert lint(source) == expected


def test_message_lists_compatible_types(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server('"windows_server_2022"', "DEV1-S"))
    assert "compatible x86_64 types: POP2-2C-8G-WIN" in finding.message
    assert finding.hint == "use one of the compatible types"
