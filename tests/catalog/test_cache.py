"""The persistent catalog cache on disk: ages, URLs, hostile files and concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from imagelint.cache_dir import cache_root
from imagelint.catalog.cache import MAX_ENTRY_BYTES, DiskCache, open_cache
from imagelint.catalog.interface import (
    LOCAL,
    SBS,
    Found,
    IdQuery,
    LabelQuery,
    LocalImage,
    NotFound,
    Query,
)

URL = "https://api.scaleway.com"
TEST_URL = "http://127.0.0.1:8080"
JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=SBS)
BY_ID = IdQuery(image_id="6b1f3c1e-0000-4000-8000-000000000001")
IMAGE = LocalImage(
    id="6b1f3c1e-0000-4000-8000-000000000001",
    label="ubuntu_jammy",
    zone="fr-par-1",
    arch="x86_64",
    type=SBS,
    compatible_commercial_types=("DEV1-S", "PLAY2-NANO"),
)
FOUND = Found(images=(IMAGE,))


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path, clock: Clock) -> DiskCache:
    return open_cache({"IMAGELINT_CACHE_DIR": str(tmp_path)}, clock=clock)


def entry_file(cache: DiskCache) -> Path:
    (path,) = [p for p in cache.directory.rglob("*.json") if not p.name.startswith(".")]
    return path


@pytest.mark.parametrize(
    ("answer", "age", "fresh"),
    [
        (FOUND, 0, True),
        (FOUND, 23 * 3600, True),
        (FOUND, 24 * 3600, False),  # stale: kept, usable as a fallback
        (FOUND, 30 * 86400, False),
        (NotFound(), 59 * 60, True),
        (NotFound(), 3600, False),  # a 404 is trusted for an hour, not a day
    ],
)
def test_an_entry_is_fresh_within_its_ttl(
    cache: DiskCache, clock: Clock, answer: Found | NotFound, age: float, fresh: bool
) -> None:
    cache.put(JAMMY, answer, URL)
    clock.now += age
    hit = cache.get(JAMMY, URL)
    assert hit is not None
    assert hit == (answer, age)
    assert cache.is_fresh(*hit) is fresh


@pytest.mark.parametrize(
    "query", [JAMMY, BY_ID, LabelQuery(label="x", zone=None, image_type=LOCAL)]
)
def test_every_query_kind_round_trips(cache: DiskCache, query: Query) -> None:
    cache.put(query, FOUND, URL)
    assert cache.get(query, URL) == (FOUND, 0.0)
    assert [(q, api, a) for q, _, api, a in cache.entries()] == [(query, URL, FOUND)]


def test_entries_are_per_api_url(cache: DiskCache) -> None:
    cache.put(JAMMY, FOUND, TEST_URL)
    assert cache.get(JAMMY, URL) is None
    cache.put(JAMMY, NotFound(), URL)
    assert cache.get(JAMMY, TEST_URL) == (FOUND, 0.0)
    assert cache.get(JAMMY, URL) == (NotFound(), 0.0)


def test_a_new_answer_replaces_the_old_one(cache: DiskCache, clock: Clock) -> None:
    cache.put(JAMMY, FOUND, URL)
    clock.now += 100
    cache.put(JAMMY, NotFound(), URL)
    assert cache.get(JAMMY, URL) == (NotFound(), 0.0)
    assert len(list(cache.entries())) == 1


def test_clear_removes_every_file_and_counts_them(cache: DiskCache) -> None:
    cache.put(JAMMY, FOUND, URL)
    shard = entry_file(cache).parent
    cache.put(BY_ID, NotFound(), URL)
    shard.joinpath(".tmp-left-by-a-crash.json").write_text("{")
    assert cache.clear() == 3
    assert list(cache.entries()) == [] and cache.get(JAMMY, URL) is None


def _valid(cache: DiskCache) -> dict[str, object]:
    cache.put(JAMMY, FOUND, URL)
    data: dict[str, object] = json.loads(entry_file(cache).read_text())
    return data


CORRUPTIONS: list[tuple[str, Callable[[dict[str, object]], str]]] = [
    ("truncated", lambda d: json.dumps(d)[:-20]),
    ("empty", lambda d: ""),
    ("not an object", lambda d: "[1, 2]"),
    ("another format", lambda d: json.dumps({**d, "format": 2})),
    ("no magic", lambda d: json.dumps({k: v for k, v in d.items() if k != "magic"})),
    ("fetched_at a string", lambda d: json.dumps({**d, "fetched_at": "yesterday"})),
    ("fetched_at a bool", lambda d: json.dumps({**d, "fetched_at": True})),
    ("fetched_at out of range", lambda d: json.dumps({**d, "fetched_at": 1e300})),
    ("images not a list", lambda d: json.dumps({**d, "answer": {"found": True, "images": {}}})),
    ("found a string", lambda d: json.dumps({**d, "answer": {"found": "yes"}})),
    (
        "image without zone",
        lambda d: json.dumps({**d, "answer": {"found": True, "images": [{"id": "x"}]}}),
    ),
    ("query of another kind", lambda d: json.dumps({**d, "query": {"kind": "code"}})),
    ("query for another label", lambda d: json.dumps({**d, "query": {**d["query"], "label": "x"}})),  # type: ignore[dict-item]
    ("another url", lambda d: json.dumps({**d, "api_url": TEST_URL})),
    ("not utf-8", lambda d: "\udcff"),
]


@pytest.mark.parametrize(("why", "corrupt"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_a_corrupt_or_foreign_entry_reads_as_no_entry(
    cache: DiskCache, why: str, corrupt: Callable[[dict[str, object]], str]
) -> None:
    data = _valid(cache)
    entry_file(cache).write_bytes(corrupt(data).encode("utf-8", "surrogateescape"))
    assert cache.get(JAMMY, URL) is None
    assert list(cache.entries()) == []
    cache.put(JAMMY, FOUND, URL)  # refetched: the next write repairs it
    assert cache.get(JAMMY, URL) == (FOUND, 0.0)


def test_an_oversized_entry_is_not_read(cache: DiskCache) -> None:
    _valid(cache)
    path = entry_file(cache)
    text = path.read_text()
    path.write_text(text[:-1] + " " * MAX_ENTRY_BYTES + "}")
    assert json.loads(path.read_text())  # valid JSON, only too big
    assert cache.get(JAMMY, URL) is None


def test_an_answer_too_big_to_read_back_is_not_written(cache: DiskCache) -> None:
    many = tuple(
        LocalImage(
            id=f"{n:08d}-0000-4000-8000-000000000000",
            label="big",
            zone="fr-par-1",
            arch="x86_64",
            type=SBS,
            compatible_commercial_types=tuple(f"TYPE-{t}" for t in range(40)),
        )
        for n in range(5000)
    )
    cache.put(JAMMY, Found(images=many), URL)
    assert cache.get(JAMMY, URL) is None
    assert not list(cache.directory.rglob("*.json"))  # no temporary file left either


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_place_of_an_entry_is_skipped_without_blocking(cache: DiskCache) -> None:
    _valid(cache)
    path = entry_file(cache)
    path.unlink()
    os.mkfifo(path)
    assert cache.get(JAMMY, URL) is None  # returns at once: no writer would ever come
    assert list(cache.entries()) == []


def test_a_symlink_in_place_of_an_entry_is_not_followed(cache: DiskCache, tmp_path: Path) -> None:
    data = _valid(cache)
    path = entry_file(cache)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps(data))  # a valid entry, but not one the cache wrote
    path.unlink()
    path.symlink_to(elsewhere)
    assert cache.get(JAMMY, URL) is None
    cache.put(JAMMY, NotFound(), URL)  # replaces the link, never writes through it
    assert json.loads(elsewhere.read_text()) == data
    assert not path.is_symlink() and cache.get(JAMMY, URL) == (NotFound(), 0.0)


def test_a_symlinked_shard_directory_is_not_listed(cache: DiskCache, tmp_path: Path) -> None:
    _valid(cache)
    shard = entry_file(cache).parent
    moved = tmp_path / "moved"
    shard.rename(moved)
    shard.symlink_to(moved)
    assert list(cache.entries()) == []


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, clock: Clock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = DiskCache(blocker / "catalog", clock=clock)  # its parent is a file
    cache.put(JAMMY, FOUND, URL)
    assert cache.get(JAMMY, URL) is None and list(cache.entries()) == [] and cache.clear() == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"IMAGELINT_CACHE_DIR": "/x/y", "XDG_CACHE_HOME": "/xdg"}, "/x/y"),
        pytest.param(
            {"XDG_CACHE_HOME": "/xdg"},
            "/xdg/imagelint",
            marks=pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG is Linux"),
        ),
    ],
)
def test_the_cache_directory(env: dict[str, str], expected: str) -> None:
    assert cache_root(env) == Path(expected)


def test_a_write_replaces_the_file_and_never_changes_it_in_place(cache: DiskCache) -> None:
    """What makes concurrent runs safe: a reader that opened the old entry reads it whole
    while another run writes the new one (a rename, not a rewrite)."""
    old = _valid(cache)
    with entry_file(cache).open("rb") as reader:
        cache.put(JAMMY, NotFound(), URL)
        assert json.loads(reader.read()) == old
    assert cache.get(JAMMY, URL) == (NotFound(), 0.0)


WORKER = """
import sys
from imagelint.catalog.cache import open_cache
from imagelint.catalog.interface import Found, LabelQuery, LocalImage

