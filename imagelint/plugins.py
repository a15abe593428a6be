"""Load rule plugins from the `imagelint.rules` entry points into a typed registry."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import cast

from imagelint.findings import Severity
from imagelint.rule_api import Rule

GROUP = "imagelint.rules"


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


def load_rules() -> tuple[LoadedRule, ...]:
    """Every installed rule, sorted by id; raises PluginError for a broken plugin."""
    loaded = [_load(ep) for ep in entry_points(group=GROUP)]
    ids = [r.id for r in loaded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PluginError(f"rule id registered more than once: {', '.join(duplicates)}")
    return tuple(sorted(loaded, key=lambda r: r.id))


def _load(ep: EntryPoint) -> LoadedRule:
    where = f"entry point {ep.name!r} ({ep.value})"
    try:
        obj = ep.load()
    except Exception as err:  # a plugin's import error must not read as ours
        raise PluginError(f"{where} failed to import: {err}") from err
    return validate(obj, name=ep.name, where=where, origin=ep.value)


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
    return LoadedRule(
        id=rule.ID,
        severity=rule.SEVERITY,
        needs_resolution=bool(rule.NEEDS_RESOLUTION),
        summary=doc.strip().splitlines()[0],
        doc=doc.strip(),
        origin=origin,
        rule=rule,
    )
