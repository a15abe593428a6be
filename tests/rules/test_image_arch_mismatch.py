from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import JAMMY_SBS_ARM, server
from tests.rules.conftest import Lint

CASES = [  # id, source, expected (rule, line, column)
    ("arm64-on-sbs", server('"ubuntu_jammy"', "COPARM1-2C-8G"), []),
    (
        "arm64-on-an-x86-only-label",
        server('"windows_server_2022"', "COPARM1-2C-8G"),
        [("image-arch-mismatch", 3, 11)],
    ),
    (
        "uuid-of-an-arm64-image",
        server(f'"{JAMMY_SBS_ARM}"', "DEV1-S"),
        [("image-arch-mismatch", 3, 11)],
    ),
    # An arm64 SBS image boots it in the zone: the root volume type is the fix.
    (
        "arm64-on-local-volume-is-not-this-rule",
        server('"ubuntu_jammy"', "COPARM1-2C-8G", volume="l_ssd"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_arch_mismatch(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == expected


def test_message_names_both_architectures(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server('"windows_server_2022"', "COPARM1-2C-8G"))
    assert finding.message.startswith(
        "COPARM1-2C-8G is arm64, but windows_server_2022 has only x86_64 instance_sbs images"
    )
    assert finding.hint == "use an x86_64 commercial type: POP2-2C-8G-WIN"
