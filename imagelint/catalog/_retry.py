"""When to retry a Marketplace call, and how long to wait before the next attempt."""

from __future__ import annotations

import random
import re
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

# RFC 9110 §10.2.3: delay-seconds is 1*DIGIT, ASCII only ("²" and "٣" pass str.isdigit()).
_DELAY_SECONDS = re.compile(r"[0-9]+")
# The three HTTP-date forms of RFC 9110 §5.6.7 (IMF-fixdate, rfc850-date, asctime-date), with
# fixed-width fields: nothing a hostile header can overflow in the date arithmetic.
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}"
_HTTP_DATE = re.compile(
    rf"{_DAY}, [0-9]{{2}} {_MONTH} [0-9]{{4}} {_TIME} GMT"
    rf"|{_WEEKDAY}, [0-9]{{2}}-{_MONTH}-[0-9]{{2}} {_TIME} GMT"
    rf"|{_DAY} {_MONTH} [ 0-9][0-9] {_TIME} [0-9]{{4}}"
)


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
    """Seconds to wait for a Retry-After value (delta-seconds or HTTP date); None when the
    value is anything else, which RFC 9110 says to treat as if the field were absent."""
    if value is None:
        return None
    value = value.strip(" \t")
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)  # never int(): 5,000 digits would raise; float() gives inf
    if not _HTTP_DATE.fullmatch(value):
        return None
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:  # asctime-date carries no zone: HTTP dates are GMT
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):  # "31 Feb", "25:00:00"
        return None
