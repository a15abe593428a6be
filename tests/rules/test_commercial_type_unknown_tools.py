"""commercial-type-unknown speaks of the tool that creates the instance: the Terraform
provider's own error for the tools that wrap it, plain words for the others, whose error
imagelint does not quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.model import ResolutionModel
from imagelint.provider_models import CURRENT
from tests.rules.models import CAPI, CAPI_PHRASING, run, task


@pytest.mark.parametrize(
    ("model", "says", "never"),
    [
        (CURRENT, "could not find a server type associated with DEV1-SS in zone fr-par-1", ""),
        (CAPI, "cluster-api-provider-scaleway (test model) fails to create", "provider finds"),
    ],
    ids=["terraform-provider", "other-tool"],
)
def test_the_message_names_the_tool(
    catalog_file: Path, model: ResolutionModel, says: str, never: str
) -> None:
    instance = task(type_="DEV1-SS", zone="fr-par-1", model=model, phrasing=CAPI_PHRASING)
    (finding,) = run([instance], catalog_file).findings
    assert finding.rule == "commercial-type-unknown" and finding.line == 3
    assert says in finding.message
    assert not never or never not in finding.message
