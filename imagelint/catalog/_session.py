"""GETs to the Marketplace with retries, deadlines, and one verdict per run on the API's health."""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from imagelint.catalog._fetch import ACCEPT_ENCODING, FetchFailed, Limits, fetch
from imagelint.catalog._json import NOT_JSON, decode
from imagelint.catalog._retry import (
    RETRY_AFTER_STATUSES,
    RETRYABLE_STATUSES,
    RetryPolicy,
    parse_retry_after,
)
from imagelint.catalog._wire import QueryFailed, api_message
from imagelint.catalog.endpoint import Endpoint
from imagelint.catalog.errors import CatalogRejected
from imagelint.catalog.redact import Redactor

log = logging.getLogger("imagelint.catalog.http")


class Session:
    """Thread-safe. Once a query spends its retries or the run's time, or the API refuses the
    credentials, the queries after it fail at once with that first-hand reason."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        secret_key: str | None,
        limits: Limits,
        policy: RetryPolicy,
        connect_retries: int,
        run_deadline: float | None,
        spent: Callable[[], float],
        user_agent: str,
        max_connections: int,
    ) -> None:
        self.redactor = Redactor(secret_key)
        self._secret = bool(secret_key)
        self._limits, self._policy, self._connect_retries = limits, policy, connect_retries
        self._run_deadline = run_deadline
        self._spent_seconds = spent  # live API time so far: the run deadline's clock
        headers = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if secret_key:
            headers["X-Auth-Token"] = secret_key
        self._client = httpx.Client(
            base_url=endpoint.url,
            headers=headers,
            # A redirect would carry the token to wherever it points: it is a failed query.
            follow_redirects=False,
            verify=_ssl_context(),
            limits=httpx.Limits(max_connections=max_connections),
        )
        self._lock = threading.Lock()
        self.sent = 0
        self.rejected: CatalogRejected | None = None
        self.down: str | None = None  # why the API counts as unreachable for this run

    def close(self) -> None:
        self._client.close()

    def get(self, path: str, params: dict[str, str] | None) -> tuple[int, Any]:
        """GET with retries: the first status and decoded body not worth retrying."""
        attempts = self._policy.retries + 1
        problem = ""
        for attempt in range(attempts):
            self._check_usable(path)
            run_end = self._run_end()
            with self._lock:
                self.sent += 1
            try:
                reply = fetch(
                    self._client,
                    path,
                    params,
                    self._limits,
                    until=run_end,
                    overdue=self._spent,
                )
            except FetchFailed as failure:
                if failure.overdue or not failure.transient:
                    # Overdue: the API is too slow for this run, and every query would wait
                    # as long. Not transient (a local error): it would fail the same way.
                    raise QueryFailed(f"GET {path}: {failure}", api_down=failure.overdue) from None
                problem, retry_after = str(failure), None
                if failure.connect and attempt >= self._connect_retries:
                    break
            else:
                if reply.unreadable is not None and 200 <= reply.status < 300:
                    raise QueryFailed(f"GET {path}: {reply.unreadable}")
                body = NOT_JSON if reply.unreadable is not None else decode(reply.body)
                if reply.status not in RETRYABLE_STATUSES:
                    return reply.status, body
                problem = f"HTTP {reply.status}{api_message(body, self.redactor)}"
                retry_after = (
                    parse_retry_after(reply.retry_after)
                    if reply.status in RETRY_AFTER_STATUSES
                    else None
                )
            if attempt + 1 == attempts:
                break
            wait = self._policy.delay(attempt, retry_after)
            if run_end is not None and time.monotonic() + wait >= run_end:
                break
            log.debug("GET %s: %s; retrying in %.2fs", path, problem, wait)
            time.sleep(wait)
        raise QueryFailed(f"GET {path}: {problem} after {attempt + 1} attempt(s)", api_down=True)

    def ok(self, status: int, body: Any, path: str) -> Any:
        """The body of a successful response; raises for anything else."""
        if status in (401, 403):
            hint = (
                "check SCW_SECRET_KEY"
                if self._secret
                else "set SCW_SECRET_KEY if this Marketplace needs credentials"
            )
            raise CatalogRejected(
                f"GET {path}: HTTP {status}: the Marketplace refused the request; {hint}"
            )
        if 300 <= status < 400:
            raise QueryFailed(
                f"GET {path}: HTTP {status}: a redirect, which imagelint does not follow "
                "(credentials must not reach another host); set the API URL to its target"
            )
        if not 200 <= status < 300:
            raise QueryFailed(f"GET {path}: HTTP {status}{api_message(body, self.redactor)}")
        if body is NOT_JSON:
            raise QueryFailed(f"GET {path}: HTTP {status} with a body that is not usable JSON")
        return body

    def _check_usable(self, path: str) -> None:
        if self.rejected is not None:
            raise CatalogRejected(str(self.rejected))
        if self.down is not None:
            # One query spent its whole retry budget: the others would too, one after the
            # other (an offline laptop in auto mode waited 14 s on samples/ before this).
            raise QueryFailed(self.down)
        if self._run_deadline is not None and self._spent_seconds() >= self._run_deadline:
            raise QueryFailed(f"GET {path}: {self._spent()}", api_down=True)

    def _run_end(self) -> float | None:
        """When, on the monotonic clock, the run's live API time runs out if it is spent from
        now on without a pause: this request keeps the clock running while it waits."""
        if self._run_deadline is None:
            return None
        return time.monotonic() + self._run_deadline - self._spent_seconds()

    def _spent(self) -> str:
        return f"the {self._run_deadline:g}s this run may spend on the live API are spent"


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~30 ms; one context serves every client of the process.
    return httpx.create_ssl_context()
