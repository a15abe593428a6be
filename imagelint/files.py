"""Find and read the files to check: regular files only, links kept inside the root, bounded."""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from imagelint.model import ParseError
from imagelint.parsers.hcl_scan import Bounds
from imagelint.run_inputs import Recorder, kind_of

CONFIG_SUFFIXES = (".tf", ".tf.json")
VAR_FILE_SUFFIXES = (".tfvars", ".tfvars.json")
# Plan JSON (`terraform show -json`) has no suffix of its own: any .json may be one.
TERRAFORM_SUFFIXES = (*CONFIG_SUFFIXES, *VAR_FILE_SUFFIXES, ".json")

DEFAULT_MAX_FILE_BYTES = 5_000_000
# Parsing costs up to ~50 µs and ~2.3 KB a token: one token per 20 bytes of the size limit
# keeps a file within the default to ~15 s and ~600 MB, whatever it holds.
BYTES_PER_TOKEN = 20
BYTES_PER_BLOCK = 250
MAX_DEPTH = 100

# O_NONBLOCK: opening a FIFO must not wait for a writer; its type is refused right after.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 16
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a directory",
}


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when under it, as editors and CI annotations want."""
    try:
        return real(path).relative_to(real(cwd)).as_posix()
    except ValueError:
        return path.as_posix()


def real(path: Path) -> Path:
    # os.path.realpath leaves a symbolic link loop unresolved where Path.resolve raises.
    return Path(os.path.realpath(path))


def scope_roots(paths: Iterable[Path], cwd: Path) -> list[Path]:
    """Where symbolic links may lead: a directory given; for a file given, the working
    directory when the file is under it (its module's callers, its playbook's roles are
    searched there), else the file's own directory."""
    cwd = real(cwd)
    return [
        p if p.is_dir() else cwd if real(p.parent).is_relative_to(cwd) else p.parent for p in paths
    ]


def is_var_file(name: str) -> bool:
    return name.endswith(VAR_FILE_SUFFIXES)


def is_config_file(name: str) -> bool:
    return name.endswith(CONFIG_SUFFIXES) and not name.startswith(".")


def is_walked(name: str) -> bool:
    return name.endswith(TERRAFORM_SUFFIXES) and not name.startswith(".")


@dataclass(kw_only=True)
class Listing:
    files: list[Path] = field(default_factory=list)  # regular, or linked to one inside the root
    # (path, real path, through a link)
    directories: list[tuple[Path, Path, bool]] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)  # what could not be read


