"""Instance records from a Packer HCL configuration: each Scaleway source, once per build
that uses it (hashicorp/packer hcl2template/plugin.go merges a build's `source` block into
the top-level source with hcl.MergeBodies), or once on its own when no build uses it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from imagelint.model import Instance, Rejected, Span, Value
from imagelint.packer import fields
from imagelint.packer.hcl_config import PackerConfig, SourceBlock
from imagelint.packer.models import HCL_PHRASING, Plugin, resolution_model
from imagelint.packer.variables import PackerScope, constant
from imagelint.parsers.hcl_syntax import (
    Attribute,
    Block,
    Body,
    Expr,
    Template,
    Traversal,
    TupleCons,
)
from imagelint.terraform import values as tv
from imagelint.terraform.convert import to_value

NAME = "packer"
# As written -> the instance's attribute (region only feeds the zone).
_FIELDS = {"image": "image", "commercial_type": "type", "zone": "zone", "region": "region"}
_SIZE_HINT = "root_volume { size_in_gb = N }"


@dataclass(frozen=True, kw_only=True)
class SourceUse:
    """A source as one build uses it: the build's additions and the names Packer gives it."""

    source: SourceBlock
    build_name: str | None = None
    local_name: str | None = None  # `name = ...` in the build's source block
    body: Body | None = None  # the build's source block, without `name`
    path: str | None = None  # the build's file


def instances(
    config: PackerConfig,
    scope: PackerScope,
    plugin: Plugin,
    *,
    env: Mapping[str, str],
    home: Path | None,
    offered: set[str],
) -> Iterator[Instance]:
    """The instances whose source or build block is in an offered file."""
    uses = list(_uses(config))
    used = {use.source.block.header for use in uses}
    for (type_, _), source in config.sources.items():
        if type_ in config.builder_types and source.block.header not in used:
            uses.append(SourceUse(source=source))
    for use in uses:
        if use.source.type in config.builder_types and (
            use.source.path in offered or use.path in offered
        ):
            yield _instance(config, scope, plugin, use, env=env, home=home)


def _uses(config: PackerConfig) -> Iterator[SourceUse]:
    for build, path in config.builds:
        name = _literal(build.body.attributes.get("name"))
        listed = build.body.attributes.get("sources")
        for ref in _listed_refs(listed.expr if listed is not None else None):
            source = _find(config, ref)
            if source is not None:
                yield SourceUse(source=source, build_name=name, path=path)
        for block in build.body.blocks_of("source"):
            source = _find(config, block.labels[0]) if len(block.labels) == 1 else None
            if source is None:
                continue
            rest = {k: a for k, a in block.body.attributes.items() if k != "name"}
            yield SourceUse(
                source=source,
                build_name=name,
                local_name=_literal(block.body.attributes.get("name")),
                body=Body(attributes=rest, blocks=block.body.blocks),
                path=path,
            )


def _listed_refs(expr: Expr | None) -> Iterator[str]:
    if not isinstance(expr, TupleCons):
        return
    for item in expr.items:
        if isinstance(item, Template) and item.literal is not None:
            yield item.literal
        elif isinstance(item, Traversal):
            yield item.source.strip()


def _find(config: PackerConfig, ref: str) -> SourceBlock | None:
    parts = ref.split(".")
    if len(parts) != 3 or parts[0] != "source":
        return None
    return config.sources.get((parts[1], parts[2]))


def _literal(attribute: Attribute | None) -> str | None:
    if attribute is None:
        return None
    value = constant(attribute.expr)
    return value.data if isinstance(value, tv.Known) and isinstance(value.data, str) else None


