"""Run the Ansible source on a project written to disk, as a check would offer its files."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from imagelint.ansible import source
from imagelint.files import Scope
from imagelint.model import Instance, Value
from imagelint.source_api import Candidate, ReadContext, SourceResult

MAX_BYTES = 5_000_000
JAMMY_PAR1_LOCAL = "5cb01f4c-9cd0-4032-8ce6-325c458df811"  # bundled snapshot, DEV1/GP1 types


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def read_project(
    root: Path, files: Mapping[str, str], given: list[str] | None = None
) -> SourceResult:
    """Write `files` under `root`, then read `given` (default: every file the source wants
    and detects, as a walk offers them)."""
    write(root, files)
    scope = Scope([root], cwd=root, max_file_bytes=MAX_BYTES)
    if given is None:
        paths = sorted(p for p in root.rglob("*") if p.is_file() and source.wants(p.name))
        candidates = [c for c in map(lambda p: candidate(p, scope), paths) if source.detect(c)]
    else:
        candidates = [candidate(root / name, scope) for name in given]
    context = ReadContext(cwd=root, env={}, home=None, scope=scope, walked=given is None)
    return source.read(candidates, context)


def candidate(path: Path, scope: Scope) -> Candidate:
    return Candidate(path, shown=scope.show(path), given=False, scope=scope)


def only(result: SourceResult) -> Instance:
    assert not result.errors, result.errors
    assert len(result.instances) == 1, [i.address for i in result.instances]
    return result.instances[0]


def shown(value: Value | None) -> str:
    """A value as a case table writes it: its text, or `?` and its reason."""
    assert value is not None
    return value.text if value.text is not None else f"?{value.reason}"


def where(value: Value | None) -> tuple[str, int, int]:
    assert value is not None and value.span is not None
    return (value.span.path, value.span.line, value.span.column)


def playbook(task: str, *, play: str = "", head: str = "") -> str:
    """A playbook with one play (extra play keys in `play`) whose tasks are `task`."""
    play_keys = textwrap.indent(textwrap.dedent(play), "  ")
    body = textwrap.indent(textwrap.dedent(task), "    ")
    return f"{head}- name: provision\n  hosts: localhost\n{play_keys}  tasks:\n{body}"


def server(**params: str) -> str:
    """A scaleway_compute task named "create" with the given parameters."""
    lines = "".join(f"    {k}: {v}\n" for k, v in params.items())
    return f"- name: create\n  community.general.scaleway_compute:\n{lines}"
