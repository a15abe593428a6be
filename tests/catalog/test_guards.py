"""The client's guards, one by one: Retry-After, JSON nesting, token masking, the API URL, and
strict pagination. Case tables plus Hypothesis where inputs are open-ended."""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imagelint.catalog._json import NOT_JSON, decode
from imagelint.catalog._paging import MAX_PAGES, Listing
from imagelint.catalog._retry import RetryPolicy, parse_retry_after
from imagelint.catalog._wire import QueryFailed
from imagelint.catalog.endpoint import check_transport, parse_api_url
from imagelint.catalog.errors import CatalogConfigError
from imagelint.catalog.redact import MIN_RUN, Redactor, mask_userinfo

FUZZ = settings(max_examples=int(os.environ.get("IMAGELINT_FUZZ_EXAMPLES", "300")), deadline=None)
TOKEN = "hostile-canary-Qm7ZtX4pLw9RkV2s"
NOW = datetime(2026, 8, 21, 12, 0, 0, tzinfo=UTC)

# -- Retry-After ---------------------------------------------------------------------------------

RETRY_AFTER = [  # value, seconds (None: treated as absent)
    ("3", 3.0),
    (" 7\t", 7.0),
    ("0", 0.0),
    ("99999999", 99999999.0),
    ("9" * 5000, math.inf),  # int() would raise past 4,300 digits
    ("²", None),  # str.isdigit() says yes
    ("٣", None),  # float() says 3.0
    ("-1", None),
    ("+5", None),
    ("1e3", None),
    ("3.5", None),
    ("", None),
    (None, None),
    ("soon", None),
    ("Fri, 21 Aug 2026 12:00:05 GMT", 5.0),
    ("Friday, 21-Aug-26 12:00:05 GMT", 5.0),
    ("Fri Aug 21 12:00:05 2026", 5.0),
    ("Fri, 21 Aug 2026 11:00:00 GMT", 0.0),
    ("Fri, 31 Dec 9999 23:59:59 GMT", (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC) - NOW)),
    ("Mon, 32 Jan 2026 00:00:00 GMT", None),
    ("Mon, 01 Jan 2026 25:00:00 GMT", None),
    ("Mon, 01 Jan 99999999999999999999 00:00:00 GMT", None),  # OverflowError before
    ("Mon, 01 Jan 2026 99999999999999999999:00:00 GMT", None),
    ("Mon, 01 Jan 2026 00:00:00 +99999999999999", None),
    ("Fri, 21 Aug 2026 12:00:05 +0200", None),  # HTTP dates are GMT
    ("Fri, 21 Aug 2026 12:00:05 GMT\r\nX: y", None),
]


@pytest.mark.parametrize(("value", "seconds"), RETRY_AFTER)
def test_retry_after_is_parsed_strictly(value: str | None, seconds: Any) -> None:
    expected = seconds.total_seconds() if hasattr(seconds, "total_seconds") else seconds
    assert parse_retry_after(value, now=NOW) == expected


@given(st.text(max_size=40))
@FUZZ
def test_retry_after_never_raises_and_waits_are_capped(value: str) -> None:
    seconds = parse_retry_after(value, now=NOW)
    assert seconds is None or seconds >= 0
    assert 0 <= RetryPolicy(max_retry_after=2.0).delay(0, seconds) <= 2.0