def _instance(
    config: PackerConfig,
    scope: PackerScope,
    plugin: Plugin,
    use: SourceUse,
    *,
    env: Mapping[str, str],
    home: Path | None,
) -> Instance:
    source = use.source
    local = use.local_name or source.name
    scoped = scope.for_source(source.type, local)
    found: dict[str, Value | None] = {}
    for written, name in _FIELDS.items():
        found[name] = _field(scoped, use, written)
    volume_type, volume_block = _volume_type(scoped, use)
    values: dict[str, Value] = {
        k: v for k, v in (("image", found["image"]), ("type", found["type"])) if v is not None
    }
    values["zone"] = fields.effective_zone(
        found["region"], found["zone"], env=env, home=home, at=source.block.header
    )
    # Before plugin 1.3.0 root_volume is refused (a rejected setting), never a volume type.
    if volume_type is not None and plugin.has_root_volume:
        values["volume_type"] = volume_type
    if plugin.problem is not None and config.plugin is not None:
        values["version"] = Value.unknown(plugin.problem, config.plugin.span, kind="invalid")
    return Instance(
        source=NAME,
        address=_address(use, local),
        span=source.block.header,
        values=values,
        model=resolution_model(plugin),
        phrasing=HCL_PHRASING,
        rejected=_rejected(plugin, use, volume_block),
    )


def _address(use: SourceUse, local: str) -> str:
    address = f"source.{use.source.type}.{use.source.name}"
    if use.build_name is None and use.local_name is None:
        return address
    # The name `packer build -only` takes: [build name.]type.name
    prefix = f"{use.build_name}." if use.build_name else ""
    return f"{address} [build {prefix}{use.source.type}.{local}]"


def _attributes(use: SourceUse, name: str) -> tuple[Attribute | None, Attribute | None]:
    top = use.source.block.body.attributes.get(name)
    extra = use.body.attributes.get(name) if use.body is not None else None
    return top, extra


def _field(scope: PackerScope, use: SourceUse, name: str) -> Value | None:
    top, extra = _attributes(use, name)
    if top is not None and extra is not None:
        return _duplicate(use, name, top.name_span, extra.name_span)
    attribute = top or extra
    if attribute is None:
        return None
    return to_value(scope.eval(attribute.expr), at=attribute.expr.span)


def _duplicate(use: SourceUse, name: str, first: Span, again: Span) -> Value:
    reason = (
        f"{name} is set in source.{use.source.type}.{use.source.name} (line {first.line}) and "
        "again in the build's source block: Packer merges the two and refuses a duplicate "
        "argument"
    )
    return Value.unknown(reason, again, kind="invalid")


def _volume_type(scope: PackerScope, use: SourceUse) -> tuple[Value | None, Block | None]:
    blocks = [b for b in use.source.block.body.blocks if _is_root_volume(b)]
    if use.body is not None:
        blocks += [b for b in use.body.blocks if _is_root_volume(b)]
    if not blocks:
        return None, None
    block = blocks[0]
    if len(blocks) > 1:
        reason = "root_volume is written twice for this build: Packer refuses a duplicate block"
        return Value.unknown(reason, blocks[1].header, kind="invalid"), block
    if block.type == "dynamic":
        reason = 'a dynamic "root_volume" block is not evaluated'
        return Value.unknown(reason, block.header, kind="unsupported"), block
    attribute = block.body.attributes.get("type")
    if attribute is None:
        return None, block  # the plugin sends sbs_volume, as with no root volume
    return to_value(scope.eval(attribute.expr), at=attribute.expr.span), block


def _is_root_volume(block: Block) -> bool:
    return block.type == "root_volume" or (
        block.type == "dynamic" and block.labels == ("root_volume",)
    )


def _rejected(plugin: Plugin, use: SourceUse, volume: Block | None) -> tuple[Rejected, ...]:
    found: list[Rejected] = []
    for attribute in _attributes(use, "image_size_in_gb"):
        if attribute is not None:
            found.append(
                fields.image_size_rejected(plugin, attribute.name_span, size_hint=_SIZE_HINT)
            )
    if volume is not None and not plugin.has_root_volume:
        found.append(fields.root_volume_rejected(plugin, volume.header))
    return tuple(found)
