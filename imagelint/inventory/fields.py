"""What an inventory accepts in each key: the same constraints as its JSON Schema
(imagelint/data/inventory.schema.json), said with the line they apply to."""

from __future__ import annotations

import difflib
import re

from imagelint.catalog.zones import LEGACY_ZONES, ZONE_FORMAT
from imagelint.parsers.yaml_tree import YNode, YScalar

VERSION = 1
SERVER_KEYS = ("zone", "type", "image", "volume_type")
INSTANCE_KEYS = ("name", *SERVER_KEYS)
TOP_KEYS = ("imagelint", "$schema", "provider_version", "defaults", "instances")
# The root volume types the current provider's schema accepts (it refuses b_ssd, which
# older releases took: MARKETPLACE.md §5.2), in the order a fix suggests them.
VOLUME_TYPES = ("l_ssd", "sbs_volume")
# Provider releases with scaleway_instance_server: 1.x and 2.x. A patch number is allowed
# and ignored: provider_models.server_model tells minor releases apart, no finer.
PROVIDER_VERSION = re.compile(r"^([12])\.([0-9]+)(?:\.[0-9]+)?$")

_KINDS = {
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "null": "nothing (null)",
    "timestamp": "a date",
    "map": "a mapping",
    "seq": "a list",
}


def kind_of(node: YNode) -> str:
    return _KINDS.get(node.tag, f"a value tagged {node.tag}" if node.tag != "str" else "a string")


def closest(key: str, keys: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key(key: str, keys: tuple[str, ...]) -> str:
    close = closest(key, keys)
    if close is not None:
        return f'unknown key "{key}": did you mean "{close}"?'
    return f'unknown key "{key}": the keys are {", ".join(keys)}'


def string_problem(node: YNode, key: str) -> str | None:
    """Why `node` is not a usable string for `key`; None when it is one."""
    if not isinstance(node, YScalar) or node.tag != "str":
        text = f" ({node.text})" if isinstance(node, YScalar) and node.text else ""
        quote = "; quote it" if isinstance(node, YScalar) and node.tag != "null" else ""
        return f"{key} must be a string, not {kind_of(node)}{text}{quote}"
    if not node.text.strip():
        return f"{key} is empty"
    return None


def value_problem(node: YNode, key: str) -> str | None:
    """Why `node` is not a value the provider accepts for server key `key`."""
    problem = string_problem(node, key)
    if problem is not None or not isinstance(node, YScalar):
        return problem
    if key == "zone" and not (ZONE_FORMAT.match(node.text) or node.text in LEGACY_ZONES):
        return f'zone "{node.text}" is not a zone name such as fr-par-1'
    if key == "volume_type" and node.text not in VOLUME_TYPES:
        close = closest(node.text, VOLUME_TYPES)
        hint = f': did you mean "{close}"?' if close else ""
        accepted = " or ".join(VOLUME_TYPES)
        return f'volume_type "{node.text}" is not one the provider accepts ({accepted}){hint}'
    return None


def version_problem(node: YNode) -> str | None:
    if not isinstance(node, YScalar) or node.tag not in ("int", "str") or node.text != "1":
        shown = f" {node.text}" if isinstance(node, YScalar) else ""
        return (
            f"imagelint:{shown} is not an inventory version this imagelint reads: "
            f"write imagelint: {VERSION}"
        )
    if node.tag == "str":
        return f"imagelint must be the number {VERSION}, not a string; write imagelint: 1"
    return None


def provider_version_problem(node: YNode) -> str | None:
    if isinstance(node, YScalar) and node.tag == "float":
        return (
            f'provider_version must be quoted: write provider_version: "{node.text}" '
            "(YAML reads 2.50 as the number 2.5)"
        )
    problem = string_problem(node, "provider_version")
    if problem is None and isinstance(node, YScalar) and not PROVIDER_VERSION.match(node.text):
        return f'provider_version "{node.text}" is not a provider release such as "2.49"'
    return problem
