"""Scaleway zone names: the legacy aliases the Go SDK maps, and the zones it knows."""

from __future__ import annotations

import re

# Old data and Packer's deprecated `region` still say par1/ams1 (MARKETPLACE.md Q4).
LEGACY_ZONES = {"par1": "fr-par-1", "ams1": "nl-ams-1"}

# scw.AllZones of the Go SDK, which Terraform's zone warning uses.
KNOWN_ZONES = (
    "fr-par-1",
    "fr-par-2",
    "fr-par-3",
    "nl-ams-1",
    "nl-ams-2",
    "nl-ams-3",
    "pl-waw-1",
    "pl-waw-2",
    "pl-waw-3",
    "it-mil-1",
)

ZONE_FORMAT = re.compile(r"^[a-z]{2}-[a-z]{3,7}-[0-9]{1,2}$")


def normalise_zone(zone: str) -> str:
    zone = zone.strip().lower()
    return LEGACY_ZONES.get(zone, zone)


def looks_like_zone(text: str) -> bool:
    return bool(ZONE_FORMAT.match(normalise_zone(text)))
