"""Load rule plugins from the `imagelint.rules` entry points of installed distributions into a
typed registry."""

from __future__ import annotations

import functools
import os
import site
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from types import ModuleType
from typing import cast

from imagelint import entry_points
from imagelint.entry_points import Declared
from imagelint.findings import Severity
from imagelint.rule_api import Option, Rule
from imagelint.source_api import Source

GROUP = "imagelint.rules"
SOURCES_GROUP = "imagelint.sources"
GROUPS = (GROUP, SOURCES_GROUP)


class PluginError(Exception):
    """A rule plugin that cannot be used; the message names the entry point."""


@dataclass(frozen=True, kw_only=True)
class LoadedRule:
    id: str
    severity: Severity
    needs_resolution: bool
    summary: str  # first line of the docstring
    doc: str
    origin: str  # the entry point's value, e.g. imagelint_rules.image_unknown
    rule: Rule
    options: tuple[Option, ...] = ()  # declared by the rule module's OPTIONS
    # This run's option values (defaults merged with the configuration's) and whether an
    # inline comment may suppress its findings; set by the run, not by the plugin.
    settings: Mapping[str, object] = field(default_factory=dict)
    suppressible: bool = True


@dataclass(frozen=True, kw_only=True)
class LoadedSource:
    name: str
    summary: str
    origin: str  # the entry point's value, e.g. imagelint.terraform.source
    module: Source

    def wants(self, name: str) -> bool:
        return self.module.wants(name)


@dataclass(frozen=True, kw_only=True)
class Plugins:
    rules: tuple[LoadedRule, ...]  # sorted by id
    sources: tuple[LoadedSource, ...] = ()  # in entry point order: terraform first
    refused: tuple[str, ...]  # a warning for each plugin found where none may come from


def discover(*, untrusted: Iterable[str | os.PathLike[str]]) -> Plugins:
    """The rules of installed distributions. Distribution metadata found on a sys.path entry
    inside the working directory or one of `untrusted` (the scanned paths) is never read for
    entry points, so nothing a repository commits is imported; each plugin refused that way
    is named in `refused`. Raises PluginError for a broken plugin, or when no rule is left."""
    roots = tuple(os.path.realpath(root) for root in (os.curdir, *untrusted))
    # The command resolves the configuration against the rules, then runs them: one scan.
    return _discover(roots, tuple(sys.path))


