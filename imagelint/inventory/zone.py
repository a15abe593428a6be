"""The zone of an inventory instance that sets none, and defaults that set none either."""

from __future__ import annotations

from imagelint.model import Value
from imagelint.source_api import ReadContext
from imagelint.terraform.zone_policy import default_zone


def missing_zone(context: ReadContext) -> Value:
    """An inventory is created through the Terraform provider, which gives a server without
    `zone` its effective default zone (MARKETPLACE.md §5.2): SCW_DEFAULT_ZONE, then its
    provider block's zone, then the scw profile's default_zone, then fr-par-1. imagelint
    cannot see the provider block of the configuration that consumes the inventory, so
    `--default-zone` says it, and as the user's word for this run it comes first."""
    if context.default_zone:
        return Value.of(context.default_zone, None, origin="--default-zone")
    return default_zone(context.env, None, context.home)
