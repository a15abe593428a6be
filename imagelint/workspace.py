"""What a run reads: the files under the paths the user gave, each offered to the source
plugins that want it by name and claim it by content, and what those sources made of them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase as fnmatch
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from imagelint.files import Scope, real, scope_roots
from imagelint.given import touching
from imagelint.model import Instance, ParseError
from imagelint.source_api import Candidate, ReadContext, SourceResult

if TYPE_CHECKING:
    from imagelint.app import Options
    from imagelint.plugins import LoadedSource


class SourceCrashed(Exception):
    """A source plugin raised instead of returning errors: nothing it read was checked."""


@dataclass(frozen=True, kw_only=True)
class Workspace:
    files: int  # files read by a source (or that could not be read)
    skipped: int  # YAML and JSON files no source claimed: unrelated to any format read
    instances: tuple[Instance, ...]
    errors: tuple[ParseError, ...]
    # Files given one by one: only findings that touch them are reported. None: everything.
    given: frozenset[str] | None
    warnings: tuple[str, ...] = ()  # files not read, templates skipped, ...
    read: tuple[str, ...] = ()  # the files a source read, as shown (for suppressions)


def read(
    options: Options,
    sources: Sequence[LoadedSource],
    *,
    on_instances: Callable[[Sequence[Instance]], None] | None = None,
) -> Workspace:
    """`on_instances` is handed to the sources (ReadContext.on_instances)."""
    absolute = [options.cwd / p for p in options.paths]
    roots = scope_roots(absolute, options.cwd)
    scope = Scope(roots, cwd=options.cwd, max_file_bytes=options.max_file_size)
    forced = options.source
    chosen = [s for s in sources if forced is None or s.name == forced]
    # What could not be read is reported, never skipped.
    errors, candidates = _found(absolute, chosen, scope)
    candidates = [c for c in candidates if not excluded(c.shown, options.exclude)]
    unreadable = len(errors)
    claims: dict[str, list[Candidate]] = {s.name: [] for s in chosen}
    skipped: set[str] = set()
    for candidate in candidates:
        takers = [s for s in chosen if _claims(s, candidate, forced=forced is not None)]
        for source in takers:
            claims[source.name].append(candidate)
        if takers:
            continue
        if candidate.given and not _wanted(chosen, candidate.name):
            errors.append(_not_read(candidate, chosen, forced))
        else:
            skipped.add(candidate.shown)
    home = Path(options.env["HOME"]) if options.env.get("HOME") else None
    walked = any(p.is_dir() for p in absolute)
    context = ReadContext(
        cwd=options.cwd,
        env=options.env,
        home=home,
        scope=scope,
        default_zone=options.default_zone,
        var_files=tuple(options.cwd / f for f in options.var_files),
        var_args=options.var_args,
        paths=tuple(absolute),
        walked=walked,
        jobs=options.jobs,
        on_instances=on_instances,
    )
    instances: list[Instance] = []
    notices: list[str] = []
    read: set[str] = set()  # files a source found its own format in
    with _progress(options.progress, sum(len(f) for f in claims.values())) as bar:
        for source in chosen:
            files = claims[source.name]
            if not files:
                continue
            bar.label = f"reading {source.name}"
            result = _read(source, files, context)
            instances.extend(result.instances)
            errors.extend(result.errors)
            notices.extend(result.notices)
            read |= {f.shown for f in files} - set(result.not_mine)
            bar.update(len(files))
    claimed = {c.shown for files in claims.values() for c in files}
    given = frozenset(c.shown for c in candidates if c.given)
    narrowed = given if given and not walked else None
    if narrowed is not None:
        # Sources read what a given file belongs to (its module, its playbook, its project):
        # only the instances that file has a part in are this run's.
        instances = touching(instances, narrowed)
    return Workspace(
        files=len(read) + unreadable,
        # Claimed by a quick look at their content, then found to hold nothing of the format.
        skipped=len(skipped) + len(claimed - read),
        instances=tuple(instances),
        errors=tuple(_unique(errors)),
        given=narrowed,
        warnings=(*scope.warnings, *dict.fromkeys(notices)),
        read=tuple(sorted(read)),
    )


# A run over fewer files ends before a bar would say anything useful.
PROGRESS_FROM_FILES = 200


class _NoBar:
    label = ""

    def update(self, n: int) -> None:
        """No bar: nothing to show."""


@contextmanager
def _progress(wanted: bool, total: int) -> Iterator[Any]:
    """click's progress bar on stderr, for long runs on a terminal (Options.progress)."""
    if not wanted or total < PROGRESS_FROM_FILES:
        yield _NoBar()
        return
    import click

    with click.progressbar(length=total, label="reading", file=sys.stderr) as bar:
        yield bar


