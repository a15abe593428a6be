"""The offline catalog: answers from the bundled, dated snapshot of recorded Marketplace data."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagelint.catalog.errors import CatalogError
from imagelint.catalog.interface import (
    ANY_TYPE,
    IMAGE_TYPES,
    LOCAL,
    SBS,
    Answer,
    CatalogSource,
    Found,
    IdQuery,
    LabelQuery,
    LocalImage,
    Miss,
    NotFound,
    Query,
)
from imagelint.catalog.parse import local_image_from_api
from imagelint.catalog.zones import normalise_zone

FORMAT = 1
QueryKey = tuple[str, str, str]  # (label, zone, image type)


@dataclass(frozen=True)
class _Index:
    as_of: str
    detail: str
    labels: tuple[str, ...]
    not_found: frozenset[str]
    queries: dict[QueryKey, tuple[LocalImage, ...]]
    recorded: dict[QueryKey | str, str]  # by query key, and by lowercased image id
    by_id: dict[str, LocalImage]


class SnapshotCatalog:
    """A Catalog over snapshot.json. It knows exactly which queries it holds: anything else
    is a Miss (the snapshot cannot tell), never NotFound (which would claim the label or
    image does not exist)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._loaded: _Index | None = None

    # Parsed on first use, not at construction: the pre-commit hook may never need it.
    @property
    def _index(self) -> _Index:
        if self._loaded is None:
            self._loaded = _load(self._read(), self._where())
        return self._loaded

    def _read(self) -> str:
        # Imported here: importlib.resources alone costs ~20 ms, and most runs never load.
        from importlib import resources

        try:
            if self._path is not None:
                return self._path.read_text(encoding="utf-8")
            return resources.files("imagelint").joinpath("data/snapshot.json").read_text("utf-8")
        except OSError as error:
            raise CatalogError(f"cannot read {self._where()}: {error}") from error

    def _where(self) -> str:
        return str(self._path) if self._path is not None else "the bundled snapshot"

    def source(self) -> CatalogSource:
        index = self._index
        return CatalogSource(kind="snapshot", as_of=index.as_of, api_url=None, detail=index.detail)

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        return {query: self._answer(query) for query in queries}

    def close(self) -> None:
        """Nothing to release: the snapshot is read into memory once."""

    def labels(self) -> tuple[str, ...]:
        return self._index.labels

    def arch_of(self, commercial_type: str) -> str | None:
        from imagelint.catalog import reference  # lazily, like the snapshot itself

        return reference.arch_of(commercial_type)

    def _answer(self, query: Query) -> Answer:
        if isinstance(query, IdQuery):
            return self._answer_id(query)
        if query.zone is None:
            return self._answer_all_zones(query)
        return self._answer_zone(query, normalise_zone(query.zone))

    def _answer_zone(self, query: LabelQuery, zone: str) -> Answer:
        index = self._index
        key = (query.label, zone, query.image_type)
        images = index.queries.get(key)
        if images is not None:
            return Found(images=images, complete=True, recorded=index.recorded[key])
        typed = [(query.label, zone, t) for t in (LOCAL, SBS)]
        if query.image_type == ANY_TYPE and all(k in index.queries for k in typed):
            # The API's untyped answer is both typed ones, instance_local first (type_asc);
            # it is as old as the older of the two.
            return Found(
                images=tuple(i for k in typed for i in index.queries[k]),
                complete=True,
                recorded=min(index.recorded[k] for k in typed),
            )
        if query.label in index.not_found:
            return NotFound()
        reason = (
            f"the offline snapshot (as of {index.as_of}) holds no answer for "
            f"{query.label} in {zone} ({query.image_type})"
        )
        held = sorted({z for (label, z, _) in index.queries if label == query.label})
        if held:
            reason += f"; it holds {query.label} only for {', '.join(held)}"
        return Miss(reason=reason, unavailable=False)

    def _answer_all_zones(self, query: LabelQuery) -> Answer:
        index = self._index
        # unknown_type is the API's "no filter": every held type answers it.
        types = IMAGE_TYPES if query.image_type == ANY_TYPE else (query.image_type,)
        keys = sorted(
            (k for k in index.queries if k[0] == query.label and k[2] in types),
            key=lambda k: (k[1], _rank(k[2])),
        )
        if not keys:
            if query.label in index.not_found:
                return NotFound()
            return Miss(
                reason=(
                    f"the offline snapshot (as of {index.as_of}) holds no "
                    f"{query.image_type} answer for {query.label} in any zone"
                ),
                unavailable=False,
            )
        images: dict[str, LocalImage] = {}
        for key in keys:
            for image in index.queries[key]:
                images.setdefault(image.id, image)  # an unknown_type answer repeats typed ones
        return Found(images=tuple(images.values()), complete=False)

    def _answer_id(self, query: IdQuery) -> Answer:
        index = self._index
        image_id = query.image_id.strip().lower()
        image = index.by_id.get(image_id)
        if image is not None:
            return Found(images=(image,), complete=True, recorded=index.recorded[image_id])
        # Not NotFound: a UUID recorded nowhere may still be a real (or custom) image.
        return Miss(
            reason=(
                f"the offline snapshot (as of {index.as_of}) does not hold "
                f"local image {query.image_id}"
            ),
            unavailable=False,
        )


def _rank(image_type: str) -> int:
    return IMAGE_TYPES.index(image_type) if image_type in IMAGE_TYPES else len(IMAGE_TYPES)


def _load(text: str, where: str) -> _Index:
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        return _build_index(data)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CatalogError(f"{where} is not a valid imagelint snapshot: {error}") from error


def _build_index(data: dict[str, Any]) -> _Index:
    queries: dict[QueryKey, tuple[LocalImage, ...]] = {}
    recorded: dict[QueryKey | str, str] = {}
    # An id can be held by a GetLocalImage body and by list answers; images are republished
    # and change content (Q8), so the newest record wins, a GET body on a tie.
    dated: list[tuple[str, int, LocalImage]] = []
    for entry in data["queries"]:
        label = entry["label"]
        images = tuple(
            local_image_from_api(item, fallback_label=label) for item in entry["local_images"]
        )
        key = (label, normalise_zone(entry["zone"]), entry["type"])
        queries[key] = images
        recorded[key] = entry["recorded"]
        dated.extend((entry["recorded"], 0, image) for image in images)
    for item in data["local_images"].values():
        dated.append((item["recorded"], 1, local_image_from_api(item)))
    dated.sort(key=lambda d: d[:2])
    by_id = {image.id.lower(): image for _, _, image in dated}
    recorded.update((image.id.lower(), date) for date, _, image in dated)
    return _Index(
        as_of=data["as_of"],
        detail=data["source"],
        labels=tuple(sorted(data["labels"])),
        not_found=frozenset(data["not_found_labels"]),
        queries=queries,
        recorded=recorded,
        by_id=by_id,
    )
