"""All a rule imports besides the model and the catalog interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from imagelint.catalog.interface import Answer, LocalImage, Query
from imagelint.findings import Severity
from imagelint.model import Instance, Span

__all__ = [
    "CatalogView",
    "Draft",
    "ImageRef",
    "Resolution",
    "Rule",
    "RuleContext",
    "Severity",
    "Target",
    "Unresolved",
    "short_list",
]


@dataclass(frozen=True, kw_only=True)
class Draft:
    """What a rule saw and where; the engine stamps rule id, severity, path and resource."""

    span: Span
    message: str
    hint: str | None = None


@dataclass(frozen=True, kw_only=True)
class ImageRef:
    """An `image` value normalised the way the Terraform provider does it."""

    written: str  # as in the source
    name: str  # label with `-` turned into `_`, or the bare UUID
    is_uuid: bool
    zone_prefix: str | None  # the `zone/` part the provider splits off (normalised)


@dataclass(frozen=True, kw_only=True)
class Target:
    """An instance's values as the provider reads them, and the query it would send."""

    image: ImageRef
    zone: str  # effective zone, normalised
    commercial_type: str  # uppercased
    image_type: str  # local image type implied by the root volume
    image_type_defaulted: bool  # no root volume type was written: the model's default applies
    model: str  # who resolves the image this way, for messages ("the Terraform provider")
    query: Query


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """What the catalog said about a target."""

    target: Target
    answer: Answer  # Found, or NotFound for a label; never a Miss
    candidates: tuple[LocalImage, ...]  # images in the zone the provider would choose from
    chosen: LocalImage | None  # the first candidate that boots the commercial type


@dataclass(frozen=True, kw_only=True)
class Unresolved:
    attribute: str  # "image", "type", "zone", "volume_type", or "catalog"
    reason: str
    span: Span


class CatalogView(Protocol):
    """The catalog as a rule sees it: answers are cached for the run."""

    def ask(self, query: Query) -> Answer: ...

    def labels(self) -> tuple[str, ...] | None: ...

    def arch_of(self, commercial_type: str) -> str | None:
        """From the catalog's own images first, then from bundled reference data."""
        ...

    def describe(self) -> str:
        """ "the live Marketplace API" or "the offline snapshot (as of ...)", for messages."""
        ...


@dataclass(frozen=True, kw_only=True)
class RuleContext:
    instance: Instance
    target: Target | None  # None when a value the query needs is unknown
    resolution: Resolution | None  # None when the instance could not be resolved
    unresolved: tuple[Unresolved, ...]  # why it could not be (empty when resolved)
    catalog: CatalogView


class Rule(Protocol):
    """A rule is a module with these names; its docstring is its user documentation."""

    ID: str
    SEVERITY: Severity
    NEEDS_RESOLUTION: bool  # True: only called for instances the catalog resolved

    def check(self, ctx: RuleContext) -> Iterator[Draft]: ...


def short_list(items: Iterable[str], limit: int = 8) -> str:
    """`a, b, c (and 12 more)`: long catalog lists stay readable in one message line."""
    items = list(items)
    shown = ", ".join(items[:limit])
    return f"{shown} (and {len(items) - limit} more)" if len(items) > limit else shown
