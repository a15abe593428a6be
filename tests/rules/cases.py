"""A synthetic catalog for rule case tables: test data, not Marketplace facts."""

from __future__ import annotations

JAMMY_LOCAL_X86 = "11111111-1111-4111-8111-111111111111"
JAMMY_SBS_X86 = "22222222-2222-4222-8222-222222222222"
JAMMY_SBS_ARM = "33333333-3333-4333-8333-333333333333"
JAMMY_PAR2_SBS = "44444444-4444-4444-8444-444444444444"
WINDOWS_SBS = "55555555-5555-4555-8555-555555555555"

IMAGES = [
    {
        "id": JAMMY_LOCAL_X86,
        "label": "ubuntu_jammy",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_local",
        "compatible_commercial_types": ["DEV1-S", "DEV1-M", "GP1-XS"],
    },
    {
        "id": JAMMY_SBS_X86,
        "label": "ubuntu_jammy",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["DEV1-S", "POP2-2C-8G"],
    },
    {
        "id": JAMMY_SBS_ARM,
        "label": "ubuntu_jammy",
        "zone": "fr-par-1",
        "arch": "arm64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["COPARM1-2C-8G"],
    },
    {
        "id": JAMMY_PAR2_SBS,
        "label": "ubuntu_jammy",
        "zone": "fr-par-2",
        "arch": "x86_64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["DEV1-S"],
    },
    {
        "id": WINDOWS_SBS,
        "label": "windows_server_2022",
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": "instance_sbs",
        "compatible_commercial_types": ["POP2-2C-8G-WIN"],
    },
]


def server(
    image: str, type_: str = "DEV1-S", zone: str | None = "fr-par-1", volume: str = ""
) -> str:
    lines = [
        'resource "scaleway_instance_server" "web" {',
        f"  image = {image}",
        f'  type  = "{type_}"',
    ]
    if zone is not None:
        lines.append(f'  zone  = "{zone}"')
    if volume:
        lines += ["  root_volume {", f'    volume_type = "{volume}"', "  }"]
    return "\n".join([*lines, "}", ""])


# 404 labels; "ubuntu-jammy" too, which only the provider's `-` -> `_` rewrite makes found
# (a scaleway_marketplace_image data source sends its label verbatim).
NOT_FOUND = ["macos", "ubuntu_jamy", "ubuntu-jammy"]
