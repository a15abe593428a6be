"""Cluster API Scaleway machines as instance records, one per zone they are created in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.kube._k8s import path
from imagelint.kube.cluster_api import NAME
from imagelint.kube.cluster_api_files import Manifest
from imagelint.kube.cluster_api_zones import INFRA_GROUP, Obj, Placements
from imagelint.model import (
    LOCAL_IMAGE,
    SBS_IMAGE,
    Instance,
    Phrasing,
    ResolutionModel,
    Span,
    Value,
)
from imagelint.parsers.yaml_tree import YMap, YNode, walk

# scaleway/cluster-api-provider-scaleway v0.2.2 (453691a) and v0.1.x alike:
# internal/service/scaleway/instance/instance.go (ensureServer) sends `image.label` verbatim
# to the Go SDK's marketplace GetLocalImageByLabel(zone, commercialType, label, type): the
# first compatible image of that type; the type comes from internal/scope/machine.go
# RootVolumeType: `local` -> l_ssd -> instance_local, `block` or unset -> sbs_volume ->
# instance_sbs. `image.id` is used as is; `image.name` is FindImage in the project.
MODEL = ResolutionModel(
    name="cluster-api-provider-scaleway (v0.1-v0.2)",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    volume_image_types=(("local", LOCAL_IMAGE), ("block", SBS_IMAGE)),
    default_image_type=SBS_IMAGE,
    volume_types=("local", "block"),
)
# Where each machine kind keeps its ScalewayMachineSpec.
SPECS = {
    "ScalewayMachine": ("spec",),
    "ScalewayMachineTemplate": ("spec", "template", "spec"),
}
OURS = (*SPECS, "ScalewayCluster")
V1ALPHA1_TYPE = "PRO2-S"  # api/v1alpha1/scalewaymachine_types.go: +kubebuilder:default
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
IMAGE_KEYS = ("id", "label", "name")


def phrasing(prefix: str, image_key: str = "label") -> Phrasing:
    return Phrasing(
        names=(
            ("image", f"{prefix}.image.{image_key}"),
            ("type", f"{prefix}.commercialType"),
            ("volume_type", f"{prefix}.rootVolume.type"),
            ("zone", "failureDomain"),
        ),
        settings=(
            ("image", "image: {label: {}}"),
            ("type", "commercialType: {}"),
            ("volume_type", "rootVolume: {type: {}}"),
            ("zone", "failureDomain: {}"),
        ),
    )


def instances(manifests: Sequence[Manifest]) -> list[Instance]:
    objs = [Obj(k, m) for m in manifests for k in m.objects]
    placements = Placements(objs)
    found: list[Instance] = []
    for machine in objs:
        steps = SPECS.get(machine.k.kind)
        if steps is None or machine.k.api_group != INFRA_GROUP:
            continue
        span = machine.file.span(machine.k.header_span)
        values = _machine_values(machine, steps)
        for zone in placements.of(machine, span):
            suffix = f"@{zone.text}" if zone.known else ""
            found.append(
                Instance(
                    source=NAME,
                    address=f"{machine.address}{suffix}",
                    span=span,
                    values={**values, "zone": zone},
                    model=MODEL,
                    phrasing=phrasing(".".join(steps), _image_key(machine.at(*steps, "image"))),
                )
            )
    return found


def involved(manifest: Manifest) -> bool:
    """Whether the file holds Scaleway machines or clusters, or Cluster API objects that use
    them (a managed Kapsule cluster's objects are no instances: skipped)."""
    for obj in manifest.objects:
        if obj.api_group == INFRA_GROUP and obj.kind in OURS:
            return True
        for node in walk(obj.node):
            ref = node.get("infrastructureRef") if isinstance(node, YMap) else None
            if manifest.text(path(ref, "kind")) in OURS:
                return True
    return False


def _machine_values(machine: Obj, steps: tuple[str, ...]) -> dict[str, Value]:
    spec = machine.at(*steps)
    file = machine.file
    span = file.span(machine.k.header_span)
    prefix = ".".join(steps)
    values: dict[str, Value] = {}
    commercial_type = path(spec, "commercialType")
    if commercial_type is not None:
        values["type"] = file.value(commercial_type, f"{prefix}.commercialType")
    elif machine.k.version == "v1alpha1":
        values["type"] = Value.of(V1ALPHA1_TYPE, None, origin="v1alpha1 default commercialType")
    else:
        reason = f"{prefix}.commercialType is required by {machine.k.kind} {machine.k.version}"
        values["type"] = Value.unknown(reason, span, kind="invalid")
    values["image"] = _image(file, path(spec, "image"), prefix, span)
    volume = path(spec, "rootVolume", "type")
    if volume is not None:
        value = file.value(volume, f"{prefix}.rootVolume.type")
        if value.known and value.text not in ("local", "block"):
            # The CRD's enum (local;block): the API server refuses the object.
            reason = f'{prefix}.rootVolume.type "{value.text}" is neither local nor block'
            value = Value.unknown(reason, value.span, kind="invalid", chain=value.chain)
        values["volume_type"] = value
    return values


def _image_key(node: YNode | None) -> str:
    return next((k for k in IMAGE_KEYS if path(node, k) is not None), "label")


def _image(file: Manifest, node: YNode | None, prefix: str, span: Span) -> Value:
    written = [k for k in IMAGE_KEYS if path(node, k) is not None]
    if not isinstance(node, YMap) or len(written) != 1:
        where = file.span(node.span) if node is not None else span
        reason = f"{prefix}.image must set exactly one of id, label and name"
        return Value.unknown(reason, where, kind="invalid")
    key = written[0]
    value_node = path(node, key)
    assert value_node is not None
    value = file.value(value_node, f"{prefix}.image.{key}")
    if not value.known or key == "label":
        return value
    if key == "id":
        if UUID.match(str(value.text)):
            return value
        reason = f'{prefix}.image.id "{value.text}" is not an image UUID'
        return Value.unknown(reason, value.span, kind="invalid", chain=value.chain)
    reason = (
        f'{prefix}.image.name "{value.text}" names an image of the project, which only the '
        "Instance API finds, with credentials"
    )
    return Value.unknown(reason, value.span, kind="data-source", chain=value.chain)
