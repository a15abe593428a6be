"""`provider "scaleway"` blocks, and the zone a server gets from the one it uses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from imagelint.model import ParseError, Span, Value
from imagelint.parsers.hcl_syntax import Attribute, Block, Expr, Template, Traversal
from imagelint.parsers.terraform_eval import Scope, attribute_value, snippet

PROVIDER = "scaleway"
ZONE_ORIGIN = "provider zone"


@dataclass(frozen=True, kw_only=True)
class ProviderConfig:
    """A `provider "scaleway"` block."""

    alias: str | None
    header: Span
    zone: Attribute | None


def provider_config(block: Block) -> ProviderConfig:
    """Raises ParseError for a computed alias, which Terraform rejects too."""
    alias = block.body.attributes.get("alias")
    name: str | None = None
    if alias is not None:
        name = alias.expr.literal if isinstance(alias.expr, Template) else None
        if name is None:
            span = alias.expr.span
            message = "a provider alias must be a literal string"
            raise ParseError(path=span.path, line=span.line, column=span.column, message=message)
    return ProviderConfig(alias=name, header=block.header, zone=block.body.attributes.get("zone"))


class ProviderZones:
    """The zone a server gets from the provider configuration of its directory it uses."""

    def __init__(self, configs: Iterable[ProviderConfig], scope: Scope, default: Value) -> None:
        self.by_alias: dict[str | None, list[ProviderConfig]] = {}
        for config in configs:
            self.by_alias.setdefault(config.alias, []).append(config)
        self.scope = scope
        self.default = default

    def of(self, reference: Attribute | None) -> Value:
        """The zone for a server whose `provider` meta-argument is `reference` (or unset)."""
        if reference is None:
            return self.zone(None, None)
        expr = reference.expr
        if not _names_provider(expr):
            reason = f"provider = {snippet(expr.source)} is not a scaleway provider reference"
            return Value.unknown(reason, expr.span, ZONE_ORIGIN)
        steps = expr.steps if isinstance(expr, Traversal) else ()
        return self.zone(str(steps[0]) if steps else None, expr)

    def zone(self, alias: str | None, reference: Expr | None) -> Value:
        configs = self.by_alias.get(alias, [])
        if not configs:
            if reference is None or alias is None:
                return self.default
            reason = (
                f"provider scaleway.{alias} is not configured in this directory (no provider "
                f'"scaleway" block has alias = "{alias}"; providers passed to modules are not '
                "read yet)"
            )
            return Value.unknown(reason, reference.span, ZONE_ORIGIN)
        if len(configs) > 1:
            name = f"scaleway.{alias}" if alias else "scaleway"
            reason = f"provider {name} is configured {len(configs)} times in this directory"
            return Value.unknown(reason, configs[1].header, ZONE_ORIGIN)
        zone = configs[0].zone
        value = None if zone is None else attribute_value(zone.expr, self.scope, origin=ZONE_ORIGIN)
        return value or self.default  # null, like unset, leaves the default zone


def _names_provider(expr: Expr) -> bool:
    return (
        isinstance(expr, Traversal)
        and expr.root == PROVIDER
        and len(expr.steps) <= 1
        and all(isinstance(step, str) for step in expr.steps)
    )
