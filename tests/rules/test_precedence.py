"""One outcome per instance: for each pair of outcomes that could both apply, only the one
that comes first in the tool's own order is reported (image-zone-mismatch may join any
outcome but zone-unknown)."""

from __future__ import annotations

import pytest

from tests.rules.cases import server
from tests.rules.conftest import Lint

ZONE = ("zone-unknown", 4, 11)
TYPE = ("commercial-type-unknown", 3, 11)
LABEL = ("image-unknown", 2, 11)
VOLUME = ("image-volume-type-mismatch", 6, 19)
UNAVAILABLE = ("image-zone-unavailable", 2, 11)
ARCH = ("image-arch-mismatch", 3, 11)
INCOMPATIBLE = ("commercial-type-incompatible", 3, 11)
PREFIX = ("image-zone-mismatch", 2, 11)

CASES = [  # the pair (winner over loser), source, expected
    ("zone-over-type", server('"ubuntu_jammy"', "dev1-s", zone="fr-par-4"), [ZONE]),
    ("zone-over-label", server('"ubuntu_jamy"', zone="fr-par-4"), [ZONE]),
    ("zone-over-volume", server('"ubuntu_jammy"', "POP2-2C-8G", "FR-PAR-1", "l_ssd"), [ZONE]),
    ("zone-over-unavailable", server('"ubuntu_jammy"', zone="pl-waw-4"), [ZONE]),
    ("zone-over-arch", server('"windows_server_2022"', "COPARM1-2C-8G", "fr-par"), [ZONE]),
    ("zone-over-incompatible", server('"windows_server_2022"', zone="fr-par-0"), [ZONE]),
    ("zone-over-prefix", server('"fr-par-2/ubuntu_jammy"', zone="fr-par-9"), [ZONE]),
    ("type-over-label", server('"ubuntu_jamy"', "dev1-s"), [TYPE]),
    ("type-over-volume", server('"ubuntu_jammy"', "pop2-2c-8g", volume="l_ssd"), [TYPE]),
    ("type-over-unavailable", server('"ubuntu_jammy"', "dev1-s", "pl-waw-1"), [TYPE]),
    ("type-over-arch", server('"windows_server_2022"', "coparm1-2c-8g"), [TYPE]),
    ("type-over-incompatible", server('"windows_server_2022"', "dev1-s"), [TYPE]),
    ("type-with-prefix", server('"fr-par-2/ubuntu_jammy"', "dev1-s"), [PREFIX, TYPE]),
    ("label-with-prefix", server('"fr-par-2/ubuntu_jamy"'), [PREFIX, LABEL]),
    (
        "volume-over-unavailable",
        server('"ubuntu_jammy"', zone="fr-par-2", volume="l_ssd"),
        [VOLUME],
    ),
    ("volume-over-arch", server('"ubuntu_jammy"', "COPARM1-2C-8G", volume="l_ssd"), [VOLUME]),
    ("volume-over-incompatible", server('"ubuntu_jammy"', "POP2-2C-8G", volume="l_ssd"), [VOLUME]),
    (
        "volume-with-prefix",
        server('"fr-par-2/ubuntu_jammy"', "POP2-2C-8G", volume="l_ssd"),
        [PREFIX, VOLUME],
    ),
    (
        "unavailable-with-prefix",
        server('"fr-par-1/ubuntu_jammy"', zone="pl-waw-1"),
        [PREFIX, UNAVAILABLE],
    ),
    ("arch-over-incompatible", server('"windows_server_2022"', "COPARM1-2C-8G"), [ARCH]),
    ("incompatible-with-prefix", server('"fr-par-2/windows_server_2022"'), [PREFIX, INCOMPATIBLE]),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_outcome(lint: Lint, source: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(source) == sorted(expected)
