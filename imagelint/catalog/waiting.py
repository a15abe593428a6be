"""One line on a terminal's stderr while a run has waited on the network for over a second,
saying what for; erased when the wait ends, so the report that follows starts clean."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from imagelint.catalog.interface import IdQuery, LabelQuery, Query

ERASE = "\r\x1b[K"  # back to the line's start, and clear it: only ever written to a terminal


class WaitNotice:
    """Shared by every wait of a run: waits may overlap (the label list beside a batch of
    follow-up queries), and the one line shows the oldest, so the line is never written by
    two threads at once."""

    def __init__(
        self,
        stream: TextIO,
        *,
        # Labels come from scanned files: the caller's escaping makes them safe to print (the
        # catalog does not know about terminals).
        escape: Callable[[str], str],
        after: float = 1.0,
        every: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._escape = escape
        self._after = after
        self._every = every
        self._clock = clock
        self._changed = threading.Condition()
        self._waits: dict[int, tuple[str, float]] = {}  # by token: what for, since when
        self._next = 0
        self._shown = False
        self._ticker: threading.Thread | None = None

    @contextmanager
    def waiting(self, what: str) -> Iterator[None]:
        with self._changed:
            token, self._next = self._next, self._next + 1
            self._waits[token] = (what, self._clock())
            if self._ticker is None:
                self._ticker = threading.Thread(
                    target=self._tick, name="imagelint-waiting", daemon=True
                )
                self._ticker.start()
        try:
            yield
        finally:
            with self._changed:
                del self._waits[token]
                if not self._waits and self._shown:
                    self._write(ERASE)
                    self._shown = False
                self._changed.notify_all()

    def _tick(self) -> None:
        with self._changed:
            while self._waits:
                what, since = min(self._waits.values(), key=lambda wait: wait[1])
                waited = self._clock() - since
                if waited >= self._after:
                    line = f"imagelint: waiting {waited:.0f} s for {what}"
                    self._write(ERASE + _fit(self._escape(line)))
                    self._shown = True
                    self._changed.wait(self._every)
                else:
                    self._changed.wait(self._after - waited)
            self._ticker = None

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed terminal: the run goes on without the line
            pass


def _fit(line: str) -> str:
    """One terminal row at most: ERASE clears one row, a wrapped line would leave a part."""
    width = shutil.get_terminal_size().columns - 1
    return line if len(line) <= width else line[: max(width - 3, 0)] + "..."


def describe(queries: Sequence[Query] | None, api_url: str) -> str:
    """What a batch waits for (None: the label list), as a user would recognise it in their
    tree, the most telling first (a narrow terminal cuts the end)."""
    if queries is None:
        return f"the list of labels from the Marketplace API at {api_url}"
    first = queries[0] if queries else None
    if isinstance(first, LabelQuery):
        example = f"{first.label} in {first.zone or 'every zone'}"
    elif isinstance(first, IdQuery):
        example = f"image {first.image_id}"
    else:
        return f"the Marketplace API at {api_url}"
    more = f" and {len(queries) - 1} more" if len(queries) > 1 else ""
    return f"{example}{more} from the Marketplace API at {api_url}"
