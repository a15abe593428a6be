"""Where a run's catalog answers came from (live, cache, stale cache, snapshot), for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

ORIGINS = ("live", "cache", "stale", "snapshot")


def age_text(seconds: float) -> str:
    """'45 s', '12 min', '3 h', '2 days': as precise as a reader needs."""
    if seconds < 60:
        return f"{int(seconds)} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


@dataclass
class Origins:
    """Counts of answers by origin, and the oldest age of cached ones (seconds)."""

    counts: dict[str, int] = field(default_factory=dict)
    oldest: dict[str, float] = field(default_factory=dict)

    def add(self, origin: str, age: float = 0.0) -> None:
        self.counts[origin] = self.counts.get(origin, 0) + 1
        self.oldest[origin] = max(age, self.oldest.get(origin, 0.0))

    def only(self) -> str | None:
        """The one origin of every answer so far; None when none or several."""
        return next(iter(self.counts)) if len(self.counts) == 1 else None

    def as_of(self, now: float, snapshot_as_of: str | None) -> str:
        """The date of the oldest answer: what the whole report is at least as recent as."""
        dates = [
            _iso(now - self.oldest[origin])
            for origin in ("live", "cache", "stale")
            if origin in self.counts
        ]
        if "snapshot" in self.counts and snapshot_as_of:
            dates.append(snapshot_as_of)
        return min(dates) if dates else _iso(now)

    def describe(self, snapshot_as_of: str | None) -> str:
        parts = []
        for origin in ORIGINS:
            n = self.counts.get(origin)
            if not n:
                continue
            answers = f"{n} answer{'s' if n != 1 else ''}"
            age = age_text(self.oldest[origin])
            if origin == "live":
                parts.append(f"{answers} from the live API")
            elif origin == "cache":
                parts.append(f"{answers} from the local cache (the oldest {age} old)")
            elif origin == "stale":
                parts.append(
                    f"{answers} from the local cache past their TTL (the oldest {age} old)"
                )
            else:
                parts.append(f"{answers} from the offline snapshot as of {snapshot_as_of}")
        return "; ".join(parts)


def _iso(moment: float) -> str:
    when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=moment)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
