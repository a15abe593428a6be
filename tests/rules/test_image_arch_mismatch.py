from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import JAMMY_SBS_ARM, server
from tests.rules.conftest import Lint

CASES = [  # id, source, expected (rule, line, column)
    ("arm64-on-sbs", server('"ubuntu_jammy"', "COPARM1-2C-8G"), []),
    ("type-case-insensitive", server('"ubuntu_jammy"', "coparm1-2c-8g"), []),
    (
        "arm64-on-local-volume",
        server('"ubuntu_jammy"', "COPARM1-2C-8G", volume="l_ssd"),
        [("image-arch-mismatch", 3, 11)],
    ),
    (
        "uuid-of-an-arm64-image",
        server(f'"{JAMMY_SBS_ARM}"', "DEV1-S"),
        [("image-arch-mismatch", 3, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_arch_mismatch(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == expected


def test_message_names_both_architectures(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server('"ubuntu_jammy"', "COPARM1-2C-8G", volume="l_ssd"))
    assert "COPARM1-2C-8G is arm64" in finding.message
    assert "only x86_64" in finding.message
    assert finding.hint is not None and "instance_sbs" in finding.hint
