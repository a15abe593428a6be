"""How hints write a fix in HCL: a server's attributes, and a Marketplace image lookup's."""

from __future__ import annotations

from imagelint.model import Phrasing

# scaleway_instance_server: the root volume type lives in its root_volume block.
SERVER = Phrasing(
    names=(
        ("image", "image"),
        ("type", "type"),
        ("zone", "zone"),
        ("volume_type", "root_volume.volume_type"),
    ),
    settings=(
        ("image", 'image = "{}"'),
        ("type", 'type = "{}"'),
        ("zone", 'zone = "{}"'),
        ("volume_type", 'root_volume { volume_type = "{}" }'),
    ),
)

# data "scaleway_marketplace_image": resolve.py reads its label as "image" and its
# instance_type as "type", like a server's.
LOOKUP = Phrasing(
    names=(
        ("image", "label"),
        ("type", "instance_type"),
        ("zone", "zone"),
        ("image_type", "image_type"),
    ),
    settings=(
        ("image", 'label = "{}"'),
        ("type", 'instance_type = "{}"'),
        ("zone", 'zone = "{}"'),
        ("image_type", 'image_type = "{}"'),
    ),
)
