"""Kubernetes manifests in YAML documents: each object's identity, and paths into its fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from imagelint.model import Span
from imagelint.parsers.yaml_tree import YDocument, YMap, YNode, YScalar, YSeq

__all__ = ["K8sObject", "identify", "objects", "path", "scalar_text", "step_text"]

_API_VERSION = re.compile(r"^(?:(?P<group>[^/]+)/)?(?P<version>[^/]+)$")


@dataclass(frozen=True, kw_only=True)
class K8sObject:
    api_group: str  # "" for the core group (`apiVersion: v1`)
    version: str  # "v1alpha1"
    kind: str
    name: str | None  # metadata.name; None when unset or not a plain scalar
    namespace: str | None  # metadata.namespace; None when unset
    doc: YDocument
    node: YMap  # the object's mapping: the document's root, or an embedded object
    header_span: Span  # from the `kind` key to its value: the object's first line for findings


def objects(documents: Iterable[YDocument]) -> list[K8sObject]:
    """The Kubernetes objects among `documents`: mappings with a string `apiVersion` and
    `kind`. Anything else (empty documents, lists, plain config) is left out; a `List`
    object's `items` are not expanded."""
    found: list[K8sObject] = []
    for doc in documents:
        if isinstance(doc.root, YMap):
            obj = identify(doc.root, doc)
            if obj is not None:
                found.append(obj)
    return found


def identify(node: YNode | None, doc: YDocument) -> K8sObject | None:
    """`node` as a Kubernetes object (a document's root, or one embedded in another object,
    such as a Composition's base), or None without a string `apiVersion` and `kind`."""
    if not isinstance(node, YMap):
        return None
    api_version = scalar_text(node.get("apiVersion"))
    kind = scalar_text(node.get("kind"))
    kind_key, kind_value = node.key("kind"), node.get("kind")
    if api_version is None or kind is None or kind_key is None or kind_value is None:
        return None
    match = _API_VERSION.match(api_version.strip())
    if match is None:
        return None
    metadata = node.get("metadata")
    return K8sObject(
        api_group=match["group"] or "",
        version=match["version"],
        kind=kind,
        name=scalar_text(path(metadata, "name")),
        namespace=scalar_text(path(metadata, "namespace")) or None,
        doc=doc,
        node=node,
        header_span=Span(
            path=kind_key.span.path,
            line=kind_key.span.line,
            column=kind_key.span.column,
            end_line=kind_value.span.end_line,
            end_column=kind_value.span.end_column,
        ),
    )


def path(node: YNode | None, *steps: str | int) -> YNode | None:
    """The node at `steps` under `node` (map keys as str, list indexes as int), or None
    when any step is missing or meets the wrong kind of node. A null value is None too."""
    current = node
    for step in steps:
        if isinstance(step, int) and not isinstance(step, bool):
            if not isinstance(current, YSeq) or not -len(current.items) <= step < len(
                current.items
            ):
                return None
            current = current.items[step]
        elif isinstance(step, str) and isinstance(current, YMap):
            current = current.get(step)
        else:
            return None
        if current is None:
            return None
    if isinstance(current, YScalar) and current.tag == "null":
        return None
    return current


def scalar_text(node: YNode | None) -> str | None:
    """The text of a non-null scalar; None for a map, a list, a null or nothing."""
    if isinstance(node, YScalar) and node.tag != "null":
        return node.text
    return None


def step_text(steps: Iterable[str | int]) -> str:
    """`spec.forProvider.rootVolume[0].volumeType` for ("spec", "forProvider", ...)."""
    out = ""
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out
