"""The Server bases of a Crossplane Composition, with the fields its patches write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from imagelint.kube._k8s import K8sObject, identify, path, scalar_text
from imagelint.kube.crossplane_server import (
    FIELDS,
    FOR_PROVIDER,
    INIT_PROVIDER,
    is_server,
    written_in_for_provider,
)
from imagelint.model import Hop, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YSeq

COMPOSITION_GROUP = "apiextensions.crossplane.io"

# Patch types that write the composed resource (crossplane apiextensions v1 and
# function-patch-and-transform v1beta1), with where the value comes from. The *ToComposite
# and *ToEnvironment types write elsewhere.
_FROM = {
    "FromCompositeFieldPath": "the composite resource",
    "CombineFromComposite": "the composite resource",
    "FromEnvironmentFieldPath": "the environment",
    "CombineFromEnvironment": "the environment",
}
_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


@dataclass(frozen=True, kw_only=True)
class Base:
    """A Server to be composed: the base object, its resource entry's name, its patches."""

    obj: K8sObject
    name: str
    patched: dict[str, Value]


def is_composition(obj: K8sObject) -> bool:
    return obj.kind == "Composition" and obj.api_group == COMPOSITION_GROUP


def server_bases(composition: K8sObject) -> Iterator[Base]:
    """Server bases in `spec.resources` (mode Resources) and in the inputs of
    function-patch-and-transform steps of `spec.pipeline` (mode Pipeline)."""
    spec = path(composition.node, "spec")
    yield from _bases(composition, path(spec, "resources"), path(spec, "patchSets"))
    steps = path(spec, "pipeline")
    for step in steps.items if isinstance(steps, YSeq) else ():
        fn_input = path(step, "input")
        yield from _bases(composition, path(fn_input, "resources"), path(fn_input, "patchSets"))


def _bases(
    composition: K8sObject, resources: YNode | None, patch_sets: YNode | None
) -> Iterator[Base]:
    named_sets = _patch_sets(patch_sets)
    for index, entry in enumerate(resources.items if isinstance(resources, YSeq) else ()):
        base = identify(path(entry, "base"), composition.doc)
        if base is None or not is_server(base):
            continue
        name = scalar_text(path(entry, "name")) or f"#{index}"
        patched = _patched(base, _patches(path(entry, "patches"), named_sets))
        yield Base(obj=base, name=name, patched=patched)


def _patch_sets(node: YNode | None) -> dict[str, list[YMap]]:
    found: dict[str, list[YMap]] = {}
    for patch_set in node.items if isinstance(node, YSeq) else ():
        name = scalar_text(path(patch_set, "name"))
        if name is not None:
            found[name] = _maps(path(patch_set, "patches"))
    return found


def _patches(node: YNode | None, patch_sets: dict[str, list[YMap]]) -> list[YMap]:
    # A PatchSet patch stands for its set's patches; sets do not nest.
    found: list[YMap] = []
    for patch in _maps(node):
        if scalar_text(patch.get("type")) == "PatchSet":
            found.extend(patch_sets.get(scalar_text(patch.get("patchSetName")) or "", []))
        else:
            found.append(patch)
    return found


def _maps(node: YNode | None) -> list[YMap]:
    return [item for item in node.items if isinstance(item, YMap)] if isinstance(node, YSeq) else []


def _patched(base: K8sObject, patches: list[YMap]) -> dict[str, Value]:
    patched: dict[str, Value] = {}
    for patch in patches:
        kind = scalar_text(patch.get("type")) or "FromCompositeFieldPath"
        origin = _FROM.get(kind)
        # FromCompositeFieldPath without toFieldPath writes the same path it reads.
        target = patch.get("toFieldPath") or (
            patch.get("fromFieldPath") if kind == "FromCompositeFieldPath" else None
        )
        to_path = scalar_text(target)
        if origin is None or target is None or to_path is None:
            continue
        to_steps = field_steps(to_path)
        if not to_steps:
            continue
        for attribute, steps in FIELDS:
            if attribute in patched or not _writes(base, to_steps, steps):
                continue
            source = scalar_text(patch.get("fromFieldPath"))
            reason = f"set by a patch from {origin}" + (f" ({source})" if source else "")
            patched[attribute] = Value.unknown(
                reason, target.span, kind="apply-time", chain=_replaced(base, steps)
            )
    return patched


def _replaced(base: K8sObject, steps: tuple[str | int, ...]) -> tuple[Hop, ...]:
    """A hop to the base's own value of the field, which the patch replaces."""
    for section in (FOR_PROVIDER, INIT_PROVIDER):
        written = path(base.node, *section, *steps)
        if written is not None:
            text = scalar_text(written)
            shown = f" {text}" if text is not None else ""
            return (
                Hop(span=written.span, message=f"the base's value{shown}, replaced by a patch"),
            )
    return ()


def _writes(base: K8sObject, to_steps: tuple[str | int, ...], steps: tuple[str | int, ...]) -> bool:
    """Does a patch to `to_steps` change the field at `steps` (under forProvider, or under
    initProvider when forProvider does not set it)?"""
    sections = [FOR_PROVIDER]
    if not written_in_for_provider(base, steps):
        sections.append(INIT_PROVIDER)
    for section in sections:
        field = (*section, *steps)
        shared = min(len(field), len(to_steps))
        if field[:shared] == to_steps[:shared]:
            return True
    return False


def field_steps(field_path: str) -> tuple[str | int, ...]:
    """`spec.forProvider.rootVolume[0].volumeType` as ("spec", ..., "rootVolume", 0, ...);
    `metadata.labels[example.org/tier]` keeps the bracketed key whole."""
    steps: list[str | int] = []
    for match in _STEP.finditer(field_path):
        key, bracket = match.groups()
        if key is not None:
            steps.append(key)
        elif bracket is not None:
            inner = bracket.strip("'\"")
            steps.append(int(inner) if inner.isdigit() else inner)
    return tuple(steps)
