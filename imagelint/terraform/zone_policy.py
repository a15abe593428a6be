"""The zone of a Scaleway resource that sets none, in the provider's order of precedence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from imagelint.catalog.zones import LEGACY_ZONES, ZONE_FORMAT
from imagelint.model import Value
from imagelint.terraform.scw_config import ConfigError, profile_zone

PROVIDER_DEFAULT_ZONE = "fr-par-1"
PROVIDER_ZONE = "provider zone"


def default_zone(env: Mapping[str, str], provider_zone: Value | None, home: Path | None) -> Value:
    """The zone the provider gives a resource without `zone` (MARKETPLACE.md §5.2).

    `SCW_DEFAULT_ZONE` from `env` beats the provider block, as the provider merges
    default < config file < provider block < environment; then `provider_zone`, the `zone`
    of the provider configuration the resource uses as the caller evaluated it (None or an
    empty string when the block sets none; an unknown stays unknown, unless the environment
    sets a zone); then the Scaleway CLI profile's `default_zone` (its file is under `home`
    unless `env` says otherwise); then fr-par-1. A provider `region` gives no zone.

    The returned value's `origin` names the source. A default zone the provider refuses
    (legacy `par1`, anything not zone-shaped) or an unreadable CLI configuration gives an
    unknown of kind "invalid": the provider would stop before any lookup.
    """
    # The Go SDK ignores an empty variable, as it ignores an empty provider argument.
    from_env = env.get("SCW_DEFAULT_ZONE", "")
    if from_env:
        return _checked(Value.of(from_env, None, origin="SCW_DEFAULT_ZONE"))
    if provider_zone is not None and provider_zone.text != "":
        return _checked(replace(provider_zone, origin=PROVIDER_ZONE))
    try:
        found = profile_zone(env, home)
    except ConfigError as error:
        reason = f"the provider cannot load the Scaleway CLI configuration: {error}"
        return Value.unknown(reason, None, origin="scw profile", kind="invalid")
    if found is not None:
        zone, origin = found
        return _checked(Value.of(zone, None, origin=origin))
    return Value.of(PROVIDER_DEFAULT_ZONE, None, origin="provider default")


def _checked(value: Value) -> Value:
    if value.text is None or ZONE_FORMAT.match(value.text):
        return value
    reason = (
        f'{value.origin} "{value.text}" is not a zone: the provider refuses it as a default '
        'zone ("invalid default zone format")'
    )
    if value.text in LEGACY_ZONES:
        reason += "; the legacy name is accepted only in a resource's own zone"
    return Value.unknown(reason, value.span, origin=value.origin, kind="invalid", chain=value.chain)
