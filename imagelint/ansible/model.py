"""How community.general's scaleway_compute module turns its parameters into an instance."""

from __future__ import annotations

from imagelint.model import Phrasing, ResolutionModel

# The names a task may call the module by. community.general >= 6 has it at the top level;
# 1.x-5.x kept it under cloud/scaleway/ (still a valid FQCN there); ansible-core routes the
# short and ansible.builtin names to the collection (lib/ansible/config/
# ansible_builtin_runtime.yml).
MODULE_NAMES = frozenset(
    {
        "scaleway_compute",
        "community.general.scaleway_compute",
        "community.general.cloud.scaleway.scaleway_compute",
        "ansible.builtin.scaleway_compute",
        "ansible.legacy.scaleway_compute",
    }
)
# meta/runtime.yml action_groups, since community.general 11.3.0: module_defaults for the
# group apply to every Scaleway module.
ACTION_GROUPS = frozenset({"group/community.general.scaleway"})

# plugins/module_utils/scaleway.py SCALEWAY_LOCATION (13.x: _scaleway.py): region code ->
# the zone of its api_endpoint. The module's argument spec takes exactly these keys as
# `region` choices. Keys per release, from the collection's tags: 0.1.0-1.3.5 the first
# four; 1.3.6-11.1.2 the first eight; 11.2.0-13.4.0 all thirteen.
REGIONS = (
    ("par1", "fr-par-1"),
    ("EMEA-FR-PAR1", "fr-par-1"),
    ("ams1", "nl-ams-1"),
    ("EMEA-NL-EVS", "nl-ams-1"),
    ("par2", "fr-par-2"),
    ("EMEA-FR-PAR2", "fr-par-2"),
    ("waw1", "pl-waw-1"),
    ("EMEA-PL-WAW1", "pl-waw-1"),
    ("par3", "fr-par-3"),
    ("ams2", "nl-ams-2"),
    ("ams3", "nl-ams-3"),
    ("waw2", "pl-waw-2"),
    ("waw3", "pl-waw-3"),
)
# (first release, how many of REGIONS it accepts), newest first.
REGION_HISTORY = (((11, 2, 0), 13), ((1, 3, 6), 8), ((0, 0, 0), 4))
CURRENT = (11, 2, 0)


def model(version: tuple[int, int, int], release: str) -> ResolutionModel:
    """The module of community.general `version`; `release` says which, for messages
    ("11.2 or later", "9.5.0, installed in collections/")."""
    # plugins/modules/scaleway_compute.py, every release 0.1.0-13.4.0: core() GETs
    # images/<image> in the region's zone (check_image_id) before any state strategy and
    # POSTs it unchanged as the server's image, so `image` must be the UUID of an image of
    # that zone; no label lookup, no volume parameter. A label's hint asks the Marketplace
    # untyped, as the Instance API's default would pick (local images first).
    count = next(n for first, n in REGION_HISTORY if version >= first)
    return ResolutionModel(
        name=f"community.general.scaleway_compute (community.general {release})",
        rewrite_dashes=False,
        strip_zone_prefix=False,
        default_image_type="unknown_type",
        volume_types=(),
        accepts_labels=False,
        zone_names=REGIONS[:count],
    )


# No version pinned: ansible-galaxy installs the newest release.
MODEL = model(CURRENT, "11.2 or later")

PHRASING = Phrasing(
    names=(("image", "image"), ("type", "commercial_type"), ("zone", "region")),
    settings=(
        ("image", "image: {}"),
        ("type", "commercial_type: {}"),
        ("zone", "region: {}"),
    ),
)

# main(): image, region and commercial_type are required=True in the argument spec.
REQUIRED = (("image", "image"), ("commercial_type", "type"), ("region", "zone"))
