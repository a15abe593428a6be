"""The entry points declared by the distributions on sys.path entries, found the way
importlib.metadata.entry_points() finds them, without importing it or parsing any METADATA."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from importlib import import_module

# (group, name, value), as entry_points.txt declares them.
Declared = tuple[str, str, str]

METADATA_SUFFIXES = (".dist-info", ".egg-info")
# Enough for any real entry_points.txt.
ENTRY_POINTS_LIMIT = 64 * 1024
# importlib.metadata.EntryPoint.pattern: a module, then optionally :attribute.path [extras].
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


def scan(entries: Iterable[str], *, trusted: bool) -> Iterator[tuple[str, str, list[Declared]]]:
    """(normalised name, metadata path, entry points) of each distribution on `entries`, in
    sys.path order; a name may come again (the first one shadows the others). The name comes
    from the metadata directory's name, as importlib.metadata.entry_points() takes it: a
    pre-commit call must not parse the METADATA of every installed distribution. What is
    not `trusted` (a checkout's files, read for a warning only) is read as regular files
    only, up to ENTRY_POINTS_LIMIT, and never inside a zip."""
    for entry in entries:
        root = entry or os.curdir
        try:
            with os.scandir(root) as listing:  # sorted: one order whatever the file system
                found = sorted((e.name, e.path) for e in listing)
        except NotADirectoryError:
            if trusted:
                yield from _zipped(entry)
            continue
        except OSError:
            continue  # a missing path: nothing installed there
        for child, path in found:
            low = child.lower()
            if low.endswith(METADATA_SUFFIXES):
                name = low.rpartition(".")[0].partition("-")[0]
            elif low == "egg-info" and os.path.basename(root).lower().endswith(".egg"):
                name = os.path.basename(root).lower().rpartition(".")[0].partition("-")[0]
            else:
                continue
            points = _declared(os.path.join(path, "entry_points.txt"), trusted=trusted)
            yield normalise(name), path, points


def _declared(path: str, *, trusted: bool) -> list[Declared]:
    # Untrusted: a regular file, and only its start (a committed symlink to /dev/zero is
    # not read).
    try:
        if not trusted and not stat.S_ISREG(os.lstat(path).st_mode):
            return []
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(-1 if trusted else ENTRY_POINTS_LIMIT)
    except OSError:
        return []  # none declared, or unreadable: importlib.metadata skips it too
    return parse(text)


def parse(text: str) -> list[Declared]:
    # importlib.metadata's Sectioned reader: stripped lines, `#` comments, [group] headers.
    points: list[Declared] = []
    group = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line.strip("[]")
        elif group is not None and "=" in line:
            name, _, value = line.partition("=")
            points.append((group, name.strip(), value.strip()))
    return points


def load(value: str) -> object:
    """What an entry point's value names, loaded as importlib.metadata.EntryPoint.load does."""
    match = _VALUE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not module or module:attribute")
    module = import_module(match.group("module"))
    attributes = filter(None, (match.group("attr") or "").split("."))
    return functools.reduce(getattr, attributes, module)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _zipped(entry: str) -> Iterator[tuple[str, str, list[Declared]]]:
    # A zip on sys.path (a zipapp, a zipped egg) is rare: importlib.metadata reads it, and is
    # imported only then.
    from importlib.metadata import distributions

    for dist in distributions(path=[entry]):
        points = [(ep.group, ep.name, ep.value) for ep in dist.entry_points]
        yield normalise(dist.metadata["Name"] or ""), entry, points
