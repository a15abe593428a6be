"""The machine-controller source: detection, cloudProviderSpec fields and their config-var
forms, the image its Scaleway provider picks per operating system, rejections, errors,
templates, and the rules end to end against a test catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.files import Scope
from imagelint.kube import machine_controller
from imagelint.model import Instance
from imagelint.source_api import Candidate, ReadContext, SourceResult
from imagelint.testing import lint_tree, projected, write_catalog

BIONIC_LOCAL = "66666666-6666-4666-8666-666666666666"
BIONIC_SBS = "77777777-7777-4777-8777-777777777777"
# Test data, not Marketplace facts: a local image first in type_asc order, as the API does.
IMAGES = [
    {
        "id": BIONIC_LOCAL,
        "label": "ubuntu_bionic",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_local",
        "compatible_commercial_types": ["DEV1-S", "DEV1-M"],
    },
    {
        "id": BIONIC_SBS,
        "label": "ubuntu_bionic",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["DEV1-S", "POP2-2C-8G"],
    },
]


def machine_deployment(
    spec: str = "zone: fr-par-1\ncommercialType: DEV1-S\n",
    os: str = "ubuntu",
    kind: str = "MachineDeployment",
    provider: str = "scaleway",
) -> str:
    """For a MachineDeployment, the spec's lines start on line 15 (column 13), and
    operatingSystem's value (its opening quote) follows them at column 28."""
    body = "".join(f"            {line}\n" for line in spec.strip("\n").splitlines())
    where = "  template:\n    spec:\n" if kind != "Machine" else ""
    indent = "    " if kind != "Machine" else ""
    text = (
        f'apiVersion: "cluster.k8s.io/v1alpha1"\nkind: {kind}\nmetadata:\n  name: pool\n'
        f"  namespace: kube-system\nspec:\n  replicas: 1\n{where}"
        f"{indent}  providerSpec:\n{indent}    value:\n"
        f'{indent}      sshPublicKeys: ["ssh-ed25519 AAAA"]\n'
        f'{indent}      cloudProvider: "{provider}"\n{indent}      cloudProviderSpec:\n'
    )
    if kind == "Machine":
        body = "".join(f"        {line}\n" for line in spec.strip("\n").splitlines())
    text += body
    text += f'{indent}      operatingSystem: "{os}"\n{indent}      operatingSystemSpec:\n'
    text += f"{indent}        distUpgradeOnBoot: false\n"
    return text


def read(root: Path, files: dict[str, str]) -> SourceResult:
    scope = Scope([root], cwd=root, max_file_bytes=5_000_000)
    claimed = []
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        candidate = Candidate(root / name, shown=name, given=False, scope=scope)
        if machine_controller.wants(name) and machine_controller.detect(candidate):
            claimed.append(candidate)
    context = ReadContext(cwd=root, env={}, home=None, scope=scope)
    return machine_controller.read(claimed, context)


def only(result: SourceResult) -> Instance:
    assert not result.errors, result.errors
    (instance,) = result.instances
    return instance


def texts(instance: Instance) -> dict[str, str | None]:
    return {k: v.text if v.known else f"?{v.kind}" for k, v in instance.values.items()}


