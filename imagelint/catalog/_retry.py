"""When to retry a Marketplace call, and how long to wait before the next attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# The statuses Scaleway's gateway uses for "try again": rate limiting and an upstream that is
# restarting or overloaded. 500 is left out on purpose: behind the gateway it reports a bug in
# the handling of this very request, which answers the same way on the next attempt, and each
# retry would add seconds to a pre-commit hook for nothing.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# Only these two statuses come with a Retry-After worth honouring (RFC 9110 §10.2.3).
RETRY_AFTER_STATUSES = frozenset({429, 503})


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    retries: int = 4  # attempts after the first one
    backoff: float = 0.5  # seconds; base of the exponential
    max_backoff: float = 8.0
    # A hostile or confused Retry-After ("86400") must not hang a pre-commit hook.
    max_retry_after: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to sleep after failed attempt number `attempt` (0-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        # Full jitter: concurrent clients retrying in lockstep would hit a recovering gateway
        # all at once; a uniform draw over the whole window spreads them out.
        ceiling = min(self.max_backoff, self.backoff * 2**attempt)
        return random.uniform(0.0, ceiling)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait for a Retry-After value (delta-seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an obsolete date format without a zone: HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