class Scope:
    """What a run may read, and what it skipped. A symbolic link is followed only while its
    target stays inside a root (or, in a module directory, inside that directory); only
    regular files are opened, up to the size limit. Shared by every reader of a run, so a
    warning is given once however many readers meet the file."""

    def __init__(self, roots: Iterable[Path], *, cwd: Path, max_file_bytes: int) -> None:
        self.roots = tuple(dict.fromkeys(real(r) for r in roots))
        self.cwd = real(cwd)
        self.max_file_bytes = max_file_bytes
        self.bounds = Bounds(
            max_depth=MAX_DEPTH,
            max_blocks=max(max_file_bytes // BYTES_PER_BLOCK, 1),
            max_tokens=max(max_file_bytes // BYTES_PER_TOKEN, 1),
        )
        self._warnings: dict[str, None] = {}
        self._shown: dict[Path, str] = {}

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self._warnings)

    def warn(self, message: str) -> None:
        self._warnings.setdefault(message)

    def show(self, path: Path) -> str:
        # Resolving a path costs a system call per component: once per directory is enough.
        # The last component is never resolved: a link is shown under its own name.
        directory = self._shown.get(path.parent)
        if directory is None:
            try:  # module directories are resolved already: no system call needed
                if ".." in path.parts:
                    raise ValueError(path)
                directory = path.parent.relative_to(self.cwd).as_posix()
            except ValueError:
                directory = display_path(path.parent, self.cwd)
            self._shown[path.parent] = directory
        if path == self.cwd:
            return "."
        return path.name if directory == "." else posixpath.join(directory, path.name)

    def read_text(self, path: Path) -> str:
        """A file's text within the run's size limit; ParseError naming it otherwise."""
        return read_text(path, self.show(path), limit=self.max_file_bytes)

    def inside(self, target: Path, base: Path | None = None) -> bool:
        roots = self.roots if base is None else (*self.roots, base)
        return any(target.is_relative_to(root) for root in roots)

    def listing(
        self,
        directory: Path,
        wanted: Callable[[str], bool],
        *,
        base: Path | None = None,
        subdirectories: bool = False,
        real_directory: Path | None = None,
    ) -> Listing:
        """The wanted files of a directory that may be read (and its subdirectories), sorted.
        What cannot be read is an error naming it; other skips are warned about."""
        found = Listing()
        try:
            entries = _scan(directory)
        except OSError as error:
            found.errors.append(self._unreadable(directory, error, "cannot list this directory"))
            return found
        real_directory = real_directory or real(directory)
        for entry in entries:
            name = entry.name
            try:
                # The entry's type comes with the listing: a system call only for a link or
                # something that is neither a file nor a directory.
                if entry.is_file(follow_symlinks=False):
                    if wanted(name):
                        found.files.append(directory / name)
                elif entry.is_dir(follow_symlinks=False):
                    if subdirectories and not name.startswith("."):
                        found.directories.append((directory / name, real_directory / name, False))
                elif wanted(name) or (
                    subdirectories and not name.startswith(".") and entry.is_dir()
                ):
                    self._sort(directory / name, real_directory / name, wanted(name), base, found)
            except OSError as error:
                if wanted(name):  # else a dangling link or a loop: a directory, maybe
                    found.errors.append(self._unreadable(directory / name, error, "cannot read"))
        return found

    def _sort(
        self, path: Path, real_path: Path, wanted: bool, base: Path | None, found: Listing
    ) -> None:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            self._sort_link(path, real_path, wanted, base, found)
        elif stat.S_ISDIR(mode):
            found.directories.append((path, real_path, False))
        elif stat.S_ISREG(mode):
            found.files.append(path)
        else:
            self.warn(f"{self.show(path)}: {_kind(mode)}, not a regular file: not read")

    def _sort_link(
        self, path: Path, real_path: Path, wanted: bool, base: Path | None, found: Listing
    ) -> None:
        link = f"{self.show(path)}: a symbolic link to {os.readlink(path)}"
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ELOOP):
                raise
            if wanted:
                problem = "which does not exist" if error.errno == errno.ENOENT else "a loop"
                self.warn(f"{link}, {problem}: not read")
            return
        mode = os.stat(target).st_mode
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            self.warn(f"{link}, {_kind(mode)}, not a regular file: not read")
        elif not self.inside(target, base):
            what = "a directory" if stat.S_ISDIR(mode) else "a file"
            self.warn(f"{link}, {what} outside the scanned directory: not read")
        elif stat.S_ISREG(mode):
            found.files.append(path)
        elif real_path.parent.is_relative_to(target):
            self.warn(f"{link}, a directory that contains it (a loop): not followed")
        else:
            found.directories.append((path, target, True))

    def walk(self, root: Path, wanted: Callable[[str], bool], *, inside: bool = False) -> Listing:
        """The wanted files under a directory, sorted. Hidden directories are skipped; a link
        to a directory is followed once, after the real directories, so that a file is named
        by its real path whenever it has one under the root. `inside`: links may also lead
        anywhere under `root` itself."""
        base = real(root) if inside else None
        visited = {real(root)}
        pending = [(root, real(root))]
        linked: list[tuple[Path, Path]] = []
        walked = Listing()
        while pending or linked:
            if not pending:
                link, target = linked.pop(0)
                if target not in visited:  # else a second name for a directory walked already
                    visited.add(target)
                    pending.append((link, target))
                continue
            directory, real_directory = pending.pop()
            found = self.listing(
                directory, wanted, base=base, subdirectories=True, real_directory=real_directory
            )
            walked.files.extend(found.files)
            walked.errors.extend(found.errors)
            for path, target, through_link in found.directories:
                if through_link:
                    linked.append((path, target))
                elif target not in visited:
                    visited.add(target)
                    pending.append((path, target))
        walked.files.sort()
        return walked

    def admit(self, path: Path) -> Listing:
        """A file named on the command line, in `files` when it may be read."""
        found = Listing()
        try:
            self._sort(path, real(path.parent) / path.name, True, None, found)
        except OSError as error:
            found.errors.append(self._unreadable(path, error, "cannot read"))
        return found

    def _unreadable(self, path: Path, error: OSError, what: str) -> ParseError:
        reason = error.strerror or type(error).__name__
        return ParseError(path=self.show(path), line=1, column=1, message=f"{what}: {reason}")


