"""The work of one parsing process: module directories loaded and root modules evaluated,
recorded with what each step warned about, so the parent can replay them in the order of the
sequential reader (imagelint.terraform.reader)."""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from imagelint.files import Scope
from imagelint.model import Instance, ParseError
from imagelint.terraform.config import ModuleConfig, read_module
from imagelint.terraform.reader import Inputs, Reader

# A ParseError as fields: the exception class does not survive pickling (its keyword-only
# constructor), and records cross from the workers to the parent by pickle.
Error = tuple[str, int, int, str]


def fields(errors: tuple[ParseError, ...] | list[ParseError]) -> tuple[Error, ...]:
    return tuple((e.path, e.line, e.column, e.message) for e in errors)


def rebuilt(errors: tuple[Error, ...]) -> list[ParseError]:
    return [ParseError(path=p, line=line, column=c, message=m) for p, line, c, m in errors]


@dataclass(frozen=True)
class DirRecord:
    """One module directory as loaded: the same in every process that loads it."""

    directory: Path
    warnings: tuple[str, ...]  # what listing it warned about
    errors: tuple[Error, ...]
    callees: tuple[Path, ...]  # its local module calls, resolved


@dataclass(frozen=True)
class RootRecord:
    root: Path
    instances: tuple[Instance, ...]
    errors: tuple[Error, ...]  # its variable files'
    # In order: each module directory it asked for (Path) and each warning of its own (str).
    events: tuple[Path | str, ...]


@dataclass(frozen=True)
class Done:
    directories: tuple[DirRecord, ...]  # loaded by this task, first in this process
    roots: tuple[RootRecord, ...]
    inputs: dict[str, Any] | None = None  # what it read, when the parent records (export())


@dataclass(frozen=True)
class Setup:
    cwd: Path
    env: Mapping[str, str]
    home: Path | None
    inputs: Inputs
    roots: tuple[Path, ...]  # the run scope's
    max_file_bytes: int
    parse_cache: Path | None  # the parent's parse cache directory, if it keeps one
    record: bool = False  # the parent records what its run reads (imagelint.run_cache)


class _Scope(Scope):
    """The run's scope, rebuilt here, its warnings sent to whichever step is running."""

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup.roots, cwd=setup.cwd, max_file_bytes=setup.max_file_bytes)
        self.sink: dict[Path | str, None] = {}

    def warn(self, message: str) -> None:
        self.sink.setdefault(message)


class TaskReader(Reader):
    def __init__(self, setup: Setup) -> None:
        self.recording_scope = _Scope(setup)
        super().__init__(
            cwd=setup.cwd,
            env=setup.env,
            home=setup.home,
            inputs=setup.inputs,
            scope=self.recording_scope,
        )
        self.setup = setup
        self.fresh: list[DirRecord] = []

    def load(self, directory: Path) -> ModuleConfig:
        resolved = self.resolve(directory)
        scope = self.recording_scope
        scope.sink.setdefault(resolved)  # a root's step: it asked for this directory here
        config = self.configs.get(resolved)
        if config is None:
            outer, scope.sink = scope.sink, {}
            try:
                config = read_module(resolved, self.show, self.parse, scope)
            finally:
                warnings, scope.sink = scope.sink, outer
            self.configs[resolved] = config
            callees = tuple(config.local_sources.values())
            shown = tuple(w for w in warnings if isinstance(w, str))
            self.fresh.append(DirRecord(resolved, shown, fields(config.errors), callees))
        return config

    def run(self, directories: tuple[Path, ...], roots: tuple[Path, ...]) -> Done:
        """The task's steps; with what they read when the parent records its reads for a
        run cache (imagelint.run_cache), which merges it."""
        if not self.setup.record:
            return self._run(directories, roots)
        from imagelint.files import recording
        from imagelint.run_inputs import Recorder, RecordingEnv

        recorder = Recorder(self.setup.env)
        self.env = RecordingEnv(self.setup.env, recorder)
        with recording(recorder):
            done = self._run(directories, roots)
        return replace(done, inputs=recorder.export())

    def _run(self, directories: tuple[Path, ...], roots: tuple[Path, ...]) -> Done:
        for directory in directories:
            self.load(directory)
        done: list[RootRecord] = []
        for root in roots:
            events: dict[Path | str, None] = {}
            self.recording_scope.sink = events
            instances, errors, _ = self.evaluate(root)
            done.append(RootRecord(root, tuple(instances), fields(errors), tuple(events)))
        self.recording_scope.sink = {}
        fresh, self.fresh = self.fresh, []
        return Done(tuple(fresh), tuple(done))


_reader: TaskReader | None = None
# Test-only: "raise" or "kill" makes every task fail, standing for a worker that meets a
# bug or is killed (out of memory). No input found makes a worker fail that way, and the
# tests must show such a run fails as a sequential one that raises does, never passes.
FAIL_FOR_TESTS = "IMAGELINT_TEST_WORKER_FAILS"


def start(setup: Setup) -> None:
    """Each process's initializer. Ctrl-C is the parent's to handle: it stops the workers,
    which must not each print a traceback of their own."""
    global _reader
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from imagelint import parse_cache

    parse_cache.activate(setup.parse_cache)
    _reader = TaskReader(setup)


def task(directories: tuple[Path, ...], roots: tuple[Path, ...]) -> Done:
    assert _reader is not None, "start() runs first in every process"
    failure = _reader.setup.env.get(FAIL_FOR_TESTS)
    if failure == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif failure == "raise":
        raise RuntimeError(f"{FAIL_FOR_TESTS}=raise")
    return _reader.run(directories, roots)
