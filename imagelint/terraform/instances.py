"""Instance records from an evaluated module tree: each server and each Marketplace image
lookup, under its full address, with every value located where it was written."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from imagelint.model import Instance, ResolutionModel, Span, Value
from imagelint.parsers.hcl_syntax import Block, Body
from imagelint.terraform import values as tv
from imagelint.terraform.convert import to_value
from imagelint.terraform.expand import expand
from imagelint.terraform.module_eval import ModuleEval
from imagelint.terraform.names import CHECKED_RESOURCES, LEGACY_SERVER, MARKETPLACE_IMAGE
from imagelint.terraform.phrasing import LOOKUP, SERVER
from imagelint.terraform.providers import provider_of, zone_of
from imagelint.terraform.traverse import element
from imagelint.terraform.values import V

SOURCE = "terraform"
LEGACY_NOTE = (
    "scaleway_server was removed in provider 2.0: checked as if migrated to "
    "scaleway_instance_server, which terraform apply with a current provider will require"
)
_LEGACY_REGIONS = {"par1": "fr-par-1", "ams1": "nl-ams-1"}


@dataclass(frozen=True)
class Models:
    """The resolution models of one root module's provider version."""

    server: ResolutionModel | None
    lookup: ResolutionModel | None
    problem: Value | None = None  # why no provider version could be chosen


def collect(module: ModuleEval, models: Models, broken: tuple[str, ...] = ()) -> Iterator[Instance]:
    """Every instance of `module` and the modules it calls, in declaration order.
    `broken` lists files of this module or its callers that did not parse."""
    broken = (*broken, *module.config.broken)
    for (type_, name), block in module.config.resources.items():
        if type_ in CHECKED_RESOURCES:
            yield from _expanded(module, block, f"{module.address}{type_}.{name}", models, broken)
    for (type_, name), block in module.config.data.items():
        if type_ == MARKETPLACE_IMAGE:
            address = f"{module.address}data.{type_}.{name}"
            yield from _expanded(module, block, address, models, broken)
    for name, call in module.config.modules.items():
        children = module.children(name)
        if isinstance(children, tv.Unknown):
            address = f"{module.address}module.{name}"
            value = to_value(children, at=call.header) or Value.unknown("no value", call.header)
            yield _placeholder(module, address, call.header, value)
            continue
        for child in children.items.values():
            yield from collect(child, models, broken)


def _expanded(
    module: ModuleEval, block: Block, address: str, models: Models, broken: tuple[str, ...]
) -> Iterator[Instance]:
    expansion = expand(block.body, module, block.header)
    if isinstance(expansion, tv.Unknown):
        value = to_value(expansion, at=block.header) or Value.unknown("no value", block.header)
        yield _placeholder(module, address, block.header, value)
        return
    for suffix, bindings in expansion.items.values():
        build = _lookup if block.labels[0] == MARKETPLACE_IMAGE else _server
        instance = build(module, block, f"{address}{suffix}", bindings, models)
        yield _unparsed(instance, broken)


def _server(
    module: ModuleEval, block: Block, address: str, bindings: Mapping[str, V], models: Models
) -> Instance:
    body = block.body
    values: dict[str, Value | None] = {"type": _attribute(module, body, "type", bindings)}
    image_from = None
    image = body.attributes.get("image")
    if image is not None:
        raw = module.eval(image.expr, bindings)
        if isinstance(raw, tv.Unknown) and raw.kind == "data-source" and raw.source:
            image_from = raw.source
        values["image"] = to_value(raw, at=image.expr.span)
    values["volume_type"] = _volume_type(module, body, bindings)
    legacy = block.labels[0] == LEGACY_SERVER
    values["zone"] = (
        _legacy_zone(module, body, block.header)
        if legacy
        else zone_of(module, body, bindings, block.header)
    )
    return _record(
        module,
        block,
        address,
        values,
        models,
        model=models.server,
        phrasing=SERVER,
        image_from=image_from,
        deprecated=LEGACY_NOTE if legacy else None,
    )


def _lookup(
    module: ModuleEval, block: Block, address: str, bindings: Mapping[str, V], models: Models
) -> Instance:
    from imagelint.terraform.providers import data_source_attributes

    exported = data_source_attributes(module, block, bindings)
    values: dict[str, Value | None] = {}
    for attribute, name in (
        ("label", "image"),
        ("instance_type", "type"),
        ("image_type", "image_type"),
        ("zone", "zone"),
    ):
        written = block.body.attributes.get(attribute)
        at = written.expr.span if written is not None else block.header
        values[name] = to_value(exported[attribute], at=at)
    values["image_type"] = values["image_type"] or Value.of(
        "instance_local", None, origin="the data source's default"
    )
    return _record(
        module,
        block,
        address,
        values,
        models,
        kind="image-lookup",
        model=models.lookup,
        phrasing=LOOKUP,
    )


