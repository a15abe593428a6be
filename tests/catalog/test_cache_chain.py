"""The catalog chain built for a run: fresh cache, live API, stale cache, snapshot."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from imagelint.app import Options, check
from imagelint.catalog.cache import DiskCache, open_cache
from imagelint.catalog.errors import CatalogConfigError
from imagelint.catalog.interface import (
    SBS,
    Answer,
    Catalog,
    Found,
    LabelQuery,
    Miss,
    NotFound,
    Query,
)
from imagelint.catalog_setup import build_catalog, catalog_warnings
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

CANARY = "imagelint_canary"  # served by the fake only: the snapshot cannot answer for it
CANARY_QUERY = LabelQuery(label=CANARY, zone="pl-waw-2", image_type=SBS)
JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=SBS)  # in the snapshot
MISSING = LabelQuery(label="no_such_label", zone="fr-par-1", image_type=SBS)  # 404
TOKEN = "canary-secret-1f2e3d4c-5b6a-4789-8abc-def012345678"
HOUR = 3600.0


def canary_item() -> dict[str, Any]:
    return {
        "id": "0c0c0c0c-0000-4000-8000-00000000c0c0",
        "label": CANARY,
        "zone": "pl-waw-2",
        "arch": "x86_64",
        "type": SBS,
        "compatible_commercial_types": ["DEV1-S"],
    }


@pytest.fixture
def fake() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT, extra=[canary_item()]) as server:
        yield server


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def options(cache_dir: Path, mode: str, url: str, **more: Any) -> Options:
    env = {"IMAGELINT_CACHE_DIR": str(cache_dir), **more.pop("env", {})}
    return Options(
        paths=(".",),
        catalog=mode,
        api_url=url,
        env=env,
        cwd=cache_dir.parent,
        retries=0,
        connect_timeout=1,
        read_timeout=2,
        use_cache=True,
        **more,
    )


def ask(opts: Options, *queries: Query) -> tuple[dict[Query, Answer], Catalog]:
    catalog = build_catalog(opts)
    try:
        return catalog.answer(queries), catalog
    finally:
        catalog.close()


def aged(cache_dir: Path, seconds: float) -> DiskCache:
    """The run's cache, seen by a clock `seconds` in the past: what it writes is that old."""
    return open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}, clock=lambda: time.time() - seconds)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def found(answer: Answer) -> Found:
    assert isinstance(answer, Found), answer
    return answer


def miss(answer: Answer) -> Miss:
    assert isinstance(answer, Miss), answer
    return answer


def test_a_warm_cache_sends_no_request(fake: FakeMarketplace, cache_dir: Path) -> None:
    queries = (JAMMY, CANARY_QUERY, MISSING)
    cold, catalog = ask(options(cache_dir, "auto", fake.url), *queries)
    assert fake.requests and catalog.source().kind == "api"
    assert isinstance(cold[MISSING], NotFound) and isinstance(cold[CANARY_QUERY], Found)
    fake.reset()
    warm, catalog = ask(options(cache_dir, "auto", fake.url), *queries)
    assert fake.requests == []
    assert warm == cold
    source = catalog.source()
    assert source.kind == "cache" and source.api_url == fake.url
    assert "3 answers from the local cache" in source.detail
    assert catalog_warnings(catalog) == []


