"""A label given to a tool that takes image UUIDs only: an error whatever the catalog says,
with the UUID a fix would write when the catalog can say which."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imagelint.model import Phrasing, Value
from imagelint.testing import write_catalog
from tests.rules.cases import IMAGES, JAMMY_LOCAL_X86, JAMMY_PAR2_SBS, JAMMY_SBS_X86
from tests.rules.instances import span
from tests.rules.models import add_untyped_answers, run, task

UNKNOWN_ZONE = Value.unknown("region is {{ region }}, which is never set", span(4, 11, 8))

CASES = [  # id, task fields, expected (rule, line, column)
    ("uuid", {"image": JAMMY_LOCAL_X86}, []),
    ("uuid-of-another-zone", {"image": JAMMY_PAR2_SBS}, [("image-zone-mismatch", 2, 11)]),
    ("label", {}, [("image-label-unsupported", 2, 11)]),
    ("label-that-boots-nothing", {"type_": "POP2-2C-8G-WIN"}, [("image-label-unsupported", 2, 11)]),
    ("label-that-does-not-exist", {"image": "ubuntu_jamy"}, [("image-label-unsupported", 2, 11)]),
    # The catalog holds no nl-ams-3 answer (Miss): still an error, the instance checked.
    ("label-the-catalog-misses", {"zone": "ams3"}, [("image-label-unsupported", 2, 11)]),
    ("label-with-unknown-zone", {"zone": UNKNOWN_ZONE}, [("image-label-unsupported", 2, 11)]),
    # Decided before the label: the tool stops there.
    ("zone-first", {"zone": "fr-par-1"}, [("zone-unknown", 4, 11)]),
    ("commercial-type-first", {"type_": "dev1-s"}, [("commercial-type-unknown", 3, 11)]),
]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    # Every zone but nl-ams-3, so that one query is a Miss.
    zones = ("fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "pl-waw-1")
    written = write_catalog(
        tmp_path / "catalog.json", IMAGES, not_found_labels=["ubuntu_jamy"], zones=zones
    )
    return add_untyped_answers(written)


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_label_unsupported(
    catalog: Path, fields: dict[str, Any], expected: list[tuple[str, int, int]]
) -> None:
    result = run([task(**fields)], catalog)
    assert sorted((f.rule, f.line, f.column) for f in result.findings) == expected
    assert (result.checked, result.unresolved) == (1, 0)


HINTS = [  # id, task fields, in the message, in the hint
    # Untyped, API order: the local image comes first and boots DEV1-S.
    (
        "local-first",
        {},
        "fails",
        f"write image: {JAMMY_LOCAL_X86}: the local image of ubuntu_jammy a label lookup "
        "picks for DEV1-S in fr-par-1 (x86_64, instance_local)",
    ),
    # Only the SBS image boots POP2: the first compatible one, whatever its type.
    ("first-compatible", {"type_": "POP2-2C-8G"}, "fails", f"write image: {JAMMY_SBS_X86}:"),
    (
        "boots-nothing",
        {"type_": "POP2-2C-8G-WIN"},
        "no local image of ubuntu_jammy in fr-par-1 boots POP2-2C-8G-WIN",
        "`scw marketplace local-image list image-label=ubuntu_jammy zone=fr-par-1`",
    ),
    (
        "not-a-label-either",
        {"image": "ubuntu_jamy"},
        '"ubuntu_jamy" is not a Marketplace label either',
        "`scw marketplace image list` lists the labels",
    ),
    (
        "catalog-miss",
        {"zone": "ams3"},
        "the UUID to use could not be looked up: the offline snapshot",
        "`scw marketplace local-image list image-label=ubuntu_jammy zone=nl-ams-3`",
    ),
    (
        "zone-not-known",
        {"zone": UNKNOWN_ZONE},
        "fails",
        "`scw marketplace local-image list image-label=ubuntu_jammy zone=<zone>`",
    ),
]


@pytest.mark.parametrize(
    ("fields", "message", "hint"), [c[1:] for c in HINTS], ids=[c[0] for c in HINTS]
)
def test_message_and_hint(catalog: Path, fields: dict[str, Any], message: str, hint: str) -> None:
    (finding,) = run([task(**fields)], catalog).findings
    assert finding.message.startswith(
        "scaleway_compute (test model) takes an image UUID, not a label: image "
    )
    assert message in finding.message
    assert finding.hint is not None and hint in finding.hint


def test_the_hint_is_written_with_the_instance_phrasing(catalog: Path) -> None:
    phrasing = Phrasing(settings=(("image", "image_id = <<{}>>"),))
    (finding,) = run([task(phrasing=phrasing)], catalog).findings
    assert finding.hint is not None and f"write image_id = <<{JAMMY_LOCAL_X86}>>:" in finding.hint
