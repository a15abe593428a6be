"""The catalog interface: Marketplace facts as small values, no HTTP in sight."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

LOCAL = "instance_local"
SBS = "instance_sbs"
ANY_TYPE = "unknown_type"  # the API's "no filter"
IMAGE_TYPES = (LOCAL, SBS, ANY_TYPE)


@dataclass(frozen=True, kw_only=True)
class LocalImage:
    """A bootable image of one label in one zone, for one arch and one volume type."""

    id: str
    label: str | None  # absent or "" in 2023 data (Q3)
    zone: str  # normalised: never a legacy name
    arch: str | None
    type: str  # instance_local, instance_sbs, or unknown_type when the data did not say
    compatible_commercial_types: tuple[str, ...]  # uppercase, as the API writes them

    def boots(self, commercial_type: str) -> bool:
        return commercial_type.upper() in self.compatible_commercial_types


@dataclass(frozen=True, kw_only=True)
class LabelQuery:
    """ListLocalImages by label. `zone=None` asks for every zone."""

    label: str
    zone: str | None
    image_type: str


@dataclass(frozen=True, kw_only=True)
class IdQuery:
    """GetLocalImage by the UUID a user wrote."""

    image_id: str


Query = LabelQuery | IdQuery


@dataclass(frozen=True, kw_only=True)
class Found:
    """The Marketplace answered. For a label: the local images in API order (may be empty:
    the label exists but nothing matches the filters). For an id: exactly one image.
    `complete` is False when the source holds only part of the answer (snapshot, zone=None).
    `recorded` is the date the answer was recorded, for a snapshot; None for a live answer."""

    images: tuple[LocalImage, ...]
    complete: bool = True
    recorded: str | None = None


@dataclass(frozen=True, kw_only=True)
class NotFound:
    """404 not_found: no such label, or the UUID is no Marketplace local image."""


@dataclass(frozen=True, kw_only=True)
class Miss:
    """The catalog could not answer this query. `unavailable` is True when the cause is a
    failure to reach the Marketplace (the run then could not check everything), False when
    the source simply does not hold the answer (an offline snapshot)."""

    reason: str
    unavailable: bool = False


Answer = Found | NotFound | Miss


def first_bootable(
    images: Iterable[LocalImage], commercial_type: str, *, zone: str | None = None
) -> LocalImage | None:
    """The image the provider boots: the first, in API order, that lists the commercial type
    (MARKETPLACE.md §5.1). `zone` also drops images of another zone (Q5)."""
    return next(
        (i for i in images if (zone is None or i.zone == zone) and i.boots(commercial_type)),
        None,
    )


@dataclass(frozen=True, kw_only=True)
class CatalogSource:
    kind: str  # "api" or "snapshot"
    as_of: str  # snapshot date, or the run's UTC timestamp for the live API
    api_url: str | None
    detail: str = ""


class Catalog(Protocol):
    """What the engine and rules may ask. The engine's RunCatalog keeps the run's answers
    and asks for each query once; an implementation needs no memo of its own."""

    def source(self) -> CatalogSource: ...

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        """Answer all distinct queries at once, each sent at most once per call."""
        ...

    def labels(self) -> tuple[str, ...] | None:
        """Every label the catalog lists (for suggestions); None when it cannot list them."""
        ...

    def arch_of(self, commercial_type: str) -> str | None:
        """The architecture of a commercial type from bundled reference data, if known."""
        ...

    def close(self) -> None:
        """Release connections and threads; the catalog answers nothing afterwards."""
        ...
