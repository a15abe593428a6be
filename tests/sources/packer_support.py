"""Run the Packer source on a directory of files as a check would: candidates under one scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from imagelint.files import Scope
from imagelint.model import Instance, Value
from imagelint.packer import source
from imagelint.source_api import Candidate, ReadContext, SourceResult

MAX_BYTES = 5_000_000
REQUIRE = """packer {{
  required_plugins {{
    scaleway = {{
      version = "{version}"
      source  = "github.com/scaleway/scaleway"
    }}
  }}
}}
"""


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_tree(
    root: Path,
    files: Mapping[str, str],
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    var_files: Sequence[str] = (),
    var_args: Sequence[str] = (),
    offer: Sequence[str] | None = None,
) -> SourceResult:
    """Write `files` under `root` and read the ones the source claims (or those of `offer`)."""
    write(root, files)
    scope = Scope([root], cwd=root, max_file_bytes=MAX_BYTES)
    names = sorted(files) if offer is None else offer
    candidates = [
        Candidate(root / n, shown=scope.show(root / n), given=offer is not None, scope=scope)
        for n in names
    ]
    claimed = [c for c in candidates if source.wants(c.name) and source.detect(c)]
    context = ReadContext(
        cwd=root,
        env=dict(env or {}),
        home=home,
        scope=scope,
        var_files=tuple(root / f for f in var_files),
        var_args=tuple(var_args),
    )
    return source.read(claimed, context)


def only(result: SourceResult) -> Instance:
    assert not result.errors, result.errors
    assert len(result.instances) == 1, [i.address for i in result.instances]
    return result.instances[0]


def shown(value: Value | None) -> str | None:
    """A value as a test compares it: its text, or `?kind: reason` when unknown."""
    if value is None:
        return None
    return value.text if value.known else f"?{value.kind}: {value.reason}"


def at(value: Value | None) -> tuple[str, int, int] | None:
    if value is None or value.span is None:
        return None
    return (value.span.path, value.span.line, value.span.column)
