"""Which `provider "scaleway"` configuration a resource uses, through aliases and module
`providers = {}` maps, and the zone that gives it (MARKETPLACE.md §5.2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from imagelint.model import Span, Value
from imagelint.parsers.hcl_syntax import (
    Block,
    Body,
    Expr,
    Literal,
    ObjectCons,
    Template,
    Traversal,
)
from imagelint.terraform import values as tv
from imagelint.terraform.convert import snippet, to_value
from imagelint.terraform.names import PROVIDER
from imagelint.terraform.values import V
from imagelint.terraform.zone_policy import default_zone

if TYPE_CHECKING:
    from imagelint.terraform.module_eval import ModuleEval

DEFAULT = PROVIDER  # the unaliased configuration's local name


@dataclass(frozen=True)
class ProviderRef:
    """A provider configuration: its block (None: the implicit, empty one) and the module
    whose scope evaluates the block's arguments."""

    name: str  # "scaleway" or "scaleway.ALIAS", as the owner module calls it
    block: Block | None
    owner: ModuleEval | None

    def zone(self) -> Value | None:
        if self.block is None or self.owner is None:
            return None
        attribute = self.block.body.attributes.get("zone")
        if attribute is None:
            return None
        value = self.owner.eval(attribute.expr)
        return to_value(value, at=attribute.expr.span, origin=f"provider {self.name} zone")


Providers = Mapping[str, ProviderRef | tv.Unknown]


def own_providers(module: ModuleEval) -> dict[str, ProviderRef | tv.Unknown]:
    """The configurations a module's own `provider "scaleway"` blocks declare."""
    configs: dict[str, ProviderRef | tv.Unknown] = {}
    for block in module.config.providers:
        # The loader refused blocks whose alias is not a literal string (a parse error).
        alias = block.body.attributes.get("alias")
        name = DEFAULT
        if alias is not None and isinstance(alias.expr, Template) and alias.expr.literal:
            name = f"{DEFAULT}.{alias.expr.literal}"
        if name in configs:
            reason = f"provider {name} is configured twice in this module"
            configs[name] = tv.Unknown(kind="invalid", reason=reason, span=block.header)
        else:
            configs[name] = ProviderRef(name=name, block=block, owner=module)
    return configs


def root_providers(module: ModuleEval) -> dict[str, ProviderRef | tv.Unknown]:
    configs = own_providers(module)
    configs.setdefault(DEFAULT, ProviderRef(name=DEFAULT, block=None, owner=None))
    return configs


def child_providers(
    parent: ModuleEval, call: Block, child: ModuleEval
) -> dict[str, ProviderRef | tv.Unknown]:
    """A child gets its parent's default configuration, or exactly what the call's
    `providers` map passes; an aliased configuration is never inherited implicitly."""
    parents = parent.providers or {}
    passed: dict[str, ProviderRef | tv.Unknown] = {}
    mapping = call.body.attributes.get("providers")
    if mapping is None:
        if DEFAULT in parents:
            passed[DEFAULT] = parents[DEFAULT]
    elif isinstance(mapping.expr, ObjectCons):
        for key, value in mapping.expr.items:
            inner, outer = provider_name(key), provider_name(value)
            if inner is None or not inner.startswith(DEFAULT):
                continue
            if outer is None:
                reason = f"providers entry {snippet(value.source)} is not a provider reference"
                passed[inner] = tv.Unknown(kind="invalid", reason=reason, span=value.span)
            else:
                passed[inner] = parents.get(outer) or _not_configured(outer, value.span)
    else:
        reason = "the module's providers argument must be a map of provider references"
        passed[DEFAULT] = tv.Unknown(kind="invalid", reason=reason, span=mapping.expr.span)
    # A provider block inside the child (legacy style) configures the child itself.
    return {**passed, **own_providers(child)}


def provider_name(expr: Expr) -> str | None:
    """`scaleway`, `scaleway.par2`, or the legacy quoted form `"scaleway.par2"`."""
    if isinstance(expr, Template) and expr.literal is not None:
        text = expr.literal
    elif isinstance(expr, Literal) and isinstance(expr.value, str):  # a bare map key
        text = expr.value
    elif isinstance(expr, Traversal) and all(isinstance(s, str) for s in expr.steps):
        text = ".".join([expr.root, *(str(s) for s in expr.steps)])
    else:
        return None
    parts = text.split(".")
    return text if 1 <= len(parts) <= 2 and all(parts) else None


def provider_of(module: ModuleEval, body: Body) -> ProviderRef | tv.Unknown:
    configs = module.providers or {}
    attribute = body.attributes.get("provider")
    if attribute is None:
        return configs.get(DEFAULT) or _not_configured(DEFAULT, None)
    name = provider_name(attribute.expr)
    if name is None or name.split(".")[0] != PROVIDER:
        reason = f"provider = {snippet(attribute.expr.source)} is not a scaleway provider"
        return tv.Unknown(kind="invalid", reason=reason, span=attribute.expr.span)
    return configs.get(name) or _not_configured(name, attribute.expr.span)


def zone_of(module: ModuleEval, body: Body, bindings: Mapping[str, V], header: Span) -> Value:
    """The resource's `zone`; else SCW_DEFAULT_ZONE; else its provider configuration's zone;
    else the scw CLI profile's; else fr-par-1 (the provider's own order)."""
    attribute = body.attributes.get("zone")
    if attribute is not None:
        own = to_value(module.eval(attribute.expr, bindings), at=attribute.expr.span)
        if own is not None:
            return own
    provider = provider_of(module, body)
    if isinstance(provider, tv.Unknown):
        provider_zone: Value | None = to_value(provider, at=header, origin="provider")
    else:
        provider_zone = provider.zone()
    return default_zone(module.run.env, provider_zone, module.run.home)


def data_source_attributes(
    module: ModuleEval, block: Block, bindings: Mapping[str, V]
) -> dict[str, V]:
    """What a `scaleway_marketplace_image` data source exports besides its id, as the
    provider fills them in (MARKETPLACE.md §5.3)."""
    body = block.body
    attributes: dict[str, V] = {}
    for name, default in (("label", None), ("instance_type", "DEV1-S"), ("image_type", None)):
        attribute = body.attributes.get(name)
        value = module.eval(attribute.expr, bindings) if attribute is not None else tv.null()
        if tv.is_null(value) and default is not None:
            value = tv.string(default, block.header)
        attributes[name] = value
    zone = zone_of(module, body, bindings, block.header)
    attributes["zone"] = (
        tv.Known(data=zone.text, type="string", span=zone.span, chain=zone.chain)
        if zone.known
        else tv.Unknown(kind=zone.kind, reason=str(zone.reason), span=zone.span)
    )
    return attributes


def _not_configured(name: str, span: Span | None) -> tv.Unknown:
    reason = (
        f"provider {name} is not configured in this module (no such alias is declared or passed)"
    )
    return tv.Unknown(kind="invalid", reason=reason, span=span)
