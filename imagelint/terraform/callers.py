"""Which modules call which: parsed calls for the modules being evaluated, and a cheap text
scan of the working directory to find the roots above a file given on its own."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from imagelint.files import Scope, is_config_file, is_dir, read_bytes, real
from imagelint.model import ParseError
from imagelint.terraform.config import ModuleConfig

# `source = "./x"` in HCL, `"source": "../x"` in JSON: enough to find candidate callers
# without parsing every file of a repository; candidates are then parsed for real.
# A local module call, by text: `source = "./x"` in HCL, `"source": "../x"` in JSON.
LOCAL_SOURCE = re.compile(r'"?source"?\s*[=:]\s*"(\.\.?/[^"\n]*)"')
SCAN_LIMIT_BYTES = 1024 * 1024

Callers = dict[Path, set[Path]]


def local_callees(config: ModuleConfig) -> Iterator[Path]:
    return iter(config.local_sources.values())


def reachable(root: ModuleConfig, load: Callable[[Path], ModuleConfig]) -> list[ModuleConfig]:
    """The root and every local module below it, each once (module calls may loop)."""
    found = {real(root.directory): root}
    pending = [root]
    while pending:
        for callee in local_callees(pending.pop()):
            if callee not in found and is_dir(callee):
                found[callee] = load(callee)
                pending.append(found[callee])
    return list(found.values())


def callers_in(tree: Path, scope: Scope) -> Callers:
    """Module directory -> the directories whose files mention it as a local source. Read
    as every file is read (`scope`); what cannot be read is a warning: the scan only looks
    for callers of files given one by one, which are themselves read in full."""
    callers: Callers = {}
    walked = scope.walk(tree, is_config_file, inside=True)
    for path in walked.files:
        try:
            data = read_bytes(path, scope.show(path), limit=SCAN_LIMIT_BYTES, whole=False)
        except ParseError as error:
            walked.errors.append(error)
            continue
        directory = real(path.parent)
        for source in LOCAL_SOURCE.findall(data.decode("utf-8", "replace")):
            callers.setdefault(real(directory / source), set()).add(directory)
    for problem in walked.errors:
        scope.warn(f"{problem.path}: {problem.message}: not searched for module calls")
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
