"""The baseline: a reviewed file of known findings that later runs hide, keyed by fingerprint."""

from __future__ import annotations

import json
import os
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from imagelint.files import read_bytes
from imagelint.findings import PARSE_ERROR, Finding
from imagelint.fingerprint import identity, stamp
from imagelint.model import ParseError

__all__ = ["Applied", "Baseline", "BaselineError", "Entry", "apply", "load", "stamp", "write"]

VERSION = 1
TOOL = "imagelint"
# A baseline of a whole repository is big, never this big: a bound on what is read.
MAX_BYTES = 50_000_000
MAX_VALUE = 200  # characters of the offending text kept for reviewers
MAX_MESSAGE = 1000
_KEYS = ("path", "resource", "rule", "value", "fingerprint", "message")
_HEX = frozenset("0123456789abcdef")


class BaselineError(Exception):
    """A baseline that cannot be read or written; the message is one line naming the file."""


@dataclass(frozen=True, kw_only=True)
class Entry:
    path: str
    resource: str | None
    rule: str
    value: str  # the offending text (what the fingerprint keys on), cut for reviewers
    fingerprint: str  # the only field matching uses
    message: str  # for reviewers, as it was when recorded


@dataclass(frozen=True, kw_only=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...]


@dataclass(frozen=True, kw_only=True)
class Applied:
    kept: tuple[Finding, ...]  # findings the baseline does not record: new ones
    baselined: int  # findings hidden
    stale: int  # entries that matched no finding