@functools.lru_cache(maxsize=8)
def _discover(roots: tuple[str, ...], search_path: tuple[str, ...]) -> Plugins:
    """discover() for these untrusted roots and this sys.path; the installed distributions do
    not change within a process."""
    untrusted = list(roots)
    installed = _installed_places()
    inside = [e for e in search_path if _is_inside(e, untrusted) and not _is_inside(e, installed)]
    outside = [e for e in search_path if e not in inside]
    names: set[str] = set()
    points: list[Declared] = []
    for name, _, declared in entry_points.scan(outside, trusted=True):
        if name in names:
            continue  # shadowed by an earlier entry, as importlib.metadata.entry_points does
        names.add(name)
        points += declared
    loaded = [_load_rule(n, v) for g, n, v in points if g == GROUP]
    sources = [_load_source(n, v) for g, n, v in points if g == SOURCES_GROUP]
    source_names = [s.name for s in sources]
    twice = sorted({n for n in source_names if source_names.count(n) > 1})
    if twice:
        raise PluginError(f"source registered more than once: {', '.join(twice)}")
    ids = [r.id for r in loaded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PluginError(f"rule id registered more than once: {', '.join(duplicates)}")
    if not loaded:
        raise PluginError(f"no rules are installed (no {GROUP} entry points): reinstall imagelint")
    if not sources:
        raise PluginError(
            f"no sources are installed (no {SOURCES_GROUP} entry points): reinstall imagelint"
        )
    return Plugins(
        rules=tuple(sorted(loaded, key=lambda r: r.id)),
        sources=tuple(sources),
        refused=tuple(_refused(dict.fromkeys(inside), known=names)),
    )


def load_rules() -> tuple[LoadedRule, ...]:
    """Every installed rule, none from the working directory, sorted by id; raises
    PluginError for a broken plugin."""
    return discover(untrusted=()).rules


def _installed_places() -> list[str]:
    """Where installed distributions live: the site-packages of the running interpreter (of
    its virtual environment, too, when that sits inside the checkout) and the user's."""
    places = [*site.getsitepackages(), site.getusersitepackages()]
    return [os.path.realpath(place) for place in places]


def _is_inside(entry: str, roots: list[str]) -> bool:
    # "" on sys.path is the working directory; realpath so a symlink cannot hide a checkout.
    where = PurePath(os.path.realpath(entry or os.curdir))
    return any(where.is_relative_to(root) for root in roots)


def _refused(entries: Iterable[str], *, known: set[str]) -> list[str]:
    """Plugins declared by metadata on `entries`, for the warning only: a copy of an installed
    distribution (a checkout's own build metadata) is not worth one."""
    warnings = []
    for name, meta, points in entry_points.scan(entries, trusted=False):
        declared = [n for g, n, _ in points if g in GROUPS]
        if declared and name not in known:
            warnings.append(
                f"refused plugin {', '.join(declared)} from {meta}: plugins load only "
                "from installed distributions, never from the working directory or the "
                "scanned paths"
            )
    return warnings


def _load_rule(name: str, value: str) -> LoadedRule:
    where = f"entry point {name!r} ({value})"
    return validate(_import(value, where), name=name, where=where, origin=value)


def _load_source(name: str, value: str) -> LoadedSource:
    where = f"source entry point {name!r} ({value})"
    return validate_source(_import(value, where), name=name, where=where, origin=value)


def _import(value: str, where: str) -> object:
    try:
        return entry_points.load(value)
    except Exception as err:  # a plugin's import error must not read as ours
        raise PluginError(f"{where} failed to import: {err}") from err


def validate_source(obj: object, *, name: str, where: str, origin: str) -> LoadedSource:
    """Check that `obj` satisfies the source plugin protocol (imagelint.source_api)."""
    missing = [a for a in ("NAME", "SUMMARY", "wants", "detect", "read") if not hasattr(obj, a)]
    if missing:
        raise PluginError(f"{where} is not a source: missing {', '.join(missing)}")
    source = cast(Source, obj)
    if name != source.NAME:
        raise PluginError(f"{where} declares NAME {source.NAME!r}; the entry point name must match")
    if not all(callable(f) for f in (source.wants, source.detect, source.read)):
        raise PluginError(f"{where}: wants, detect and read must be callable")
    return LoadedSource(name=name, summary=str(source.SUMMARY), origin=origin, module=source)


def validate(obj: object, *, name: str, where: str, origin: str) -> LoadedRule:
    """Check that `obj` satisfies the Rule protocol; shared with imagelint.testing."""
    missing = [a for a in ("ID", "SEVERITY", "NEEDS_RESOLUTION", "check") if not hasattr(obj, a)]
    if missing:
        raise PluginError(f"{where} is not a rule: missing {', '.join(missing)}")
    rule = cast(Rule, obj)
    if name != rule.ID:
        raise PluginError(f"{where} declares ID {rule.ID!r}; the entry point name must match")
    if not isinstance(rule.SEVERITY, Severity):
        raise PluginError(f"{where}: SEVERITY must be an imagelint.findings.Severity")
    if not callable(rule.check):
        raise PluginError(f"{where}: check is not callable")
    doc = (obj.__doc__ if isinstance(obj, ModuleType) else getattr(obj, "__doc__", None)) or ""
    if not doc.strip():
        raise PluginError(f"{where} has no docstring: it is the rule's user documentation")
    options = tuple(getattr(obj, "OPTIONS", ()))
    if not all(isinstance(o, Option) for o in options):
        raise PluginError(f"{where}: OPTIONS must hold imagelint.rule_api.Option records")
    return LoadedRule(
        id=rule.ID,
        severity=rule.SEVERITY,
        needs_resolution=bool(rule.NEEDS_RESOLUTION),
        summary=doc.strip().splitlines()[0],
        doc=doc.strip(),
        origin=origin,
        rule=rule,
        options=options,
        settings={o.name: o.default for o in options},
    )
