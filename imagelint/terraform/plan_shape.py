"""Walks of `terraform show -json` output that accept any shape: what is not where and of
the type Terraform writes it is skipped, never an error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from imagelint.terraform.names import MARKETPLACE_IMAGE, PROVIDER

Json = dict[str, Any]
_INDEX_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]')
_IMAGE_LOOKUP_REF = re.compile(rf"data\.{MARKETPLACE_IMAGE}\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?")


def resources(root: Json) -> Iterator[tuple[str, Json]]:
    """(module address, resource) of every well-formed resource, depth first in file order."""
    stack: list[tuple[str, Json]] = [("", root)]
    while stack:
        module, entries = stack.pop()
        for resource in as_list(entries.get("resources")):
            if _well_formed(resource):
                yield module, resource
        children = [c for c in as_list(entries.get("child_modules")) if isinstance(c, dict)]
        stack.extend(
            (c["address"], c) for c in reversed(children) if isinstance(c.get("address"), str)
        )


def _well_formed(resource: object) -> bool:
    return (
        isinstance(resource, dict)
        and all(isinstance(resource.get(k), str) for k in ("address", "mode", "type", "name"))
        and isinstance(resource.get("values", {}), dict)
    )


def config_index(root: Json) -> dict[tuple[str, str], Json]:
    """Configuration resources by (module path without instance keys, address in module)."""
    index: dict[tuple[str, str], Json] = {}
    stack: list[tuple[str, Json]] = [("", root)]
    while stack:
        path, module = stack.pop()
        for resource in as_list(module.get("resources")):
            if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                index.setdefault((path, resource["address"]), resource)
        for name, call in as_dict(module.get("module_calls")).items():
            child = as_dict(as_dict(call).get("module"))
            stack.append((f"{path}.module.{name}" if path else f"module.{name}", child))
    return index


def after_unknown(changes: object) -> dict[str, Json]:
    """`after_unknown` of each resource change, by address (deposed objects left out): the
    attributes the plan leaves unknown until apply, `true` or nested like the values."""
    found: dict[str, Json] = {}
    for change in as_list(changes):
        address = change.get("address") if isinstance(change, dict) else None
        if isinstance(address, str) and "deposed" not in change:
            unknown = as_dict(as_dict(change.get("change")).get("after_unknown"))
            found.setdefault(address, unknown)
    return found


def image_from(module: str, expressions: Json) -> str | None:
    """The image lookup a server's image refers to, by its address."""
    references = as_list(as_dict(expressions.get("image")).get("references"))
    names = {r for r in references if isinstance(r, str) and _IMAGE_LOOKUP_REF.fullmatch(r)}
    lookups = {_INDEX_KEY.sub("", n) for n in names}
    if len(lookups) != 1:
        return None
    # Terraform lists `data.x.y[0]` and `data.x.y` both: the longest is the most precise.
    reference = max(names, key=len)
    return f"{module}.{reference}" if module else reference


def writes_volume_type(expressions: Json) -> bool:
    return "volume_type" in first(expressions.get("root_volume"))


def is_scaleway(entry: Json) -> bool:
    full_name = entry.get("full_name")
    if isinstance(full_name, str):  # registry.terraform.io/scaleway/scaleway
        return full_name.lower().split("/")[-2:] == [PROVIDER, PROVIDER]
    return entry.get("name") == PROVIDER


def config_address(resource: Json) -> str:
    prefix = "data." if resource["mode"] == "data" else ""
    return f"{prefix}{resource['type']}.{resource['name']}"


def strip_keys(module: str) -> str:
    return _INDEX_KEY.sub("", module)


def first(items: object) -> Json:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def as_dict(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def provider_key(providers: Json, module: str, config: Json) -> str:
    """The key in `configuration.provider_config` of the provider configuration a resource
    uses: its configuration entry says (Terraform points it at the block a module
    inherited); without one, the default configuration nearest up the module tree."""
    key = config.get("provider_config_key")
    keys = config.get("provider_config_keys")  # OpenTofu, when it is a list
    if isinstance(keys, list) and len(keys) == 1:
        key = keys[0]
    if isinstance(key, str):
        return key
    path = strip_keys(module)
    while path:
        if f"{path}:{PROVIDER}" in providers:
            return f"{path}:{PROVIDER}"
        path = path.rpartition(".module.")[0]
    return PROVIDER
