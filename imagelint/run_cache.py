"""A run's expensive part (read the workspace, lint it) kept between runs: reused when
imagelint's code, the options, every input the sources read and every catalog answer lint
got are the same. Triage and output run every time."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import imagelint
from imagelint.files import recording
from imagelint.parse_cache import write_atomically
from imagelint.run_answers import RecordingCatalog, same_answers, valid_asked
from imagelint.run_inputs import SECRET_ENV, Recorder, RecordingEnv, kind_of
from imagelint.run_result import Examined, Invalid, decode, encode
from imagelint.run_validate import unchanged
from imagelint.run_validate import valid_inputs as _valid_inputs

if TYPE_CHECKING:
    from imagelint.app import Options
    from imagelint.catalog.interface import Catalog
    from imagelint.plugins import Plugins

FORMAT = "imagelint-run-2"  # 2: queries written as the catalog cache writes them
# A 1,000-module tree's entry is a few MB; one far larger costs more to load than to lint.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# Entries kept: a pre-commit call per set of files makes one each; the oldest go first.
MAX_ENTRIES = 32
# What does not change the workspace or lint's result: output, triage (run every time),
# speed, and the environment (each variable a source reads is recorded instead). Nor the API
# URL, which may hold credentials: every answer lint got is asked again and compared.
_NOT_KEYED = (
    frozenset(("output_format", "outputs", "quiet", "color", "progress", "statistics", "fail_on"))
    | {"baseline", "write_baseline", "prune_baseline", "today", "use_cache", "env", "jobs"}
    | {"api_url"}
)
# Their code decides what a parse returns; read by location, never imported for the key.
_LIBRARIES = ("hcl2", "lark", "yaml")

Full = Callable[["Options", "Catalog"], Examined]


def examine(options: Options, plugins: Plugins, catalog: Catalog, full: Full) -> Examined:
    """`full(options, catalog)`'s result: the cached one when still valid, else computed
    (recording what it read) and kept when it may be."""
    cache = RunCache.open(options, plugins)
    if cache is None:
        return full(options, catalog)
    hit = cache.lookup(catalog)
    if hit is not None:
        return hit
    recorder = Recorder(options.env)
    answers = RecordingCatalog(catalog)
    for path in options.paths:  # whether each is a file or a directory decides the reading
        recorder.looked(options.cwd / path, kind_of(options.cwd / path))
    with recording(recorder):
        examined = full(replace(options, env=RecordingEnv(options.env, recorder)), answers)
    cache.store(examined, recorder, answers)
    return examined


@dataclass
class RunCache:
    entry: Path
    env: Mapping[str, str]

    @classmethod
    def open(cls, options: Options, plugins: Plugins) -> RunCache | None:
        """None when the run may not be cached: off (library callers, tests), or a source
        plugin imagelint does not ship, whose reads may bypass imagelint.files."""
        if not options.use_cache:
            return None
        if any(not s.origin.startswith("imagelint.") for s in plugins.sources):
            return None
        from imagelint.cache_dir import cache_root

        directory = cache_root(options.env) / "runs"
        return cls(entry=directory / f"{run_key(options, plugins)}.json", env=options.env)

    def lookup(self, catalog: Catalog) -> Examined | None:
        """The cached result, when its inputs and then its catalog answers are unchanged."""
        try:
            with open(self.entry, "rb") as handle:
                raw = handle.read(MAX_ENTRY_BYTES + 1)
            data = json.loads(raw)
        except (OSError, ValueError, RecursionError):
            return None
        if len(raw) > MAX_ENTRY_BYTES or not _valid_entry(data):
            return None
        try:
            examined = decode(data["result"])
        except Invalid:
            return None
        if not unchanged(data["inputs"], self.env) or not same_answers(catalog, data["asked"]):
            return None
        return examined

    def store(self, examined: Examined, recorder: Recorder, answers: RecordingCatalog) -> None:
        if recorder.refused or not answers.cacheable or examined.catalog_unavailable:
            self.entry.unlink(missing_ok=True)  # one entry per key: never an older result
            return
        payload = {
            "format": FORMAT,
            "inputs": recorder.to_json(),
            "asked": answers.asked,
            "result": encode(examined),
        }
        # ASCII: file names that are not UTF-8 (surrogate escapes) survive the round trip.
        data = json.dumps(payload, separators=(",", ":"))
        secret = self.env.get(SECRET_ENV, "")
        if len(data) > MAX_ENTRY_BYTES or (secret and secret in data):
            self.entry.unlink(missing_ok=True)
            return
        try:
            write_atomically(self.entry, data)
            prune(self.entry.parent, keep=MAX_ENTRIES)
        except (OSError, ValueError):
            pass  # a full or read-only disk makes the next run slower, not wrong


def prune(directory: Path, *, keep: int) -> None:
    """Remove all but the `keep` most recently written entries."""
    entries = []
    with os.scandir(directory) as scan:
        for entry in scan:
            if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False):
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, path in sorted(entries, reverse=True)[keep:]:
        Path(path).unlink(missing_ok=True)


def run_key(options: Options, plugins: Plugins) -> str:
    """imagelint's code (its version does not change in an editable install), the rules and
    sources loaded, the libraries that parse, and every option that changes the result."""
    digest = hashlib.sha256(f"{FORMAT}\0{imagelint.__version__}\0{sys.version}\0".encode())
    origins = [*(r.origin for r in plugins.rules), *(s.origin for s in plugins.sources)]
    packages = {"imagelint", *(origin.split(".")[0] for origin in origins)}
    for name in sorted(packages):
        module = sys.modules.get(name)
        digest.update(f"{name}\0{_tree_signature(getattr(module, '__file__', None))}\0".encode())
    for name in _LIBRARIES:
        spec = find_spec(name)
        digest.update(f"{name}\0{_tree_signature(spec.origin if spec else None)}\0".encode())
    for rule in plugins.rules:  # configured severity and settings are the run's own
        digest.update(f"{rule.id}\0{rule.origin}\0{rule.severity.value}\0".encode())
    keyed = {f.name: getattr(options, f.name) for f in fields(options) if f.name not in _NOT_KEYED}
    digest.update(json.dumps(keyed, sort_keys=True, default=repr).encode())
    return digest.hexdigest()


def _tree_signature(origin: str | None) -> str:
    """Names, sizes and mtimes of a package's files (a module's, when it is no package):
    cheap, and any edit of an editable install changes it."""
    if origin is None:
        return "missing"
    path = Path(origin)
    if path.name != "__init__.py":
        info = path.stat()
        return f"{path.name}:{info.st_size}:{info.st_mtime_ns}"
    parts = []
    for directory, subdirectories, names in os.walk(path.parent):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(names):
            info = os.stat(os.path.join(directory, name))
            parts.append(f"{os.path.join(directory, name)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _valid_entry(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and set(data) == {"format", "inputs", "asked", "result"}
        and data["format"] == FORMAT
        and _valid_inputs(data["inputs"])
        and valid_asked(data["asked"])
    )
