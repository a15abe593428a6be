"""One GET under a wall-clock deadline, its body read incrementally under a size cap.

httpx bounds each read, not a whole response: a server trickling a byte a second (in the
headers or the body) would hold a run forever. So each attempt runs in a daemon thread the
caller waits for until the deadline; past it the attempt is abandoned, told to stop at its next
chunk, and can never hold the process at exit.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

# Transport failures worth another attempt. Local protocol errors, unsupported schemes and
# proxy refusals are left out: they fail the same way every time.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# We ask for gzip or nothing (_session.py sends this) and decode it ourselves, bounded.
ACCEPT_ENCODING = "gzip"


@dataclass(frozen=True, kw_only=True)
class Limits:
    connect_timeout: float
    read_timeout: float
    deadline: float  # seconds for a whole attempt: connect, headers and body
    max_bytes: int  # of the body, decoded or not


@dataclass(frozen=True, kw_only=True)
class Reply:
    status: int
    retry_after: str | None
    body: bytes
    unreadable: str | None = None  # why the body was dropped (too large, undecodable)


class _Unreadable(Exception):
    """The body cannot be used; the status still says what happened (a 401 stays a 401)."""


class FetchFailed(Exception):
    """No usable reply. The message is ours (no httpx text: it can quote headers);
    `transient`: another attempt may succeed; `connect`: the host refused or did not resolve;
    `overdue`: the deadline passed."""

    def __init__(
        self, problem: str, *, transient: bool, connect: bool = False, overdue: bool = False
    ) -> None:
        super().__init__(problem)
        self.transient, self.connect, self.overdue = transient, connect, overdue


def fetch(
    client: httpx.Client,
    path: str,
    params: Mapping[str, str] | None,
    limits: Limits,
    *,
    until: float | None = None,
    overdue: Callable[[], str] | None = None,
) -> Reply:
    """GET `path`, done within `limits.deadline` seconds or by monotonic time `until` if that
    comes first; FetchFailed otherwise (`overdue()` words a failure at `until`)."""
    end = time.monotonic() + limits.deadline
    late = f"no complete response within {limits.deadline:g}s"
    if until is not None and until < end:
        end, late = until, overdue() if overdue else late
    box: list[Reply | FetchFailed] = []
    stop = threading.Event()

    def attempt() -> None:
        try:
            box.append(_fetch(client, path, params, limits, end, stop))
        except FetchFailed as failure:
            box.append(failure)
        except Exception as exc:  # a bug or an odd input: a failed query, never a lost thread
            box.append(FetchFailed(f"request failed ({type(exc).__name__})", transient=False))

    thread = threading.Thread(target=attempt, name="imagelint-get", daemon=True)
    thread.start()
    thread.join(max(0.0, end - time.monotonic()))
    if thread.is_alive() or not box:
        stop.set()
        raise FetchFailed(late, transient=True, overdue=True)
    result = box[0]
    if isinstance(result, FetchFailed):
        if result.overdue:
            raise FetchFailed(late, transient=True, overdue=True)
        raise result
    return result


def _fetch(
    client: httpx.Client,
    path: str,
    params: Mapping[str, str] | None,
    limits: Limits,
    end: float,
    stop: threading.Event,
) -> Reply:
    left = max(end - time.monotonic(), 0.001)
    timeout = httpx.Timeout(
        min(limits.read_timeout, left), connect=min(limits.connect_timeout, left)
    )
    request = client.build_request("GET", path, params=params, timeout=timeout)
    unreadable = None
    try:
        response = client.send(request, stream=True)
        try:
            body = _read_body(response, limits.max_bytes, end, stop)
        except _Unreadable as problem:
            body, unreadable = b"", str(problem)
        finally:
            response.close()
    except _TRANSIENT as exc:
        if time.monotonic() >= end:
            raise FetchFailed("overdue", transient=True, overdue=True) from None
        refused = isinstance(exc, httpx.ConnectError)
        raise FetchFailed(
            _transport_problem(exc, limits), transient=True, connect=refused
        ) from None
    except httpx.HTTPError as exc:
        raise FetchFailed(f"request failed ({type(exc).__name__})", transient=False) from None
    return Reply(
        status=response.status_code,
        retry_after=response.headers.get("Retry-After"),
        body=body,
        unreadable=unreadable,
    )


def _read_body(response: httpx.Response, cap: int, end: float, stop: threading.Event) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > cap):
        raise _Unreadable(_too_large(cap))
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip"):
        raise _Unreadable("the API sent a body in an encoding imagelint did not ask for")
    gunzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding != "identity" else None
    chunks: list[bytes] = []
    raw = size = 0
    for chunk in response.iter_raw():
        if stop.is_set() or time.monotonic() >= end:
            raise FetchFailed("overdue", transient=True, overdue=True)
        raw += len(chunk)
        if gunzip is not None:
            try:
                # At most one byte past the cap: a gzip bomb never expands in memory.
                chunk = gunzip.decompress(chunk, cap - size + 1)
            except zlib.error:
                raise _Unreadable("the API sent a corrupt gzip body") from None
        size += len(chunk)
        if size > cap or raw > cap:
            raise _Unreadable(_too_large(cap))
        chunks.append(chunk)
    if gunzip is not None and not gunzip.eof:
        raise _Unreadable("the API sent a gzip body that ends early")
    return b"".join(chunks)


def _too_large(cap: int) -> str:
    size = f"{cap / 2**20:g} MiB" if cap >= 2**20 else f"{cap} bytes"
    return f"the response body is larger than {size}"


def _transport_problem(exc: Exception, limits: Limits) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {limits.connect_timeout:g}s"
    if isinstance(exc, httpx.TimeoutException):
        return f"no response within {limits.read_timeout:g}s"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed before a complete response"
    return f"connection error ({type(exc).__name__})"
