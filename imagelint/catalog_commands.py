"""`imagelint catalog update|show|export|clear`: fill, inspect, export and empty the cache."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from imagelint.catalog.errors import CatalogConfigError, CatalogError
from imagelint.catalog.interface import (
    LOCAL,
    SBS,
    Answer,
    Catalog,
    CatalogSource,
    Found,
    LabelQuery,
    Miss,
    NotFound,
    Query,
)
from imagelint.config_keys import DEFAULT_API_URL
from imagelint.reporters.escape import escape_controls as esc
from imagelint.triage import Exit

if TYPE_CHECKING:
    from imagelint.app import Options
    from imagelint.catalog.cache import DiskCache
    from imagelint.model import Instance
    from imagelint.plugins import LoadedRule

EXPORTED_BY = "imagelint catalog export"


def update(
    paths: Sequence[str],
    labels: Sequence[str],
    zones: Sequence[str],
    options: Options,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Ask the live API what the tree at `paths` needs (the queries a check asks, the
    engine's and rules' follow-ups included) and each of `labels` in each of `zones`
    (default: every zone) for both volume types; the chain caches every verified answer."""
    from dataclasses import replace

    from imagelint.catalog.zones import KNOWN_ZONES
    from imagelint.catalog_setup import build_catalog
    from imagelint.engine import RuleCrashed, lint

    out, err = out or sys.stdout, err or sys.stderr  # at call time: click's runner swaps them
    if not paths and not labels:
        err.write("imagelint: catalog update needs PATHS or --labels\n")
        return Exit.USAGE
    try:
        # `api`: the live API only, each verified answer written to the cache by the chain.
        live = build_catalog(replace(options, catalog="api", use_cache=True))
    except CatalogConfigError as error:
        err.write(f"imagelint: {esc(str(error))}\n")
        return Exit.USAGE
    named = {
        LabelQuery(label=label, zone=zone, image_type=image_type)
        for label in labels
        for zone in zones or KNOWN_ZONES
        for image_type in (LOCAL, SBS)
    }
    tree = _tree(paths, options, err) if paths else ((), [])
    if tree is None:
        live.close()
        return Exit.USAGE
    instances, rules = tree
    recorder = _Recorder(live)
    failure = None
    try:
        recorder.answer(named)
        if instances:
            lint(instances, rules, recorder)  # asks exactly what a check asks, follow-ups too
    except (CatalogError, RuleCrashed) as error:
        failure = str(error)
    finally:
        recorder.close()
    directory = _cache(options).directory
    shown = _api_url(options, err) or ""  # build_catalog parsed it already
    _report_update(recorder.answers, shown, directory, out)
    failed = sorted({a.reason for a in recorder.answers.values() if isinstance(a, Miss)})
    for reason in [*failed, *([failure] if failure else [])]:
        err.write(f"imagelint: not fetched: {esc(reason)}\n")
    return Exit.UNCHECKED if failed or failure else Exit.CLEAN


def show(
    label: str | None,
    zone: str | None,
    *,
    options: Options | None = None,
    out: TextIO | None = None,
) -> int:
    """Without a label, what the cache holds; with one, where it boots (catalog_table)."""
    out = out or sys.stdout
    options = options or _default_options()
    cache = _cache(options)
    from imagelint.catalog_table import cache_summary, label_table

    if label is None:
        out.write(cache_summary(cache))
        return Exit.CLEAN

    url = _api_url(options, sys.stderr)
    if url is None:
        return Exit.USAGE
    text, known = label_table(label, zone, cache, url)
    out.write(text)
    return Exit.CLEAN if known else Exit.UNCHECKED


