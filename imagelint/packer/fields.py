"""What the Scaleway builder settles the same way in HCL and JSON templates: the zone it
builds in, and the settings the plugin refuses (scaleway/packer-plugin-scaleway
builder/scaleway/config.go, Config.Prepare)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from imagelint.model import Rejected, Span, Value
from imagelint.packer.models import Plugin

NO_ZONE = (
    "Packer requires a zone: set zone, SCW_DEFAULT_ZONE or default_zone in the scw profile "
    '(the plugin fails with "zone is required")'
)


def effective_zone(
    region: Value | None,
    zone: Value | None,
    *,
    env: Mapping[str, str],
    home: Path | None,
    at: Span,
) -> Value:
    """Prepare copies a non-empty deprecated `region` over `zone` as written (par1, ams1:
    resolve reads them as the legacy zone names); an empty zone then comes from the scw SDK
    profile merged with the environment (SCW_DEFAULT_ZONE wins over the config file); there
    is no built-in default."""
    if region is not None and (not region.known or region.text):
        if not region.known:
            return region
        return Value.of(str(region.text), region.span, origin="region", chain=region.chain)
    if zone is not None and (not zone.known or zone.text):
        return zone
    from_env = env.get("SCW_DEFAULT_ZONE")
    if from_env:
        return Value.of(from_env, None, origin="SCW_DEFAULT_ZONE")
    from imagelint.terraform.scw_config import ConfigError, profile_zone

    try:
        found = profile_zone(env, home)
    except ConfigError as error:
        return Value.unknown(str(error), at, kind="invalid")
    if found is not None:
        return Value.of(found[0], None, origin=found[1])
    return Value.unknown(NO_ZONE, at, kind="no-value")


def image_size_rejected(plugin: Plugin, span: Span, *, size_hint: str) -> Rejected:
    """`image_size_in_gb`: gone from the plugin's schema since 1.3.3 (commit 211e7dd); before,
    it made a b_ssd root volume template (step_create_server.go), a volume type Scaleway no
    longer offers."""
    if not plugin.has_image_size:
        message = (
            f"image_size_in_gb was removed in plugin 1.3.3: with the Scaleway plugin "
            f"{plugin.label} ({plugin.why}) Packer refuses the template"
        )
    else:
        message = (
            f"image_size_in_gb makes the Scaleway plugin {plugin.label} ({plugin.why}) ask for "
            "a b_ssd root volume, which Scaleway no longer offers (the setting was removed in "
            "plugin 1.3.3)"
        )
    if plugin.has_root_volume:
        hint = f"remove it and size the root volume instead: {size_hint}"
    else:
        hint = "remove it; plugin 1.3.0 and later size the root volume with root_volume"
    return Rejected(attribute="image_size_in_gb", span=span, message=message, hint=hint)


def root_volume_rejected(plugin: Plugin, span: Span) -> Rejected:
    """`root_volume` exists since plugin 1.3.0 (config_root_volume.go)."""
    return Rejected(
        attribute="root_volume",
        span=span,
        message=(
            f"the Scaleway plugin {plugin.label} ({plugin.why}) has no root_volume setting "
            "(added in 1.3.0): Packer refuses the template"
        ),
        hint='require version ">= 1.3.0" of github.com/scaleway/scaleway in required_plugins',
    )
