from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.findings import Finding
from tests.rules.cases import JAMMY_PAR2_SBS, JAMMY_SBS_X86, server
from tests.rules.conftest import Lint

UNKNOWN_UUID = "99999999-9999-4999-8999-999999999999"

CASES = [  # id, source, expected (rule, line, column)
    ("prefix-agrees", server('"fr-par-1/ubuntu_jammy"'), []),
    ("legacy-prefix-agrees", server('"par1/ubuntu_jammy"'), []),
    ("prefix-disagrees", server('"fr-par-2/ubuntu_jammy"'), [("image-zone-mismatch", 2, 11)]),
    ("uuid-in-zone", server(f'"{JAMMY_SBS_X86}"'), []),
    ("uuid-from-another-zone", server(f'"{JAMMY_PAR2_SBS}"'), [("image-zone-mismatch", 2, 11)]),
    (
        "prefix-disagrees-on-unknown-uuid",
        server(f'"fr-par-2/{UNKNOWN_UUID}"'),
        [("image-zone-mismatch", 2, 11), ("value-unresolved", 2, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_zone_mismatch(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == expected


def test_uuid_hint_names_the_label(lint_findings: Callable[..., list[Finding]]) -> None:
    (finding,) = lint_findings(server(f'"{JAMMY_PAR2_SBS}"'))
    assert "is in fr-par-2, but the server is in fr-par-1" in finding.message
    assert finding.hint is not None and '"ubuntu_jammy"' in finding.hint
    assert JAMMY_SBS_X86 in finding.hint  # the fr-par-1 image that boots DEV1-S
