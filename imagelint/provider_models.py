"""How each release of the Scaleway Terraform provider turns a server's image into a
Marketplace query (MARKETPLACE.md §5.2, history). Shared by every source whose tool wraps
the provider: Terraform itself, Crossplane's provider-scaleway, Pulumi's bridged provider,
and the imagelint inventory. No HCL here: a YAML run must not import the HCL parser."""

from __future__ import annotations

from imagelint.model import LOCAL_IMAGE, SBS_IMAGE, ResolutionModel

# Provider 2.48-2.49, no root volume type: these families (the commercial type up to its
# first "-", as ResolutionModel splits it) asked for local images, the others for SBS ones.
# VC1S/VC1M/VC1L have no "-": MARKETPLACE.md's family "VC1" is spelt out.
LOCAL_DEFAULT_FAMILIES = ("DEV1", "GP1", "STARDUST1", "START1", "VC1S", "VC1M", "VC1L", "X64")
LOCAL_VOLUMES = (("l_ssd", LOCAL_IMAGE), ("b_ssd", LOCAL_IMAGE), ("sbs_volume", SBS_IMAGE))
# The provider looks a server's type up by exact key in the zone's product list (§5.2 step 2).
UNKNOWN_TYPE_ERROR = "could not find a server type associated with {type} in zone {zone}"


def server_model(major: int, minor: int, *, name: str) -> ResolutionModel:
    """`scaleway_instance_server` of provider `major.minor`; `name` says which tool and
    why that version, for messages."""
    if (major, minor) < (2, 45):  # 1.x (Marketplace v1 local images) and 2.0-2.44
        return ResolutionModel(
            name=name,
            rewrite_dashes=True,
            default_image_type=LOCAL_IMAGE,
            unknown_type_error=UNKNOWN_TYPE_ERROR,
        )
    if (major, minor) < (2, 48):
        return ResolutionModel(
            name=name,
            rewrite_dashes=True,
            volume_image_types=(("sbs_volume", SBS_IMAGE),),
            default_image_type=LOCAL_IMAGE,
            unknown_type_error=UNKNOWN_TYPE_ERROR,
        )
    return ResolutionModel(
        name=name,
        rewrite_dashes=True,
        volume_image_types=LOCAL_VOLUMES,
        local_default_families=LOCAL_DEFAULT_FAMILIES if (major, minor) < (2, 50) else (),
        unknown_type_error=UNKNOWN_TYPE_ERROR,
    )


# The mapping of every provider since 2.50 (2025-02): what a tool that does not say which
# release it wraps gets, with its name saying so.
CURRENT = server_model(2, 50, name="the Terraform provider (current releases)")