def _record(
    module: ModuleEval,
    block: Block,
    address: str,
    values: dict[str, Value | None],
    models: Models,
    **fields: Any,
) -> Instance:
    # No provider version could be chosen: the instance carries why, and stays unchecked.
    values = {**values, "version": models.problem}
    return Instance(
        source=SOURCE,
        address=address,
        span=block.header,
        values={k: v for k, v in values.items() if v is not None},
        callers=module.callers,
        **fields,
    )


def _attribute(
    module: ModuleEval, body: Body, name: str, bindings: Mapping[str, V]
) -> Value | None:
    attribute = body.attributes.get(name)
    if attribute is None:
        return None
    return to_value(module.eval(attribute.expr, bindings), at=attribute.expr.span)


def _volume_type(module: ModuleEval, body: Body, bindings: Mapping[str, V]) -> Value | None:
    # The provider allows one root_volume: the first one written is the one that counts.
    for block in body.blocks:
        if block.type == "root_volume":
            return _attribute(module, block.body, "volume_type", bindings)
        if block.type == "dynamic" and block.labels == ("root_volume",):
            return _dynamic_volume_type(module, block, bindings)
    return None


def _dynamic_volume_type(
    module: ModuleEval, block: Block, bindings: Mapping[str, V]
) -> Value | None:
    for_each = block.body.attributes.get("for_each")
    content = next((b for b in block.body.blocks if b.type == "content"), None)
    if for_each is None or content is None:
        return Value.unknown(
            'a dynamic "root_volume" block needs for_each and content', block.header, kind="invalid"
        )
    collection = module.eval(for_each.expr, bindings)
    if isinstance(collection, tv.Unknown):
        return to_value(collection, at=for_each.expr.span)
    if not isinstance(collection.data, tuple | dict):
        reason = f"dynamic for_each must be a collection, not {tv.describe(collection)}"
        return Value.unknown(reason, for_each.expr.span, kind="invalid")
    if not collection.data:
        return None  # no root_volume block at all
    iterator = block.body.attributes.get("iterator")
    name = iterator.expr.source.strip() if iterator is not None else "root_volume"
    if isinstance(collection.data, dict):
        first = min(collection.data)
        key, item = tv.string(first, for_each.expr.span), collection.data[first]
    else:
        key, item = tv.number(0, for_each.expr.span), collection.data[0]
    iterator_value = tv.mapping(
        {"key": key, "value": element(collection, item)}, span=for_each.expr.span
    )
    return _attribute(module, content.body, "volume_type", {**bindings, name: iterator_value})


def _legacy_zone(module: ModuleEval, body: Body, header: Span) -> Value:
    provider = provider_of(module, body)
    region = None
    if not isinstance(provider, tv.Unknown) and provider.block is not None and provider.owner:
        attribute = provider.block.body.attributes.get("region")
        if attribute is not None:
            region = to_value(provider.owner.eval(attribute.expr), at=attribute.expr.span)
    if region is None:
        return Value.of("fr-par-1", None, origin="provider 1.x default region par1")
    if not region.known:
        return region
    zone = _LEGACY_REGIONS.get(str(region.text).strip().lower())
    if zone is None:
        reason = f'provider region "{region.text}" is not a provider 1.x region (par1, ams1)'
        return Value.unknown(reason, region.span, kind="invalid", chain=region.chain)
    return Value.of(zone, region.span, origin="provider region", chain=region.chain)


def _placeholder(module: ModuleEval, address: str, span: Span, why: Value) -> Instance:
    """Instances that could not be known (an unknown count, a module not on disk): one
    record, reported as not checked, never clean. Its values are all in `instance`."""
    return Instance(
        source=SOURCE, address=address, span=span, values={"instance": why}, callers=module.callers
    )


def _unparsed(instance: Instance, broken: tuple[str, ...]) -> Instance:
    if not broken:
        return instance
    files = ", ".join(dict.fromkeys(broken))
    reason = (
        f"{files} did not parse: the provider blocks, variables and locals it declares are "
        "unknown, so the zone and other values cannot be vouched for"
    )
    zone = Value.unknown(reason, instance.span, kind="parse-error")
    return replace(instance, values={**instance.values, "zone": zone})
