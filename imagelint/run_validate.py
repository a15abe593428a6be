"""Whether the inputs a cached run recorded (imagelint.run_inputs) still read the same:
stat first, content only when the stat changed or is too recent to trust."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from imagelint.files import read_bytes
from imagelint.model import ParseError
from imagelint.run_inputs import RACY_NS, digest, kind_of, listing_digest, signature


def unchanged(inputs: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    """Whether every input recorded in `inputs` (Recorder.to_json) still reads the same."""
    racy_from = inputs["started_ns"] - RACY_NS
    for path, head, recorded, wanted in inputs["files"]:
        try:
            now = signature(os.stat(path))
        except OSError:
            return False
        if now == recorded and recorded[1] < racy_from:
            continue
        if _content(path, head or recorded[0], whole=not head) != wanted:
            return False
    for path, state in inputs["states"]:
        try:
            now_state: list[int] | None = signature(os.stat(path))
        except (OSError, ValueError):
            now_state = None
        # No content was read: an unchanged stat that is too recent cannot be trusted.
        if now_state != state or (state is not None and state[1] >= racy_from):
            return False
    for path, kind in inputs["kinds"]:
        if kind_of(path) != kind:
            return False
    for path, recorded, wanted in inputs["listings"]:
        try:
            now = signature(os.stat(path))
            if (now != recorded or recorded[1] >= racy_from) and listing_digest(path) != wanted:
                return False
        except OSError:
            return False
    for name, wanted in inputs["env"]:
        value = env.get(name)
        if (None if value is None else digest(value.encode())) != wanted:
            return False
    return True


def _content(path: str, limit: int, *, whole: bool) -> str | None:
    """The digest of what a source would read now, through the same reader: never more than
    the recorded size (a file grown to gigabytes differs without being read), never a FIFO
    put in the file's place (it would block the run)."""
    try:
        return digest(read_bytes(Path(path), path, limit=limit, whole=whole))
    except ParseError:
        return None


def valid_inputs(data: object) -> bool:
    """Whether `data` (read from a cache entry) has the shape Recorder.to_json writes.
    Type checks inline: an entry holds a row per file of the tree."""
    if not isinstance(data, dict) or set(data) != _INPUT_FIELDS:
        return False
    tables = [data[name] for name in ("files", "states", "kinds", "listings", "env")]
    if type(data["started_ns"]) is not int or not all(type(t) is list for t in tables):
        return False
    files, states, kinds, listings, env = tables
    return (
        all(
            _row(r, 4) and type(r[1]) is int and _signature(r[2]) and type(r[3]) is str
            for r in files
        )
        and all(_row(r, 2) and (r[1] is None or _signature(r[1])) for r in states)
        and all(_row(r, 2) and r[1] in _KINDS for r in kinds)
        and all(_row(r, 3) and _signature(r[1]) and type(r[2]) is str for r in listings)
        and all(_row(r, 2) and (r[1] is None or type(r[1]) is str) for r in env)
    )


def _row(value: object, size: int) -> bool:
    """A list of `size` values, the first a path or a variable's name."""
    return type(value) is list and len(value) == size and type(value[0]) is str


_INPUT_FIELDS = {"started_ns", "files", "states", "kinds", "listings", "env"}
_KINDS = ("file", "dir", "other", "missing")


def _signature(value: object) -> bool:
    return (
        type(value) is list
        and len(value) == 4
        and type(value[0]) is int
        and type(value[1]) is int
        and type(value[2]) is int
        and type(value[3]) is int
    )
