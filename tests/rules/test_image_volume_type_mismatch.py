from __future__ import annotations

from collections.abc import Callable

import pytest

from imagelint.catalog.interface import LOCAL, SBS
from imagelint.findings import Finding
from imagelint.model import ResolutionModel
from tests.rules import instances
from tests.rules.cases import JAMMY_LOCAL_X86, JAMMY_SBS_X86, server
from tests.rules.conftest import Lint, LintInstances

CASES = [  # id, source, expected (rule, line, column)
    ("local-boots-gp1", server('"ubuntu_jammy"', "GP1-XS", volume="l_ssd"), []),
    ("sbs-boots-pop2", server('"ubuntu_jammy"', "POP2-2C-8G", volume="sbs_volume"), []),
    (
        "pop2-on-local",
        server('"ubuntu_jammy"', "POP2-2C-8G", volume="l_ssd"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
    (
        "arm64-on-local",
        server('"ubuntu_jammy"', "COPARM1-2C-8G", volume="l_ssd"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
    (
        "gp1-on-sbs",
        server('"ubuntu_jammy"', "GP1-XS", volume="sbs_volume"),
        [("image-volume-type-mismatch", 6, 19)],
    ),
    # Nothing written: the finding is at the image, and says which default was assumed.
    (
        "gp1-on-the-default",
        server('"ubuntu_jammy"', "GP1-XS"),
        [("image-volume-type-mismatch", 2, 11)],
    ),
    # A UUID is one image: there is no other type to choose.
    (
        "uuid-is-not-this-rule",
        server(f'"{JAMMY_SBS_X86}"', "GP1-XS", volume="l_ssd"),
        [("commercial-type-incompatible", 3, 11)],
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_image_volume_type_mismatch(
    lint: Lint, source: str, expected: list[tuple[str, int, int]]
) -> None:
    assert lint(source) == expected


def test_hint_names_the_root_volume_type_that_works(
    lint_findings: Callable[..., list[Finding]],
) -> None:
    (to_sbs,) = lint_findings(server('"ubuntu_jammy"', "POP2-2C-8G", volume="l_ssd"))
    assert to_sbs.message == (
        "POP2-2C-8G cannot boot ubuntu_jammy from an instance_local image in fr-par-1, "
        "but an instance_sbs image of it boots POP2-2C-8G there"
    )
    assert to_sbs.hint == (
        f'write root_volume {{ volume_type = "sbs_volume" }}: the instance_sbs image is '
        f"{JAMMY_SBS_X86}"
    )
    (to_local,) = lint_findings(server('"ubuntu_jammy"', "GP1-XS"))
    assert to_local.hint is not None
    assert to_local.hint.startswith('write root_volume { volume_type = "l_ssd" }')
    # The reader names the provider version it assumed; the message carries that name.
    assert "; with no root volume type, the Terraform provider " in to_local.message
    assert to_local.message.endswith(" asks for an instance_sbs image")


# The provider's history (MARKETPLACE.md §5.2), as the reader would supply it per instance.
UP_TO_2_44 = ResolutionModel(
    name="the Terraform provider 2.40.x (from required_providers `~> 2.40.0`)",
    rewrite_dashes=True,
    default_image_type=LOCAL,
)
FROM_2_45 = ResolutionModel(
    name="the Terraform provider 2.47.x (from .terraform.lock.hcl)",
    rewrite_dashes=True,
    volume_image_types=(("sbs_volume", SBS),),
    default_image_type=LOCAL,
)
FROM_2_48 = ResolutionModel(
    name="the Terraform provider 2.49.x (the newest matching `< 2.50`)",
    rewrite_dashes=True,
    volume_image_types=(("l_ssd", LOCAL), ("sbs_volume", SBS)),
    local_default_families=("DEV1", "GP1", "STARDUST1", "START1", "VC1", "X64"),
)

MODEL_CASES = [  # id, model, type, volume type, expected rules
    ("old-provider-pop2", UP_TO_2_44, "POP2-2C-8G", None, ["commercial-type-incompatible"]),
    # Old providers asked for local images whatever the volume: no volume type is the fix.
    (
        "old-provider-pop2-sbs",
        UP_TO_2_44,
        "POP2-2C-8G",
        "sbs_volume",
        ["commercial-type-incompatible"],
    ),
    ("old-provider-gp1", UP_TO_2_44, "GP1-XS", None, []),
    ("2.47-pop2", FROM_2_45, "POP2-2C-8G", None, ["image-volume-type-mismatch"]),
    ("2.47-pop2-sbs", FROM_2_45, "POP2-2C-8G", "sbs_volume", []),
    ("2.49-gp1-defaults-to-local", FROM_2_48, "GP1-XS", None, []),
    ("2.49-pop2-defaults-to-sbs", FROM_2_48, "POP2-2C-8G", None, []),
    ("2.49-gp1-sbs", FROM_2_48, "GP1-XS", "sbs_volume", ["image-volume-type-mismatch"]),
]


@pytest.mark.parametrize(
    ("model", "type_", "volume", "expected"),
    [c[1:] for c in MODEL_CASES],
    ids=[c[0] for c in MODEL_CASES],
)
def test_the_instance_model_decides_the_image_type(
    engine: LintInstances,
    model: ResolutionModel,
    type_: str,
    volume: str | None,
    expected: list[str],
) -> None:
    result = engine([instances.server(type_=type_, volume=volume, model=model)])
    assert [f.rule for f in result.findings] == expected


def test_message_names_the_model_it_assumed(engine: LintInstances) -> None:
    (finding,) = engine([instances.server(type_="POP2-2C-8G", model=FROM_2_45)]).findings
    assert finding.message.endswith(
        "; with no root volume type, the Terraform provider 2.47.x (from .terraform.lock.hcl) "
        "asks for an instance_local image"
    )
    assert finding.hint is not None and 'volume_type = "sbs_volume"' in finding.hint
    assert JAMMY_LOCAL_X86 not in finding.hint
