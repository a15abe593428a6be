"""Settings the tool refuses, found by the source: one error each, resolved or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.model import Rejected, Value
from tests.rules.cases import JAMMY_LOCAL_X86
from tests.rules.instances import span
from tests.rules.models import UNTYPED, run, task

SIZE = Rejected(
    attribute="image_size_in_gb",
    span=span(6, 3, 22, "playbook.yml"),
    message="image_size_in_gb is rejected by the plugin",
    hint="remove it",
)
OS = Rejected(
    attribute="operatingSystem",
    span=span(7, 20, 6, "playbook.yml"),
    message="machine-controller has no Scaleway image for centos",
)
UNSET = Value.unknown("image is never set", span(2, 11, 4, "playbook.yml"))

CASES = [  # id, rejected, image, expected (rule, line, column)
    ("none", (), JAMMY_LOCAL_X86, []),
    ("one", (SIZE,), JAMMY_LOCAL_X86, [("setting-rejected", 6, 3)]),
    (
        "each",
        (SIZE, OS),
        JAMMY_LOCAL_X86,
        [("setting-rejected", 6, 3), ("setting-rejected", 7, 20)],
    ),
    # Also when the instance cannot be checked, beside the notice saying why.
    ("unresolved", (OS,), UNSET, [("setting-rejected", 7, 20), ("value-unresolved", 2, 11)]),
]


@pytest.mark.parametrize(
    ("rejected", "image", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_setting_rejected(
    untyped_catalog: Path,
    rejected: tuple[Rejected, ...],
    image: str | Value,
    expected: list[tuple[str, int, int]],
) -> None:
    instance = task(image=image, zone="fr-par-1", model=UNTYPED, rejected=rejected)
    result = run([instance], untyped_catalog)
    assert sorted((f.rule, f.line, f.column) for f in result.findings) == expected


def test_message_and_hint_are_the_sources(untyped_catalog: Path) -> None:
    instance = task(image=JAMMY_LOCAL_X86, zone="fr-par-1", model=UNTYPED, rejected=(SIZE, OS))
    findings = run([instance], untyped_catalog).findings
    assert [(f.message, f.hint, f.severity.value) for f in findings] == [
        (SIZE.message, SIZE.hint, "error"),
        (OS.message, None, "error"),
    ]
