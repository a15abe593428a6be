"""An imagelint inventory document to instance records, and every error with its line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from imagelint import provider_models
from imagelint.inventory import fields
from imagelint.inventory.fields import INSTANCE_KEYS, SERVER_KEYS, TOP_KEYS
from imagelint.inventory.found import Inventory
from imagelint.inventory.zone import missing_zone
from imagelint.model import Hop, Instance, Phrasing, ResolutionModel, Span, Value
from imagelint.parsers.yaml_tree import YDocument, YMap, YNode, YScalar, YSeq
from imagelint.source_api import ReadContext

SOURCE = "inventory"
PHRASING = Phrasing(
    names=tuple((key, key) for key in SERVER_KEYS),
    settings=tuple((key, f"{key}: {{}}") for key in SERVER_KEYS),
)
_START = {"line": 1, "column": 1, "end_line": 1, "end_column": 1}


def read_documents(
    documents: list[YDocument], shown: str, claimed: bool, context: ReadContext
) -> Inventory | None:
    """The inventory in a file's documents; None when it holds none and is not `claimed`
    as one (by its name, or by --source). An instance with an error of its own, or taking a
    default in error, gives no record (its error says why); the others are read as usual."""
    inventory = Inventory(shown=shown, context=context)
    first = documents[0] if documents else None
    root = first.root if first is not None else None
    if not isinstance(root, YMap) or root.get("imagelint") is None:
        if not claimed:
            return None
        if not isinstance(root, YMap):
            at = root.span if root is not None else Span(path=shown, **_START)
            message = f"an inventory is a mapping that starts with imagelint: {fields.VERSION}"
            inventory.error(at, message)
            return inventory
    for extra in documents[1:]:
        if extra.root is not None:
            inventory.error(
                extra.root.span, "an inventory is one YAML document: this one is not read"
            )
    _read_root(inventory, root)
    return inventory


def _read_root(inventory: Inventory, root: YMap) -> None:
    top = inventory.entries(root, TOP_KEYS, "inventory")
    version = top.get("imagelint")
    if version is None:
        inventory.error(root.span, f"an inventory starts with imagelint: {fields.VERSION}")
        return
    problem = fields.version_problem(version)
    if problem is not None:
        inventory.error(version.span, problem)
        return  # another version may mean another shape: nothing more is read
    schema = top.get("$schema")
    if schema is not None and (problem := fields.string_problem(schema, "$schema")):
        inventory.error(schema.span, problem)
    model = _model(inventory, top.get("provider_version"))
    defaults, broken = _defaults(inventory, top.get("defaults"))
    listed = top.get("instances")
    if listed is None:
        inventory.error(root.span, "an inventory lists its servers under instances:")
    elif not isinstance(listed, YSeq):
        inventory.error(listed.span, f"instances must be a list, not {fields.kind_of(listed)}")
    else:
        zone = missing_zone(inventory.context)
        fallback = _Fallback(defaults, broken, zone, model or provider_models.CURRENT)
        found = list(_instances(inventory, listed, fallback))  # errors even if none is kept
        if model is not None:
            inventory.instances.extend(found)


def _model(inventory: Inventory, node: YNode | None) -> ResolutionModel | None:
    # server_model keeps per-release history (MARKETPLACE.md §5.2): the current mapping
    # unless the team pins the provider that will consume the inventory.
    if node is None:
        return provider_models.CURRENT
    problem = fields.provider_version_problem(node)
    if problem is not None or not isinstance(node, YScalar):
        inventory.error(node.span, problem or "provider_version must be a string")
        return None
    match = fields.PROVIDER_VERSION.match(node.text)
    assert match is not None
    name = f"the Terraform provider {node.text} (provider_version of the inventory)"
    return provider_models.server_model(int(match[1]), int(match[2]), name=name)


def _defaults(inventory: Inventory, node: YNode | None) -> tuple[dict[str, YScalar], set[str]]:
    """The usable defaults, and the keys whose default is in error: an instance that
    would take one of those is not checked (a guess is worse than no check)."""
    if node is None:
        return {}, set()
    if not isinstance(node, YMap):
        inventory.error(node.span, f"defaults must be a mapping, not {fields.kind_of(node)}")
        return {}, set(SERVER_KEYS)
    usable: dict[str, YScalar] = {}
    broken: set[str] = set()
    written, unknown = inventory.keyed(node, SERVER_KEYS, "defaults")
    for name in unknown:
        # A misspelt default (zon:) was meant for some key: whichever it resembles,
        # or any of them.
        close = fields.closest(name, SERVER_KEYS)
        broken.update((close,) if close else SERVER_KEYS)
    for key, value in written.items():
        problem = fields.value_problem(value, key)
        if problem is not None:
            inventory.error(value.span, f"defaults: {problem}")
            broken.add(key)
        elif isinstance(value, YScalar):
            usable[key] = value
    return usable, broken


@dataclass(frozen=True)
class _Fallback:
    """What an instance gets for what it does not write."""

    defaults: dict[str, YScalar]
    broken: set[str]  # keys whose default is in error
    zone: Value  # when neither the instance nor the defaults set one
    model: ResolutionModel


def _instances(inventory: Inventory, listed: YSeq, fallback: _Fallback) -> Iterator[Instance]:
    first_seen: dict[str, Span] = {}
    for index, item in enumerate(listed.items):
        where = f"instances[{index}]"
        if not isinstance(item, YMap):
            inventory.error(item.span, f"{where} must be a mapping, not {fields.kind_of(item)}")
            continue
        named = item.get("name")
        if isinstance(named, YScalar) and fields.string_problem(named, "name") is None:
            where = f'instance "{named.text}"'
        before = len(inventory.errors)
        written = inventory.entries(item, INSTANCE_KEYS, where)
        name = written.get("name")
        if name is None:
            inventory.error(item.span, f"{where} has no name")
        elif problem := fields.string_problem(name, "name"):
            inventory.error(name.span, f"{where}: {problem}")
        elif isinstance(name, YScalar) and name.text in first_seen:
            inventory.error(
                name.span,
                f'two instances are named "{name.text}" (first at line '
                f"{first_seen[name.text].line}): names are unique in an inventory",
            )
        elif isinstance(name, YScalar):
            first_seen[name.text] = name.span
        for key in SERVER_KEYS:
            node = written.get(key)
            if node is not None and (problem := fields.value_problem(node, key)):
                inventory.error(node.span, f"{where}: {problem}")
        taken = {key for key in SERVER_KEYS if key not in written}
        if len(inventory.errors) > before or taken & fallback.broken:
            continue
        if isinstance(name, YScalar):
            yield _instance(name, written, fallback)


def _instance(name: YScalar, written: dict[str, YNode], fallback: _Fallback) -> Instance:
    values: dict[str, Value] = {}
    for key in SERVER_KEYS:
        own = written.get(key)
        if isinstance(own, YScalar):
            values[key] = Value.of(own.text, own.span)
        elif key in fallback.defaults:
            default = fallback.defaults[key]
            hop = Hop(span=name.span, message=f"defaults.{key}")
            values[key] = Value.of(
                default.text, default.span, origin=f"defaults.{key}", chain=(hop,)
            )
    values.setdefault("zone", fallback.zone)
    return Instance(
        source=SOURCE,
        address=name.text,
        span=name.span,
        values=values,
        model=fallback.model,
        phrasing=PHRASING,
    )
