"""The Marketplace API served as an attacker would: a fault matrix over the real client and the
real CLI, in api and auto modes, and generated answers (status, headers, body) through the real
client. Every case holds the invariant: no instance whose query failed is reported as checked,
the documented exit code (3 in api mode; in auto mode the snapshot answers, and what it cannot
answer exits 3), no traceback, and no run of the token in any output, cut or whole."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.app import Options, check
from imagelint.catalog.errors import CatalogRejected
from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import SBS, Catalog, Found, LabelQuery, Miss, NotFound
from imagelint.catalog.layered import FallbackCatalog
from imagelint.catalog.snapshot import SnapshotCatalog
from tests.fakes.marketplace import (
    BUNDLED_SNAPSHOT,
    FakeMarketplace,
    endless_chunked,
    gzip_bomb,
    gzip_reply,
    huge_body,
    trickle_body,
    trickle_headers,
)
from tests.test_cli import imagelint, write

TOKEN = "hostile-canary-Qm7ZtX4pLw9RkV2s"
CANARY = "imagelint_canary"  # served by the fake; the bundled snapshot cannot answer for it
LIST = "/marketplace/v2/local-images"
ON_CANARY: dict[str, str | None] = {"image_label": CANARY}
WEB_QUERY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=SBS)
CANARY_QUERY = LabelQuery(label=CANARY, zone="fr-par-1", image_type=SBS)
MAIN_TF = """\
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}

resource "scaleway_instance_server" "canary" {
  image = "imagelint_canary"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}