role, rounds = sys.argv[1], int(sys.argv[2])
cache = open_cache({"IMAGELINT_CACHE_DIR": sys.argv[3]})
query = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type="instance_sbs")
image = dict(label="ubuntu_jammy", zone="fr-par-1", arch="x86_64", type="instance_sbs")
answers = [
    Found(images=tuple(
        LocalImage(id=f"{role}-{n}-{i}", compatible_commercial_types=("DEV1-S",) * 20, **image)
        for i in range(100)
    ))
    for n in range(rounds)
]
print("ready", flush=True)
sys.stdin.readline()
bad = 0
for answer in answers:
    cache.put(query, answer, "https://api.scaleway.com")
    for _ in range(3):
        hit = cache.get(query, "https://api.scaleway.com")
        # A reader sees one writer's whole answer, never a mix nor a torn file.
        if hit is None or len({i.id.rsplit("-", 1)[0] for i in hit[0].images}) != 1:
            bad += 1
print(bad)
"""


def test_two_processes_writing_one_entry_leave_a_whole_one(tmp_path: Path) -> None:
    rounds = 200
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, role, str(rounds), str(tmp_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for role in ("a", "b")
    ]
    for proc in procs:  # both started, imports and encoding done: the writes overlap
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    outputs = [proc.communicate("go\n", timeout=120)[0] for proc in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert [int(out) for out in outputs] == [0, 0]
    cache = open_cache({"IMAGELINT_CACHE_DIR": str(tmp_path)})
    hit = cache.get(JAMMY, URL)
    assert hit is not None and isinstance(hit[0], Found)
    assert {i.id.split("-")[1] for i in hit[0].images} == {str(rounds - 1)}
    assert [p.name for p in cache.directory.rglob("*") if p.is_file()] == [entry_file(cache).name]