def load(path: Path) -> Baseline:
    """The baseline at `path`; BaselineError when it is missing, unreadable, not JSON, of
    another tool or version, or not shaped as write() writes it."""
    try:
        data = read_bytes(path, str(path), limit=MAX_BYTES + 1, whole=False)
    except ParseError as error:
        raise _error(path, error.message) from None
    except OSError as error:  # a directory: files.read_bytes opens it before it looks
        raise _error(path, f"cannot read: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise _error(path, f"larger than {MAX_BYTES:,} bytes: not read")
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except UnicodeDecodeError as error:
        raise _error(path, f"not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _error(path, f"not JSON ({where}: {error.msg})") from None
    except ValueError as error:  # a key given twice, a number too long to convert
        raise _error(path, str(error)) from None
    except RecursionError:
        raise _error(path, "not JSON (nested too deeply)") from None
    return Baseline(path=path, entries=_entries(path, document))


def apply(findings: Sequence[Finding], baseline: Baseline, *, partial: bool = False) -> Applied:
    """Hide the findings the baseline records. Each entry hides at most one finding, so a
    second identical finding is new (stamp gives it another occurrence index anyway).
    Parse errors are never hidden: the file they are in was not checked at all. `partial`:
    the run reports on some files only (pre-commit), so an entry that matched nothing may
    belong to a file it did not look at: none is counted stale."""
    left = Counter(e.fingerprint for e in baseline.entries)
    kept: list[Finding] = []
    for finding in findings:
        if not finding.fingerprint:
            raise ValueError("baseline.apply needs stamped findings (fingerprint.stamp)")
        if left[finding.fingerprint] > 0 and finding.rule != PARSE_ERROR.id:
            left[finding.fingerprint] -= 1
        else:
            kept.append(finding)
    baselined = len(findings) - len(kept)
    stale = 0 if partial else sum(left.values())
    return Applied(kept=tuple(kept), baselined=baselined, stale=stale)


def write(
    path: Path,
    findings: Sequence[Finding],
    *,
    previous: Baseline | None,
    prune: bool,
    read: Callable[[str], str | None] | None = None,
) -> int:
    """Record `findings` (stamped, before the baseline hides any) at `path`, atomically;
    returns the number of entries. Entries of `previous` that match a finding are kept as
    they were reviewed; those that match none (stale) are kept unless `prune`. `read` gives
    the offending text for reviewers (without it, `value` is empty). Parse errors are not
    recorded. BaselineError when the file cannot be written; the old one is then intact."""
    today: dict[str, Finding] = {}
    for finding in findings:
        if not finding.fingerprint:
            raise ValueError("baseline.write needs stamped findings (fingerprint.stamp)")
        if finding.rule != PARSE_ERROR.id:
            today.setdefault(finding.fingerprint, finding)
    chosen: dict[str, Entry] = {}
    for entry in previous.entries if previous else ():
        if entry.fingerprint in today or not prune:
            chosen.setdefault(entry.fingerprint, entry)
    texts: dict[str, str | None] = {}
    for fingerprint, finding in today.items():
        if fingerprint not in chosen:
            if read is not None and finding.path not in texts:
                texts[finding.path] = read(finding.path)
            value = identity(finding, texts[finding.path]) if read is not None else ""
            chosen[fingerprint] = _entry(finding, value)
    _replace(path, dumps(chosen.values()))
    return len(chosen)


def dumps(entries: Iterable[Entry]) -> str:
    """The file's text: sorted, indented, ASCII only (no invisible character can hide in a
    reviewed diff), one key order, a newline at the end."""
    ordered = sorted(
        entries, key=lambda e: (e.path, e.resource or "", e.rule, e.value, e.fingerprint)
    )
    document = {
        "version": VERSION,
        "tool": TOOL,
        "entries": [{key: getattr(e, key) for key in _KEYS} for e in ordered],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _entry(finding: Finding, value: str) -> Entry:
    return Entry(
        path=finding.path,
        resource=finding.resource,
        rule=finding.rule,
        value=_cut(value, MAX_VALUE),
        fingerprint=finding.fingerprint,
        message=_cut(finding.message, MAX_MESSAGE),
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _replace(path: Path, text: str) -> None:
    # A temporary file beside the target, then one rename: a reader (or a run that fails
    # half-way) sees the old file or the new one, never a part of either.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = 0o666  # as a new file: the umask applies
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise _error(path, str(error.strerror), writing=True) from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _error(path, str(error.strerror), writing=True) from None


def _entries(path: Path, document: object) -> tuple[Entry, ...]:
    if not isinstance(document, dict) or document.get("tool") != TOOL:
        raise _error(path, 'not an imagelint baseline (no "tool": "imagelint")')
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise _error(path, f"version {version!r}: this imagelint reads version {VERSION}")
    if set(document) != {"version", "tool", "entries"}:
        extra = sorted(set(document) - {"version", "tool"} - {"entries"})
        problem = f"unknown key {extra[0]!r}" if extra else 'no "entries" list'
        raise _error(path, problem)
    items = document["entries"]
    if not isinstance(items, list):
        raise _error(path, '"entries" is not a list')
    return tuple(_parse_entry(path, n, item) for n, item in enumerate(items, start=1))


def _parse_entry(path: Path, n: int, item: object) -> Entry:
    if not isinstance(item, dict):
        raise _error(path, f"entry {n} is not an object")
    missing = [k for k in _KEYS if k not in item]
    if missing:
        raise _error(path, f"entry {n} has no {missing[0]!r}")
    unknown = sorted(set(item) - set(_KEYS))
    if unknown:
        raise _error(path, f"entry {n}: unknown key {unknown[0]!r}")
    fields: dict[str, str | None] = {}
    for key in _KEYS:
        value = item[key]
        if not (isinstance(value, str) or (key == "resource" and value is None)):
            raise _error(path, f"entry {n}: {key!r} is not a string")
        fields[key] = value
    fingerprint = str(fields["fingerprint"])
    if len(fingerprint) != 64 or not set(fingerprint) <= _HEX:
        raise _error(path, f"entry {n}: 'fingerprint' is not 64 lowercase hex digits")
    return Entry(
        path=str(fields["path"]),
        resource=fields["resource"],
        rule=str(fields["rule"]),
        value=str(fields["value"]),
        fingerprint=fingerprint,
        message=str(fields["message"]),
    )


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    document: dict[str, object] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"key {key!r} given twice")
        document[key] = value
    return document


def _error(path: Path, problem: str, *, writing: bool = False) -> BaselineError:
    what = "cannot write baseline" if writing else "baseline"
    # One line, whatever the file held: a JSON message quotes no text, but a key might.
    text = f"{what} {path}: {problem}".replace("\n", "\\n").replace("\r", "\\r")
    return BaselineError(text)