def test_offline_answers_from_the_cache_and_opens_no_connection(
    fake: FakeMarketplace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask(options(cache_dir, "auto", fake.url), CANARY_QUERY)
    aged(cache_dir, 30 * HOUR).put(JAMMY, Found(images=()), fake.url)  # stale: still used
    fake.reset()

    def refuse(*args: object) -> None:
        raise AssertionError("offline opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    answers, catalog = ask(options(cache_dir, "offline", fake.url), CANARY_QUERY, JAMMY, MISSING)
    assert fake.requests == []
    assert found(answers[CANARY_QUERY]).images
    assert answers[JAMMY] == Found(images=())  # the cache (stale) before the snapshot
    assert not miss(answers[MISSING]).unavailable
    assert catalog.source().kind == "cache"
    (warning,) = catalog_warnings(catalog)
    assert warning.endswith("past their TTL (the oldest 30 h old): the run is offline")


def test_offline_without_a_cache_is_the_snapshot(cache_dir: Path) -> None:
    answers, catalog = ask(options(cache_dir, "offline", "https://api.scaleway.com"), JAMMY)
    assert found(answers[JAMMY]).recorded is not None
    assert catalog.source().kind == "snapshot" and catalog.source().as_of == "2026-08-21"
    assert not cache_dir.exists()  # offline writes nothing


def test_auto_uses_a_stale_entry_when_the_api_is_down_and_says_how_old(cache_dir: Path) -> None:
    url = closed_port_url()
    aged(cache_dir, 30 * HOUR).put(CANARY_QUERY, Found(images=()), url)
    answers, catalog = ask(options(cache_dir, "auto", url), CANARY_QUERY, JAMMY)
    assert answers[CANARY_QUERY] == Found(images=())  # stale cache
    assert found(answers[JAMMY]).recorded  # snapshot
    source = catalog.source()
    assert source.kind == "mixed"
    assert "1 answer from the local cache past their TTL (the oldest 30 h old)" in source.detail
    assert "1 answer from the offline snapshot as of 2026-08-21" in source.detail
    (warning,) = catalog_warnings(catalog)
    assert warning.startswith("1 catalog answer comes from the local cache past their TTL")
    assert "(the oldest 30 h old): the Marketplace API could not answer (" in warning
    assert warning.endswith("; others come from the offline snapshot as of 2026-08-21")


def test_a_failed_live_query_leaves_the_good_entry(fake: FakeMarketplace, cache_dir: Path) -> None:
    old = Found(images=())
    aged(cache_dir, 30 * HOUR).put(CANARY_QUERY, old, fake.url)
    before = list(open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}).entries())
    for mode in ("auto", "api"):
        fake.fail_next(status=503, times=50)
        answers, _ = ask(options(cache_dir, mode, fake.url), CANARY_QUERY)
        fake.reset()
        # auto: the stale entry answers; api: the failure stays a failure (never "checked")
        expected = old if mode == "auto" else answers[CANARY_QUERY]
        assert answers[CANARY_QUERY] == expected
        if mode == "api":
            assert isinstance(expected, Miss) and expected.unavailable
        assert list(open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}).entries()) == before


def test_a_failed_query_is_never_written(fake: FakeMarketplace, cache_dir: Path) -> None:
    fake.fail_next(status=503, times=50)
    answers, _ = ask(options(cache_dir, "api", fake.url), CANARY_QUERY)
    assert isinstance(answers[CANARY_QUERY], Miss)
    assert list(open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}).entries()) == []


@pytest.mark.parametrize(
    ("query", "age", "asks"),
    [
        (CANARY_QUERY, 23 * HOUR, False),
        (CANARY_QUERY, 25 * HOUR, True),
        (MISSING, 50 * 60, False),
        (MISSING, 2 * HOUR, True),  # a 404 is cached for an hour only
    ],
)
def test_auto_asks_again_once_an_entry_expires(
    fake: FakeMarketplace, cache_dir: Path, query: LabelQuery, age: float, asks: bool
) -> None:
    answer: Found | NotFound = NotFound() if query == MISSING else Found(images=())
    aged(cache_dir, age).put(query, answer, fake.url)
    ask(options(cache_dir, "auto", fake.url), query)
    assert bool(fake.requests) is asks
    hit = open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}).get(query, fake.url)
    assert hit is not None and (hit[1] < 60) is asks  # refetched answers are rewritten


def test_configured_ttls_apply(fake: FakeMarketplace, cache_dir: Path) -> None:
    aged(cache_dir, 120).put(CANARY_QUERY, Found(images=()), fake.url)
    ask(options(cache_dir, "auto", fake.url, cache_ttl=60.0), CANARY_QUERY)
    assert fake.requests


def test_api_mode_reads_no_entry_but_writes_its_answers(
    fake: FakeMarketplace, cache_dir: Path
) -> None:
    aged(cache_dir, 60).put(CANARY_QUERY, Found(images=()), fake.url)
    answers, catalog = ask(options(cache_dir, "api", fake.url), CANARY_QUERY)
    assert fake.requests and found(answers[CANARY_QUERY]).images
    assert catalog.source().kind == "api"
    hit = open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)}).get(CANARY_QUERY, fake.url)
    assert hit == (answers[CANARY_QUERY], pytest.approx(0, abs=30))


