"""Parsed HCL files kept on disk as validated JSON, keyed by content: a repeat run parses none."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import imagelint
from imagelint.model import ParseError
from imagelint.parse_codec import Invalid, decode, encode
from imagelint.parsers.hcl_postlex import package_file
from imagelint.parsers.hcl_syntax import Body

FORMAT = "imagelint-parse-1"
# Below this, only whole files are kept: JSON strings read as HCL expressions (hundreds per
# .tf.json file, kept with the file's body already) would each leave an entry behind.
MIN_TEXT_CHARS = 256
# A body this large is a generated file that would cost more to load than to keep out.
MAX_ENTRY_BYTES = 8 * 1024 * 1024

# The sources whose code decides what a parse returns: any change to them is a new key, so
# an editable install never reads what older code wrote under the same version number.
_OUR_SOURCES = ("model.py", "parse_codec.py", "parsers")
_THEIR_FILES = (("hcl2", "hcl2.lark"), ("hcl2", "version.py"), ("lark", "__init__.py"))


@dataclass
class ParseCache:
    directory: Path
    hits: int = 0
    misses: int = 0
    skipped: list[str] = field(default_factory=list)  # entries not written, and why

    def parse(
        self,
        path: str,
        text: str,
        filter_name: str,
        parse: Callable[[], Body],
        *,
        whole_file: bool = False,
    ) -> Body:
        """`parse()`'s body, or its ParseError, from the entry for `text`; parsed and stored
        when there is no valid one. A short text is kept only when it is a `whole_file`: on a
        warm run one parse left costs the import of python-hcl2 and its grammar (0.25 s)."""
        if (len(text) < MIN_TEXT_CHARS and not whole_file) or _may_hold_a_secret(path, text):
            return parse()
        entry = self.directory / f"{entry_key(text, filter_name)}.json"
        found = _read(entry, path)
        if found is not None:
            self.hits += 1
            if isinstance(found, ParseError):
                raise found
            return found
        self.misses += 1
        try:
            body = parse()
        except ParseError as error:
            self._write(entry, {"error": [error.line, error.column, error.message]})
            raise
        try:
            self._write(entry, {"body": encode(body, path)})
        except (Invalid, RecursionError, ValueError) as err:
            self.skipped.append(f"{path}: {err}")
        return body

    def _write(self, entry: Path, payload: dict[str, Any]) -> None:
        data = json.dumps({"format": FORMAT, **payload}, separators=(",", ":"))
        if len(data) > MAX_ENTRY_BYTES:
            self.skipped.append(f"{entry.name}: {len(data)} bytes")
            return
        try:
            write_atomically(entry, data)
        except OSError as err:  # a full or read-only disk makes the run slower, not wrong
            self.skipped.append(f"{entry.name}: {err}")


# Variable values files are where secrets get written, and a file naming a secret key may
# hold one (Scaleway's is `secret_key`): such files are parsed every run, never copied into
# the cache. Other literals stay in files of mode 0600 in a directory of mode 0700.
_SECRET_PATHS = (".tfvars", ".tfvars.json")
_SECRET_WORDS = ("secret_key", "secret-key", "secretkey")


def _may_hold_a_secret(path: str, text: str) -> bool:
    if path.endswith(_SECRET_PATHS):
        return True
    lowered = text.lower()
    if any(word in lowered for word in _SECRET_WORDS):
        return True
    secret = os.environ.get("SCW_SECRET_KEY", "")
    return bool(secret) and secret in text


def entry_key(text: str, filter_name: str) -> str:
    digest = hashlib.sha256(_environment_digest().encode())
    digest.update(filter_name.encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _read(entry: Path, path: str) -> Body | ParseError | None:
    """The entry's body or error; None when missing, unreadable, corrupt or foreign."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    if len(raw) > MAX_ENTRY_BYTES:
        return None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT or len(data) != 2:
            return None
        if "error" in data:
            line, column, message = data["error"]
            if type(line) is not int or type(column) is not int or not isinstance(message, str):
                return None
            return ParseError(path=path, line=line, column=column, message=message)
        return decode(data["body"], path)
    except (ValueError, KeyError, TypeError, RecursionError, Invalid):
        return None


def write_atomically(entry: Path, data: str) -> None:
    """`data` into `entry`, readable by this user only (mkstemp's mode), all or nothing."""
    entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(temporary, entry)  # readers see the old entry or the whole new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@cache
def _environment_digest() -> str:
    """imagelint's version and parser sources, python-hcl2's grammar and version, lark's
    version: read as bytes, never imported (a warm run must not pay for hcl2)."""
    digest = hashlib.sha256(f"{FORMAT}\0{imagelint.__version__}\0".encode())
    package = Path(imagelint.__file__).parent
    for name in _OUR_SOURCES:
        where = package / name
        for source in sorted(where.glob("*.py")) if where.is_dir() else [where]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for module, name in _THEIR_FILES:
        candidate = package_file(module, name)
        digest.update(candidate.read_bytes() if candidate is not None else b"missing")
    return digest.hexdigest()


_active: ParseCache | None = None


def active() -> ParseCache | None:
    return _active


def activate(directory: Path | None) -> ParseCache | None:
    """Keep parses under `directory` from now on in this process (None: parse every time).
    Off until a run turns it on, so library users and tests never write a user's cache."""
    global _active
    _active = ParseCache(directory) if directory is not None else None
    return _active


@contextmanager
def activated(directory: Path) -> Iterator[ParseCache]:
    global _active
    previous, current = _active, ParseCache(directory)
    _active = current
    try:
        yield current
    finally:
        _active = previous
