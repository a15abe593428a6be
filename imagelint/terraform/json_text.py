"""Where `"key": "value"` pairs were written in a JSON text, which the json module forgets."""

from __future__ import annotations

import bisect
import json
import re

from imagelint.model import Span

# One pass over the text finds every pair of the keys asked for; values are decoded, so any
# spelling of a string (escapes included) matches its value.
_PAIR = r'"({keys})"\s*:\s*("(?:[^"\\\n]|\\.)*")'


class TextPositions:
    def __init__(self, path: str, text: str, keys: tuple[str, ...] = ("address",)) -> None:
        self.path = path
        self.text = text
        self.keys = keys
        self._pairs: dict[tuple[str, str], list[tuple[int, int]]] | None = None
        self._line_starts: list[int] | None = None
        self._sections: dict[str, int] = {}

    def find(self, key: str, value: str, *, after: str | None = None) -> Span:
        """The span of the string token `value` in a `"key": value` pair: the first one
        after the first `"after":` key when there is one there, else the first in the text;
        1:1 when the text has none. `key` must be one of the keys given at construction."""
        occurrences = self._index().get((key, value), [])
        if not occurrences:
            return Span(path=self.path, line=1, column=1, end_line=1, end_column=2)
        start = self._offset_of_key(after) if after else 0
        chosen = next((o for o in occurrences if o[0] >= start), occurrences[0])
        return self._span(*chosen)

    def _index(self) -> dict[tuple[str, str], list[tuple[int, int]]]:
        if self._pairs is None:
            pattern = re.compile(_PAIR.format(keys="|".join(map(re.escape, self.keys))))
            self._pairs = {}
            for match in pattern.finditer(self.text):
                try:
                    value = json.loads(match[2])
                except ValueError:
                    continue
                self._pairs.setdefault((match[1], value), []).append(match.span(2))
        return self._pairs

    def _offset_of_key(self, key: str) -> int:
        if key not in self._sections:
            match = re.search(re.escape(json.dumps(key)) + r"\s*:", self.text)
            self._sections[key] = match.start() if match else 0
        return self._sections[key]

    def _span(self, start: int, end: int) -> Span:
        line, column = self._position(start)
        end_line, end_column = self._position(end)
        return Span(
            path=self.path, line=line, column=column, end_line=end_line, end_column=end_column
        )

    def _position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1