"""


def live_catalog(url: str) -> HttpCatalog:
    # Tiny timeouts: a hang shows up as a slow test, and the fast cases stay fast.
    return HttpCatalog(
        base_url=url,
        secret_key=TOKEN,
        retries=1,
        backoff=0.001,
        connect_timeout=0.5,
        read_timeout=0.3,
        request_deadline=0.5,
        max_retry_after=0.05,
    )


CLI = (
    *("--retries", "1", "--connect-timeout", "0.5", "--read-timeout", "0.5"),
    *("--request-deadline", "0.5", "--auto-deadline", "30"),
)
FUZZ = settings(
    max_examples=int(os.environ.get("IMAGELINT_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def leaks(text: str) -> list[str]:
    """Every 8-character run of the token found in `text`: a cut token leaks too."""
    runs = {TOKEN[i : i + 8] for i in range(len(TOKEN) - 7)}
    return sorted(run for run in runs if run in text)


def canary_item(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"0000cafe-0000-4000-8000-{n:012d}",
        "label": CANARY,
        "zone": "fr-par-1",
        "arch": "x86_64",
        "type": SBS,
        "compatible_commercial_types": ["DEV1-S"],
        **fields,
    }


def body(*items: dict[str, Any], total: Any = None) -> str:
    return json.dumps({"local_images": list(items), "total_count": total or len(items)})


# -- the fault matrix ----------------------------------------------------------------------------

Script = Callable[[FakeMarketplace, FakeMarketplace], None]  # (the fake, another host)


@dataclass(frozen=True)
class Case:
    id: str
    script: Script
    reason: str  # in the failed query's reason
    rejected: bool = False  # 401/403: the run stops, exit 3, no report


def on_canary(**fault: Any) -> Script:
    def script(fake: FakeMarketplace, elsewhere: FakeMarketplace) -> None:
        fake.fail_next(path=LIST, when=ON_CANARY, times=1000, **fault)

    return script


def canary_pages(*bodies: str) -> Script:
    def script(fake: FakeMarketplace, elsewhere: FakeMarketplace) -> None:
        for number, text in enumerate(bodies, start=1):
            when = {**ON_CANARY, "page": str(number)}
            fake.fail_next(path=LIST, when=when, times=1000, body=text)

    return script


def redirect_elsewhere(fake: FakeMarketplace, elsewhere: FakeMarketplace) -> None:
    target = f"{elsewhere.url}{LIST}?image_label={CANARY}"
    fake.fail_next(path=LIST, when=ON_CANARY, times=1000, status=302, headers={"Location": target})


BOMB = gzip_bomb(64 * 2**20)  # 64 MiB of zeros, about 64 KiB on the wire
LONG_ECHO = json.dumps({"type": "unknown_error", "message": "x" * 190 + "{token} " + "y" * 300})
CUT_ECHO = json.dumps({"type": "invalid_arguments", "message": f"bad key {TOKEN[:12]}..."})
CASES = [
    Case("503 until retries are spent", on_canary(status=503), "unavailable after 2 attempt(s)"),
    Case("Retry-After ²", on_canary(status=503, retry_after="²"), "HTTP 503"),
    Case("Retry-After -1", on_canary(status=429, retry_after="-1"), "HTTP 429"),
    Case("Retry-After 99999999", on_canary(status=503, retry_after="99999999"), "HTTP 503"),
    Case(
        "Retry-After in the year 9999",
        on_canary(status=503, retry_after="Fri, 31 Dec 9999 23:59:59 GMT"),
        "HTTP 503",
    ),
    Case(
        "Retry-After with an out-of-range date",
        on_canary(status=503, retry_after="Mon, 01 Jan 99999999999999999999 00:00:00 GMT"),
        "HTTP 503",
    ),
    Case("dropped connections", on_canary(drop=True), "connection closed"),
    Case("endless trickling body", on_canary(raw=trickle_body()), "no complete response"),
    Case("endless trickling headers", on_canary(raw=trickle_headers()), "no complete response"),
    Case("endless chunked body", on_canary(raw=endless_chunked()), "larger than 16 MiB"),
    Case("huge declared body", on_canary(raw=huge_body(2**30)), "larger than 16 MiB"),
    Case(
        "huge undeclared body",
        on_canary(raw=huge_body(17 * 2**20, declared=False)),
        "larger than 16 MiB",
    ),
    Case("gzip bomb", on_canary(raw=gzip_reply(BOMB)), "larger than 16 MiB"),
    Case(
        "gzip body cut short",
        on_canary(raw=gzip_reply(gzip.compress(body(canary_item(1)).encode())[:-8])),
        "ends early",
    ),
    Case("brotli body", on_canary(body=body(), headers={"Content-Encoding": "br"}), "encoding"),
    Case("JSON nested 100,000 deep", on_canary(body="[" * 10**5 + "]" * 10**5), "not usable JSON"),
    Case("HTML for JSON", on_canary(body="<h1>hi</h1>", content_type="text/html"), "usable JSON"),
    Case(
        "local_images is an object",
        on_canary(body=json.dumps({"local_images": {}, "total_count": 0})),
        "expected a body",
    ),
    Case("total_count is a string", on_canary(body=body(total="1")), "expected a body"),
    Case("total_count is negative", on_canary(body=body(total=-1)), "expected a body"),
    Case(
        "label is a list",
        on_canary(body=body(canary_item(1, label=[CANARY]))),
        "malformed local image",
    ),
    Case("zone is a number", on_canary(body=body(canary_item(1, zone=1))), "malformed local image"),
    Case(
        "commercial type forging a summary line",
        on_canary(body=body(canary_item(1, compatible_commercial_types=["DEV1-S\n1 file"]))),
        "malformed local image",
    ),
    Case(
        "short page, then an empty page",
        canary_pages(body(canary_item(1), total=2), body(total=2)),
        "inconsistent listing",
    ),
    Case(
        "total_count changes between pages",
        canary_pages(body(canary_item(1), total=2), body(canary_item(2), total=3)),
        "inconsistent listing",
    ),
    Case("total_count runs away", on_canary(body=body(canary_item(1), total=10**15)), "pages"),
    Case("redirect to another host", redirect_elsewhere, "a redirect"),
    Case("500 echoing the token at the cut", on_canary(status=500, body=LONG_ECHO), "HTTP 500"),
    Case("503 echoing the token", on_canary(status=503, body=LONG_ECHO), "HTTP 503"),
    Case("400 echoing a cut token", on_canary(status=400, body=CUT_ECHO), "bad key ***..."),
    Case(
        "200 quoting the token",
        on_canary(body=body(canary_item(1, arch="{token}"))),
        "quotes the API token",
    ),
    Case("401", on_canary(status=401), "refused the request", rejected=True),
    Case("403", on_canary(status=403), "refused the request", rejected=True),
]
IDS = [case.id for case in CASES]


def serve() -> FakeMarketplace:
    return FakeMarketplace.from_snapshot(
        BUNDLED_SNAPSHOT, extra=[canary_item(1), canary_item(2, type="instance_local")]
    ).start()


def serve_elsewhere() -> FakeMarketplace:
    """Another host: 127.0.0.2 where the system routes it (Linux), else another port."""
    try:
        return FakeMarketplace([], host="127.0.0.2").start()
    except OSError:
        return FakeMarketplace([]).start()


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FakeMarketplace, FakeMarketplace]]:
    fake, elsewhere = serve(), serve_elsewhere()
    yield fake, elsewhere
    fake.stop()
    elsewhere.stop()


@pytest.fixture
def fresh(
    servers: tuple[FakeMarketplace, FakeMarketplace],
) -> tuple[FakeMarketplace, FakeMarketplace]:
    for server in servers:
        server.reset()
    return servers


def catalog_for(mode: str, url: str) -> tuple[HttpCatalog, Catalog]:
    live = live_catalog(url)
    return live, live if mode == "api" else FallbackCatalog(live, SnapshotCatalog())


@pytest.mark.parametrize("mode", ["api", "auto"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_client_fails_that_query_and_no_other(
    case: Case, mode: str, fresh: tuple[FakeMarketplace, FakeMarketplace]
) -> None:
    fake, elsewhere = fresh
    case.script(fake, elsewhere)
    live, catalog = catalog_for(mode, fake.url)
    start = time.monotonic()
    try:
        answers = catalog.answer([WEB_QUERY, CANARY_QUERY])
    except CatalogRejected as rejected:
        assert case.rejected and case.reason in str(rejected) and not leaks(str(rejected))
        return
    finally:
        catalog.close()
    assert time.monotonic() - start < 5
    assert not case.rejected
    web, canary = answers[WEB_QUERY], answers[CANARY_QUERY]
    assert isinstance(web, Found) and web.images  # ubuntu_jammy, live or from the snapshot
    assert isinstance(canary, Miss) and canary.unavailable
    fell_back = getattr(catalog, "fell_back_because", None) or ""
    assert case.reason in (canary.reason if mode == "api" else fell_back)
    assert not leaks(f"{answers} {fell_back} {live!r}")
    assert elsewhere.requests == []


def run_cli(case: Case, mode: str, root: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    fake, elsewhere = serve(), serve_elsewhere()
    try:
        case.script(fake, elsewhere)
        write(root, {"main.tf": MAIN_TF})
        args = ("check", ".", "--format", "json", "--catalog", mode, "--api-url", fake.url, *CLI)
        # Each case its own cache: an earlier case's fake may have had this port.
        cache = str(root.with_name(f"{root.name}-cache"))
        result = imagelint(
            *args, cwd=root, env={"SCW_SECRET_KEY": TOKEN, "IMAGELINT_CACHE_DIR": cache}
        )
        return result, len(elsewhere.requests)
    finally:
        fake.stop()
        elsewhere.stop()


@pytest.fixture(scope="module")
def cli_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[subprocess.CompletedProcess[str], int]]:
    """Every case in both modes, four CLI processes at a time: most of them wait on a fault."""
    jobs = [(case, mode) for case in CASES for mode in ("api", "auto")]
    with ThreadPoolExecutor(4) as pool:
        futures = {
            (case.id, mode): pool.submit(run_cli, case, mode, tmp_path_factory.mktemp("ws"))
            for case, mode in jobs
        }
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("mode", ["api", "auto"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_cli_never_reports_a_failed_instance_as_checked(
    case: Case,
    mode: str,
    cli_runs: dict[tuple[str, str], tuple[subprocess.CompletedProcess[str], int]],
) -> None:
    result, elsewhere_requests = cli_runs[(case.id, mode)]
    output = result.stdout + result.stderr
    assert "Traceback" not in result.stderr and not leaks(output), output
    assert result.returncode == 3, output
    assert elsewhere_requests == 0
    if case.rejected:
        assert result.stdout == "" and case.reason in result.stderr
        return
    doc = json.loads(result.stdout)
    unchecked = {f["resource"] for f in doc["findings"] if f["rule"] == "value-unresolved"}
    assert unchecked == {"scaleway_instance_server.canary"}
    assert doc["summary"]["checked"] == 1 and doc["summary"]["unresolved"] == 1
    assert case.reason in result.stderr
    if mode == "auto":
        assert doc["catalog"]["source"] == "snapshot"
        assert f"holds no answer for {CANARY}" in result.stderr
        assert "and the Marketplace API could not be reached" in result.stderr
    else:
        assert doc["catalog"]["source"] == "api"


# -- hints, URLs, credentials, budgets -----------------------------------------------------------

TYPO_AND_ELSEWHERE = """\
resource "scaleway_instance_server" "typo" {
  image = "ubuntu_jamy"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}

