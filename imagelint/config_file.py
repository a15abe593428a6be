"""Read `.imagelint.yaml` into checked values, each with the line it came from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.config_keys import BY_NAME, KEYS, ConfigError
from imagelint.files import read_text
from imagelint.model import ParseError

if TYPE_CHECKING:
    from imagelint.parsers.yaml_tree import YNode, YScalar

# A configuration is a page of settings: these bounds are generous for that and keep a
# hostile one (a huge file, an alias bomb) from costing anything.
MAX_BYTES = 256 * 1024
MAX_NODES = 20_000


@dataclass(frozen=True, kw_only=True)
class FileConfig:
    shown: str  # the file as messages name it
    values: dict[str, object]  # by app.Options field
    origins: dict[str, str]  # by field: "shown:line"
    rules: tuple[tuple[str, YScalar, YNode], ...]  # rule id, its key, its settings: unchecked


def load(path: Path, *, cwd: Path) -> FileConfig:
    """The file's settings, checked; ConfigError naming the file, line, column and key."""
    # Runs without a configuration (a .tf file in pre-commit) never import the YAML layer.
    from imagelint.config_values import entries, from_node
    from imagelint.parsers.yaml_tree import load_yaml

    shown = _shown(path, cwd)
    if path.is_dir():  # read_text would open it: reading a directory raises, not refuses
        raise ConfigError(f"{shown}:1:1: a directory, not a regular file: not read")
    try:
        documents = load_yaml(shown, read_text(path, shown, limit=MAX_BYTES), max_nodes=MAX_NODES)
    except ParseError as error:
        raise ConfigError(str(error)) from None
    roots = [d.root for d in documents if d.root is not None]
    if len(documents) > 1:
        raise ConfigError(f"{shown}:{documents[1].span.line}:1: a configuration is one document")
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    rules: tuple[tuple[str, YScalar, YNode], ...] = ()
    if not roots:
        return FileConfig(shown=shown, values=values, origins=origins, rules=rules)
    for name, key_node, value in entries(roots[0], "", known=[k.name for k in KEYS]):
        key = BY_NAME[name]
        origins[key.field] = f"{shown}:{key_node.span.line}"
        if key.kind == "rules":
            # `rules:` with nothing under it reads as null: no rule configured, not an error.
            rules = tuple(entries(value, "rules", known=None)) if value.tag != "null" else ()
            continue
        converted = from_node(key, value)
        if key.kind == "path" and isinstance(converted, str):
            converted = _beside(path, converted, cwd)
        values[key.field] = converted
    return FileConfig(shown=shown, values=values, origins=origins, rules=rules)


def _beside(config: Path, written: str, cwd: Path) -> str:
    """A path written in the file is relative to the file's directory, wherever imagelint
    runs; shown relative to the working directory."""
    target = Path(os.path.abspath(config.parent / written))
    return _shown(target, cwd)


def _shown(path: Path, cwd: Path) -> str:
    absolute, base = os.path.abspath(path), os.path.abspath(cwd)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive
        return absolute
    return Path(relative).as_posix()