def export(
    file: Path,
    *,
    options: Options | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Write the cache's answers for the API URL in use as a snapshot file, atomically."""
    from imagelint.catalog.serialise import Recorded, from_answers, write

    out, err = out or sys.stdout, err or sys.stderr
    options = options or _default_options()
    url = _api_url(options, err)
    if url is None:
        return Exit.USAGE
    shown = url
    cache = _cache(options)
    held = [
        Recorded(query=query, answer=answer, recorded=fetched.date().isoformat())
        for query, fetched, entry_url, answer in cache.entries()
        if entry_url == url
    ]
    days = sorted(r.recorded for r in held)
    source = f"the imagelint catalog cache of {shown}"
    if days:
        source += f", answers fetched {days[0]}..{days[-1]}"
    snapshot = from_answers(held, source=source, built_by=EXPORTED_BY)
    if snapshot is None:
        err.write(
            f"imagelint: the cache holds no answer from {esc(shown)}: nothing exported "
            "(imagelint catalog update fills it)\n"
        )
        return Exit.UNCHECKED
    try:
        write(file, snapshot)
    except OSError as error:
        err.write(f"imagelint: cannot write {esc(str(file))}: {esc(str(error))}\n")
        return Exit.USAGE
    zones = {q["zone"] for q in snapshot["queries"]}
    out.write(
        f"wrote {esc(str(file))}: {len(snapshot['queries'])} answers for "
        f"{len(snapshot['labels'])} labels in {len(zones)} zones, "
        f"{len(snapshot['not_found_labels'])} labels not found, "
        f"{len(snapshot['local_images'])} images by id; from {esc(shown)}, "
        f"as of {snapshot['as_of']}\n"
    )
    return Exit.CLEAN


def clear(*, options: Options | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    cache = _cache(options or _default_options())
    removed = cache.clear()
    out.write(f"removed {removed} entries from {esc(str(cache.directory))}\n")
    return Exit.CLEAN


class _Recorder:
    """A Catalog that asks the live one once per query and keeps every answer."""

    def __init__(self, live: Catalog) -> None:
        self._live = live
        self.answers: dict[Query, Answer] = {}

    def source(self) -> CatalogSource:
        return self._live.source()

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        wanted = set(queries)
        missing = wanted - self.answers.keys()
        if missing:
            self.answers.update(self._live.answer(missing))
        return {q: self.answers[q] for q in wanted}

    def labels(self) -> tuple[str, ...] | None:
        return None  # suggestions only, and the cache holds no label list: not worth a request

    def arch_of(self, commercial_type: str) -> str | None:
        return self._live.arch_of(commercial_type)

    def close(self) -> None:
        self._live.close()


def _tree(
    paths: Sequence[str], options: Options, err: TextIO
) -> tuple[tuple[Instance, ...], list[LoadedRule]] | None:
    from dataclasses import replace

    from imagelint.plugins import PluginError, discover
    from imagelint.triage import configured
    from imagelint.workspace import SourceCrashed, read

    options = replace(options, paths=tuple(paths))
    try:
        plugins = discover(untrusted=(options.cwd, *(options.cwd / p for p in paths)))
        workspace = read(options, plugins.sources)
    except (PluginError, SourceCrashed) as error:
        err.write(f"imagelint: {esc(str(error))}\n")
        return None
    return workspace.instances, list(configured(plugins.rules, options.rule_settings))


def _report_update(
    answers: Mapping[Query, Answer], shown: str, directory: Path, out: TextIO
) -> None:
    found = [q for q, a in answers.items() if isinstance(a, Found)]
    missing = sorted(
        {
            q.label
            for q, a in answers.items()
            if isinstance(a, NotFound) and isinstance(q, LabelQuery)
        }
    )
    images = sum(len(a.images) for a in answers.values() if isinstance(a, Found))
    out.write(
        f"fetched {len(answers)} answers from {esc(shown)} into {esc(str(directory))}: "
        f"{len(found)} found ({images} images), "
        f"{sum(isinstance(a, NotFound) for a in answers.values())} not found, "
        f"{sum(isinstance(a, Miss) for a in answers.values())} failed\n"
    )
    by_label: dict[str, set[str]] = {}
    for query in found:
        if isinstance(query, LabelQuery):
            by_label.setdefault(query.label, set()).add(query.zone or "every zone")
    for label in sorted(by_label):
        out.write(f"  {esc(label)}: {', '.join(esc(z) for z in sorted(by_label[label]))}\n")
    ids = sum(1 for q in found if not isinstance(q, LabelQuery))
    if ids:
        out.write(f"  {ids} images by id\n")
    if missing:
        out.write(f"  not found: {', '.join(esc(label) for label in missing)}\n")


def _default_options() -> Options:
    from imagelint.app import Options

    return Options(paths=())


def _cache(options: Options) -> DiskCache:
    from imagelint.catalog.cache import open_cache

    return open_cache(options.env, ttl=options.cache_ttl, negative_ttl=options.cache_negative_ttl)


def _api_url(options: Options, err: TextIO) -> str | None:
    """The URL cache entries are filed under, as the check's catalog files them: as shown,
    userinfo masked."""
    from imagelint.catalog.endpoint import parse_api_url

    try:
        text = options.api_url or options.env.get("SCW_API_URL") or DEFAULT_API_URL
        return parse_api_url(text).shown
    except CatalogConfigError as error:
        err.write(f"imagelint: {esc(str(error))}\n")
        return None