resource "scaleway_instance_server" "bionic" {
  image = "ubuntu_bionic"
  type  = "DEV1-S"
  zone  = "fr-par-2"
}
"""
LABELS = "/marketplace/v2/images"
BOGUS = "ubuntu_jamyy"  # a label only an inconsistent listing shows: never to be suggested


def label_page(page: int, labels: list[Any], total: int) -> dict[str, Any]:
    listing = json.dumps({"images": [{"label": label} for label in labels], "total_count": total})
    return {"path": LABELS, "when": {"page": str(page)}, "body": listing}


HINT_FAULTS = {  # faults on the label list, or on the follow-up asking for other zones
    "403 on the label list": [{"path": LABELS, "status": 403}],
    "401 on the label list": [{"path": LABELS, "status": 401}],
    "label is a list in /images": [label_page(1, [[BOGUS]], 1)],
    "label list nested 100,000 deep": [{"path": LABELS, "body": "[" * 10**5 + "]" * 10**5}],
    "label list trickling": [{"path": LABELS, "raw": trickle_body()}],
    "label list short, then empty": [label_page(1, [BOGUS], 2), label_page(2, [], 2)],
    "403 on the other-zones follow-up": [{"path": LIST, "when": {"zone": None}, "status": 403}],
}


@pytest.mark.parametrize("faults", HINT_FAULTS.values(), ids=HINT_FAULTS.keys())
def test_a_failed_hint_costs_the_hint_not_the_run(
    tmp_path: Path, fresh: tuple[FakeMarketplace, FakeMarketplace], faults: list[dict[str, Any]]
) -> None:
    fake, _ = fresh
    for fault in faults:
        fake.fail_next(times=1000, **fault)
    write(tmp_path, {"main.tf": TYPO_AND_ELSEWHERE})
    args = ("check", ".", "--format", "json", "--catalog", "api", "--api-url", fake.url, *CLI)
    result = imagelint(*args, cwd=tmp_path, env={"SCW_SECRET_KEY": TOKEN})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and not leaks(result.stdout + result.stderr)
    doc = json.loads(result.stdout)
    assert doc["summary"]["checked"] == 2
    rules = sorted(f["rule"] for f in doc["findings"])
    assert rules == ["image-unknown", "image-zone-unavailable"]
    assert BOGUS not in result.stdout


BAD_URLS = [
    "api.scaleway.com",
    "ftp://api.scaleway.com",
    "http://[::1",
    "https://user:hunter2@api.scaleway.com:99999",
    "https://",
    "https://exämple.com",
]
MODES = ["api", "auto", "offline"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("given_as", ["--api-url", "SCW_API_URL"])
def test_a_malformed_api_url_is_a_usage_error_in_every_mode(
    tmp_path: Path, url: str, mode: str, given_as: str
) -> None:
    write(tmp_path, {"main.tf": MAIN_TF})
    env = {"SCW_API_URL": url} if given_as == "SCW_API_URL" else {}
    options = Options(
        paths=(".",),
        catalog=mode,
        api_url=url if given_as == "--api-url" else None,
        env=env,
        cwd=tmp_path,
    )
    outcome = check(options)
    assert outcome.exit_code == 2 and outcome.report is None
    (message,) = outcome.messages
    assert message.startswith("invalid API URL") and "hunter2" not in message
    assert url.replace("user:hunter2", "***") in message


# Each URL once through the real CLI; each mode and each way of giving it twice.
ONE_EACH = list(zip(BAD_URLS, MODES * 2, ["--api-url", "SCW_API_URL"] * 3, strict=True))


@pytest.mark.parametrize(("url", "mode", "given_as"), ONE_EACH)
def test_a_malformed_api_url_stops_the_cli_with_exit_2(
    tmp_path: Path, url: str, mode: str, given_as: str
) -> None:
    write(tmp_path, {"main.tf": MAIN_TF})
    flag = ("--api-url", url) if given_as == "--api-url" else ()
    env = {"SCW_API_URL": url} if given_as == "SCW_API_URL" else {}
    result = imagelint("check", ".", "--catalog", mode, *flag, cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "invalid API URL" in result.stderr
    assert result.stdout == "" and "hunter2" not in result.stderr


def test_the_token_goes_in_clear_only_to_loopback_or_when_allowed(
    tmp_path: Path, fresh: tuple[FakeMarketplace, FakeMarketplace]
) -> None:
    fake, _ = fresh
    write(tmp_path, {"main.tf": MAIN_TF.replace("imagelint_canary", "ubuntu_jammy")})
    remote = fake.url.replace("127.0.0.1", "0.0.0.0")  # not loopback by address; reaches it
    env = {"SCW_SECRET_KEY": TOKEN, "SCW_API_URL": remote}
    for mode in ("api", "auto"):
        refused = imagelint("check", ".", "--catalog", mode, *CLI, cwd=tmp_path, env=env)
        assert refused.returncode == 2 and "refusing to send SCW_SECRET_KEY" in refused.stderr
        assert "--allow-insecure-api" in refused.stderr and fake.requests == []
    allowed = imagelint(
        "check", ".", "--catalog", "api", "--allow-insecure-api", *CLI, cwd=tmp_path, env=env
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert fake.requests and fake.requests[0].headers["x-auth-token"] == TOKEN
    anonymous = imagelint("check", ".", "--catalog", "api", "--api-url", remote, cwd=tmp_path)
    assert anonymous.returncode == 0, anonymous.stderr  # no credentials, nothing to refuse


def test_userinfo_in_the_api_url_is_never_printed(
    tmp_path: Path, fresh: tuple[FakeMarketplace, FakeMarketplace]
) -> None:
    fake, _ = fresh
    fake.fail_next(path=LIST, when=ON_CANARY, times=1000, status=503)
    write(tmp_path, {"main.tf": MAIN_TF})
    url = fake.url.replace("http://", "http://someone:hunter2@")
    shown = fake.url.replace("http://", "http://***@")
    args = ("check", ".", "--catalog", "api", "--api-url", url, *CLI)
    text = imagelint(*args, cwd=tmp_path)
    result = imagelint(*args, "--format", "json", cwd=tmp_path)
    doc = json.loads(result.stdout)
    assert doc["catalog"]["api_url"] == shown and shown in text.stdout
    for output in (text.stdout, text.stderr, result.stdout, result.stderr):
        assert "hunter2" not in output and "someone" not in output


def test_auto_mode_falls_back_when_the_run_deadline_passes(
    tmp_path: Path, fresh: tuple[FakeMarketplace, FakeMarketplace]
) -> None:
    fake, _ = fresh
    fake.latency = 1.5  # each answer on time for the request deadline, too slow for the run
    try:
        write(tmp_path, {"main.tf": MAIN_TF.replace("imagelint_canary", "ubuntu_jammy")})
        args = ("check", ".", "--format", "json", "--api-url", fake.url, "--retries", "0")
        start = time.monotonic()
        result = imagelint(*args, "--request-deadline", "5", "--auto-deadline", "0.5", cwd=tmp_path)
        assert time.monotonic() - start < 5
    finally:
        fake.latency = 0.0
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["catalog"]["source"] == "snapshot"
    assert "the 0.5s this run may spend on the live API are spent" in result.stderr


# -- generated answers ---------------------------------------------------------------------------

HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=30)
RETRY_AFTER = st.one_of(
    st.sampled_from(["²", "٣", "-1", "0", "1", "99999999", "9" * 400]),
    st.sampled_from(["Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 32 Jan 2026 00:00:00 GMT"]),
    st.just("Mon, 01 Jan 99999999999999999999 00:00:00 GMT"),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["fr-par-1", "par1", "DEV1-S", "{token}", "x\u001b[31m\n", "\ud800", ""]),
)
KEY = st.text(max_size=8) | st.sampled_from(["local_images", "total_count", "label", "type"])
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**20), st.floats(), TEXT)
JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=12,
)
ITEM = st.fixed_dictionaries(
    {"id": st.uuids().map(str)},
    optional={
        "label": st.one_of(st.just(CANARY), JSON),
        "zone": st.one_of(st.just("fr-par-1"), st.just("par1"), JSON),
        "arch": st.one_of(st.just("x86_64"), JSON),
        "type": st.one_of(st.just(SBS), JSON),
        "compatible_commercial_types": st.one_of(st.just(["DEV1-S"]), JSON),
    },
)
PAGE = st.builds(
    lambda items, total, extra: {"local_images": items, "total_count": total(len(items)), **extra},
    st.lists(ITEM, max_size=5),
    st.sampled_from(
        [lambda n: n, lambda n: n + 1, lambda n: -1, lambda n: str(n), lambda n: 10**9]
    ),
    st.dictionaries(KEY, JSON, max_size=2),
)
ERROR = st.fixed_dictionaries({"type": st.sampled_from(["not_found", "x"]) | JSON, "message": TEXT})
BODY = st.one_of(
    PAGE.map(json.dumps),
    ERROR.map(json.dumps),
    JSON.map(json.dumps),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.binary(max_size=64),
)
STATUS = st.one_of(
    st.sampled_from([200, 200, 200, 404, 401, 403, 429, 500, 502, 503, 504, 301, 302, 204]),
    st.integers(200, 599),
)


@dataclass(frozen=True)
class Answered:
    status: int
    headers: dict[str, str]
    body: str | bytes
    gzipped: bool


ANSWER = st.builds(
    Answered,
    status=STATUS,
    headers=st.fixed_dictionaries(
        {},
        optional={
            "Retry-After": RETRY_AFTER,
            "Location": HEADER_TEXT,
            "Content-Encoding": st.sampled_from(["gzip", "br", "identity", "gzip, gzip"]),
        },
    ),
    body=BODY,
    gzipped=st.booleans(),
)


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[FakeMarketplace]:
    with FakeMarketplace([canary_item(1)]) as fake:
        yield fake


@given(ANSWER)
@FUZZ
def test_generated_answers_never_crash_nor_pass_a_failed_query(
    fuzz_server: FakeMarketplace, answer: Answered
) -> None:
    fuzz_server.reset()
    data = (
        answer.body.encode("utf-8", "surrogatepass")
        if isinstance(answer.body, str)
        else answer.body
    )
    headers = dict(answer.headers)
    if answer.gzipped:
        data, headers["Content-Encoding"] = gzip.compress(data), "gzip"
    fuzz_server.fail_next(times=1000, status=answer.status, body=data, headers=headers)
    catalog = live_catalog(fuzz_server.url)
    try:
        result = catalog.answer([CANARY_QUERY])[CANARY_QUERY]
    except CatalogRejected as rejected:
        assert answer.status in (401, 403) and not leaks(str(rejected))
        return
    finally:
        catalog.close()
    assert answer.status not in (401, 403)
    if isinstance(result, Miss):
        assert result.unavailable and result.reason.isprintable() and len(result.reason) <= 500
        assert not leaks(result.reason)
        return
    sent = json.loads(gzip.decompress(data) if answer.gzipped else data)
    if isinstance(result, NotFound):
        assert answer.status == 404 and sent["type"] == "not_found"
        return
    # Found: a 2xx page, whole on page 1, every image one the page listed, in the zone asked.
    assert 200 <= answer.status < 300
    assert sent["total_count"] == len(sent["local_images"])
    listed = {item["id"] for item in sent["local_images"]}
    assert all(image.id in listed and image.zone == "fr-par-1" for image in result.images)
    assert not leaks(repr(result))