DETECTION = [  # id, name, text, claimed
    ("machine-deployment", "md.yaml", machine_deployment(), True),
    ("machine", "m.yml", machine_deployment(kind="Machine"), True),
    ("other-cloud", "aws.yaml", machine_deployment(provider="aws"), False),
    ("deployment", "d.yaml", "apiVersion: apps/v1\nkind: Deployment\n", False),
    ("json-by-name", "md.json", machine_deployment(), False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"), [c[1:] for c in DETECTION], ids=[c[0] for c in DETECTION]
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=5_000_000)
    file = Candidate(tmp_path / name, shown=name, given=True, scope=scope)
    assert (machine_controller.wants(name) and machine_controller.detect(file)) is claimed


SECRET = "secretKeyRef:\n  namespace: kube-system\n  name: scw\n  key: zone\n"
FIELDS = [  # id, kind, spec, os, {attribute: text or ?kind}
    (
        "ubuntu",
        "MachineDeployment",
        "zone: fr-par-2\ncommercialType: DEV1-M\n",
        "ubuntu",
        {"type": "DEV1-M", "zone": "fr-par-2", "image": "ubuntu_bionic"},
    ),
    (
        "machine-set",
        "MachineSet",
        "zone: nl-ams-1\ncommercialType: DEV1-S\n",
        "ubuntu",
        {"type": "DEV1-S", "zone": "nl-ams-1", "image": "ubuntu_bionic"},
    ),
    (
        "machine",
        "Machine",
        "zone: fr-par-1\ncommercialType: DEV1-S\n",
        "ubuntu",
        {"type": "DEV1-S", "zone": "fr-par-1", "image": "ubuntu_bionic"},
    ),
    (
        "config-var-value",
        "MachineDeployment",
        "zone:\n  value: pl-waw-1\ncommercialType:\n  value: DEV1-S\n",
        "ubuntu",
        {"type": "DEV1-S", "zone": "pl-waw-1", "image": "ubuntu_bionic"},
    ),
    (
        "secret-wins-over-value",
        "MachineDeployment",
        "zone:\n  value: fr-par-1\n  " + SECRET.replace("\n", "\n  ").rstrip() + "\n"
        "commercialType: DEV1-S\n",
        "ubuntu",
        {"zone": "?data-source"},
    ),
    (
        "config-map",
        "MachineDeployment",
        "zone: fr-par-1\ncommercialType:\n  configMapKeyRef: {namespace: a, name: b, key: c}\n",
        "ubuntu",
        {"type": "?data-source"},
    ),
    (
        "incomplete-secret-falls-back-to-value",
        "MachineDeployment",
        "zone:\n  secretKeyRef: {name: scw}\n  value: fr-par-3\ncommercialType: DEV1-S\n",
        "ubuntu",
        {"zone": "fr-par-3"},
    ),
    (
        "zone-required",
        "MachineDeployment",
        "commercialType: DEV1-S\n",
        "ubuntu",
        {"zone": "?no-value", "type": "DEV1-S"},
    ),
    (
        "flatcar-has-no-image",
        "MachineDeployment",
        "zone: fr-par-1\ncommercialType: DEV1-S\n",
        "flatcar",
        {"image": "?unsupported"},
    ),
    (
        "os-names-are-exact",
        "MachineDeployment",
        "zone: fr-par-1\ncommercialType: DEV1-S\n",
        "Ubuntu",
        {"image": "?unsupported"},
    ),
]


@pytest.mark.parametrize(
    ("kind", "spec", "os", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS]
)
def test_fields(tmp_path: Path, kind: str, spec: str, os: str, expected: dict[str, str]) -> None:
    instance = only(read(tmp_path, {"md.yaml": machine_deployment(spec, os, kind)}))
    assert instance.address == f"{kind}/pool"
    got = texts(instance)
    assert {k: got.get(k) for k in expected} == expected
    assert "volume_type" not in instance.values


def test_image_comes_from_the_operating_system(tmp_path: Path) -> None:
    instance = only(read(tmp_path, {"md.yaml": machine_deployment()}))
    image = instance.values["image"]
    assert image.span is not None
    assert (image.span.line, image.span.column) == (17, 28)
    assert image.origin == "machine-controller's image for ubuntu"
    assert [h.message for h in image.chain] == [
        "operatingSystem ubuntu: machine-controller creates the server from image ubuntu_bionic"
    ]
    assert instance.rejected == ()
    assert instance.phrasing.name("image") == "operatingSystem's image"
    assert instance.phrasing.setting("type", "DEV1-L") == "commercialType: DEV1-L"
    zone = instance.values["zone"]
    assert zone.span is not None and (zone.span.line, zone.span.column) == (15, 19)
    model = instance.model
    assert model is not None
    assert (model.rewrite_dashes, model.strip_zone_prefix, model.default_image_type) == (
        False,
        False,
        "unknown_type",
    )


def test_other_operating_systems_are_rejected(tmp_path: Path) -> None:
    instance = only(read(tmp_path, {"md.yaml": machine_deployment(os="flatcar")}))
    (rejected,) = instance.rejected
    assert rejected.attribute == "operatingSystem"
    assert rejected.message == "machine-controller's Scaleway provider has no image for OS flatcar"
    assert (rejected.span.line, rejected.span.column) == (17, 28)
    assert instance.values["image"].reason == rejected.message


UNRESOLVED = [  # id, spec, attribute, reason
    (
        "secret",
        "zone:\n  " + SECRET.replace("\n", "\n  ").rstrip() + "\ncommercialType: DEV1-S\n",
        "zone",
        "cloudProviderSpec.zone comes from Secret kube-system/scw key zone, "
        "which imagelint does not read",
    ),
    (
        "missing-zone",
        "commercialType: DEV1-S\n",
        "zone",
        "machine-controller requires cloudProviderSpec.zone",
    ),
    (
        "missing-type",
        "zone: fr-par-1\n",
        "type",
        "machine-controller requires cloudProviderSpec.commercialType",
    ),
    (
        "empty-config-var",
        "zone: {}\ncommercialType: DEV1-S\n",
        "zone",
        "cloudProviderSpec.zone sets no value",
    ),
]


@pytest.mark.parametrize(
    ("spec", "attribute", "reason"), [c[1:] for c in UNRESOLVED], ids=[c[0] for c in UNRESOLVED]
)
def test_unresolved_reasons(tmp_path: Path, spec: str, attribute: str, reason: str) -> None:
    instance = only(read(tmp_path, {"md.yaml": machine_deployment(spec)}))
    assert instance.values[attribute].reason == reason


def test_fill_in_placeholders_of_the_examples_are_unknown_not_rejected(tmp_path: Path) -> None:
    spec = "zone: << ZONE >>\ncommercialType: DEV1-M\n"
    instance = only(read(tmp_path, {"md.yaml": machine_deployment(spec, os="<< OS_NAME >>")}))
    assert instance.rejected == ()
    assert {k: v.reason for k, v in instance.values.items() if not v.known} == {
        "zone": "cloudProviderSpec.zone is << ZONE >>, a placeholder filled in by other tooling",
        "image": "operatingSystem is << OS_NAME >>, a placeholder filled in by other tooling",
    }


def test_malformed_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = machine_deployment() + "- stray item\n"
    result = read(tmp_path, {"md.yaml": text})
    (error,) = result.errors
    assert (error.path, error.line, error.column) == ("md.yaml", 20, 1)


def test_helm_template_is_a_notice(tmp_path: Path) -> None:
    text = "{{- range .Values.pools }}\n" + machine_deployment() + "{{- end }}\n"
    result = read(tmp_path, {"md.yaml": text.replace("DEV1-S", "{{ .type }}")})
    assert (result.errors, result.instances) == ((), ())
    assert result.notices == ("md.yaml: a template that is not YAML until rendered: not checked",)


def test_file_without_scaleway_machines_is_not_mine(tmp_path: Path) -> None:
    text = "# cloudProvider: scaleway is one option\n" + machine_deployment(provider="hetzner")
    result = read(tmp_path, {"md.yaml": text})
    assert (result.instances, result.not_mine) == ((), ("md.yaml",))


CHECKS = [  # id, spec, os, findings (rule, line, column)
    ("clean-local-image-first", "zone: fr-par-1\ncommercialType: DEV1-M\n", "ubuntu", []),
    ("clean-sbs-only-type", "zone: fr-par-1\ncommercialType: POP2-2C-8G\n", "ubuntu", []),
    (
        "type-no-image-boots",
        "zone: fr-par-1\ncommercialType: GP1-XS\n",
        "ubuntu",
        [("commercial-type-incompatible", 16, 29)],
    ),
    (
        "zone-without-the-image",
        "zone: nl-ams-1\ncommercialType: DEV1-S\n",
        "ubuntu",
        [("image-zone-unavailable", 17, 28)],
    ),
    ("bad-zone", "zone: fr-pa-1\ncommercialType: DEV1-S\n", "ubuntu", [("zone-unknown", 15, 19)]),
    (
        "flatcar",
        "zone: fr-par-1\ncommercialType: DEV1-S\n",
        "flatcar",
        # The error says why the image is unknown: no notice repeats it at the same place.
        [("setting-rejected", 17, 28)],
    ),
]


@pytest.mark.parametrize(
    ("spec", "os", "expected"), [c[1:] for c in CHECKS], ids=[c[0] for c in CHECKS]
)
def test_rules_end_to_end(
    tmp_path: Path, spec: str, os: str, expected: list[tuple[str, int, int]]
) -> None:
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES)
    outcome = lint_tree(tmp_path / "repo", {"md.yaml": machine_deployment(spec, os)}, catalog)
    assert projected(outcome) == sorted(expected)