def discover(
    paths: Iterable[Path | str], scope: Scope | None = None, errors: list[ParseError] | None = None
) -> Iterator[Path]:
    """Every Terraform file under `paths`, each once, in a stable order: files named on their
    own when they may be read, and the files found in directories. What could not be read
    goes to `errors`, what was skipped to the scope's warnings (by default, a scope whose
    roots are the paths)."""
    given_paths = [Path(p) for p in paths]
    scope = scope or Scope(given_paths, cwd=Path.cwd(), max_file_bytes=DEFAULT_MAX_FILE_BYTES)
    seen: set[Path] = set()
    parents: dict[Path, Path] = {}  # resolved once per directory
    for given in given_paths:
        found = scope.walk(given, is_walked) if given.is_dir() else scope.admit(given)
        if errors is not None:
            errors.extend(found.errors)
        for path in found.files:
            parent = parents.get(path.parent) or parents.setdefault(path.parent, real(path.parent))
            key = parent / path.name
            if key not in seen:
                seen.add(key)
                yield path


# What the run reads is recorded here while a run cache records (imagelint.run_cache): every
# read, listing and lookup of a source must go through this module, or a repeat run could
# reuse a result computed from a file that has since changed.
_recorder: Recorder | None = None


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    global _recorder
    previous, _recorder = _recorder, recorder
    try:
        yield recorder
    finally:
        _recorder = previous


def active_recorder() -> Recorder | None:
    """The recorder of the run in progress (None: nothing records). A reader that works in
    other processes must record there too (recording()) and merge what they hand back."""
    return _recorder


def is_file(path: Path) -> bool:
    """Path.is_file(), recorded: a file that appears later changes what a source finds."""
    return _looked(path) == "file"


def is_dir(path: Path) -> bool:
    return _looked(path) == "dir"


def exists(path: Path) -> bool:
    return _looked(path) != "missing"


def list_directory(directory: Path) -> list[Path]:
    """Path.iterdir(), sorted and recorded; OSError when the directory cannot be listed."""
    return [directory / entry.name for entry in _scan(directory)]


def note_read(path: Path, info: os.stat_result, data: bytes) -> None:
    """For a reader that keeps a file's bytes between runs of one process (keyed by its
    stat): the bytes this run used."""
    if _recorder is not None:
        _recorder.read(path, info, data, 0)


def note_failed(path: Path) -> None:
    """For such a reader: `path` was looked for and could not be used."""
    if _recorder is not None:
        _recorder.failed(path)


def _looked(path: Path) -> str:
    kind = kind_of(path)
    if _recorder is not None:
        _recorder.looked(path, kind)
    return kind


def _scan(directory: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        if _recorder is not None:
            _recorder.failed(directory)
        raise
    if _recorder is not None:
        _recorder.listed(directory, entries)
    return entries


def read_bytes(path: Path, shown: str, *, limit: int, whole: bool = True) -> bytes:
    """A regular file's bytes, never more than `limit` of them in memory; ParseError (naming
    the file) when it cannot be read, is not a regular file, or (`whole`) is too large. Not
    `whole`: the first `limit` bytes."""
    try:
        data, info = _read_bytes(path, shown, limit=limit, whole=whole)
    except ParseError:
        if _recorder is not None:
            _recorder.failed(path)
        raise
    if _recorder is not None:
        _recorder.read(path, info, data, 0 if whole else limit)
    return data


def _read_bytes(path: Path, shown: str, *, limit: int, whole: bool) -> tuple[bytes, os.stat_result]:
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _error(shown, f"cannot read: {error.strerror}") from None
    # Checked before open() wraps it: open() refuses a directory with its own error.
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise _error(shown, f"{_kind(info.st_mode)}, not a regular file: not read")
    with open(descriptor, "rb", buffering=0) as handle:
        if whole and info.st_size > limit:
            raise _error(shown, _too_large(f"{info.st_size:,} bytes", limit))
        wanted = limit + 1 if whole else limit
        chunks: list[bytes] = []
        size = 0
        try:
            while size < wanted and (chunk := handle.read(min(_CHUNK, wanted - size))):
                chunks.append(chunk)
                size += len(chunk)
        except OSError as error:
            raise _error(shown, f"cannot read: {error.strerror}") from None
    if size > limit:  # it grew, or it is a file whose size the system does not know
        raise _error(shown, _too_large(f"more than {limit:,} bytes", limit))
    return b"".join(chunks), info


def read_text(path: Path, shown: str, *, limit: int = DEFAULT_MAX_FILE_BYTES) -> str:
    """A file's text (configuration, variables, plan, lock, YAML): the one way they are read."""
    data = read_bytes(path, shown, limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _error(shown, f"not UTF-8 text (byte {error.start})") from None


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _too_large(size: str, limit: int) -> str:
    return f"too large to check ({size}, limit {limit:,}; see --max-file-size)"


def _error(shown: str, message: str) -> ParseError:
    return ParseError(path=shown, line=1, column=1, message=message)
