"""The Scaleway provider version a root module gets, from its lock file and the version
constraints written across its module tree, and the resolution models that version implies."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from imagelint.files import is_file, read_text
from imagelint.model import ParseError, Value
from imagelint.parsers.hcl_syntax import Block, Expr, Literal, ObjectCons, Template
from imagelint.terraform.config import ModuleConfig
from imagelint.terraform.instances import Models
from imagelint.terraform.names import PROVIDER
from imagelint.terraform.provider_version import (
    ConstraintSource,
    LockedVersion,
    data_source_model_for,
    model_for,
    read_lock,
    select_version,
)

LOCK_FILE = ".terraform.lock.hcl"
_SOURCES = ("scaleway/scaleway", "registry.terraform.io/scaleway/scaleway")


def models_for(root: Path, configs: Iterable[ModuleConfig], display: str) -> Models:
    """`display` is the root's lock file path as findings show it."""
    constraints = [c for config in configs for c in constraints_of(config)]
    selected = select_version(constraints, _lock(root / LOCK_FILE, display))
    if selected.version is None:
        span = selected.hops[0].span if selected.hops else None
        problem = Value.unknown(selected.why, span, kind="invalid", chain=selected.hops)
        return Models(server=None, lookup=None, problem=problem)
    return Models(server=model_for(selected), lookup=data_source_model_for(selected))


def constraints_of(config: ModuleConfig) -> list[ConstraintSource]:
    found: list[ConstraintSource] = []
    for block in config.terraform:
        for required in block.body.blocks_of("required_providers"):
            found.extend(_required(required))
    for block in config.providers:
        version = block.body.attributes.get("version")
        if version is not None and isinstance(version.expr, Template) and version.expr.literal:
            where = f"the provider block's version argument in {version.name_span.path}"
            found.append(
                ConstraintSource(text=version.expr.literal, origin=where, span=version.expr.span)
            )
    return found


def _required(block: Block) -> list[ConstraintSource]:
    entry = block.body.attributes.get(PROVIDER)
    if entry is None:
        return []
    where = f"required_providers in {entry.name_span.path}"
    expr = entry.expr
    if isinstance(expr, Template) and expr.literal is not None:  # legacy `scaleway = "~> 1.0"`
        return [ConstraintSource(text=expr.literal, origin=where, span=expr.span)]
    if not isinstance(expr, ObjectCons):
        return []
    fields = {_key(key): value for key, value in expr.items}
    source = fields.get("source")
    if isinstance(source, Template) and (source.literal or "").lower() not in _SOURCES:
        return []  # a local name "scaleway" bound to another provider
    version = fields.get("version")
    if isinstance(version, Template) and version.literal:
        return [ConstraintSource(text=version.literal, origin=where, span=version.span)]
    return []


def _key(expr: Expr) -> str | None:
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return expr.literal if isinstance(expr, Template) else None


def _lock(path: Path, shown: str) -> LockedVersion | None:
    if not is_file(path):
        return None
    try:
        return read_lock(shown, read_text(path, shown))
    except ParseError:
        return None  # terraform init rewrites a lock file it cannot read