# -- JSON nesting --------------------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
JSON_CASES = [  # body, decoded (NOT_JSON: refused)
    (b'{"local_images": [], "total_count": 0}', {"local_images": [], "total_count": 0}),
    (b"[" * 32 + b"]" * 32, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
    (b"[" * 33 + b"]" * 33, NOT_JSON),
    (b'[{"a":' * 17 + b"1" + b"}]" * 17, NOT_JSON),
    (DEEP, NOT_JSON),
    (b"[" * 100_000, NOT_JSON),
    (b'["' + b"[" * 38 + b'"]', ["[" * 38]),
    (b'["\\"[[[", "\\\\", "\\\\\\"]]"]', ['"[[[', "\\", '\\"]]']),
    (b"1" * 5000, NOT_JSON),
    (b'{"a": "\xff"}', NOT_JSON),
    (b"<html>Bad gateway</html>", NOT_JSON),
    (b"", NOT_JSON),
]


@pytest.mark.parametrize(("body", "decoded"), JSON_CASES)
def test_json_is_decoded_with_a_depth_bound(body: bytes, decoded: Any) -> None:
    result = decode(body)
    assert result is NOT_JSON if decoded is NOT_JSON else result == decoded


@given(st.binary(max_size=200) | st.text(alphabet='[]{}"\\:,1a ', max_size=200).map(str.encode))
@FUZZ
def test_json_decoding_never_raises(body: bytes) -> None:
    decode(body)


# -- the token in text ---------------------------------------------------------------------------


def leaked(text: str, token: str = TOKEN) -> list[str]:
    return [
        token[i : i + MIN_RUN]
        for i in range(len(token) - MIN_RUN + 1)
        if token[i : i + MIN_RUN] in text
    ]


REDACT = [  # text, limit, shown
    (f"bad token {TOKEN} in zone", 200, "bad token *** in zone"),
    ("x" * 190 + TOKEN, 200, "x" * 190 + "***"),  # the cut used to fall inside the token
    ("x" * 195 + TOKEN, 200, "x" * 195 + "***"),
    ("x" * 199 + TOKEN, 200, "x" * 197 + "..."),
    (f"token {TOKEN[:12]}... is invalid", 200, "token ***... is invalid"),
    (f"...{TOKEN[-9:]}", 200, "...***"),
    (f"short {TOKEN[:7]} stays", 200, f"short {TOKEN[:7]} stays"),
    ("ends in e", 200, "ends in e"),
    ("red \x1b[31m\r\n1 file \ud800", 200, "red \\x1b[31m\\r\\n1 file \\ud800"),
    ("y" * 300, 10, "yyyyyyy..."),
]


@pytest.mark.parametrize(("text", "limit", "shown"), REDACT)
def test_the_token_is_masked_before_the_cut(text: str, limit: int, shown: str) -> None:
    assert Redactor(TOKEN).clean(text, limit=limit) == shown


@given(st.text(max_size=300), st.integers(0, 300), st.integers(0, len(TOKEN)), st.integers(10, 400))
@FUZZ
def test_no_run_of_the_token_survives_cleaning(text: str, at: int, cut: int, limit: int) -> None:
    at = min(at, len(text))
    dirty = text[:at] + TOKEN[:cut] + text[at:] + TOKEN
    clean = Redactor(TOKEN).clean(dirty, limit=limit)
    assert not leaked(clean) and len(clean) <= limit and clean.isprintable()


USERINFO = [
    ("https://user:pass@api.example.com/x", "https://***@api.example.com/x"),
    ("https://u:p@ss@h", "https://***@h"),
    ("user:pass@host", "***@host"),
    ("https://api.scaleway.com", "https://api.scaleway.com"),
    ("https://h/path@x", "https://h/path@x"),
    ("://u:pw@host", "://***@host"),
    ("https://u:pw@h?next=a@b", "https://***@h?next=a@b"),
]


@pytest.mark.parametrize(("url", "shown"), USERINFO)
def test_userinfo_is_masked(url: str, shown: str) -> None:
    assert mask_userinfo(url) == shown


# -- the API URL ---------------------------------------------------------------------------------

URLS = [  # url, shown when valid (None: invalid), why when invalid
    ("https://api.scaleway.com", "https://api.scaleway.com", None),
    ("https://api.scaleway.com/", "https://api.scaleway.com", None),
    ("http://127.0.0.1:8080/prefix", "http://127.0.0.1:8080/prefix", None),
    ("https://user:pw@proxy.example/", "https://***@proxy.example", None),
    ("http://[::1]:9000", "http://[::1]:9000", None),
    ("api.scaleway.com", None, "no scheme or no host"),
    ("localhost:8080", None, "no scheme or no host"),
    ("https://", None, "no scheme or no host"),
    ("ftp://api.scaleway.com", None, "scheme must be http or https"),
    ("file:///etc/passwd", None, "no scheme or no host"),
    ("http://[::1", None, "cannot be parsed"),
    # urlsplit ignores what follows "]" unless it is ":port"; httpx refuses it (found by
    # the property test below).
    ("HTTP://[::]]", None, "IPv6 address is malformed"),
    ("http://[::1];x", None, "IPv6 address is malformed"),
    ("http://host:99999", None, "cannot be parsed"),
    ("http://host:0", None, "port must be between"),
    ("https://:443", None, "no valid host name"),
    ("https://bad_host!.example", None, "no valid host name"),
    ("https://api.scaleway.com?x=1", None, "no query or fragment"),
    ("https://api.scaleway.com#top", None, "no query or fragment"),
    ("https://api.scaleway.com/%zz", None, "path has characters"),
    ("https://exämple.com", None, "must be ASCII"),
    ("https://api.scaleway.com /x", None, "must be ASCII without spaces"),
    ("https://user:hunter2@[::1", None, "cannot be parsed"),
]


@pytest.mark.parametrize(("url", "shown", "why"), URLS)
def test_api_urls(url: str, shown: str | None, why: str | None) -> None:
    if shown is not None:
        assert parse_api_url(url).shown == shown
        return
    with pytest.raises(CatalogConfigError) as raised:
        parse_api_url(url)
    assert why is not None and why in str(raised.value)
    assert "hunter2" not in str(raised.value) and "pw@" not in str(raised.value)


TRANSPORT = [  # url, secret, allow_insecure, refused
    ("https://api.example.com", True, False, False),
    ("http://127.0.0.1:8080", True, False, False),
    ("http://127.8.9.10:8080", True, False, False),
    ("http://localhost:8080", True, False, False),
    ("http://[::1]:8080", True, False, False),
    ("http://api.example.com", False, False, False),  # nothing secret goes out
    ("http://api.example.com", True, False, True),
    ("http://10.0.0.1", True, False, True),
    ("http://localhost.example.com", True, False, True),
    ("http://user:pw@api.example.com", False, False, True),  # basic auth in clear
    ("http://api.example.com", True, True, False),
]


@pytest.mark.parametrize(("url", "secret", "allow", "refused"), TRANSPORT)
def test_credentials_go_only_where_nobody_reads_them(
    url: str, secret: bool, allow: bool, refused: bool
) -> None:
    endpoint = parse_api_url(url)
    if not refused:
        check_transport(endpoint, secret=secret, allow_insecure=allow)
        return
    with pytest.raises(CatalogConfigError, match="--allow-insecure-api") as raised:
        check_transport(endpoint, secret=secret, allow_insecure=allow)
    assert "pw@" not in str(raised.value)


URL_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}://{}{}{}{}".format,
        st.sampled_from(["http", "https", "HTTPS", "ftp", ""]),
        st.sampled_from(["", "u:hunter2@", "@", "u@", "u:hunter2@x@"]),
        st.text(alphabet="abc.-_[]:1%", max_size=12),
        st.sampled_from(["", ":80", ":", ":65536", ":x"]),
        st.text(alphabet="/a%?#2 ", max_size=8),
    ),
)


