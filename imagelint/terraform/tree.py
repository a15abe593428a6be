"""Module calls: where a module's source is on disk, and one module instance per `count`
index or `for_each` key, with its inputs evaluated in the caller."""

from __future__ import annotations

import json
from pathlib import Path

from imagelint.files import is_dir, read_bytes, real
from imagelint.model import Hop, ParseError
from imagelint.parsers.hcl_syntax import Attribute, Block
from imagelint.terraform import values as tv
from imagelint.terraform.config import call_source, is_local_source
from imagelint.terraform.expand import Expansion, expand
from imagelint.terraform.module_eval import ModuleEval, Thunk
from imagelint.terraform.providers import child_providers
from imagelint.terraform.values import V

MAX_DEPTH = 32  # deeper is a module that calls itself
MODULES_JSON = Path(".terraform") / "modules" / "modules.json"
MAX_MODULES_JSON = 8 * 1024 * 1024
# Arguments of a module block that are not inputs of the module.
_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def instantiate_call(parent: ModuleEval, name: str) -> Expansion[ModuleEval] | tv.Unknown:
    call = parent.config.modules[name]
    address = f"{parent.address}module.{name}"
    directory = _directory(parent, name, call, address)
    if isinstance(directory, tv.Unknown):
        return directory
    if len(parent.call_path) >= MAX_DEPTH:
        reason = f"{address}: modules nested more than {MAX_DEPTH} deep (a module calling itself?)"
        return tv.Unknown(kind="invalid", reason=reason, span=call.header)
    config = parent.run.load(directory)
    expansion = expand(call.body, parent, call.header)
    if isinstance(expansion, tv.Unknown):
        return tv.Unknown(
            kind=expansion.kind,
            reason=f"{address}: {expansion.reason}",
            span=expansion.span,
            chain=expansion.chain,
        )
    children: dict[str, ModuleEval] = {}
    for key, (suffix, bindings) in expansion.items.items():
        instance = f"{address}{suffix}"
        inputs = {
            attr_name: _input(parent, attribute, bindings, instance)
            for attr_name, attribute in call.body.attributes.items()
            if attr_name not in _META
        }
        child = ModuleEval(
            parent.run,
            config,
            address=f"{instance}.",
            inputs=inputs,
            root=parent.root,
            callers=(*parent.callers, Hop(span=call.header, message=instance)),
            call_path=(*parent.call_path, name),
        )
        child.providers = child_providers(parent, call, child)
        children[key] = child
    return Expansion(items=children, expanded=expansion.expanded, by_count=expansion.by_count)


def _input(
    parent: ModuleEval, attribute: Attribute, bindings: dict[str, V] | object, instance: str
) -> Thunk:
    hop = Hop(span=attribute.name_span, message=f"input {attribute.name} of {instance}")

    def thunk() -> V:
        return tv.with_hop(parent.eval(attribute.expr, bindings), hop)  # type: ignore[arg-type]

    return thunk


def _directory(parent: ModuleEval, name: str, call: Block, address: str) -> Path | tv.Unknown:
    source = call_source(call)
    if source is None:
        reason = f"{address}: its source must be a literal string"
        return tv.Unknown(kind="invalid", reason=reason, span=call.header)
    if is_local_source(source):
        directory = parent.config.local_sources[name]
        if is_dir(directory):
            return directory
        reason = f'{address}: its source "{source}" is not a directory'
        return tv.Unknown(kind="invalid", reason=reason, span=call.header)
    installed = installed_modules(parent.run.installed, parent.root).get(
        ".".join((*parent.call_path, name))
    )
    if installed is not None and is_dir(installed):
        return installed
    reason = (
        f'{address} comes from "{source}", which is not on disk (terraform init fetches it '
        "into .terraform/modules)"
    )
    return tv.Unknown(kind="remote-module", reason=reason, span=call.header)


def installed_modules(cache: dict[Path, dict[str, Path]], root: Path) -> dict[str, Path]:
    """`terraform init`'s record of the modules it fetched: key ("app.db") -> directory."""
    root = real(root)
    if root not in cache:
        cache[root] = _read_modules_json(root)
    return cache[root]


def _read_modules_json(root: Path) -> dict[str, Path]:
    try:  # read as every scanned file is: a FIFO or a link to /dev/zero is refused
        data = json.loads(
            read_bytes(root / MODULES_JSON, str(MODULES_JSON), limit=MAX_MODULES_JSON)
        )
    except (ParseError, ValueError, RecursionError):
        return {}
    modules = data.get("Modules") if isinstance(data, dict) else None
    found: dict[str, Path] = {}
    for entry in modules if isinstance(modules, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("Key"), str):
            directory = entry.get("Dir")
            if isinstance(directory, str) and entry["Key"]:
                target = real(root / directory)
                # A modules.json that points outside the checkout is not followed.
                if target.is_relative_to(root):
                    found[entry["Key"]] = target
    return found
