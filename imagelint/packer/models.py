"""How each release of the Scaleway Packer plugin (github.com/scaleway/scaleway) turns a
source's image into a Marketplace query, chosen from `required_plugins` as `packer init` does.
Also how hints write a Packer setting. No HCL here: the JSON template reader shares it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagelint.model import LOCAL_IMAGE, SBS_IMAGE, Phrasing, ResolutionModel

# The plugin's release tags (scaleway/packer-plugin-scaleway), oldest first: `packer init`
# installs the newest one the constraint allows.
RELEASES = (
    "1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5", "1.0.6", "1.0.7", "1.0.8",
    "1.1.0", "1.1.1", "1.2.0", "1.2.1", "1.3.0", "1.3.1", "1.3.2", "1.3.3", "1.4.0", "1.5.0",
)  # fmt: skip
# v1.3.0 builder/scaleway/step_create_server.go calls the SDK's private createServer through
# go:linkname (builder/scaleway/api.go), so the label reaches the Instance API unchanged and
# the API resolves it; v1.3.0 also added `root_volume` (config_root_volume.go).
ROOT_VOLUME_SINCE = (1, 3, 0)
# v1.1.1-v1.2.1 call the SDK's public CreateServer (SDK v1.0.0-beta.28-30,
# api/instance/v1/server_utils.go), which runs GetLocalImageByLabel with no type: an untyped
# lookup, order_by=type_asc, the first compatible image (local images first).
UNTYPED_SINCE = (1, 1, 1)
# v1.3.3 removed image_size_in_gb from Config (commit 211e7dd, #259): Packer rejects it.
SIZE_REMOVED_IN = (1, 3, 3)

VOLUME_TYPES = ("l_ssd", "sbs_volume")
# Plugin >= 1.3.0 sends no volume template without root_volume, and `root_volume { type }`
# otherwise (sbs_volume when the type is unset): the API then boots an SBS image for no or an
# sbs_volume template and a local one for l_ssd, as the plugin's recorded tests show
# (internal/tests/testdata/simple, root-volume-local, root-volume-sbs cassettes).
_API_VOLUMES = (("l_ssd", LOCAL_IMAGE), ("sbs_volume", SBS_IMAGE))


@dataclass(frozen=True)
class Plugin:
    """The plugin release a template is checked against, and why that one."""

    version: tuple[int, int, int]
    why: str  # "from required_plugins `>= 1.3.0`", "assumed current: ..."
    problem: str | None = None  # the constraint could not be read or allows no release

    @property
    def label(self) -> str:
        return ".".join(str(part) for part in self.version)

    @property
    def has_root_volume(self) -> bool:
        return self.version >= ROOT_VOLUME_SINCE

    @property
    def has_image_size(self) -> bool:
        return self.version < SIZE_REMOVED_IN


_V_PREFIX = re.compile(r"(^|[\s,=<>~!])v(?=\d)")


def _numbers(release: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in release.split("."))
    return major, minor, patch


def current(why: str) -> Plugin:
    return Plugin(version=_numbers(RELEASES[-1]), why=why)


def plugin_for(constraint: str | None) -> Plugin:
    """The release `packer init` would install for a `version` constraint (None: no
    constraint, the newest)."""
    from imagelint.terraform.version_constraints import (
        ConstraintError,
        allows_all,
        parse_constraints,
        parse_version,
    )

    if constraint is None:
        return current(f"assumed current ({RELEASES[-1]}): required_plugins sets no version")
    try:
        # hashicorp/go-version, which Packer uses, also accepts a "v" before a version.
        terms = parse_constraints(_V_PREFIX.sub(r"\1", constraint))
    except ConstraintError as error:
        return _unreadable(f"required_plugins version `{constraint}`: {error}")
    for release in reversed(RELEASES):
        if allows_all(terms, parse_version(release)):
            return Plugin(version=_numbers(release), why=f"from required_plugins `{constraint}`")
    return _unreadable(f"required_plugins version `{constraint}` allows no release of the plugin")


def _unreadable(problem: str) -> Plugin:
    return Plugin(version=_numbers(RELEASES[-1]), why="", problem=problem)


def resolution_model(plugin: Plugin) -> ResolutionModel:
    name = f"the Scaleway Packer plugin {plugin.label} ({plugin.why})"
    if plugin.version >= ROOT_VOLUME_SINCE:
        inferred = "image types inferred from its recorded tests"
        return ResolutionModel(
            name=f"the Scaleway Packer plugin {plugin.label} ({plugin.why}; {inferred})",
            rewrite_dashes=False,
            strip_zone_prefix=False,
            volume_image_types=_API_VOLUMES,
            default_image_type=SBS_IMAGE,
            volume_types=VOLUME_TYPES,
        )
    if plugin.version >= UNTYPED_SINCE:
        return ResolutionModel(
            name=name,
            rewrite_dashes=False,
            strip_zone_prefix=False,
            default_image_type="unknown_type",
            volume_types=(),
        )
    # v1.0.x-v1.1.0 (SDK beta.7-beta.12): Marketplace v1 GetLocalImageIDByLabel, whose local
    # images were local-volume images (MARKETPLACE.md §5.2 on provider 1.x).
    return ResolutionModel(
        name=name,
        rewrite_dashes=False,
        strip_zone_prefix=False,
        default_image_type=LOCAL_IMAGE,
        volume_types=(),
    )


HCL_PHRASING = Phrasing(
    names=(
        ("image", "image"),
        ("type", "commercial_type"),
        ("zone", "zone"),
        ("volume_type", "root_volume.type"),
    ),
    settings=(
        ("image", 'image = "{}"'),
        ("type", 'commercial_type = "{}"'),
        ("zone", 'zone = "{}"'),
        ("volume_type", 'root_volume { type = "{}" }'),
    ),
)
JSON_PHRASING = Phrasing(
    names=HCL_PHRASING.names,
    settings=(
        ("image", '"image": "{}"'),
        ("type", '"commercial_type": "{}"'),
        ("zone", '"zone": "{}"'),
        ("volume_type", '"root_volume": {"type": "{}"}'),
    ),
)
