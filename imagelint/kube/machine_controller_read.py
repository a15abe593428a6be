"""machine-controller's Scaleway machines: commercial type and zone as written, the image
its provider picks for the operating system."""

from __future__ import annotations

import re
from collections.abc import Iterable

from imagelint.kube._k8s import K8sObject, path, scalar_text
from imagelint.kube.machine_controller import NAME
from imagelint.model import Hop, Instance, Phrasing, Rejected, ResolutionModel, Span, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar

# kubermatic/machine-controller v1.66.2 (f106833, unchanged since the provider was added in
# e82d4a5, 2020-11): pkg/cloudprovider/provider/scaleway/provider.go getImageNameForOS maps
# only `ubuntu`, to "ubuntu_bionic", and Create passes it to the Go SDK's
# instance.CreateServer (scaleway-sdk-go v1.0.0-beta.30, api/instance/v1/server_utils.go),
# which resolves a label through marketplace GetLocalImageByLabel without a type: the
# first compatible image in type_asc order, local images first (MARKETPLACE.md §5.5).
MODEL = ResolutionModel(
    name="machine-controller's Scaleway provider (v1.66: untyped lookup, local images first)",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    default_image_type="unknown_type",
    volume_types=(),
)
IMAGES = {"ubuntu": "ubuntu_bionic"}
# Where each kind keeps its providerSpec.
PROVIDER_SPECS = {
    "MachineDeployment": ("spec", "template", "spec", "providerSpec", "value"),
    "MachineSet": ("spec", "template", "spec", "providerSpec", "value"),
    "Machine": ("spec", "providerSpec", "value"),
}
# machine-controller's examples and e2e testdata write `<< OS_NAME >>` for their tooling to
# fill in (test/e2e/provisioning/testdata/machinedeployment-scaleway.yaml).
FILL_IN = re.compile(r"<<\s*[A-Za-z0-9_]+\s*>>")
PHRASING = Phrasing(
    names=(
        ("type", "cloudProviderSpec.commercialType"),
        ("zone", "cloudProviderSpec.zone"),
        ("image", "operatingSystem's image"),
    ),
    settings=(("type", "commercialType: {}"), ("zone", "zone: {}")),
)


def machines(objs: Iterable[K8sObject]) -> list[Instance]:
    found = []
    for obj in objs:
        steps = PROVIDER_SPECS.get(obj.kind)
        value = path(obj.node, *steps) if steps else None
        if not isinstance(value, YMap) or scalar_text(value.get("cloudProvider")) != "scaleway":
            continue
        spec = value.get("cloudProviderSpec")
        values = {
            "type": _config_var(spec, "commercialType", obj.header_span),
            "zone": _config_var(spec, "zone", obj.header_span),
        }
        image, rejected = _image(value, obj.header_span)
        values["image"] = image
        found.append(
            Instance(
                source=NAME,
                address=f"{obj.kind}/{obj.name or '(unnamed)'}",
                span=obj.header_span,
                values=values,
                model=MODEL,
                phrasing=PHRASING,
                rejected=rejected,
            )
        )
    return found


def _config_var(spec: YNode | None, key: str, span: Span) -> Value:
    """A providerconfig.ConfigVarString (sdk/providerconfig/types.go): a string, or an
    object whose secretKeyRef, then configMapKeyRef, wins over its `value` when complete
    (sdk/providerconfig/configvar/resolver.go GetStringValue)."""
    name = f"cloudProviderSpec.{key}"
    node = path(spec, key)
    if node is None:
        # Validate: scw.ParseZone("") fails; "commercial type is missing".
        return Value.unknown(f"machine-controller requires {name}", span)
    if isinstance(node, YScalar):
        return _scalar(node, name)
    if isinstance(node, YMap):
        for ref, what in (("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")):
            fields = [scalar_text(path(node, ref, f)) for f in ("namespace", "name", "key")]
            if all(fields):
                namespace, object_name, item = fields
                reason = (
                    f"{name} comes from {what} {namespace}/{object_name} key {item}, "
                    "which imagelint does not read"
                )
                return Value.unknown(reason, node.span, kind="data-source")
        inner = node.get("value")
        if isinstance(inner, YScalar) and inner.tag != "null":
            return _scalar(inner, name)
        return Value.unknown(f"{name} sets no value", node.span)
    return Value.unknown(f"{name} is not a string", node.span, kind="invalid")


def _scalar(node: YScalar, name: str) -> Value:
    fill_in = FILL_IN.search(node.text)
    if fill_in is not None:
        reason = f"{name} is {fill_in[0]}, a placeholder filled in by other tooling"
        return Value.unknown(reason, node.span)
    return Value.of(node.text, node.span)


def _image(value: YMap, span: Span) -> tuple[Value, tuple[Rejected, ...]]:
    node = value.get("operatingSystem")
    system = scalar_text(node)
    if node is None or system is None:
        reason = "operatingSystem is not set: machine-controller picks the image by it"
        return Value.unknown(reason, node.span if node else span, kind="invalid"), ()
    if FILL_IN.search(system):
        reason = f"operatingSystem is {system}, a placeholder filled in by other tooling"
        return Value.unknown(reason, node.span), ()
    label = IMAGES.get(system)
    if label is not None:
        hop = Hop(
            span=node.span,
            message=f"operatingSystem {system}: machine-controller creates the server from "
            f"image {label}",
        )
        origin = f"machine-controller's image for {system}"
        return Value.of(label, node.span, origin=origin, chain=(hop,)), ()
    message = f"machine-controller's Scaleway provider has no image for OS {system}"
    rejected = Rejected(
        attribute="operatingSystem",
        span=node.span,
        message=message,
        hint=f"use operatingSystem: ubuntu (machine-controller boots it from {IMAGES['ubuntu']})",
    )
    return Value.unknown(message, node.span, kind="unsupported"), (rejected,)
