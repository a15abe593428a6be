"""Strict pagination: the pages of one listing must add up to the total_count they promise."""

from __future__ import annotations

from typing import Any

from imagelint.catalog._wire import QueryFailed

PAGE_SIZE = 100  # the API maximum; never rely on its default, which changed in 2025 (§3.6)
# Label queries hold a handful of items and the catalogue a few dozen: a listing that needs
# more than 50 pages is a server gone wrong, and following it would take minutes.
MAX_PAGES = 50


class Listing:
    """Collects the pages of one listing, asked with page_size=PAGE_SIZE, pages 1, 2, ...

    The first page fixes the total T and the server's page length P: its item count, which
    may be below PAGE_SIZE when the server serves fewer than asked (a clamp; clients must then
    follow total_count, §3.6). Every later page must repeat T and hold exactly
    min(P, items still missing). So a page longer than asked or than T, an empty page (or any
    short one) before the end, a total_count that changes between pages, an item id seen
    twice, or a total needing more than MAX_PAGES pages fails the query: taking the items
    collected so far as the whole answer would give wrong verdicts.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self.items: list[dict[str, Any]] = []
        self._total: int | None = None
        self._per_page = PAGE_SIZE
        self._ids: set[str] = set()

    @property
    def complete(self) -> bool:
        return self._total is not None and len(self.items) == self._total

    def add(self, page: int, items: list[dict[str, Any]], total: int) -> None:
        if self._total is None:
            self._first(items, total)
        elif total != self._total:
            self._inconsistent(f"total_count changed from {self._total} to {total} at page {page}")
        else:
            expected = min(self._per_page, self._total - len(self.items))
            if len(items) != expected:
                self._inconsistent(
                    f"page {page} holds {len(items)} items where total_count "
                    f"{self._total} promises {expected}"
                )
        for item in items:
            item_id = item.get("id")
            if isinstance(item_id, str):
                if item_id in self._ids:
                    self._inconsistent(f"an item appears twice (page {page})")
                self._ids.add(item_id)
        self.items.extend(items)

    def _first(self, items: list[dict[str, Any]], total: int) -> None:
        if len(items) > min(PAGE_SIZE, total):
            self._inconsistent(
                f"page 1 holds {len(items)} items for page_size {PAGE_SIZE} and total_count {total}"
            )
        if not items and total:
            self._inconsistent(f"page 1 is empty but total_count is {total}")
        self._total = total
        if items and len(items) < total:
            self._per_page = len(items)
            pages = -(-total // len(items))
            if pages > MAX_PAGES:
                raise QueryFailed(
                    f"GET {self._path}: total_count {total} at {len(items)} items a page "
                    f"would take {pages} pages; imagelint reads at most {MAX_PAGES}"
                )

    def _inconsistent(self, detail: str) -> None:
        raise QueryFailed(f"GET {self._path}: the API returned an inconsistent listing: {detail}")
