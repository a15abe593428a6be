"""A Crossplane `Server` managed resource of provider-scaleway as an instance record."""

from __future__ import annotations

from collections.abc import Mapping

from imagelint.kube._k8s import K8sObject, path, scalar_text, step_text
from imagelint.model import Instance, ParseError, Phrasing, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YSeq
from imagelint.provider_models import server_model

NAME = "crossplane"

# Cluster-scoped (Crossplane v1 style) and namespaced (Crossplane v2) managed resources;
# applesilicon and baremetal have Servers too, which are not instances.
SERVER_GROUPS = ("instance.scaleway.upbound.io", "instance.scaleway.m.upbound.io")

# scaleway/crossplane-provider-scaleway wraps the Terraform provider named by its Makefile's
# TERRAFORM_PROVIDER_VERSION: 2.79.0 on main since a123a5e (2026-07-16, #325); the release
# v0.6.0 wraps 2.69.0, which resolves images the same way (every release since 2.50 does).
MODEL = server_model(
    2, 79, name="the Terraform provider 2.79 wrapped by crossplane-provider-scaleway"
)

# apis/*/instance/v1alpha1/zz_server_types.go: rootVolume is a list (Terraform's block).
FIELDS: tuple[tuple[str, tuple[str | int, ...]], ...] = (
    ("image", ("image",)),
    ("type", ("type",)),
    ("zone", ("zone",)),
    ("volume_type", ("rootVolume", 0, "volumeType")),
)
FOR_PROVIDER = ("spec", "forProvider")
INIT_PROVIDER = ("spec", "initProvider")

PHRASING = Phrasing(
    names=tuple((attr, step_text((*FOR_PROVIDER, *steps))) for attr, steps in FIELDS),
    settings=(
        ("image", "image: {}"),
        ("type", "type: {}"),
        ("zone", "zone: {}"),
        ("volume_type", "rootVolume: [{volumeType: {}}]"),
    ),
)


def is_server(obj: K8sObject) -> bool:
    return obj.kind == "Server" and obj.api_group in SERVER_GROUPS


def server_instance(
    obj: K8sObject,
    *,
    address: str,
    default_zone: str | None,
    patched: Mapping[str, Value] | None = None,
) -> Instance:
    """The instance `obj` asks for; ParseError when its spec is not shaped as the CRD says
    (the API server would refuse the object)."""
    for section in (FOR_PROVIDER, INIT_PROVIDER, ("spec",)):
        node = path(obj.node, *section)
        if node is not None and not isinstance(node, YMap):
            raise _shape_error(node, f"{step_text(section)} must be a mapping")
    values: dict[str, Value] = {}
    for attribute, steps in FIELDS:
        value = _field(obj.node, steps)
        # A field a Composition's patch writes is unknown until a composite resource exists.
        value = (patched or {}).get(attribute, value)
        if value is not None:
            values[attribute] = value
    if "zone" not in values:
        values["zone"] = _credentials_zone(obj, default_zone)
    return Instance(
        source=NAME,
        address=address,
        span=obj.header_span,
        values=values,
        model=MODEL,
        phrasing=PHRASING,
    )


def written_in_for_provider(obj: K8sObject, steps: tuple[str | int, ...]) -> bool:
    return path(obj.node, *FOR_PROVIDER, *steps) is not None


def _field(node: YMap, steps: tuple[str | int, ...]) -> Value | None:
    # initProvider holds values used only on creation; forProvider wins where both are set.
    for section in (FOR_PROVIDER, INIT_PROVIDER):
        root_volume = path(node, *section, "rootVolume") if steps[0] == "rootVolume" else None
        if root_volume is not None and not isinstance(root_volume, YSeq):
            where = step_text((*section, "rootVolume"))
            reason = f"{where} must be a list ([{{volumeType: ...}}]): the API server rejects it"
            return Value.unknown(reason, root_volume.span, kind="invalid")
        found = path(node, *section, *steps)
        if found is not None:
            origin = "resource" if section == FOR_PROVIDER else step_text(section)
            return _scalar_value(found, step_text((*section, *steps)), origin)
    return None


def _scalar_value(node: YNode, where: str, origin: str) -> Value:
    text = scalar_text(node)
    if _unquoted_template(node):
        reason = f"{where} is a template expression, known only once it is rendered"
        return Value.unknown(reason, node.span, origin=origin, kind="unsupported")
    if text is None:
        reason = f"{where} is not a string: the API server rejects it"
        return Value.unknown(reason, node.span, origin=origin, kind="invalid")
    if "{{" in text:
        reason = f"{where} is a template expression ({text}), known only once it is rendered"
        return Value.unknown(reason, node.span, origin=origin, kind="unsupported")
    return Value.of(text, node.span, origin=origin)


def _unquoted_template(node: YNode) -> bool:
    # `image: {{ .Values.image }}` parses as a mapping whose only key is a mapping: a shape
    # no manifest has, left by a Helm or Go template that happens to be valid YAML.
    return isinstance(node, YMap) and len(node.items) == 1 and isinstance(node.items[0][0], YMap)


def _credentials_zone(obj: K8sObject, default_zone: str | None) -> Value:
    if default_zone:
        return Value.of(default_zone, None, origin="--default-zone")
    ref = path(obj.node, "spec", "providerConfigRef")
    config = scalar_text(path(ref, "name")) or "default"
    # The CRDs' defaults: {name: default}, and kind ClusterProviderConfig when namespaced.
    namespaced = obj.api_group == SERVER_GROUPS[1]
    config_kind = scalar_text(path(ref, "kind")) or (
        "ClusterProviderConfig" if namespaced else "ProviderConfig"
    )
    reason = (
        f"not set here, so it comes from the credentials of {config_kind} {config} (its "
        "secret's zone or the provider's scw profile), which imagelint cannot read: set it "
        "or pass --default-zone"
    )
    return Value.unknown(reason, None, origin=f"{config_kind} {config}", kind="no-value")


def _shape_error(node: YNode, message: str) -> ParseError:
    span = node.span
    return ParseError(path=span.path, line=span.line, column=span.column, message=message)
