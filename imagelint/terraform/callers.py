"""Which modules call which: parsed calls for the modules being evaluated, and a cheap text
scan of the working directory to find the roots above a file given on its own."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from imagelint.sources import is_config_file
from imagelint.terraform.config import ModuleConfig

# `source = "./x"` in HCL, `"source": "../x"` in JSON: enough to find candidate callers
# without parsing every file of a repository; candidates are then parsed for real.
_LOCAL_SOURCE = re.compile(r'"?source"?\s*[=:]\s*"(\.\.?/[^"\n]*)"')
SCAN_LIMIT_BYTES = 1024 * 1024

Callers = dict[Path, set[Path]]


def local_callees(config: ModuleConfig) -> Iterator[Path]:
    return iter(config.local_sources.values())


def reachable(root: ModuleConfig, load: Callable[[Path], ModuleConfig]) -> list[ModuleConfig]:
    """The root and every local module below it, each once (module calls may loop)."""
    found = {root.directory.resolve(): root}
    pending = [root]
    while pending:
        for callee in local_callees(pending.pop()):
            if callee not in found and callee.is_dir():
                found[callee] = load(callee)
                pending.append(found[callee])
    return list(found.values())


def callers_in(tree: Path) -> Callers:
    """Module directory -> the directories whose files mention it as a local source."""
    callers: Callers = {}
    for directory, subdirs, files in os.walk(tree):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in files:
            if not is_config_file(name):
                continue
            try:
                with open(os.path.join(directory, name), "rb") as handle:
                    text = handle.read(SCAN_LIMIT_BYTES).decode("utf-8", "replace")
            except OSError:
                continue
            for source in _LOCAL_SOURCE.findall(text):
                target = (Path(directory) / source).resolve()
                callers.setdefault(target, set()).add(Path(directory).resolve())
    return callers


def roots_above(directory: Path, callers: Callers) -> set[Path]:
    """The topmost callers of a module directory (itself when nothing calls it)."""
    roots: set[Path] = set()
    seen = {directory}
    pending = [directory]
    while pending:
        current = pending.pop()
        above = callers.get(current, set()) - {current}
        if not above:
            roots.add(current)
        for caller in above - seen:
            seen.add(caller)
            pending.append(caller)
    return roots or {directory}