@given(URL_TEXT)
@FUZZ
def test_an_accepted_url_is_one_httpx_accepts(url: str) -> None:
    try:
        endpoint = parse_api_url(url)
    except CatalogConfigError as error:
        assert "hunter2" not in str(error)
        return
    httpx.URL(endpoint.url).copy_with(path="/marketplace/v2/images")
    httpx.Client(base_url=endpoint.url).close()
    assert "hunter2" not in endpoint.shown


# -- strict pagination ---------------------------------------------------------------------------


def page(first: int, count: int) -> list[dict[str, Any]]:
    return [{"id": f"i{n}"} for n in range(first, first + count)]


LISTINGS = [  # pages as (first id, count, total_count), error (None: complete)
    ([(0, 0, 0)], None),
    ([(0, 3, 3)], None),
    ([(0, 100, 150), (100, 50, 150)], None),
    ([(0, 2, 5), (2, 2, 5), (4, 1, 5)], None),  # a server serving 2 a page (clamp)
    ([(0, 2, 5), (2, 0, 5)], "page 2 holds 0 items where total_count 5 promises 2"),
    ([(0, 2, 5), (2, 1, 5)], "page 2 holds 1 items where total_count 5 promises 2"),
    ([(0, 2, 5), (2, 2, 6)], "total_count changed from 5 to 6 at page 2"),
    ([(0, 2, 5), (1, 2, 5)], "an item appears twice (page 2)"),
    ([(0, 0, 4)], "page 1 is empty but total_count is 4"),
    ([(0, 3, 2)], "page 1 holds 3 items for page_size 100 and total_count 2"),
    ([(0, 101, 500)], "page 1 holds 101 items"),
    ([(0, 1, 10**12)], f"would take {10**12} pages; imagelint reads at most {MAX_PAGES}"),
]


@pytest.mark.parametrize(("pages", "error"), LISTINGS)
def test_pagination_is_strict(pages: list[tuple[int, int, int]], error: str | None) -> None:
    listing = Listing("/marketplace/v2/local-images")
    try:
        for number, (first, count, total) in enumerate(pages, start=1):
            assert not listing.complete
            listing.add(number, page(first, count), total)
    except QueryFailed as failure:
        assert error is not None and error in str(failure), str(failure)
        return
    assert error is None and listing.complete
    assert [item["id"] for item in listing.items] == [f"i{n}" for n in range(pages[-1][2])]
