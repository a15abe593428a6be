"""What a run's sources read (files, directory listings, paths looked for, environment
variables), recorded so that a repeat run can tell whether its cached result still holds."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

# A file whose mtime is this close to (or after) the start of the run that read it may change
# again within the filesystem's timestamp granularity without its stat changing: its content
# is compared on every repeat run, as git does for "racy" index entries.
RACY_NS = 2_000_000_000
SECRET_ENV = "SCW_SECRET_KEY"
# What Path.is_file() and friends read as "no such path" rather than raise.
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def signature(info: os.stat_result) -> list[int]:
    # The mode too: a chmod changes whether a file can be read, not its mtime.
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_mode]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(path: Path | str) -> str:
    """What a path is ("file", "dir", "other", "missing"), following links, as is_file() sees."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno in _ABSENT:
            return "missing"
        raise
    except ValueError:  # an embedded NUL: Path.is_file() says False too
        return "missing"
    return "file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "other"


def listing_digest(directory: Path | str) -> str:
    with os.scandir(directory) as scan:
        return entries_digest(sorted(scan, key=lambda entry: entry.name))


def entries_digest(entries: Iterable[os.DirEntry[str]]) -> str:
    """Every entry's name, type and (for a link) target: what any walk of it could see. The
    types come with the listing: a system call only for a link."""
    lines = []
    for entry in entries:
        if entry.is_symlink():
            kind = "l" + os.readlink(entry.path)
        else:
            kind = "d" if entry.is_dir(follow_symlinks=False) else "f" if entry.is_file() else "o"
        lines.append(f"{entry.name}\0{kind}\n")
    return digest("".join(lines).encode("utf-8", "surrogateescape"))


class Recorder:
    """Filled while a run reads (through imagelint.files and a RecordingEnv); `refused` says
    why this run's result must not be kept."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.started_ns = time.time_ns()
        # Held in memory only, to refuse a run whose inputs contain it (never written).
        self._secret = env.get(SECRET_ENV, "").encode()
        self.files: dict[tuple[str, int], tuple[list[int], str]] = {}  # (path, head) -> read
        self.states: dict[str, list[int] | None] = {}  # reads that failed: stat or missing
        self.kinds: dict[str, str] = {}  # paths looked for
        self.listings: dict[str, tuple[list[int], str]] = {}
        self.env: dict[str, str | None] = {}  # name -> digest of the value, None: unset
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def read(self, path: Path, info: os.stat_result, data: bytes, head: int) -> None:
        """`data` was read from `path` (`head`: its first so many bytes; 0: all of it)."""
        if self._secret and self._secret in data:
            self.refuse(f"{path} holds the value of {SECRET_ENV}")
            return
        with self._lock:
            self.files[(str(path), head)] = (signature(info), digest(data))

    def failed(self, path: Path) -> None:
        """A read of `path` failed (missing, not regular, too large, not readable)."""
        try:
            state: list[int] | None = signature(os.stat(path))
        except (OSError, ValueError):
            state = None
        with self._lock:
            self.states.setdefault(str(path), state)

    def looked(self, path: Path, kind: str) -> None:
        with self._lock:
            self.kinds.setdefault(str(path), kind)

    def listed(self, directory: Path, entries: Iterable[os.DirEntry[str]]) -> None:
        """`entries` (sorted by name) were listed in `directory`."""
        try:
            listed = (signature(os.stat(directory)), entries_digest(entries))
        except OSError:
            self.failed(directory)
            return
        with self._lock:
            self.listings.setdefault(str(directory), listed)

    def env_read(self, name: str, value: str | None) -> None:
        if name == SECRET_ENV:
            self.refuse(f"a source read {SECRET_ENV}")
        elif name not in self.env:
            self.env[name] = None if value is None else digest(value.encode())

    def refuse(self, reason: str) -> None:
        with self._lock:
            self.refused.append(reason)

    def export(self) -> dict[str, Any]:
        """What another process recorded, for the run's own recorder to merge()."""
        return {**self.to_json(), "refused": list(self.refused)}

    def merge(self, recorded: Mapping[str, Any]) -> None:
        """Add what a worker process recorded (its export()): a reader that works in other
        processes must, or their reads would escape the run cache's checks."""
        with self._lock:
            for path, head, state, found in recorded["files"]:
                self.files.setdefault((path, head), (state, found))
            for path, state in recorded["states"]:
                self.states.setdefault(path, state)
            for path, kind in recorded["kinds"]:
                self.kinds.setdefault(path, kind)
            for path, state, found in recorded["listings"]:
                self.listings.setdefault(path, (state, found))
            for name, found in recorded["env"]:
                self.env.setdefault(name, found)
            self.refused.extend(recorded["refused"])

    def to_json(self) -> dict[str, Any]:
        return {
            "started_ns": self.started_ns,
            "files": [[p, h, s, d] for (p, h), (s, d) in sorted(self.files.items())],
            "states": sorted(self.states.items()),
            "kinds": sorted(self.kinds.items()),
            "listings": [[p, s, d] for p, (s, d) in sorted(self.listings.items())],
            "env": sorted(self.env.items()),
        }


class RecordingEnv(Mapping[str, str]):
    """The run's environment as sources see it: each variable read is recorded. Listing it
    whole (iteration) refuses the run, since any variable could then matter."""

    def __init__(self, env: Mapping[str, str], recorder: Recorder) -> None:
        self._env = env
        self._recorder = recorder

    def __getitem__(self, name: str) -> str:
        value = self._env.get(name)
        self._recorder.env_read(name, value)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        self._recorder.refuse("a source listed the whole environment")
        return iter(self._env)

    def __len__(self) -> int:
        self._recorder.refuse("a source listed the whole environment")
        return len(self._env)

    def unrecorded(self) -> Mapping[str, str]:
        """For a worker process, which records what it reads with a recorder of its own."""
        return self._env
