"""The Scaleway provider version `terraform init` would install (the lock file's pin, else the
newest known release every constraint allows), and how that version resolves images."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from imagelint.model import LOCAL_IMAGE, SBS_IMAGE, Hop, ParseError, ResolutionModel, Span
from imagelint.parsers.hcl_syntax import Template
from imagelint.parsers.hcl_tree import parse_hcl
from imagelint.provider_models import server_model
from imagelint.terraform.version_constraints import (
    Constraint,
    ConstraintError,
    Version,
    allows_all,
    parse_constraints,
    parse_version,
)

# Terraform writes the first; OpenTofu, whose registry serves the same provider, the second.
LOCK_ADDRESSES = (
    "registry.terraform.io/scaleway/scaleway",
    "registry.opentofu.org/scaleway/scaleway",
)


@dataclass(frozen=True, kw_only=True)
class ConstraintSource:
    """One `scaleway/scaleway` version constraint and where it was written."""

    text: str  # as written: "~> 2.40.0", ">= 2.0, < 2.45"
    origin: str  # "required_providers in modules/web/versions.tf", for messages
    span: Span | None = None


@dataclass(frozen=True, kw_only=True)
class LockedVersion:
    """The version a `.terraform.lock.hcl` pins; `span` is its `version` string."""

    version: str
    span: Span


@dataclass(frozen=True, kw_only=True)
class Selected:
    """The provider version assumed and why, for messages: "provider 2.40.x, from
    `~> 2.40.0` (required_providers in versions.tf)". `version` is None when no release
    satisfies the constraints or the lock's pin violates them (`terraform init` fails; `why`
    says so). `hops` locate the pin and the constraints, for a finding's related list."""

    version: str | None
    why: str
    hops: tuple[Hop, ...] = ()


Checks = list[tuple[ConstraintSource, list[Constraint]]]


@functools.cache
def releases() -> tuple[Version, ...]:
    """Every provider release imagelint knows, oldest first (package data)."""
    from importlib import resources

    text = resources.files("imagelint").joinpath("data/provider-releases.txt").read_text("utf-8")
    rows = (line.split("#")[0].split() for line in text.splitlines())
    return tuple(parse_version(fields[0]) for fields in rows if fields)


def read_lock(path: str, text: str) -> LockedVersion | None:
    """The Scaleway provider pin of a `.terraform.lock.hcl`, None when it has none.
    Raises ParseError for a file Terraform would reject as a lock file."""
    # The lock file changes rarely: cached, under a name of this filter.
    body = parse_hcl(
        path, text, read=lambda type_, labels: type_ == "provider", cache_as="lock-providers"
    )
    pins: dict[str, LockedVersion] = {}
    for block in body.blocks_of("provider"):
        address = block.labels[0].lower() if block.labels else ""
        attribute = block.body.attributes.get("version")
        if address not in LOCK_ADDRESSES or attribute is None or address in pins:
            continue
        literal = attribute.expr.literal if isinstance(attribute.expr, Template) else None
        if literal is None:
            span = attribute.expr.span
            message = "a locked provider version must be a literal string"
            raise ParseError(path=span.path, line=span.line, column=span.column, message=message)
        pins[address] = LockedVersion(version=literal, span=attribute.expr.span)
    return next((pins[a] for a in LOCK_ADDRESSES if a in pins), None)


