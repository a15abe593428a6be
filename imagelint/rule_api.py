"""All a rule imports besides the model and the catalog interface."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from imagelint.catalog.interface import Answer, LocalImage, Query
from imagelint.findings import Severity
from imagelint.model import Hop, Instance, Span

__all__ = [
    "IMAGE_LOOKUP",
    "CatalogView",
    "Draft",
    "ImageRef",
    "ImageSource",
    "Option",
    "Outcome",
    "Resolution",
    "Rule",
    "RuleContext",
    "Severity",
    "Target",
    "Unresolved",
    "short_list",
]


IMAGE_LOOKUP = "image-lookup"  # Instance.kind of a scaleway_marketplace_image data source


@dataclass(frozen=True, kw_only=True)
class Draft:
    """What a rule saw and where; the engine stamps rule id, severity, path and resource.
    `related` is the way the value reached the attribute (Instance.chain_of), and any other
    place the message speaks of."""

    span: Span
    message: str
    hint: str | None = None
    related: tuple[Hop, ...] = ()


class Outcome(enum.StrEnum):
    """What resolution decided for an instance, in precedence order: the first that applies
    is the only one (an image rule renders its own outcome and decides nothing). Each error
    outcome is the id of the rule that reports it."""

    ZONE_UNKNOWN = "zone-unknown"
    COMMERCIAL_TYPE_UNKNOWN = "commercial-type-unknown"
    IMAGE_LABEL_UNSUPPORTED = "image-label-unsupported"
    IMAGE_UNKNOWN = "image-unknown"
    IMAGE_VOLUME_TYPE_MISMATCH = "image-volume-type-mismatch"
    IMAGE_ZONE_UNAVAILABLE = "image-zone-unavailable"
    IMAGE_ARCH_MISMATCH = "image-arch-mismatch"
    COMMERCIAL_TYPE_INCOMPATIBLE = "commercial-type-incompatible"
    OK = "ok"


@dataclass(frozen=True, kw_only=True)
class ImageRef:
    """An `image` value normalised the way the tool does it."""

    written: str  # as in the source
    name: str  # the label looked up (`-` turned into `_` for a Terraform server), or the UUID
    is_uuid: bool
    zone_prefix: str | None  # the `zone/` part the provider splits off (normalised)


@dataclass(frozen=True, kw_only=True)
class Target:
    """An instance's values as the tool reads them, and the queries resolution needs."""

    image: ImageRef
    zone: str  # effective zone, normalised (legacy par1/ams1 become fr-par-1/nl-ams-1)
    # As the tool looks it up: as written for a server (the provider's product lookup is by
    # exact key), uppercased for an image lookup (the SDK uppercases it).
    commercial_type: str
    image_type: str  # local image type asked for (root volume, or a lookup's image_type)
    image_type_defaulted: bool  # nothing chose it: the model's default applies
    model: str  # who resolves the image this way and which version, for messages
    query: Query | None  # None: the image is the one an image lookup resolved
    # Same label and zone, the other local image type: asked (in one batch) when the asked
    # type boots nothing, since that is often "this type boots the label only from the
    # other volume type".
    other_query: Query | None = None


@dataclass(frozen=True, kw_only=True)
class ImageSource:
    """The image lookup (a `scaleway_marketplace_image` data source) whose local image a
    server boots, and what it resolved for its own instance type, zone and image type."""

    lookup: Instance
    target: Target
    image: LocalImage


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """What resolution decided for an instance."""

    outcome: Outcome
    zone: str  # as written (zone-unknown) or normalised
    commercial_type: str  # as the tool looks it up
    # None only when zone-unknown, commercial-type-unknown or image-label-unsupported was
    # decided before every value the image query needs was known.
    target: Target | None
    # Found, or NotFound for a label; never a Miss (image-label-unsupported: None when the
    # catalog could not say which image the label stands for).
    answer: Answer | None = None
    candidates: tuple[LocalImage, ...] = ()  # images in the zone the tool chooses from
    chosen: LocalImage | None = None  # the first candidate that boots the commercial type
    # image-volume-type-mismatch: the other local image type, the image of it that boots,
    # and the root volume type that makes the tool ask for it (None for an image lookup,
    # whose `image_type` is set directly, or when the model maps no volume type to it).
    working_image_type: str | None = None
    working_image: LocalImage | None = None
    working_volume_type: str | None = None
    source: ImageSource | None = None  # a server booting an image lookup's image


@dataclass(frozen=True, kw_only=True)
class Unresolved:
    attribute: str  # "image", "type", "zone", "volume_type", "image_type" or "catalog"
    reason: str
    span: Span
    kind: str = "no-value"  # one of imagelint.model.UNKNOWN_KINDS
    chain: tuple[Hop, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Option:
    """An option a rule declares in its module's OPTIONS tuple; the configuration's
    `rules: {ID: {NAME: value}}` sets it, validated against `kind` in one place
    (imagelint.config) before any rule runs."""

    name: str  # kebab-case, as written in the configuration
    kind: str  # "string", "integer", "number", "boolean" or "string-list"
    default: object
    description: str
    choices: tuple[str, ...] = ()  # the only values allowed (each item's, for a string-list)


class CatalogView(Protocol):
    """The catalog as a rule sees it: answers are cached for the run."""

    def ask(self, query: Query) -> Answer: ...

    def labels(self) -> tuple[str, ...] | None: ...

    def arch_of(self, commercial_type: str) -> str | None:
        """From the catalog's own images first, then from bundled reference data."""
        ...

    def commercial_types(self) -> frozenset[str]:
        """Types the provider's product lookup knows: bundled tables and the run's answers."""
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
    # The rule's options (its OPTIONS' defaults, overridden by the configuration).
    options: Mapping[str, object] = field(default_factory=dict)

    def outcome_is(self, outcome: str) -> Resolution | None:
        """The resolution when its outcome is `outcome` (a rule's own ID), else None."""
        if self.resolution is not None and self.resolution.outcome == outcome:
            return self.resolution
        return None


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