def excluded(shown: str, globs: Sequence[str]) -> bool:
    """`exclude` globs match the path as shown (relative to the working directory) or one of
    its parent directories, with fnmatch (a `*` crosses `/`): `modules/legacy` leaves out
    that tree, `*.generated.tf` every file so named, `**/fixtures/*` every fixtures
    directory's files."""
    if not globs:
        return False
    parts = PurePosixPath(shown).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(fnmatch(p, g) or fnmatch(p, g.removeprefix("**/")) for g in globs for p in prefixes)


def _found(
    paths: list[Path], sources: list[LoadedSource], scope: Scope
) -> tuple[list[ParseError], list[Candidate]]:
    """Files named one by one, and the files in directories that some source wants."""
    errors: list[ParseError] = []
    candidates: list[Candidate] = []
    seen: set[Path] = set()
    for path in paths:
        is_dir = path.is_dir()
        if is_dir:
            found = scope.walk(path, lambda name: _wanted(sources, name))
        else:
            found = scope.admit(path)
        errors.extend(found.errors)
        for file in found.files:
            key = real(file.parent) / file.name
            if key not in seen:
                seen.add(key)
                shown = scope.show(file)
                candidates.append(Candidate(file, shown=shown, given=not is_dir, scope=scope))
    return errors, candidates


def _read(source: LoadedSource, files: list[Candidate], context: ReadContext) -> SourceResult:
    try:
        return source.module.read(files, context)
    except Exception as error:  # a plugin's bug must not read as a pass, nor a traceback
        raise _crashed(source, error) from error


# imagelint's own configuration: read as configuration, never offered to the sources.
OWN_FILES = (".imagelint.yaml", ".imagelint.yml")


def _wanted(sources: Sequence[LoadedSource], name: str) -> bool:
    if name in OWN_FILES:
        return False
    for source in sources:
        try:
            if source.wants(name):
                return True
        except Exception as error:
            raise _crashed(source, error) from error
    return False


def _claims(source: LoadedSource, candidate: Candidate, *, forced: bool) -> bool:
    if forced and candidate.given:
        return True  # --source NAME: the user says what the file is
    try:
        return _wanted((source,), candidate.name) and bool(source.module.detect(candidate))
    except Exception as error:
        raise _crashed(source, error) from error


def _crashed(source: LoadedSource, error: Exception) -> SourceCrashed:
    where = f"source plugin {source.name} ({source.origin})"
    return SourceCrashed(f"{where} failed: {type(error).__name__}: {error}")


def _not_read(
    candidate: Candidate, sources: Sequence[LoadedSource], forced: str | None
) -> ParseError:
    kinds = ", ".join(s.name for s in sources)
    what = f"the {forced} source" if forced else "any imagelint source"
    message = f"not a file {what} reads ({kinds}); `--source NAME` reads it as one of them"
    return ParseError(path=candidate.shown, line=1, column=1, message=message)


def _unique(errors: list[ParseError]) -> list[ParseError]:
    return list({(e.path, e.line, e.column, e.message): e for e in errors}.values())
