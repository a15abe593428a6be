"""A whole run on one catalog: the primary until its first answers say it is unreachable,
then the fallback for everything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from imagelint.catalog.interface import Answer, Catalog, CatalogSource, Miss, Query


class FallbackCatalog:
    """Asks `primary`; if its first answers say it is unreachable, the whole run moves to
    `fallback`, so one report never mixes live and snapshot facts under one source. Once the
    primary has answered, later failures (a follow-up question for a hint) stay failures.

    After a fall back, a question the fallback cannot answer either is one nobody could
    answer: its Miss becomes `unavailable`, so the run says it could not check everything
    (exit 3) instead of passing with that instance unchecked."""

    def __init__(self, primary: Catalog, fallback: Catalog) -> None:
        self._active = primary
        self._fallback: Catalog | None = fallback
        self.fell_back_because: str | None = None

    def source(self) -> CatalogSource:
        return self._active.source()

    def answer(self, queries: Iterable[Query]) -> dict[Query, Answer]:
        queries = list(queries)
        answers = self._active.answer(queries)
        if self.fell_back_because is not None:
            return self._unanswered(answers)
        failure = next((a for a in answers.values() if isinstance(a, Miss) and a.unavailable), None)
        if failure is None or self._fallback is None:
            self._fallback = None  # the primary answered: this run is committed to it
            return answers
        self._active, self._fallback = self._fallback, None
        self.fell_back_because = failure.reason
        return self._unanswered(self._active.answer(queries))

    def _unanswered(self, answers: dict[Query, Answer]) -> dict[Query, Answer]:
        return {
            query: replace(
                answer,
                reason=f"{answer.reason}, and the Marketplace API could not be reached",
                unavailable=True,
            )
            if isinstance(answer, Miss) and not answer.unavailable
            else answer
            for query, answer in answers.items()
        }

    def labels(self) -> tuple[str, ...] | None:
        return self._active.labels()

    def arch_of(self, commercial_type: str) -> str | None:
        return self._active.arch_of(commercial_type)

    def close(self) -> None:
        self._active.close()
        if self._fallback is not None:
            self._fallback.close()
