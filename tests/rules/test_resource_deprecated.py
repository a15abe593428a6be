from __future__ import annotations

import pytest

from tests.rules.conftest import LintInstances
from tests.rules.instances import server

REMOVED = "scaleway_server was removed in provider 2.0; use scaleway_instance_server"


@pytest.mark.parametrize(
    ("deprecated", "image", "expected"),
    [
        (None, "ubuntu_jammy", []),
        (REMOVED, "ubuntu_jammy", [("resource-deprecated", 1, 1)]),
        # Still checked as if migrated: the image rules run too.
        (REMOVED, "ubuntu_jamy", [("resource-deprecated", 1, 1), ("image-unknown", 2, 11)]),
        # It needs no resolution.
        (REMOVED, None, [("resource-deprecated", 1, 1), ("value-unresolved", 1, 1)]),
    ],
    ids=["current", "legacy", "legacy-and-unknown-image", "legacy-unresolved"],
)
def test_resource_deprecated(
    engine: LintInstances,
    deprecated: str | None,
    image: str | None,
    expected: list[tuple[str, int, int]],
) -> None:
    findings = engine([server(image=image, deprecated=deprecated)]).findings
    assert [(f.rule, f.line, f.column) for f in findings] == expected


def test_message_is_the_reason(engine: LintInstances) -> None:
    (finding,) = engine([server(deprecated=REMOVED)]).findings
    assert finding.message == REMOVED and finding.severity.value == "warning"
    assert finding.resource == "scaleway_instance_server.web"
