"""Run the inventory source on files as a check would: candidates under one scope."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from imagelint.files import Scope
from imagelint.inventory import source
from imagelint.source_api import Candidate, ReadContext, SourceResult

MAX_BYTES = 5_000_000


def candidate(path: Path, scope: Scope) -> Candidate:
    return Candidate(path, shown=scope.show(path), given=False, scope=scope)


def read_paths(
    root: Path,
    paths: list[Path],
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    default_zone: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> SourceResult:
    scope = Scope([root], cwd=root, max_file_bytes=max_bytes)
    context = ReadContext(
        cwd=root, env=dict(env or {}), home=home, scope=scope, default_zone=default_zone
    )
    return source.read([candidate(p, scope) for p in paths], context)


def read_text(
    root: Path,
    text: str,
    name: str = "fleet.imagelint.yaml",
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    default_zone: str | None = None,
) -> SourceResult:
    """Write `text` as `root/name` and read it."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_paths(root, [path], env=env, home=home, default_zone=default_zone)


def detects(root: Path, text: str, name: str) -> bool:
    path = root / name
    path.write_text(text, encoding="utf-8")
    scope = Scope([root], cwd=root, max_file_bytes=MAX_BYTES)
    return source.wants(name) and source.detect(candidate(path, scope))


def reader_accepts(text: str) -> bool:
    """Whether the reader finds no error in `text`, read as a file named *.imagelint.yaml."""
    from imagelint.inventory.reader import read_documents
    from imagelint.parsers.yaml_tree import load_yaml

    root = Path.cwd()
    scope = Scope([root], cwd=root, max_file_bytes=MAX_BYTES)
    context = ReadContext(cwd=root, env={}, home=None, scope=scope)
    inventory = read_documents(load_yaml("f.imagelint.yaml", text), "f", True, context)
    return inventory is not None and not inventory.errors
