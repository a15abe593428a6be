from __future__ import annotations

import pytest

from tests.rules.cases import server
from tests.rules.conftest import Lint

CASES = [  # id, source, expected (rule, line, column)
    ("known-label", server('"ubuntu_jammy"'), []),
    ("dashes-rewritten-like-the-provider", server('"ubuntu-jammy"'), []),
    ("zone-prefix-dropped", server('"fr-par-1/ubuntu_jammy"'), []),
    ("typo", server('"ubuntu_jamy"'), [("image-unknown", 2, 11)]),
    ("recorded-404", server('"macos"'), [("image-unknown", 2, 11)]),
    (
        "uuid-is-not-this-rule",
        server('"99999999-9999-4999-8999-999999999999"'),
        [("value-unresolved", 2, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_unknown(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == expected
