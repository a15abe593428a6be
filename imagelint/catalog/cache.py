"""The persistent catalog cache: one validated JSON file per (API URL, query), never code."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from imagelint.cache_dir import cache_root
from imagelint.catalog.cache_codec import (
    FORMAT,
    CachedAnswer,
    decode_entry,
    decode_labels,
    encode_entry,
    encode_labels,
    query_key,
)
from imagelint.catalog.interface import NotFound, Query

DAY = 24 * 3600.0
HOUR = 3600.0
# A label in every zone is a few hundred images of ~300 bytes; ten times that is no answer.
MAX_ENTRY_BYTES = 2 * 1024 * 1024

Entry = tuple[Query, datetime, str, CachedAnswer]  # query, fetched_at, api_url, answer


def open_cache(
    env: Mapping[str, str],
    *,
    ttl: float = DAY,
    negative_ttl: float = HOUR,
    clock: Callable[[], float] = time.time,
) -> DiskCache:
    return DiskCache(cache_root(env) / "catalog", ttl=ttl, negative_ttl=negative_ttl, clock=clock)


class DiskCache:
    """Entries live under `directory`, one file per (API URL, query), named by a hash of
    both, so a test endpoint's answers never answer for the public API. Writes are atomic
    (a temporary file renamed over the entry): a concurrent reader sees the old entry or
    the new one, and of two concurrent writers the last rename wins, whole."""

    def __init__(
        self,
        directory: Path,
        *,
        ttl: float = DAY,
        negative_ttl: float = HOUR,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self._clock = clock

    def get(self, query: Query, api_url: str) -> tuple[CachedAnswer, float] | None:
        """The entry and its age in seconds, fresh or not (see `is_fresh`); None when there
        is no usable entry (absent, corrupt, foreign, oversized, for another URL)."""
        entry = self._read(self._path(query, api_url))
        if entry is None or entry[0] != query or entry[2] != api_url:
            return None
        age = max(0.0, self._clock() - entry[1].timestamp())
        return entry[3], age

    def is_fresh(self, answer: CachedAnswer, age: float) -> bool:
        return age < (self.negative_ttl if isinstance(answer, NotFound) else self.ttl)

    def put(self, query: Query, answer: CachedAnswer, api_url: str) -> None:
        """Record a verified answer (Found from the live API, or NotFound). Callers never
        pass a Miss; a write that fails (read-only disk, full) leaves the cache as it was."""
        self._write(self._path(query, api_url), encode_entry(query, answer, api_url, self._clock()))

    def get_labels(self, api_url: str) -> tuple[tuple[str, ...], float] | None:
        """The catalogue's label list (for suggestions) and its age, fresh or not."""
        text = _read_bounded(self._labels_path(api_url))
        decoded = None if text is None else decode_labels(text, api_url)
        if decoded is None:
            return None
        return decoded[0], max(0.0, self._clock() - decoded[1])

    def put_labels(self, labels: tuple[str, ...], api_url: str) -> None:
        self._write(self._labels_path(api_url), encode_labels(labels, api_url, self._clock()))

    def _labels_path(self, api_url: str) -> Path:
        digest = hashlib.sha256(json.dumps([FORMAT, api_url, "labels"]).encode("utf-8"))
        return self.directory / f"labels-{digest.hexdigest()}.json"

    def _write(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")
        if len(data) > MAX_ENTRY_BYTES:
            return  # too big to read back: not worth the disk
        import tempfile  # only a run that fetched something writes

        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except OSError:
            _unlink(Path(temp))

    def entries(self) -> Iterator[Entry]:
        """Every usable entry, in no particular order; unusable files are skipped."""
        for path in self._files():
            entry = self._read(path)
            if entry is not None and path.name == _name(entry[0], entry[2]):
                yield entry

    def clear(self) -> int:
        """Remove every entry (usable or not) and stray temporary file; the count removed."""
        removed = sum(_unlink(p) for p in self._label_files())
        for path in self._files(include_temp=True):
            removed += _unlink(path)
        return removed

    def _path(self, query: Query, api_url: str) -> Path:
        name = _name(query, api_url)
        return self.directory / name[:2] / name

    def _files(self, *, include_temp: bool = False) -> Iterator[Path]:
        try:
            shards = sorted(self.directory.iterdir())
        except OSError:
            return
        for shard in shards:
            if shard.is_symlink() or not shard.is_dir() or len(shard.name) != 2:
                continue
            try:
                names = sorted(shard.iterdir())
            except OSError:
                continue
            for path in names:
                if path.suffix == ".json" and (include_temp or not path.name.startswith(".")):
                    yield path

    def _label_files(self) -> list[Path]:
        try:
            return [p for p in self.directory.iterdir() if p.name.startswith("labels-")]
        except OSError:
            return []

    def _read(self, path: Path) -> Entry | None:
        text = _read_bounded(path)
        return None if text is None else decode_entry(text)


def _name(query: Query, api_url: str) -> str:
    digest = hashlib.sha256(json.dumps([FORMAT, api_url, query_key(query)]).encode("utf-8"))
    return digest.hexdigest() + ".json"


def _read_bounded(path: Path) -> str | None:
    """The file's text if it is a regular file (not a link, FIFO or device) of at most
    MAX_ENTRY_BYTES; None otherwise. O_NONBLOCK: opening a FIFO must not wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_ENTRY_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
