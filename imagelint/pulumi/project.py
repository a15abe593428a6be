"""A Pulumi YAML project: its program (Pulumi.yaml) and its stack files (Pulumi.<stack>.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from imagelint.model import ParseError
from imagelint.parsers.yaml_tree import YDocument, YMap, YNode, YScalar

PROJECT_NAMES = ("Pulumi.yaml", "Pulumi.yml")
_STACK_NAME = re.compile(r"^Pulumi\.(?P<stack>[^/]+)\.ya?ml$")


def is_project_name(name: str) -> bool:
    return name in PROJECT_NAMES


def stack_name(name: str) -> str | None:
    """`prod` for Pulumi.prod.yaml; None for the project file or any other name."""
    match = _STACK_NAME.match(name)
    return match["stack"] if match is not None and not is_project_name(name) else None


@dataclass(frozen=True, kw_only=True)
class Stack:
    name: str
    path: Path
    config: dict[str, YNode]  # `config:` as written: "proxy:image", "scaleway:zone", ...


@dataclass(frozen=True, kw_only=True)
class Program:
    """A Pulumi.yaml whose runtime is yaml: what a resource's properties may refer to."""

    name: str  # the project name, the namespace of its own config keys
    shown: str
    # `config:` (and the older `configuration:`): a declaration ({type, default}) or a value.
    config: dict[str, tuple[YScalar, YNode]]  # key -> (key node, its entry)
    variables: dict[str, tuple[YScalar, YNode]]
    resources: dict[str, tuple[YScalar, YNode]]
    stacks: list[Stack] = field(default_factory=list)


def program_of(documents: list[YDocument], shown: str) -> Program | None:
    """The program of a project file; None when it is not a YAML-runtime project.
    ParseError for a YAML project whose sections are not mappings, as `pulumi` refuses it."""
    root = documents[0].root if len(documents) == 1 else None
    if not isinstance(root, YMap) or not _is_yaml_runtime(root.get("runtime")):
        return None
    name = root.get("name")
    sections = {
        key: _entries(root.get(key), key, shown)
        for key in ("configuration", "config", "variables", "resources")
    }
    return Program(
        name=name.text if isinstance(name, YScalar) else "",
        shown=shown,
        config={**sections["configuration"], **sections["config"]},
        variables=sections["variables"],
        resources=sections["resources"],
    )


def stack_of(name: str, path: Path, documents: list[YDocument], shown: str) -> Stack:
    root = documents[0].root if documents else None
    if root is not None and not isinstance(root, YMap):
        raise _error(root, shown, "a stack file must be a mapping")
    config = root.get("config") if isinstance(root, YMap) else None
    entries = _entries(config, "config", shown)
    return Stack(name=name, path=path, config={k: v for k, (_, v) in entries.items()})


def _is_yaml_runtime(node: YNode | None) -> bool:
    if isinstance(node, YMap):
        node = node.get("name")
    return isinstance(node, YScalar) and node.text == "yaml"


def _entries(node: YNode | None, section: str, shown: str) -> dict[str, tuple[YScalar, YNode]]:
    if node is None or (isinstance(node, YScalar) and node.tag == "null"):
        return {}
    if not isinstance(node, YMap):
        raise _error(node, shown, f"{section} must be a mapping")
    return {k.text: (k, v) for k, v in node.items if isinstance(k, YScalar)}


def _error(node: YNode, shown: str, message: str) -> ParseError:
    return ParseError(path=shown, line=node.span.line, column=node.span.column, message=message)
