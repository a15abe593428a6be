"""Whether a walked tree is worth several processes, and its root modules cut into tasks,
each with the module directories its roots call, from a text scan (no parsing)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from imagelint.files import Scope, is_config_file, read_bytes
from imagelint.model import ParseError
from imagelint.terraform.callers import LOCAL_SOURCE
from imagelint.terraform.reader import module_dirs, roots_of

# Measured on this project's 2-core machine, on bench/monorepo.py trees: the parent's CPU
# plus half the workers' against one process's CPU (other jobs kept the machine too busy
# for wall times to mean anything). Cold parse cache: two processes win from about 25
# modules (28 KB) on, 0.52 s against 0.67 s at 56 KB, 1.38 against 1.96 at 220 KB. Warm
# parse cache (a repeat run, less to do per byte): they win from about 150 KB, 0.95 s
# against 1.07 at 220 KB, and lose 5 % at 110 KB. At this size neither kind of run is
# slower in two processes. Workers cost about 15 % more CPU in all: on a machine whose
# cores are all busy (Linux shares them between sessions, not processes) `--jobs 1` ends
# first. Files given one by one (a pre-commit call) are always read in one process.
MIN_BYTES = 150_000
# Tasks per process: enough for one process to take over from another that drew the
# larger roots, and for each batch's catalog queries to go out early; few enough that
# handing them out stays negligible.
TASKS_PER_WORKER = 4


@dataclass(frozen=True)
class Task:
    roots: tuple[Path, ...]  # root modules to evaluate, in the order the run reports them
    directories: tuple[Path, ...]  # walked module directories to load, whoever calls them


def workers(jobs: int) -> int:
    """Processes for `jobs` (0: the CPUs this process may run on)."""
    if jobs > 0:
        return jobs
    try:  # the affinity mask: a container or `taskset` may allow fewer than the machine has
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_processes(walked: list[Path], jobs: int, max_file_bytes: int) -> bool:
    """Whether the configuration to parse reaches MIN_BYTES (a file too large to parse
    costs nothing), with more than one process to read it in."""
    if workers(jobs) < 2:
        return False
    total = 0
    for path in walked:
        if is_config_file(path.name):
            try:
                size = os.stat(path).st_size
            except OSError:
                continue  # read (and reported) by whichever process parses it
            total += size if size <= max_file_bytes else 0
            if total >= MIN_BYTES:
                return True
    return False


def tasks(
    walked: list[Path], scope: Scope, count: int, resolve: Callable[[Path], Path]
) -> list[Task]:
    """The walked tree's root modules (by the text scan) in sorted order, cut into about
    `count` times TASKS_PER_WORKER runs of similar size. Each walked directory is loaded by the
    task of the first root that reaches it, or by the last task when none does."""
    resolved = {d: resolve(d) for d in module_dirs(walked)}
    directories = sorted(set(resolved.values()))
    sizes = dict.fromkeys(directories, 0)
    callees: dict[Path, set[Path]] = {d: set() for d in directories}
    for path in walked:
        if not is_config_file(path.name):
            continue
        directory = resolved[path.parent]
        try:
            data = read_bytes(path, scope.show(path), limit=scope.max_file_bytes, whole=False)
        except ParseError:
            continue
        sizes[directory] += len(data)
        # The callers scan's pattern: a call it misses or invents only moves work between
        # processes, since the parallel reader checks the roots against the parsed calls.
        for source in LOCAL_SOURCE.findall(data.decode("utf-8", "replace")):
            # `directory` holds no link: its ".." are its parents, as Terraform reads them.
            target = os.path.normpath(directory / source)
            callees[directory].add(resolve(Path(target)))
    roots = sorted(roots_of(directories, callees))
    reach = {root: _reachable(root, callees) for root in roots}
    weight = {root: sum(sizes.get(d, 0) for d in reach[root]) for root in roots}
    target = max(sum(weight.values()) / max(count * TASKS_PER_WORKER, 1), 1)
    cut: list[list[Path]] = [[]]
    filled = 0.0
    for root in roots:
        if cut[-1] and filled >= target:
            cut.append([])
            filled = 0
        cut[-1].append(root)
        filled += weight[root]
    loads: list[list[Path]] = [[] for _ in cut]
    owner: dict[Path, int] = {}
    for index, group in enumerate(cut):
        for root in group:
            for directory in sorted(reach[root]):
                if directory in sizes and directory not in owner:
                    owner[directory] = index
                    loads[index].append(directory)
    loads[-1].extend(d for d in directories if d not in owner)
    return [Task(tuple(g), tuple(d)) for g, d in zip(cut, loads, strict=True) if g or d]


def _reachable(root: Path, callees: dict[Path, set[Path]]) -> set[Path]:
    found = {root}
    pending = [root]
    while pending:
        for callee in callees.get(pending.pop(), ()):
            if callee not in found:
                found.add(callee)
                pending.append(callee)
    return found
