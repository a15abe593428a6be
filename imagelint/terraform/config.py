"""One Terraform module as Terraform loads it: every `.tf` and `.tf.json` file of a
directory, override files merged into the blocks they override, blocks indexed by kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from imagelint.files import DEFAULT_MAX_FILE_BYTES, Scope, is_config_file, read_text, real
from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_syntax import Attribute, Block, Body, Template
from imagelint.terraform.names import PROVIDER
from imagelint.terraform.overrides import merge_block

# The labels Terraform requires on the block types it defines, checked as Terraform does.
LABELS = {
    "resource": ("type", "name"),
    "data": ("type", "name"),
    "variable": ("name",),
    "provider": ("name",),
    "module": ("name",),
    "output": ("name",),
    "locals": (),
    "terraform": (),
}


def is_override(name: str) -> bool:
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


@dataclass(frozen=True, kw_only=True)
class ModuleConfig:
    """The blocks of one module directory. `broken` lists files that did not parse: the
    module's values may depend on them, so its instances cannot be vouched for."""

    directory: Path
    files: tuple[str, ...]  # display paths, primary files then override files
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    modules: dict[str, Block] = field(default_factory=dict)
    resources: dict[tuple[str, str], Block] = field(default_factory=dict)
    data: dict[tuple[str, str], Block] = field(default_factory=dict)
    providers: tuple[Block, ...] = ()
    terraform: tuple[Block, ...] = ()
    errors: tuple[ParseError, ...] = ()  # parse errors and duplicate declarations
    # Module calls with a local source ("./x", "../x"): call name -> resolved directory.
    local_sources: dict[str, Path] = field(default_factory=dict)

    @property
    def broken(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.path for e in self.errors))


Parser = Callable[[str, str], Body]
K = TypeVar("K")


def read_module(
    directory: Path, display: Callable[[Path], str], parse: Parser, scope: Scope | None = None
) -> ModuleConfig:
    """Load a module directory. `parse(display_path, text)` parses one file (cached by the
    caller); `display` turns a path into the path shown in findings; `scope` says what may
    be read (by default, what lies in the directory)."""
    scope = scope or Scope([directory], cwd=directory, max_file_bytes=DEFAULT_MAX_FILE_BYTES)
    listing = scope.listing(directory, is_config_file, base=directory)
    names = [p.name for p in listing.files]
    primary = [n for n in names if not is_override(n)]
    overrides = [n for n in names if is_override(n)]
    builder = _Builder(directory)
    builder.errors.extend(listing.errors)
    for name in (*primary, *overrides):
        shown = display(directory / name)
        try:
            body = parse(shown, read_text(directory / name, shown, limit=scope.max_file_bytes))
            for block in body.blocks:
                _check_labels(block)
            if body.attributes:
                attribute = next(iter(body.attributes.values()))
                raise _error(attribute.name_span, f'unexpected attribute "{attribute.name}"')
        except ParseError as error:
            builder.errors.append(error)
            continue
        builder.add(body, override=name in overrides)
    return builder.build(tuple(display(directory / n) for n in (*primary, *overrides)))


class _Builder:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.variables: dict[str, Block] = {}
        self.locals: dict[str, Attribute] = {}
        self.outputs: dict[str, Block] = {}
        self.modules: dict[str, Block] = {}
        self.resources: dict[tuple[str, str], Block] = {}
        self.data: dict[tuple[str, str], Block] = {}
        self.providers: list[Block] = []
        self.terraform: list[Block] = []
        self.errors: list[ParseError] = []

    def add(self, body: Body, *, override: bool) -> None:
        for block in body.blocks:
            match block.type:
                case "variable":
                    self._named(self.variables, block.labels[0], block, override)
                case "output":
                    self._named(self.outputs, block.labels[0], block, override)
                case "module":
                    self._named(self.modules, block.labels[0], block, override)
                case "resource":
                    self._named(self.resources, (block.labels[0], block.labels[1]), block, override)
                case "data":
                    self._named(self.data, (block.labels[0], block.labels[1]), block, override)
                case "locals":
                    self._locals(block, override)
                case "provider":
                    self._provider(block, override)
                case "terraform":
                    self._terraform(block, override)

    def _named(self, table: dict[K, Block], key: K, block: Block, override: bool) -> None:
        first = table.get(key)
        if override:
            if first is None:
                # Terraform: an override block must override something.
                self.errors.append(_error(block.header, "override block overrides nothing"))
            else:
                table[key] = merge_block(first, block)
        elif first is None:
            table[key] = block
        else:
            where = f"{first.header.path}:{first.header.line}"
            what = " ".join(f'"{label}"' for label in block.labels)
            message = f"duplicate {block.type} {what} (first declared at {where})"
            self.errors.append(_error(block.header, message))

    def _locals(self, block: Block, override: bool) -> None:
        for name, attribute in block.body.attributes.items():
            first = self.locals.get(name)
            if first is not None and not override:
                where = f"{first.name_span.path}:{first.name_span.line}"
                message = f'duplicate local value "{name}" (first declared at {where})'
                self.errors.append(_error(attribute.name_span, message))
            else:
                self.locals[name] = attribute

    def _provider(self, block: Block, override: bool) -> None:
        if block.labels[0] != PROVIDER:
            return
        written = block.body.attributes.get("alias")
        alias = _alias(block)
        if written is not None and alias is None:
            self.errors.append(
                _error(written.expr.span, "a provider alias must be a literal string")
            )
            return
        if override:
            for index, first in enumerate(self.providers):
                if _alias(first) == alias:
                    self.providers[index] = merge_block(first, block)
                    return
        self.providers.append(block)

    def _terraform(self, block: Block, override: bool) -> None:
        if override and self.terraform:
            self.terraform[0] = merge_block(self.terraform[0], block)
        else:
            self.terraform.append(block)

    def build(self, files: tuple[str, ...]) -> ModuleConfig:
        local = {
            name: real(self.directory / source)
            for name, call in self.modules.items()
            if (source := call_source(call)) is not None and is_local_source(source)
        }
        return ModuleConfig(
            local_sources=local,
            directory=self.directory,
            files=files,
            variables=self.variables,
            locals=self.locals,
            outputs=self.outputs,
            modules=self.modules,
            resources=self.resources,
            data=self.data,
            providers=tuple(self.providers),
            terraform=tuple(self.terraform),
            errors=tuple(self.errors),
        )


def is_local_source(source: str) -> bool:
    return source.startswith(("./", "../"))


def call_source(call: Block) -> str | None:
    attribute = call.body.attributes.get("source")
    if attribute is None or not isinstance(attribute.expr, Template):
        return None
    return attribute.expr.literal


def _alias(block: Block) -> str | None:
    attribute = block.body.attributes.get("alias")
    if attribute is None or not isinstance(attribute.expr, Template):
        return None
    return attribute.expr.literal


def _check_labels(block: Block) -> None:
    names = LABELS.get(block.type)
    if names is not None and len(block.labels) != len(names):
        wanted = f"{len(names)} label{'s' if len(names) != 1 else ''}"
        detail = f" ({', '.join(names)})" if names else ""
        found = len(block.labels)
        raise _error(block.header, f"a {block.type} block takes {wanted}{detail}, not {found}")


def _error(span: Span, message: str) -> ParseError:
    return ParseError(path=span.path, line=span.line, column=span.column, message=message)
