"""Crossplane Compositions: Server bases in both modes, the fields patches write, and
files that are malformed, templated, or hold nothing of Crossplane's."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.kube.crossplane_composition import field_steps
from tests.sources.test_crossplane import CLUSTER, by_address, read, seen

BASE = (
    "apiVersion: instance.scaleway.upbound.io/v1alpha1\n"
    "kind: Server\n"
    "spec:\n"
    "  forProvider:\n"
    "    image: ubuntu_jammy\n"
    "    type: DEV1-S\n"
    "    zone: fr-par-1\n"
    "    rootVolume:\n"
    "      - volumeType: l_ssd\n"
)
HEAD = (
    "apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\n"
    "metadata:\n  name: vm\nspec:\n  compositeTypeRef:\n"
    "    apiVersion: example.org/v1\n    kind: XVM\n"
)


def indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


def resources_mode(patches: str, base: str = BASE, patch_sets: str = "") -> str:
    return (
        HEAD
        + patch_sets
        + "  resources:\n    - name: vm\n      base:\n"
        + indent(base, 8)
        + ("      patches:\n" + indent(patches, 8) if patches else "")
    )


PATCHED = [  # id, patches, patch sets, attributes unknown ("set by a patch")
    ("no-patches", "", "", set()),
    (
        "type-from-the-composite",
        "- fromFieldPath: spec.parameters.size\n  toFieldPath: spec.forProvider.type\n",
        "",
        {"type"},
    ),
    (
        "to-field-path-defaults-to-from-field-path",
        "- type: FromCompositeFieldPath\n  fromFieldPath: spec.forProvider.image\n",
        "",
        {"image"},
    ),
    (
        "root-volume-list-index",
        "- fromFieldPath: spec.disk\n  toFieldPath: spec.forProvider.rootVolume[0].volumeType\n",
        "",
        {"volume_type"},
    ),
    (
        "another-root-volume-item-is-not-the-first",
        "- fromFieldPath: spec.disk\n  toFieldPath: spec.forProvider.rootVolume[1].volumeType\n",
        "",
        set(),
    ),
    (
        "whole-for-provider",
        "- fromFieldPath: spec.parameters.server\n  toFieldPath: spec.forProvider\n",
        "",
        {"image", "type", "zone", "volume_type"},
    ),
    (
        "patch-set",
        "- type: PatchSet\n  patchSetName: placement\n",
        "  patchSets:\n    - name: placement\n      patches:\n"
        "        - fromFieldPath: spec.region\n          toFieldPath: spec.forProvider.zone\n",
        {"zone"},
    ),
    (
        "combine-from-composite",
        "- type: CombineFromComposite\n  toFieldPath: spec.forProvider.image\n"
        "  combine:\n    variables: [{fromFieldPath: spec.os}]\n    strategy: string\n",
        "",
        {"image"},
    ),
    (
        "from-environment",
        "- type: FromEnvironmentFieldPath\n  fromFieldPath: zone\n"
        "  toFieldPath: spec.forProvider.zone\n",
        "",
        {"zone"},
    ),
    (
        "to-composite-writes-elsewhere",
        "- type: ToCompositeFieldPath\n  fromFieldPath: spec.forProvider.type\n"
        "  toFieldPath: status.type\n",
        "",
        set(),
    ),
    (
        "unrelated-field",
        "- fromFieldPath: metadata.labels\n  toFieldPath: metadata.labels\n",
        "",
        set(),
    ),
    (
        "init-provider-patch-under-a-for-provider-value",
        "- fromFieldPath: spec.size\n  toFieldPath: spec.initProvider.type\n",
        "",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("patches", "patch_sets", "unknown"), [c[1:] for c in PATCHED], ids=[c[0] for c in PATCHED]
)
def test_patched_fields(tmp_path: Path, patches: str, patch_sets: str, unknown: set[str]) -> None:
    result = read(tmp_path, {"composition.yaml": resources_mode(patches, patch_sets=patch_sets)})
    (instance,) = result.instances
    assert instance.address == "Composition/vm: resource vm"
    assert {k for k, v in instance.values.items() if not v.known} == unknown
    for key in unknown:
        value = instance.values[key]
        assert value.kind == "apply-time"
        assert (value.reason or "").startswith("set by a patch from the ")


def test_patched_value_points_at_the_patch_and_the_replaced_base_value(tmp_path: Path) -> None:
    patches = "- fromFieldPath: spec.parameters.size\n  toFieldPath: spec.forProvider.type\n"
    text = resources_mode(patches)
    (instance,) = read(tmp_path, {"composition.yaml": text}).instances
    value = instance.values["type"]
    assert value.reason == "set by a patch from the composite resource (spec.parameters.size)"
    assert value.span is not None and (value.span.line, value.span.column) == (23, 24)
    assert [(h.span.line, h.message) for h in value.chain] == [
        (17, "the base's value DEV1-S, replaced by a patch")
    ]
    assert instance.span.line == 13  # the base's kind


def test_pipeline_mode_and_base_without_zone(tmp_path: Path) -> None:
    base = BASE.replace("    zone: fr-par-1\n", "")
    text = (
        HEAD + "  mode: Pipeline\n  pipeline:\n"
        "    - step: other-function\n      functionRef: {name: function-go-templating}\n"
        "      input: {apiVersion: gotemplating.fn.crossplane.io/v1beta1, kind: GoTemplate}\n"
        "    - step: patch-and-transform\n      functionRef: {name: function-patch-and-transform}\n"
        "      input:\n        apiVersion: pt.fn.crossplane.io/v1beta1\n        kind: Resources\n"
        "        resources:\n          - name: ip\n            base:\n"
        "              apiVersion: instance.scaleway.upbound.io/v1alpha1\n              kind: IP\n"
        "          - name: server\n            base:\n" + indent(base, 14)
    )
    result = read(tmp_path, {"composition.yaml": text}, default_zone="nl-ams-1")
    assert result.errors == ()
    instance = by_address(result)["Composition/vm: resource server"]
    assert seen(instance) == {
        "image": ("ubuntu_jammy", 30, 26, "resource"),
        "type": ("DEV1-S", 31, 25, "resource"),
        "zone": ("nl-ams-1", None, None, "--default-zone"),
        "volume_type": ("l_ssd", 33, 35, "resource"),
    }


@pytest.mark.parametrize(
    ("field_path", "steps"),
    [
        ("spec.forProvider.type", ("spec", "forProvider", "type")),
        (
            "spec.forProvider.rootVolume[0].volumeType",
            ("spec", "forProvider", "rootVolume", 0, "volumeType"),
        ),
        ("metadata.labels[example.org/tier]", ("metadata", "labels", "example.org/tier")),
        ('metadata.annotations["a.b"]', ("metadata", "annotations", "a.b")),
        ("", ()),
    ],
)
def test_field_steps(field_path: str, steps: tuple[str | int, ...]) -> None:
    assert field_steps(field_path) == steps


FILES = [  # id, text, (error line or None), notice?, not mine?
    (
        "malformed-yaml",
        CLUSTER + "metadata:\n  name: web\nspec:\n  forProvider:\n    image: [ubuntu\n",
        8,
        False,
        False,
    ),
    (
        "for-provider-not-a-mapping",
        CLUSTER + "metadata:\n  name: web\nspec:\n  forProvider:\n    - image: ubuntu_jammy\n",
        7,
        False,
        False,
    ),
    (
        "helm-template",
        "{{- range .Values.servers }}\n---\n" + CLUSTER + "metadata:\n  name: {{ .name }}\n"
        "spec:\n  forProvider:\n    image: {{ .image | quote }}\n{{- end }}\n",
        None,
        True,
        False,
    ),
    (
        "provider-config-only",
        "apiVersion: scaleway.upbound.io/v1beta1\nkind: ProviderConfig\nmetadata:\n"
        "  name: default\nspec:\n  credentials:\n    source: Secret\n",
        None,
        False,
        True,
    ),
    (
        "scaleway-objects-that-are-not-servers",
        "apiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: SecurityGroup\n"
        "metadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\n",
        None,
        False,
        True,
    ),
    (
        "composition-without-server-base",
        resources_mode("", base="apiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: IP\n"),
        None,
        False,
        True,
    ),
]


@pytest.mark.parametrize(
    ("text", "error_line", "notice", "not_mine"), [c[1:] for c in FILES], ids=[c[0] for c in FILES]
)
def test_files(
    tmp_path: Path, text: str, error_line: int | None, notice: bool, not_mine: bool
) -> None:
    result = read(tmp_path, {"f.yaml": text})
    assert result.instances == ()
    assert [(e.path, e.line) for e in result.errors] == (
        [("f.yaml", error_line)] if error_line else []
    )
    assert bool(result.notices) is notice
    assert result.not_mine == (("f.yaml",) if not_mine else ())


def test_a_bad_object_does_not_hide_the_others(tmp_path: Path) -> None:
    bad = CLUSTER + "metadata:\n  name: bad\nspec: [1]\n"
    good = CLUSTER + "metadata:\n  name: good\nspec:\n  forProvider:\n    zone: fr-par-1\n"
    result = read(tmp_path, {"f.yaml": bad + "---\n" + good})
    assert [i.address for i in result.instances] == ["Server/good"]
    assert [(e.line, e.message) for e in result.errors] == [(5, "spec must be a mapping")]
