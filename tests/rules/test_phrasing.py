"""Hints are written by the instance's phrasing and name the volume types its tool takes:
no rule writes HCL or a Terraform attribute name itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from imagelint.catalog.interface import ANY_TYPE, LOCAL, SBS
from imagelint.decide import volume_type_for
from imagelint.model import Instance, Phrasing, ResolutionModel, Value
from imagelint.provider_models import CURRENT, server_model
from imagelint.resolve import TERRAFORM
from tests.rules import instances
from tests.rules.cases import JAMMY_LOCAL_X86, JAMMY_SBS_X86
from tests.rules.models import ANSIBLE, CAPI, capi, run

FOR_ITS_OWN = Phrasing(names=(("type", "instanceType"),), settings=(("type", "instanceType: {}"),))
UNSET_VOLUME = Value.unknown("rootVolume.type comes from a patch", instances.span(5, 11, 4))

CASES = [  # id, instance, rule, in the message, hint (exactly)
    (
        "capi-local-to-block",
        capi(type_="POP2-2C-8G", volume="local"),
        "image-volume-type-mismatch",
        "cannot boot ubuntu_jammy from an instance_local image",
        f"write rootVolume: {{type: block}}: the instance_sbs image is {JAMMY_SBS_X86}",
    ),
    (
        "capi-block-to-local",
        capi(type_="DEV1-M", volume="block"),
        "image-volume-type-mismatch",
        "cannot boot ubuntu_jammy from an instance_sbs image",
        f"write rootVolume: {{type: local}}: the instance_local image is {JAMMY_LOCAL_X86}",
    ),
    (
        "capi-defaulted",
        capi(type_="DEV1-M"),
        "image-volume-type-mismatch",
        "with no root volume type, cluster-api-provider-scaleway (test model) asks for an "
        "instance_sbs image",
        f"write rootVolume: {{type: local}}: the instance_local image is {JAMMY_LOCAL_X86}",
    ),
    # Labels verbatim: no `-` -> `_` rewrite to report.
    (
        "capi-verbatim-label",
        capi(image="ubuntu-jammy"),
        "image-unknown",
        'image.label "ubuntu-jammy" does not exist in the Marketplace',
        'did you mean "ubuntu_jammy"?',
    ),
    (
        "terraform",
        instances.server(type_="POP2-2C-8G", volume="l_ssd"),
        "image-volume-type-mismatch",
        "cannot boot ubuntu_jammy",
        f'write root_volume {{ volume_type = "sbs_volume" }}: the instance_sbs image is '
        f"{JAMMY_SBS_X86}",
    ),
    # No phrasing: `name: value`, still no HCL.
    (
        "no-phrasing",
        replace(instances.server(type_="POP2-2C-8G", volume="l_ssd"), phrasing=Phrasing()),
        "image-volume-type-mismatch",
        "cannot boot ubuntu_jammy",
        f"write volume_type: sbs_volume: the instance_sbs image is {JAMMY_SBS_X86}",
    ),
    (
        "zone-prefix",
        replace(instances.server(image="fr-par-2/ubuntu_jammy"), phrasing=Phrasing()),
        "image-zone-mismatch",
        'image "fr-par-2/ubuntu_jammy" names zone fr-par-2',
        "write image: fr-par-1/ubuntu_jammy, or move the server",
    ),
    (
        "lookup-phrasing",
        None,  # a server booting a lookup's image, below
        "image-arch-mismatch",
        "for its own instanceType DEV1-S, zone fr-par-1 and image_type instance_local",
        f"set instanceType: COPARM1-2C-8G on {instances.LOOKUP}, so that it resolves an "
        "image this server boots",
    ),
]


def _instances(instance: Instance | None) -> list[Instance]:
    if instance is not None:
        return [instance]
    lookup = replace(instances.lookup(), phrasing=FOR_ITS_OWN)
    return [instances.server(type_="COPARM1-2C-8G", image_from=instances.LOOKUP), lookup]


@pytest.mark.parametrize(
    ("instance", "rule", "message", "hint"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hint_phrasing(
    catalog_file: Path, instance: Instance | None, rule: str, message: str, hint: str
) -> None:
    (finding,) = run(_instances(instance), catalog_file).findings
    assert (finding.rule, finding.hint) == (rule, hint)
    assert message in finding.message


def test_unresolved_value_named_as_written(catalog_file: Path) -> None:
    web = capi()
    web = replace(web, values={**web.values, "volume_type": UNSET_VOLUME})
    (finding,) = run([web], catalog_file).findings
    assert finding.rule == "value-unresolved"
    assert finding.message.startswith("rootVolume.type is not resolved: rootVolume.type comes")


VOLUME_TYPES = [  # model, image type, commercial type, the volume type a fix writes
    (CAPI, LOCAL, "DEV1-S", "local"),
    (CAPI, SBS, "DEV1-S", "block"),
    (CURRENT, LOCAL, "DEV1-S", "l_ssd"),
    (CURRENT, SBS, "DEV1-S", "sbs_volume"),
    (TERRAFORM, SBS, "POP2-2C-8G", "sbs_volume"),
    # Provider 2.45-2.47 mapped sbs_volume only: l_ssd got the default, local images.
    (server_model(2, 46, name="2.46"), LOCAL, "DEV1-S", "l_ssd"),
    # Only the volume types the tool accepts are suggested.
    (replace(CURRENT, volume_types=("sbs_volume",)), LOCAL, "DEV1-S", None),
    (ANSIBLE, LOCAL, "DEV1-S", None),  # no volume parameter at all
    (ANSIBLE, ANY_TYPE, "DEV1-S", None),
]


@pytest.mark.parametrize(("model", "image_type", "commercial_type", "expected"), VOLUME_TYPES)
def test_volume_type_for(
    model: ResolutionModel, image_type: str, commercial_type: str, expected: str | None
) -> None:
    assert volume_type_for(model, image_type, commercial_type) == expected
