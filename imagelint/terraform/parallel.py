"""A large walked tree read in several processes, root modules split between them by module
directory (imagelint.terraform.partition), and the result assembled exactly as the
sequential reader (imagelint.terraform.reader) would have produced it."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint import parse_cache
from imagelint.files import Scope
from imagelint.model import Instance, ParseError
from imagelint.terraform.partition import Task, tasks, workers
from imagelint.terraform.reader import Listener, Reader, Workspace, finish, module_dirs, roots_of
from imagelint.terraform.worker import (
    DirRecord,
    Done,
    RootRecord,
    Setup,
    TaskReader,
    rebuilt,
    start,
    task,
)

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from imagelint.run_inputs import Recorder as RunRecorder


class WorkerDied(RuntimeError):
    """A parsing process ended without an answer (killed, out of memory, a crash in C)."""


def read_parallel(
    reader: Reader,
    walked: list[Path],
    read_errors: list[ParseError],
    *,
    jobs: int,
    on_instances: Listener | None = None,
) -> Workspace:
    count = workers(jobs)
    work = tasks(walked, reader.scope, count, reader.resolve)
    # One root module (with all the bytes): nothing to share out. A daemonic process (a
    # library caller's own pool worker) may not start processes.
    if len(work) < 2 or _daemonic():
        return reader.read(walked, [], read_errors, on_instances)
    instances, errors, read_plans = reader.plans(walked, [], on_instances)
    recorder = _run_recorder()
    setup = Setup(
        cwd=reader.cwd,
        env=_plain(reader.env),
        home=reader.home,
        inputs=reader.inputs,
        roots=reader.scope.roots,
        max_file_bytes=reader.scope.max_file_bytes,
        parse_cache=cache.directory if (cache := parse_cache.active()) else None,
        record=recorder is not None,
    )
    directories: dict[Path, DirRecord] = {}
    roots: dict[Path, RootRecord] = {}
    results = _run(work, setup, count)
    try:
        for done in results:
            _merge(done, directories, roots, on_instances, recorder)
    finally:
        results.close()  # a listener that raised: the workers are stopped now, not later
    walked_dirs = [reader.resolve(d) for d in sorted(module_dirs(walked))]
    # The text scan chose the roots; the parsed calls decide them. A root it missed (a
    # module whose only caller is commented out) or a directory no process loaded is read
    # here, so a wrong guess costs time, never a difference in the result.
    unloaded = tuple(d for d in walked_dirs if d not in directories)
    here = TaskReader(setup) if unloaded else None
    if here is not None:
        _merge(here.run(unloaded, ()), directories, roots, on_instances, recorder)
    callees = {d: directories[d].callees for d in walked_dirs}
    chosen = sorted(roots_of(walked_dirs, callees))
    missing = tuple(r for r in chosen if r not in roots)
    if missing:
        here = here or TaskReader(setup)
        _merge(here.run((), missing), directories, roots, on_instances, recorder)
    _replay(reader.scope, walked_dirs, [roots[r] for r in chosen], directories, instances, errors)
    return finish(reader, walked, [], read_errors, instances, errors, read_plans)


def _replay(
    scope: Scope,
    walked_dirs: list[Path],
    chosen: list[RootRecord],
    directories: dict[Path, DirRecord],
    instances: list[Instance],
    errors: list[ParseError],
) -> None:
    """The sequential reader's steps, in its order: load every walked directory, evaluate
    each root (loading what it calls), then every loaded directory's errors. A directory
    warns on its first load only, as there."""
    loaded: dict[Path, None] = {}

    def touch(directory: Path) -> None:
        if directory not in loaded:
            loaded[directory] = None
            for warning in directories[directory].warnings:
                scope.warn(warning)

    for directory in walked_dirs:
        touch(directory)
    for record in chosen:
        for event in record.events:
            touch(event) if isinstance(event, Path) else scope.warn(event)
        instances.extend(record.instances)
        errors.extend(rebuilt(record.errors))
    errors.extend(e for d in loaded for e in rebuilt(directories[d].errors))


def _merge(
    done: Done,
    directories: dict[Path, DirRecord],
    roots: dict[Path, RootRecord],
    on_instances: Listener | None,
    recorder: RunRecorder | None,
) -> None:
    if recorder is not None and done.inputs is not None:
        recorder.merge(done.inputs)
    for directory in done.directories:
        directories.setdefault(directory.directory, directory)
    for record in done.roots:
        roots[record.root] = record
        if on_instances is not None and record.instances:
            on_instances(list(record.instances))


def _run(work: list[Task], setup: Setup, count: int) -> Generator[Done, None, None]:
    """Each task's result as it arrives. A process that raises re-raises here; one that dies
    is WorkerDied; either way the others are stopped before this returns."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    if not work:
        return
    context = _context()
    with _safe_path(context):
        pool = ProcessPoolExecutor(
            max_workers=min(count, len(work)),
            mp_context=context,
            initializer=start,
            initargs=(setup,),
        )
        futures = [pool.submit(task, t.directories, t.roots) for t in work]
    try:
        for future in as_completed(futures):
            yield future.result()
    except BrokenProcessPool:
        raise WorkerDied("a process reading the Terraform tree stopped without an answer") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _daemonic() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def _run_recorder() -> RunRecorder | None:
    """The recorder of a run cache recording this run (imagelint.files.recording), if any."""
    from imagelint import files

    return getattr(files, "_recorder", None)


def _plain(env: Mapping[str, str]) -> dict[str, str]:
    """The run's environment for the workers: a run cache's recording view would count
    copying it as reading every variable; each worker records what it reads instead."""
    unrecorded = getattr(env, "unrecorded", None)
    return dict(unrecorded() if unrecorded is not None else env)


def _context() -> BaseContext:
    """fork where it is safe: it costs nothing and shares the imports already made. It is
    not safe once this process runs threads (the catalog's request pool may be): a lock one
    holds would stay locked forever in the child. Then forkserver, whose server process is
    started once, single-threaded. macOS and Windows: spawn (fork is unsafe or absent)."""
    import multiprocessing

    if sys.platform == "linux" and _threads() == 1:
        return multiprocessing.get_context("fork")
    if sys.platform == "linux":
        context = multiprocessing.get_context("forkserver")
        # Its server imports what the workers need once; not __main__ (imagelint's or a
        # test runner's), which the default would import there.
        context.set_forkserver_preload(["imagelint.terraform.worker"])
        return context
    return multiprocessing.get_context("spawn")


def _threads() -> int:
    """This process's threads, those started by C libraries included."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


@contextmanager
def _safe_path(context: BaseContext) -> Iterator[None]:
    """A spawned interpreter (the forkserver, a spawn worker) runs `python -c`, which puts the
    working directory first on sys.path: a scanned checkout's `multiprocessing.py` would run
    there. PYTHONSAFEPATH keeps it off, as imagelint.__main__ does for the parent."""
    if context.get_start_method() == "fork":
        yield
        return
    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous
