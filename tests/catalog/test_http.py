"""HttpCatalog against the loopback fake Marketplace: real sockets, real httpx, no mocks."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

import imagelint
from imagelint.catalog._retry import RetryPolicy, parse_retry_after
from imagelint.catalog.errors import CatalogConfigError, CatalogRejected
from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import (
    LOCAL,
    SBS,
    Found,
    IdQuery,
    LabelQuery,
    Miss,
    NotFound,
)
from tests.fakes.marketplace import BUNDLED_SNAPSHOT as SNAPSHOT
from tests.fakes.marketplace import FakeMarketplace

SECRET = "SCWSECRET-6d1e1b2c-0f4e-4a5b-9c7d-123456789abc"
LIST_PATH = "/marketplace/v2/local-images"

MakeCatalog = Callable[..., HttpCatalog]
MakeMarketplace = Callable[..., FakeMarketplace]
UNKNOWN_ID = "4d2b7f10-0000-4000-8000-000000000000"


def item(
    n: int,
    *,
    label: str = "ubuntu_jammy",
    zone: str = "fr-par-1",
    type: str = LOCAL,
    types: tuple[str, ...] = ("DEV1-S",),
    arch: str = "x86_64",
) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "arch": arch,
        "zone": zone,
        "compatible_commercial_types": list(types),
        "label": label,
        "type": type,
    }


@pytest.fixture
def make_catalog() -> Iterator[MakeCatalog]:
    made: list[HttpCatalog] = []

    def make(server: FakeMarketplace | str, **options: Any) -> HttpCatalog:
        url = server if isinstance(server, str) else server.url
        options = {"retries": 2, "backoff": 0.001, **options}
        catalog = HttpCatalog(base_url=url, **options)
        made.append(catalog)
        return catalog

    yield make
    for catalog in made:
        catalog.close()


def list_requests(server: FakeMarketplace) -> list[dict[str, str]]:
    return [r.query for r in server.requests if r.path == LIST_PATH]


def one(catalog: HttpCatalog, query: LabelQuery | IdQuery) -> Any:
    return catalog.answer([query])[query]


JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=LOCAL)


# -- answers ---------------------------------------------------------------------------------


def test_label_found_in_api_order(marketplace: FakeMarketplace, make_catalog: MakeCatalog) -> None:
    recorded = json.loads(SNAPSHOT.read_text())["queries"][0]
    query = LabelQuery(label=recorded["label"], zone=recorded["zone"], image_type=recorded["type"])
    answer = one(make_catalog(marketplace), query)
    assert isinstance(answer, Found)
    assert [i.id for i in answer.images] == [i["id"] for i in recorded["local_images"]]
    assert all(i.zone == query.zone and i.label == query.label for i in answer.images)
    assert list_requests(marketplace) == [
        {
            "image_label": query.label,
            "type": query.image_type,
            "order_by": "type_asc",
            "zone": query.zone,
            "page_size": "100",
            "page": "1",
        }
    ]


def test_zone_refiltered_client_side(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace(
        [item(1, zone="nl-ams-1"), item(2), item(3, zone="par1")], ignore_zone_filter=True
    )
    answer = one(make_catalog(server), JAMMY)
    # par1 is fr-par-1 under its legacy name (Q4), so it stays; nl-ams-1 must go (Q5).
    assert isinstance(answer, Found)
    assert [i.id[-1] for i in answer.images] == ["2", "3"]


def test_no_zone_sends_no_zone_filter(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace([item(1, zone="nl-ams-1"), item(2)])
    answer = one(
        make_catalog(server), LabelQuery(label="ubuntu_jammy", zone=None, image_type=LOCAL)
    )
    assert isinstance(answer, Found) and len(answer.images) == 2
    assert "zone" not in list_requests(server)[0]


def test_unknown_label_is_not_found(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    query = LabelQuery(label="macos", zone="fr-par-1", image_type=LOCAL)
    assert one(make_catalog(marketplace), query) == NotFound()


def test_known_label_without_match_is_found_empty(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace([item(1)])
    query = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=SBS)
    assert one(make_catalog(server), query) == Found(images=())


def test_id_found_and_unknown_id(marketplace: FakeMarketplace, make_catalog: MakeCatalog) -> None:
    image_id, recorded = next(iter(json.loads(SNAPSHOT.read_text())["local_images"].items()))
    catalog = make_catalog(marketplace)
    known, unknown = IdQuery(image_id=image_id), IdQuery(image_id=UNKNOWN_ID)
    answers = catalog.answer([known, unknown])
    found = answers[known]
    assert isinstance(found, Found) and [i.id for i in found.images] == [image_id]
    assert found.images[0].zone == recorded["zone"]
    assert answers[unknown] == NotFound()


def test_compatible_image_on_page_two(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    images = [item(n) for n in range(100)] + [item(100, types=("COPARM1-2C-8G",))]
    server = make_marketplace(images)
    answer = one(make_catalog(server), JAMMY)
    assert isinstance(answer, Found) and len(answer.images) == 101
    assert answer.images[-1].boots("coparm1-2c-8g")
    assert [(q["page"], q["page_size"]) for q in list_requests(server)] == [
        ("1", "100"),
        ("2", "100"),
    ]


def test_short_pages_followed_to_total_count(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace([item(n) for n in range(5)], page_size_clamp=2)
    answer = one(make_catalog(server), JAMMY)
    assert isinstance(answer, Found) and len(answer.images) == 5
    assert [q["page"] for q in list_requests(server)] == ["1", "2", "3"]


def test_a_listing_longer_than_the_page_limit_fails_at_page_one(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace([item(n) for n in range(60)], page_size_clamp=1)
    answer = one(make_catalog(server), JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable
    assert "total_count 60 at 1 items a page would take 60 pages" in answer.reason
    assert len(server.requests) == 1


# -- retries and failures ----------------------------------------------------------------------


def test_retry_after_503_then_success(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=503, times=2)
    catalog = make_catalog(marketplace, retries=4)
    assert isinstance(one(catalog, JAMMY), Found)
    assert catalog.request_count == len(marketplace.requests) == 3


def test_429_retry_after_is_honoured(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=429, retry_after="1")
    catalog = make_catalog(marketplace)
    start = time.monotonic()
    assert isinstance(one(catalog, JAMMY), Found)
    assert time.monotonic() - start >= 1.0
    assert catalog.request_count == 2


def test_retries_exhausted_is_a_miss(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=504, times=10)
    catalog = make_catalog(marketplace, retries=2)
    answer = one(catalog, JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable
    assert "HTTP 504" in answer.reason and "3 attempt" in answer.reason
    assert catalog.request_count == 3


def test_once_the_api_is_down_other_queries_fail_fast(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=503, times=50)
    catalog = make_catalog(marketplace, retries=2, max_workers=1)
    other = LabelQuery(label="ubuntu_noble", zone="fr-par-1", image_type=SBS)
    answers = catalog.answer([JAMMY, other])
    assert catalog.request_count == 3  # the first query's attempts; the second is not sent
    assert answers[JAMMY] == answers[other]
    assert isinstance(answers[other], Miss) and "HTTP 503" in answers[other].reason


def test_500_is_not_retried(marketplace: FakeMarketplace, make_catalog: MakeCatalog) -> None:
    marketplace.fail_next(status=500, times=5)
    catalog = make_catalog(marketplace, retries=4)
    answer = one(catalog, JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable and "HTTP 500" in answer.reason
    assert catalog.request_count == 1


def test_read_timeout_is_a_quick_miss(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(delay=2.0, times=2)
    catalog = make_catalog(marketplace, read_timeout=0.3, retries=1)
    start = time.monotonic()
    answer = one(catalog, JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable
    assert "no response within 0.3s" in answer.reason
    assert time.monotonic() - start < 1.5


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"local_images": {}, "total_count": 1}',
        '{"local_images": [{"zone": "fr-par-1"}], "total_count": 1}',
    ],
)
def test_malformed_body_is_a_miss(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog, body: str
) -> None:
    marketplace.fail_next(body=body, status=200)
    catalog = make_catalog(marketplace)
    answer = one(catalog, JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable
    assert catalog.request_count == 1  # a bad body is not transient


def test_dropped_connection_is_retried(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(drop=True)
    catalog = make_catalog(marketplace)
    assert isinstance(one(catalog, JAMMY), Found)
    assert catalog.request_count == 2


def closed_port() -> int:
    with socket.socket() as sock:  # bind then close: nothing listens on that port afterwards
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_a_miss(make_catalog: MakeCatalog) -> None:
    catalog = make_catalog(f"http://127.0.0.1:{closed_port()}", retries=1)
    answer = one(catalog, JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable and "cannot connect" in answer.reason
    assert catalog.request_count == 2


def test_connect_retries_bound_only_refused_connections(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    refused = make_catalog(f"http://127.0.0.1:{closed_port()}", retries=3, connect_retries=0)
    assert isinstance(one(refused, JAMMY), Miss)
    assert refused.request_count == 1
    marketplace.fail_next(status=503, times=2)  # a 503 still gets the full retry budget
    answering = make_catalog(marketplace, retries=3, connect_retries=0)
    assert isinstance(one(answering, JAMMY), Found)
    assert answering.request_count == 3


@pytest.mark.parametrize("query", [JAMMY, IdQuery(image_id=UNKNOWN_ID)])
def test_html_404_is_no_answer(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog, query: LabelQuery | IdQuery
) -> None:
    marketplace.fail_next(status=404, body="<html>Not Found</html>", content_type="text/html")
    answer = one(make_catalog(marketplace), query)
    assert isinstance(answer, Miss) and answer.unavailable and "HTTP 404" in answer.reason


def test_other_4xx_names_status_and_message(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    echo = json.dumps({"type": "invalid_arguments", "message": f"bad token {SECRET} in zone"})
    marketplace.fail_next(status=400, body=echo)
    answer = one(make_catalog(marketplace, secret_key=SECRET), JAMMY)
    assert isinstance(answer, Miss) and answer.unavailable
    assert "HTTP 400" in answer.reason and "bad token *** in zone" in answer.reason
    assert SECRET not in answer.reason


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_raise_without_the_secret(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog, status: int
) -> None:
    marketplace.fail_next(status=status, times=10)
    catalog = make_catalog(marketplace, secret_key=SECRET)
    with pytest.raises(CatalogRejected) as raised:
        one(catalog, JAMMY)
    assert "SCW_SECRET_KEY" in str(raised.value) and f"HTTP {status}" in str(raised.value)
    assert SECRET not in str(raised.value) and SECRET not in repr(catalog)
    with pytest.raises(CatalogRejected):  # later queries fail without sending the key again
        one(catalog, IdQuery(image_id=UNKNOWN_ID))
    assert catalog.request_count == 1


# -- wire details ------------------------------------------------------------------------------


def test_headers_with_and_without_secret(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    one(make_catalog(marketplace), JAMMY)
    one(make_catalog(marketplace, secret_key=SECRET), JAMMY)
    anonymous, authenticated = (r.headers for r in marketplace.requests)
    assert "x-auth-token" not in anonymous
    assert authenticated["x-auth-token"] == SECRET
    assert {anonymous["user-agent"], authenticated["user-agent"]} == {
        f"imagelint/{imagelint.__version__}"
    }


def test_each_distinct_query_sent_once(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    catalog = make_catalog(marketplace)
    same = [LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=LOCAL) for _ in range(5)]
    answers = catalog.answer(same)
    assert list(answers) == [JAMMY] and isinstance(answers[JAMMY], Found)
    for _ in range(5):
        assert catalog.answer([JAMMY]) == answers
    assert catalog.request_count == len(marketplace.requests) == 1


def test_distinct_queries_run_concurrently_but_bounded(
    make_marketplace: MakeMarketplace, make_catalog: MakeCatalog
) -> None:
    server = make_marketplace(
        [item(n, zone=z) for n, z in enumerate(["fr-par-1", "fr-par-2", "nl-ams-1", "pl-waw-1"])]
    )
    server.latency = 0.2
    queries = [
        LabelQuery(label="ubuntu_jammy", zone=z, image_type=LOCAL)
        for z in ("fr-par-1", "fr-par-2", "nl-ams-1", "pl-waw-1")
    ]
    catalog = make_catalog(server, max_workers=2)
    start = time.monotonic()
    answers = catalog.answer(queries)
    elapsed = time.monotonic() - start
    assert all(isinstance(a, Found) and len(a.images) == 1 for a in answers.values())
    assert 0.4 <= elapsed < 0.8  # two rounds of two: not one round of four, nor four of one


def test_labels_are_listed_once_and_sorted(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    catalog = make_catalog(marketplace)
    labels = catalog.labels()
    assert labels == tuple(sorted(json.loads(SNAPSHOT.read_text())["labels"]))
    assert catalog.labels() is labels and catalog.request_count == 1
    assert marketplace.requests[0].query == {
        "include_eol": "false",
        "order_by": "name_asc",
        "page_size": "100",
        "page": "1",
    }


def test_labels_none_when_unavailable(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=503, times=10, path="/marketplace/v2/images")
    assert make_catalog(marketplace, retries=1).labels() is None


def test_a_refused_label_list_costs_only_the_labels(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=403, times=10, path="/marketplace/v2/images")
    catalog = make_catalog(marketplace, secret_key=SECRET)
    assert catalog.labels() is None
    assert isinstance(one(catalog, JAMMY), Found)  # neither the key nor the API is marked bad
    assert catalog.request_count == 2


def test_an_id_answered_with_another_image_is_a_miss(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    image_id = next(iter(json.loads(SNAPSHOT.read_text())["local_images"]))
    marketplace.fail_next(body=json.dumps(item(7)), status=200)
    answer = one(make_catalog(marketplace), IdQuery(image_id=image_id))
    assert isinstance(answer, Miss) and "another local image" in answer.reason


def test_a_rejection_with_an_unreadable_body_is_still_a_rejection(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=401, body="not gzip", headers={"Content-Encoding": "gzip"})
    with pytest.raises(CatalogRejected, match="HTTP 401"):
        one(make_catalog(marketplace), JAMMY)


@pytest.mark.parametrize(
    ("url", "secret", "error"),
    [
        ("http://api.example.com", SECRET, "refusing to send SCW_SECRET_KEY over plain http"),
        ("http://u:hunter2@api.example.com", None, "refusing to send the credentials"),
        ("api.scaleway.com", None, "invalid API URL 'api.scaleway.com'"),
        ("https://u:hunter2@h:99999", None, "invalid API URL 'https://***@h:99999'"),
    ],
)
def test_an_unusable_url_is_refused_before_any_request(
    url: str, secret: str | None, error: str
) -> None:
    with pytest.raises(CatalogConfigError) as raised:
        HttpCatalog(base_url=url, secret_key=secret)
    assert error in str(raised.value) and "hunter2" not in str(raised.value)


def test_userinfo_never_shows(make_catalog: MakeCatalog) -> None:
    catalog = make_catalog("https://someone:hunter2@api.example.com/")
    assert catalog.source().api_url == "https://***@api.example.com"
    assert "hunter2" not in repr(catalog)


def test_source_names_the_api_and_creation_time(make_catalog: MakeCatalog) -> None:
    source = make_catalog("http://127.0.0.1:9/").source()
    assert (source.kind, source.api_url) == ("api", "http://127.0.0.1:9")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", source.as_of)


# -- retry policy ------------------------------------------------------------------------------


def test_retry_after_values() -> None:
    now = datetime(2026, 8, 21, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Fri, 21 Aug 2026 12:00:05 GMT", now=now) == 5.0
    assert parse_retry_after("Fri, 21 Aug 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(backoff=0.5)
    assert policy.delay(0, retry_after=86400) == 30.0
    assert all(0 <= policy.delay(attempt) <= 8.0 for attempt in range(10) for _ in range(20))


def test_retry_after_never_waits_past_the_request_deadline(
    marketplace: FakeMarketplace, make_catalog: MakeCatalog
) -> None:
    marketplace.fail_next(status=503, retry_after="86400")
    catalog = make_catalog(marketplace, request_deadline=0.3)
    start = time.monotonic()
    assert isinstance(one(catalog, JAMMY), Found)
    assert 0.3 <= time.monotonic() - start < 1.0
