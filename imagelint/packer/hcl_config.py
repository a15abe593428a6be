"""One Packer HCL configuration: the `*.pkr.hcl` and `*.pkr.json` files of a directory, which
Packer loads together, sorted into variables, locals, sources, builds and plugin requirements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_syntax import Attribute, Block, Body, Expr, Literal, ObjectCons
from imagelint.parsers.hcl_syntax import Template as HclTemplate

# Packer plugin sources are `HOST/NAMESPACE/NAME`; the Scaleway one is scaleway/scaleway.
_SCALEWAY_PLUGIN = re.compile(r"(?:^|/)scaleway/(?:packer-plugin-)?scaleway$")
BUILDER = "scaleway"


@dataclass(frozen=True, kw_only=True)
class Variable:
    name: str
    header: Span
    default: Expr | None
    type: Expr | None


@dataclass(frozen=True, kw_only=True)
class SourceBlock:
    type: str
    name: str
    block: Block
    path: str  # shown path of its file


@dataclass(frozen=True, kw_only=True)
class PluginRequirement:
    constraint: str | None
    span: Span


@dataclass(kw_only=True)
class PackerConfig:
    directory: Path
    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Expr] = field(default_factory=dict)
    sources: dict[tuple[str, str], SourceBlock] = field(default_factory=dict)
    builds: list[tuple[Block, str]] = field(default_factory=list)  # (build block, shown path)
    builder_types: set[str] = field(default_factory=lambda: {BUILDER})
    plugin: PluginRequirement | None = None
    errors: list[ParseError] = field(default_factory=list)


def load(directory: Path, files: list[tuple[str, str]]) -> PackerConfig:
    """`files`: (shown path, text) of each template of the directory, in name order."""
    from imagelint.packer.json_syntax import parse_packer_json
    from imagelint.parsers.hcl_tree import parse_hcl

    config = PackerConfig(directory=directory)
    for shown, text in files:
        try:
            is_json = shown.endswith(".pkr.json")
            # Whole templates, however short, are cached (read_all keeps only longer texts).
            body = (
                parse_packer_json(shown, text)
                if is_json
                else parse_hcl(shown, text, cache_as="all")
            )
        except ParseError as error:
            config.errors.append(error)
            continue
        _sort(config, body, shown)
    return config


def _sort(config: PackerConfig, body: Body, shown: str) -> None:
    for block in body.blocks:
        if block.type == "variable" and len(block.labels) == 1:
            _declare(config, _variable(block))
        elif block.type == "variables":  # Packer's older form: one attribute per variable
            for attribute in block.body.attributes.values():
                variable = Variable(
                    name=attribute.name,
                    header=attribute.name_span,
                    default=attribute.expr,
                    type=None,
                )
                _declare(config, variable)
        elif block.type == "locals":
            for attribute in block.body.attributes.values():
                _local(config, attribute.name, attribute.expr, attribute.name_span)
        elif block.type == "local" and len(block.labels) == 1:
            expression = block.body.attributes.get("expression")
            if expression is not None:
                _local(config, block.labels[0], expression.expr, block.header)
        elif block.type == "source" and len(block.labels) == 2:
            type_, name = block.labels
            config.sources[(type_, name)] = SourceBlock(
                type=type_, name=name, block=block, path=shown
            )
        elif block.type == "build":
            config.builds.append((block, shown))
        elif block.type == "packer":
            _requirement(config, block)


def _variable(block: Block) -> Variable:
    attributes = block.body.attributes
    default, type_ = attributes.get("default"), attributes.get("type")
    return Variable(
        name=block.labels[0],
        header=block.header,
        default=default.expr if default is not None else None,
        type=type_.expr if type_ is not None else None,
    )


def _declare(config: PackerConfig, variable: Variable) -> None:
    first = config.variables.setdefault(variable.name, variable)
    if first is not variable:
        _duplicate(config, variable.header, f'variable "{variable.name}"', first.header)


def _local(config: PackerConfig, name: str, expr: Expr, at: Span) -> None:
    if name in config.locals:
        _duplicate(config, at, f'local "{name}"', config.locals[name].span)
        return
    config.locals[name] = expr


def _duplicate(config: PackerConfig, at: Span, what: str, first: Span) -> None:
    """Packer refuses a name declared twice in one configuration: an error, the file goes on."""
    where = f"{first.path}:{first.line}"
    message = f"{what} is declared twice (first at {where})"
    config.errors.append(ParseError(path=at.path, line=at.line, column=at.column, message=message))


def _requirement(config: PackerConfig, block: Block) -> None:
    for nested in block.body.blocks_of("required_plugins"):
        for name, attribute in nested.body.attributes.items():
            entry = _object_strings(attribute)
            if not _SCALEWAY_PLUGIN.search(entry.get("source", "")):
                continue
            # The builder's type is the local name the requirement gives the plugin.
            config.builder_types.add(name)
            constraint = entry.get("version")
            previous = config.plugin.constraint if config.plugin is not None else None
            if previous and constraint:
                constraint = f"{previous}, {constraint}"  # every requirement must hold
            config.plugin = PluginRequirement(
                constraint=constraint or previous, span=attribute.expr.span
            )


def _object_strings(attribute: Attribute) -> dict[str, str]:
    """`{ version = ">= 1.3.0", source = "..." }`, literal strings only: Packer reads
    required_plugins before any variable exists."""
    if not isinstance(attribute.expr, ObjectCons):
        return {}
    found: dict[str, str] = {}
    for key, value in attribute.expr.items:
        name = _literal(key)
        text = _literal(value)
        if name is not None and text is not None:
            found[name] = text
    return found


def _literal(expr: Expr) -> str | None:
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, HclTemplate):
        return expr.literal
    return None
