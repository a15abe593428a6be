"""The Scaleway servers of a Pulumi YAML program, one instance per stack file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from imagelint.model import Instance, Phrasing, Span, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar
from imagelint.provider_models import server_model
from imagelint.pulumi.evaluate import Evaluator
from imagelint.pulumi.project import Program, Stack
from imagelint.terraform.zone_policy import PROVIDER_ZONE, default_zone

NAME = "pulumi"

# pulumiverse/pulumi-scaleway bridges the Terraform provider named in provider/go.mod:
# v1.53.0 (2026-07-17) and main (4218ff1, 2026-07-23) require
# github.com/scaleway/terraform-provider-scaleway/v2 v2.79.0. A Pulumi.yaml does not pin the
# plugin, so the current release is assumed.
MODEL = server_model(
    2, 79, name="the Terraform provider 2.79 bridged by pulumi-scaleway 1.53 (assumed: current)"
)

# provider/cmd/pulumi-resource-scaleway/bridge-metadata.json: scaleway_instance_server is
# `scaleway:instance/server:Server` since 1.25.0 (#380, 2025-03); its earlier token is kept
# as an alias the SDKs mark @deprecated. Pulumi YAML reads `pkg:mod:Type` as `pkg:mod/type:Type`.
CURRENT_TOKENS = ("scaleway:instance:Server", "scaleway:instance/server:Server")
OLD_TOKENS = ("scaleway:index/instanceServer:InstanceServer", "scaleway:index:InstanceServer")
PROVIDER_TOKEN = "pulumi:providers:scaleway"
ZONE_KEY = "scaleway:zone"

# root_volume has MaxItemsOne: the bridge makes it an object, not a list.
FIELDS = (
    ("image", ("image",)),
    ("type", ("type",)),
    ("zone", ("zone",)),
    ("volume_type", ("rootVolume", "volumeType")),
)
PHRASING = Phrasing(
    names=tuple((attr, ".".join(("properties", *steps))) for attr, steps in FIELDS),
    settings=(
        ("image", "image: {}"),
        ("type", "type: {}"),
        ("zone", "zone: {}"),
        ("volume_type", "rootVolume: {volumeType: {}}"),
    ),
)


def instances(
    program: Program,
    stacks: list[Stack],
    *,
    env: Mapping[str, str],
    home: Path | None,
) -> list[Instance]:
    """Every server of `program` in each of `stacks` (once, without stack, when none)."""
    found: list[Instance] = []
    variants: list[Stack | None] = [*stacks] if stacks else [None]
    for stack in variants:
        evaluator = Evaluator(program, stack)
        for name, (key, resource) in program.resources.items():
            token = _scalar(resource, "type")
            if token not in (*CURRENT_TOKENS, *OLD_TOKENS) or _get(resource, "get") is not None:
                continue  # `get:` reads an existing server; it creates nothing
            address = f"{name} [stack {stack.name}]" if stack is not None else name
            values = _values(evaluator, resource)
            if "zone" not in values:
                values["zone"] = _default_zone(evaluator, resource, env, home)
            deprecated = None
            if token in OLD_TOKENS:
                deprecated = (
                    f"{token} is the token pulumi-scaleway used before 1.25.0, now a deprecated "
                    "alias of scaleway:instance/server:Server"
                )
            found.append(
                Instance(
                    source=NAME,
                    address=address,
                    span=key.span,
                    values=values,
                    model=MODEL,
                    phrasing=PHRASING,
                    deprecated=deprecated,
                )
            )
    return found


def _values(evaluator: Evaluator, resource: YNode) -> dict[str, Value]:
    properties = _get(resource, "properties")
    values: dict[str, Value] = {}
    for attribute, steps in FIELDS:
        node, where = properties, "properties"
        for step in steps:
            if node is not None and not isinstance(node, YMap):
                reason = f"{where} must be a mapping: Pulumi rejects the program"
                values[attribute] = Value.unknown(reason, node.span, kind="invalid")
                break
            node, where = _get(node, step), f"{where}.{step}"
        else:
            if node is not None and not (isinstance(node, YScalar) and node.tag == "null"):
                values[attribute] = evaluator.value(node, where)
    return values


def _default_zone(
    evaluator: Evaluator, resource: YNode, env: Mapping[str, str], home: Path | None
) -> Value:
    """The zone of the resource's provider: an explicit `pulumi:providers:scaleway`
    resource's `zone`, else the stack's `scaleway:zone` config; then the Terraform
    provider's own order (SCW_DEFAULT_ZONE, the scw profile, fr-par-1)."""
    explicit, configured = _provider_zone(evaluator, resource)
    if not explicit:  # stack config configures the default provider only
        configured = evaluator.config(ZONE_KEY)
    if configured is not None and not configured.known:
        return configured
    zone = default_zone(env, configured, home)
    if configured is not None and zone.origin == PROVIDER_ZONE:
        return replace(zone, origin=configured.origin)
    return zone


def _provider_zone(evaluator: Evaluator, resource: YNode) -> tuple[bool, Value | None]:
    """(whether the resource names an explicit provider, that provider's `zone`)."""
    options = _get(resource, "options")
    reference = _scalar(options, "provider")
    if reference is None:
        return False, None
    name = reference.strip().removeprefix("${").removesuffix("}").strip()
    entry = evaluator.program.resources.get(name)
    if entry is None or _scalar(entry[1], "type") != PROVIDER_TOKEN:
        reason = f"options.provider {reference} is not a scaleway provider of this program"
        return True, Value.unknown(reason, _span_of(options), kind="unsupported")
    zone = _get(_get(entry[1], "properties"), "zone")
    if zone is None:
        return True, None
    return True, evaluator.value(zone, f"zone of provider {name}", origin=f"provider {name}")


def _get(node: YNode | None, key: str) -> YNode | None:
    return node.get(key) if isinstance(node, YMap) else None


def _scalar(node: YNode | None, key: str) -> str | None:
    found = _get(node, key)
    return found.text if isinstance(found, YScalar) and found.tag != "null" else None


def _span_of(node: YNode | None) -> Span | None:
    return node.span if node is not None else None