def test_one_api_urls_entries_never_answer_for_another(
    fake: FakeMarketplace, cache_dir: Path
) -> None:
    ask(options(cache_dir, "auto", fake.url), CANARY_QUERY)
    answers, catalog = ask(options(cache_dir, "offline", "https://api.scaleway.com"), CANARY_QUERY)
    assert isinstance(answers[CANARY_QUERY], Miss)  # the snapshot does not hold it
    assert catalog.source().kind == "snapshot"


def test_the_secret_never_reaches_the_cache(fake: FakeMarketplace, cache_dir: Path) -> None:
    userinfo_url = fake.url.replace("http://", f"http://user:{TOKEN[::-1]}@")
    for url in (fake.url, userinfo_url):
        answers, _ = ask(
            options(cache_dir, "api", url, env={"SCW_SECRET_KEY": TOKEN}), CANARY_QUERY, MISSING
        )
        assert isinstance(answers[CANARY_QUERY], Found)
    assert any(r.headers.get("x-auth-token") == TOKEN for r in fake.requests)
    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert len(files) >= 2
    for path in files:
        data = path.read_bytes()
        assert TOKEN.encode() not in data and TOKEN[::-1].encode() not in data
        assert TOKEN not in path.name


def exported(tmp_path: Path, as_of: str) -> Path:
    data = json.loads(BUNDLED_SNAPSHOT.read_text("utf-8"))
    data["as_of"] = as_of
    data["queries"].append(
        {
            "label": CANARY,
            "zone": "pl-waw-2",
            "type": SBS,
            "recorded": as_of,
            "local_images": [canary_item()],
        }
    )
    path = tmp_path / "team-snapshot.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["offline", "auto"])
def test_a_catalog_file_replaces_the_bundled_snapshot(tmp_path: Path, mode: str) -> None:
    path = exported(tmp_path, "2026-11-30")
    opts = options(tmp_path / "cache", mode, closed_port_url(), catalog_file=path.name)
    answers, catalog = ask(opts, CANARY_QUERY)
    assert found(answers[CANARY_QUERY]).images
    assert catalog.source().kind == "snapshot" and catalog.source().as_of == "2026-11-30"


@pytest.mark.parametrize("text", [None, "{", '{"format": 99}'])
def test_an_unusable_catalog_file_is_a_usage_error(tmp_path: Path, text: str | None) -> None:
    path = tmp_path / "team-snapshot.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    opts = options(
        tmp_path / "cache", "offline", "https://api.scaleway.com", catalog_file=path.name
    )
    with pytest.raises(CatalogConfigError, match="catalog-file"):
        build_catalog(opts)


def test_the_label_list_is_cached_too(fake: FakeMarketplace, cache_dir: Path) -> None:
    catalog = build_catalog(options(cache_dir, "auto", fake.url))
    labels = catalog.labels()
    assert labels and CANARY in labels and fake.requests
    fake.reset()
    for mode in ("auto", "offline"):
        catalog = build_catalog(options(cache_dir, mode, fake.url))
        assert catalog.labels() == labels
    assert fake.requests == []


MAIN_TF = f"""\
resource "scaleway_instance_server" "canary" {{
  image = "{CANARY}"
  type  = "DEV1-S"
  zone  = "pl-waw-2"
}}
"""


def test_a_run_on_stale_answers_says_how_old_they_are(
    fake: FakeMarketplace, tmp_path: Path
) -> None:
    root, cache_dir = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    (root / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    run = replace(options(cache_dir, "auto", fake.url), paths=(str(root),), cwd=root)
    cold = check(run)
    assert cold.report is not None and cold.report.summary.checked == 1
    assert cold.report.catalog.source == "api" and fake.requests
    cache = open_cache({"IMAGELINT_CACHE_DIR": str(cache_dir)})
    for query, _, api_url, answer in list(cache.entries()):
        aged(cache_dir, 30 * HOUR).put(query, answer, api_url)
    fake.stop()  # the API is down: only the stale entries can answer
    stale = check(run)
    assert stale.report is not None and stale.report.summary.checked == 1
    assert stale.report.catalog.source == "cache"
    assert stale.report.catalog.detail.endswith("past their TTL (the oldest 30 h old)")
    assert any("30 h old" in w for w in stale.report.warnings), stale.report.warnings
    assert stale.exit_code == cold.exit_code