def select_version(
    constraints: Sequence[ConstraintSource], lock: LockedVersion | None = None
) -> Selected:
    """The version `terraform init` would install given every constraint on the provider in
    the module tree and the root module's lock file pin (from `read_lock`)."""
    sources = list(dict.fromkeys(constraints))
    hops = tuple(
        Hop(span=c.span, message=f"provider version constraint `{c.text.strip()}`")
        for c in sources
        if c.span is not None
    )
    checks: Checks = []
    for source in sources:
        try:
            checks.append((source, parse_constraints(source.text)))
        except ConstraintError as error:
            why = f"{error} ({source.origin}), which Terraform rejects"
            return Selected(version=None, why=why, hops=hops)
    if lock is not None:
        return _locked(lock, checks, hops)
    allowed = _allowed(tuple(source.text for source in sources))
    if not allowed:
        why = f"no release of the Scaleway provider satisfies {_listed(sources)}"
        return Selected(version=None, why=why, hops=hops)
    newest = max(allowed, key=Version.key)
    if not sources:
        why = f"provider {newest} (newest release; no version constraint)"
        return Selected(version=str(newest), why=why)
    # Only the minor version changes how images resolve: "2.40.x" when later patches of it
    # would do, so the message does not pretend to know which one is installed.
    phrase = str(newest)
    if not newest.pre and _allows_all(checks, Version(newest.major, newest.minor, 999_999)):
        phrase = f"{newest.major}.{newest.minor}.x"
    why = f"provider {phrase}, from {_listed(sources)}"
    return Selected(version=str(newest), why=why, hops=hops)


def _locked(lock: LockedVersion, checks: Checks, hops: tuple[Hop, ...]) -> Selected:
    where = lock.span.path
    hops = (Hop(span=lock.span, message=f"provider version {lock.version} pinned"), *hops)
    try:
        pinned = parse_version(lock.version)
    except ConstraintError:
        why = f'{where} pins provider version "{lock.version}", which is not a version'
        return Selected(version=None, why=why, hops=hops)
    refused = [c for c, terms in checks if not all(t.allows(pinned) for t in terms)]
    if refused:
        why = (
            f"{where} pins provider {pinned}, which {_listed(refused)} does not allow: "
            "terraform init refuses it until `terraform init -upgrade`"
        )
        return Selected(version=None, why=why, hops=hops)
    return Selected(version=str(pinned), why=f"provider {pinned}, pinned in {where}", hops=hops)


@functools.lru_cache(maxsize=256)
def _allowed(texts: tuple[str, ...]) -> tuple[Version, ...]:
    """The releases every constraint allows: the same few constraints recur in every root
    module of a repository, and each costs a pass over all releases."""
    terms = [term for text in texts for term in parse_constraints(text)]
    return tuple(v for v in releases() if allows_all(terms, v))


def _allows_all(checks: Checks, version: Version) -> bool:
    return allows_all([term for _, terms in checks for term in terms], version)


def _listed(sources: Sequence[ConstraintSource]) -> str:
    return " and ".join(f"`{c.text.strip()}` ({c.origin})" for c in sources)


def model_for(selected: Selected) -> ResolutionModel:
    """How `scaleway_instance_server` (and the legacy `scaleway_server`) of this provider
    version turns its image into a Marketplace query (MARKETPLACE.md §5.2, history)."""
    version = _version_of(selected)
    return server_model(version.major, version.minor, name=f"the Terraform {selected.why}")


def data_source_model_for(selected: Selected) -> ResolutionModel:
    """How `data "scaleway_marketplace_image"` queries (MARKETPLACE.md §5.3): the label
    verbatim, zone prefix kept. Its `image_type` goes where a server's root volume type
    goes: `model.image_type_for(image_type)`; before 2.51 (no such argument) always local.
    Check `supports_image_type` and the argument's validity (only the two types) first."""
    types = ((LOCAL_IMAGE, LOCAL_IMAGE), (SBS_IMAGE, SBS_IMAGE))
    return ResolutionModel(
        name=f"the Terraform {selected.why}",
        rewrite_dashes=False,
        strip_zone_prefix=False,
        volume_image_types=types if supports_image_type(selected) else (),
        default_image_type=LOCAL_IMAGE,
    )


def supports_image_type(selected: Selected) -> bool:
    """Whether the data source has the `image_type` argument (since 2.51); Terraform rejects
    an argument the provider's schema lacks."""
    version = _version_of(selected)
    return (version.major, version.minor) >= (2, 51)


def _version_of(selected: Selected) -> Version:
    if selected.version is None:
        raise ValueError(f"no provider version was selected: {selected.why}")
    return parse_version(selected.version)
