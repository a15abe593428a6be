"""The questions lint asked the catalog and a digest of each answer, so a repeat run can ask
the same and reuse its cached result only when every answer is still the same."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from imagelint.catalog.cache_codec import query_from_key, query_key
from imagelint.catalog.errors import CatalogError
from imagelint.catalog.interface import (
    Answer,
    Catalog,
    CatalogSource,
    Miss,
    Query,
)

# One question: [method, argument, answer digest]; the argument is JSON (a list of queries,
# as the catalog cache writes them, for "answer", a commercial type for "arch_of", null
# otherwise).
Asked = list[Any]


class RecordingCatalog:
    """The Catalog protocol around the run's catalog. `cacheable` turns False when any
    answer was a failure to reach the Marketplace: such a run is never kept."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.asked: list[Asked] = []
        self.cacheable = True
        self._lock = threading.Lock()  # lint asks for the label list on a thread of its own

    @property
    def wrapped(self) -> Catalog:
        """The run's catalog, for what talks to it beyond the protocol (its request pool)."""
        return self._catalog

    def source(self) -> CatalogSource:
        found = self._catalog.source()
        self._note("source", None, _source_digest(found))
        return found

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        ordered = sorted(set(queries), key=lambda q: json.dumps(query_key(q), sort_keys=True))
        try:
            answers = self._catalog.answer(ordered)
        except CatalogError:
            self.cacheable = False
            raise
        if any(isinstance(a, Miss) and a.unavailable for a in answers.values()):
            self.cacheable = False
        self._note("answer", [query_key(q) for q in ordered], _answers_digest(answers, ordered))
        return answers

    def labels(self) -> tuple[str, ...] | None:
        try:
            found = self._catalog.labels()
        except CatalogError:
            self.cacheable = False
            raise
        self._note("labels", None, _digest(repr(found)))
        return found

    def arch_of(self, commercial_type: str) -> str | None:
        found = self._catalog.arch_of(commercial_type)
        self._note("arch_of", commercial_type, _digest(repr(found)))
        return found

    def close(self) -> None:
        """The run's catalog is closed by whoever built it."""

    def _note(self, method: str, argument: Any, digest: str) -> None:
        with self._lock:
            self.asked.append([method, argument, digest])


def same_answers(catalog: Catalog, asked: Sequence[Asked]) -> bool:
    """Ask `catalog` the recorded questions in their order; True when every answer's digest
    is the recorded one. The catalog then reports its source and age as a full run's would."""
    try:
        for method, argument, digest in asked:
            if method == "source":
                found = _source_digest(catalog.source())
            elif method == "answer":
                queries = [query_from_key(q) for q in argument]
                answers = catalog.answer(queries)
                if any(isinstance(a, Miss) and a.unavailable for a in answers.values()):
                    return False
                found = _answers_digest(answers, queries)
            elif method == "labels":
                found = _digest(repr(catalog.labels()))
            elif method == "arch_of":
                found = _digest(repr(catalog.arch_of(argument)))
            else:
                return False
            if found != digest:
                return False
    except CatalogError:
        return False
    return True


def valid_asked(data: object) -> bool:
    """Whether `data` (read from a cache entry) has the shape `asked` is written in."""
    if not isinstance(data, list):
        return False
    for entry in data:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], str)):
            return False
        method, argument = entry[0], entry[1]
        if method == "answer":
            if not isinstance(argument, list) or not all(map(_valid_query, argument)):
                return False
        elif method == "arch_of":
            if not isinstance(argument, str):
                return False
        elif method not in ("source", "labels") or argument is not None:
            return False
    return True


def _source_digest(source: CatalogSource) -> str:
    # The engine reads a live or cached catalog's as_of (the run's timestamp) by its date
    # only, and a snapshot's whole (it is named in messages): keying on the live timestamp
    # would make every API-mode run a miss.
    as_of = source.as_of if source.kind == "snapshot" else source.as_of[:10]
    return _digest(f"{source.kind}\0{as_of}")


def _answers_digest(answers: dict[Query, Answer], queries: Sequence[Query]) -> str:
    return _digest(repr([answers.get(q) for q in queries]))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _valid_query(data: object) -> bool:
    try:
        query_from_key(data)
    except (ValueError, KeyError, TypeError):
        return False
    return True
