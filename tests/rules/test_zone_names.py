"""A tool with its own zone codes (Ansible's region table): only those are known, each
stands for its zone, and zone-unknown names the code to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.cases import JAMMY_LOCAL_X86, JAMMY_PAR2_SBS, JAMMY_SBS_X86
from tests.rules.models import run, task

CASES = [  # id, region written, image, expected (rule, line, column)
    ("code", "par1", JAMMY_LOCAL_X86, []),
    ("long-code", "EMEA-FR-PAR1", JAMMY_LOCAL_X86, []),
    # par2 stands for fr-par-2: a fr-par-1 image is in another zone, a fr-par-2 one is not.
    ("code-maps-to-its-zone", "par2", JAMMY_LOCAL_X86, [("image-zone-mismatch", 2, 11)]),
    ("code-maps-to-its-zone-ok", "par2", JAMMY_PAR2_SBS, []),
    ("modern-name", "fr-par-1", JAMMY_LOCAL_X86, [("zone-unknown", 4, 11)]),
    ("capitals", "PAR1", JAMMY_LOCAL_X86, [("zone-unknown", 4, 11)]),
    ("none-such", "par9", JAMMY_LOCAL_X86, [("zone-unknown", 4, 11)]),
]


@pytest.mark.parametrize(
    ("region", "image", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_zone_names(
    untyped_catalog: Path, region: str, image: str, expected: list[tuple[str, int, int]]
) -> None:
    result = run([task(zone=region, image=image)], untyped_catalog)
    assert sorted((f.rule, f.line, f.column) for f in result.findings) == expected
    assert (result.checked, result.unresolved) == (1, 0)


HINTS = [  # region written, hint
    ("fr-par-1", "write region: par1 (zone fr-par-1)"),
    ("FR-PAR-1", "write region: par1 (zone fr-par-1)"),
    ("PAR1", "write region: par1 (zone fr-par-1)"),
    ("emea-fr-par1", "write region: EMEA-FR-PAR1 (zone fr-par-1)"),
    ("nl-ams-3", "write region: ams3 (zone nl-ams-3)"),
    # A Scaleway zone the tool has no code for: the closest codes, else all of them.
    ("par4", 'did you mean "par3" or "par2" or "par1"?'),
    ("it-mil-1", "zone codes: par1, EMEA-FR-PAR1, par2, par3, ams1, ams3, waw1"),
]


@pytest.mark.parametrize(("region", "hint"), HINTS)
def test_hint_names_the_code(untyped_catalog: Path, region: str, hint: str) -> None:
    (finding,) = run([task(zone=region, image=JAMMY_LOCAL_X86)], untyped_catalog).findings
    assert finding.message == (
        f'region "{region}" is not a zone code scaleway_compute (test model) accepts; '
        "the image was not checked"
    )
    assert finding.hint == hint


@pytest.mark.parametrize(
    ("region", "image", "hint"),
    [
        # The tool takes UUIDs only: the hint is the same label's image in the zone, no label.
        (
            "par1",
            JAMMY_PAR2_SBS,
            f"write image: {JAMMY_SBS_X86}: the instance_sbs ubuntu_jammy image in fr-par-1",
        ),
        ("par2", JAMMY_LOCAL_X86, None),  # the case catalog has no local image in fr-par-2
    ],
)
def test_image_of_another_zone_hint(
    untyped_catalog: Path, region: str, image: str, hint: str | None
) -> None:
    (finding,) = run([task(zone=region, image=image)], untyped_catalog).findings
    assert (finding.rule, finding.hint) == ("image-zone-mismatch", hint)
