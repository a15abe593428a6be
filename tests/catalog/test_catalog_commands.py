"""`imagelint catalog update|show|export|clear` against the loopback fake and a tmp cache."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagelint import catalog_commands
from imagelint.app import Options, check
from imagelint.catalog.cache import open_cache
from imagelint.catalog.interface import LOCAL, SBS, Found, LabelQuery, NotFound
from imagelint.catalog.serialise import render
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.catalog.zones import KNOWN_ZONES
from imagelint.triage import Exit
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

LOCAL_IMAGES = "/marketplace/v2/local-images"
# A label the bundled snapshot cannot answer: only the live API (the fake) knows it.
NEW_LABEL = "imagelint_test_os"
NEW_IMAGES = [
    {
        "id": f"00000000-0000-4000-8000-00000000000{n}",
        "label": NEW_LABEL,
        "zone": "pl-waw-2",
        "arch": arch,
        "type": image_type,
        "compatible_commercial_types": types,
    }
    for n, (arch, image_type, types) in enumerate(
        [
            ("x86_64", SBS, ["DEV1-S", "PRO2-XS"]),
            ("arm64", SBS, ["COPARM1-2C-8G"]),
            ("x86_64", LOCAL, ["DEV1-S"]),
        ]
    )
]
SERVER = """\
resource "scaleway_instance_server" "web" {
  image = "%s"
  type  = "DEV1-S"
  zone  = "%s"
}
"""


@pytest.fixture
def fake() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT, extra=NEW_IMAGES) as server:
        yield server


@pytest.fixture
def env(tmp_path: Path, fake: FakeMarketplace) -> dict[str, str]:
    return {"IMAGELINT_CACHE_DIR": str(tmp_path / "cache"), "SCW_API_URL": fake.url}


def options(tmp_path: Path, env: dict[str, str], **values: Any) -> Options:
    return Options(
        **{"paths": (".",), "env": env, "cwd": tmp_path, "retries": 0, "use_cache": True, **values}
    )


def tree(tmp_path: Path, label: str = NEW_LABEL, zone: str = "pl-waw-2") -> Path:
    root = tmp_path / "infra"
    root.mkdir(exist_ok=True)
    (root / "main.tf").write_text(SERVER % (label, zone), encoding="utf-8")
    return root


def listed(fake: FakeMarketplace) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path == LOCAL_IMAGES]


def run_update(
    tmp_path: Path, env: dict[str, str], paths: list[str], labels: list[str], zones: list[str]
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = catalog_commands.update(paths, labels, zones, options(tmp_path, env), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_update_of_a_tree_then_checks_use_the_cache_without_a_request(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    root = tree(tmp_path)
    before = check(options(tmp_path, env, catalog="offline", paths=(str(root),)))
    assert before.report is not None and before.report.summary.checked == 0  # not in snapshot

    code, out, err = run_update(tmp_path, env, [str(root)], [], [])
    assert (code, err) == (Exit.CLEAN, "")
    # The instance's own query (sbs, the provider's default) boots DEV1-S: no follow-up.
    assert [(q["image_label"], q["zone"], q["type"]) for q in listed(fake)] == [
        (NEW_LABEL, "pl-waw-2", SBS)
    ]
    assert f"fetched 1 answers from {fake.url}" in out and f"{NEW_LABEL}: pl-waw-2" in out

    fake.reset()
    for mode in ("offline", "auto"):
        after = check(options(tmp_path, env, catalog=mode, paths=(str(root),)))
        assert after.report is not None, after.messages
        assert after.report.summary.checked == 1, mode
        assert after.report.catalog.source == "cache", mode
    assert fake.requests == []


def test_update_asks_the_other_volume_type_when_the_first_boots_nothing(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    root = tree(tmp_path)
    (root / "main.tf").write_text(
        (SERVER % (NEW_LABEL, "pl-waw-2"))
        .replace("DEV1-S", "COPARM1-2C-8G")
        .replace("  zone", '  root_volume {\n    volume_type = "l_ssd"\n  }\n  zone'),
        encoding="utf-8",
    )
    code, _, err = run_update(tmp_path, env, [str(root)], [], [])
    assert (code, err) == (Exit.CLEAN, "")
    assert sorted(q["type"] for q in listed(fake)) == [LOCAL, SBS]  # the engine's follow-up
    fake.reset()
    after = check(options(tmp_path, env, catalog="auto", paths=(str(root),)))
    assert after.report is not None and after.report.summary.checked == 1
    assert fake.requests == []


def test_update_of_named_labels_and_zones(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    code, out, _ = run_update(
        tmp_path, env, [], ["debian_bullseye", "macos"], ["fr-par-1", "nl-ams-1"]
    )
    assert code == Exit.CLEAN
    asked = {(q["image_label"], q["zone"], q["type"]) for q in listed(fake)}
    assert asked == {
        (label, zone, t)
        for label in ("debian_bullseye", "macos")
        for zone in ("fr-par-1", "nl-ams-1")
        for t in (LOCAL, SBS)
    }
    assert "fetched 8 answers" in out and "4 found" in out and "4 not found" in out
    assert "not found: macos" in out
    cache = open_cache(env)
    held = {(q, type(a)) for q, _, _, a in cache.entries()}
    assert len(held) == 8
    assert (LabelQuery(label="macos", zone="nl-ams-1", image_type=SBS), NotFound) in held


def test_update_without_paths_or_labels_is_a_usage_error(
    tmp_path: Path, env: dict[str, str]
) -> None:
    code, _, err = run_update(tmp_path, env, [], [], [])
    assert code == Exit.USAGE and "needs PATHS or --labels" in err


def test_update_that_cannot_reach_the_api_exits_3_and_writes_nothing(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    fake.fail_next(status=503, times=100)
    code, _, err = run_update(tmp_path, env, [], ["debian_bullseye"], ["fr-par-1"])
    assert code == Exit.UNCHECKED and "not fetched:" in err
    assert list(open_cache(env).entries()) == []


def show(label: str | None, env: dict[str, str], zone: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = catalog_commands.show(label, zone, options=options(Path(), env), out=out)
    return code, out.getvalue()


def test_show_summarises_the_cache_per_api_url(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    code, text = show(None, env)
    assert code == Exit.CLEAN and "empty" in text
    run_update(tmp_path, env, [], ["debian_bullseye", "macos"], ["fr-par-1"])
    code, text = show(None, env)
    assert code == Exit.CLEAN
    assert f"{fake.url}: 4 entries (2 found, 2 not found; 4 fresh, 0 stale)" in text
    assert "newest 0 s old, oldest 0 s old" in text


def recorded_rows(label: str, zone: str) -> dict[tuple[str, str], list[str]]:
    """(type, arch) -> commercial types, read from the recorded data the fake serves."""
    data = json.loads(BUNDLED_SNAPSHOT.read_text("utf-8"))
    rows: dict[tuple[str, str], list[str]] = {}
    for query in data["queries"]:
        if (query["label"], query["zone"]) == (label, zone) and query["type"] in (LOCAL, SBS):
            for image in query["local_images"]:
                types = rows.setdefault((query["type"], image["arch"]), [])
                types += [t for t in image["compatible_commercial_types"] if t not in types]
    return rows


def table_rows(text: str) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(type, arch) -> (source, commercial types), continuation lines joined."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ZONE"))
    column = lines[start].index("COMMERCIAL TYPES")
    rows: dict[tuple[str, str], tuple[str, list[str]]] = {}
    key = ("", "")
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if line[:column].strip():
            _, image_type, arch, *source = line[:column].split()
            key = (image_type, arch)
            rows[key] = (" ".join(source), [])
        rows[key][1].extend(line[column:].split())
    return rows


@pytest.mark.parametrize("cached", [False, True], ids=["snapshot", "cache"])
def test_show_label_prints_zone_type_arch_and_commercial_types(
    tmp_path: Path, env: dict[str, str], cached: bool
) -> None:
    if cached:
        run_update(tmp_path, env, [], ["debian_bullseye"], ["fr-par-1"])
    code, text = show("debian_bullseye", env, zone="fr-par-1")
    assert code == Exit.CLEAN
    assert text.startswith("debian_bullseye boots in 1 zone: fr-par-1\n")
    expected = recorded_rows("debian_bullseye", "fr-par-1")
    rows = table_rows(text)
    assert {k: v[1] for k, v in rows.items()} == expected
    sources = {v[0] for v in rows.values()}
    assert sources == ({"cache, 0 s"} if cached else {"snapshot 2025-01-27", "snapshot 2026-08-11"})


def test_show_label_of_a_label_nothing_knows_and_of_a_missing_one(env: dict[str, str]) -> None:
    code, text = show(NEW_LABEL, env)
    assert code == Exit.UNCHECKED and "nothing is known about" in text
    code, text = show("macos", env, zone="fr-par-1")
    assert code == Exit.CLEAN and text.startswith("macos is no Marketplace label (snapshot")


def test_show_label_marks_zones_with_no_image(tmp_path: Path, env: dict[str, str]) -> None:
    run_update(tmp_path, env, [], [NEW_LABEL], ["pl-waw-2", "fr-par-2"])
    code, text = show(NEW_LABEL, env)
    assert code == Exit.CLEAN
    assert text.startswith(f"{NEW_LABEL} boots in 1 zone: pl-waw-2\n")
    rows = table_rows(text)
    assert rows[(SBS, "x86_64")][1] == ["DEV1-S", "PRO2-XS"]
    assert rows[(SBS, "arm64")][1] == ["COPARM1-2C-8G"]
    assert rows[(LOCAL, "x86_64")][1] == ["DEV1-S"]
    assert "fr-par-2  instance_local  -" in text and "(no image)" in text
    others = sorted(set(KNOWN_ZONES) - {"pl-waw-2", "fr-par-2"})
    assert f"no answer held for {', '.join(others)}" in text


HOSTILE = "evil\x1b[2J\u202e\nlabel"


def test_hostile_labels_are_escaped_everywhere(tmp_path: Path, env: dict[str, str]) -> None:
    code, out, err = run_update(tmp_path, env, [], [HOSTILE], ["fr-par-1"])
    _, shown = show(HOSTILE, env)
    _, summary = show(None, env)
    for text in (out, err, shown, summary):
        assert "\x1b" not in text and "\u202e" not in text
    assert "evil\\x1b[2J\\u202e\\nlabel" in shown
    assert code == Exit.CLEAN and "not found: evil\\x1b[2J\\u202e\\nlabel" in out


def test_export_round_trips_through_the_snapshot_catalog(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    run_update(tmp_path, env, [], ["debian_bullseye", NEW_LABEL, "macos"], ["fr-par-1", "pl-waw-2"])
    target = tmp_path / "team" / "catalog.json"
    out = io.StringIO()
    assert catalog_commands.export(target, options=options(tmp_path, env), out=out) == Exit.CLEAN
    snapshot = SnapshotCatalog(target)
    cached = {q: a for q, _, _, a in open_cache(env).entries()}
    assert len(cached) == 12
    answered = snapshot.answer(cached)
    for query, answer in cached.items():
        got = answered[query]
        if isinstance(answer, Found):
            assert isinstance(got, Found) and got.images == answer.images, query
        else:
            assert isinstance(got, NotFound), query
    doc = json.loads(target.read_text("utf-8"))
    assert target.read_text("utf-8") == render(doc)  # the one serialiser's bytes
    assert doc["built_by"] == "imagelint catalog export"
    assert doc["labels"] == ["debian_bullseye", NEW_LABEL]
    assert doc["not_found_labels"] == ["macos"]
    assert f"wrote {target}: 8 answers for 2 labels in 2 zones, 1 labels not found" in (
        out.getvalue()
    )
    assert [p.name for p in target.parent.iterdir()] == ["catalog.json"]  # no temporary left


def test_an_export_is_used_as_catalog_file_offline(
    tmp_path: Path, env: dict[str, str], fake: FakeMarketplace
) -> None:
    root = tree(tmp_path)
    run_update(tmp_path, env, [str(root)], [], [])
    target = tmp_path / "catalog.json"
    assert (
        catalog_commands.export(target, options=options(tmp_path, env), out=io.StringIO())
        == Exit.CLEAN
    )
    assert catalog_commands.clear(options=options(tmp_path, env), out=io.StringIO()) == Exit.CLEAN
    fake.reset()
    options_ = options(tmp_path, env, catalog="offline", paths=(str(root),))
    outcome = check(options_, catalog=SnapshotCatalog(target))
    assert outcome.report is not None and outcome.report.summary.checked == 1
    assert fake.requests == []


def test_export_of_an_empty_cache_writes_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    target = tmp_path / "catalog.json"
    err = io.StringIO()
    assert (
        catalog_commands.export(target, options=options(tmp_path, env), err=err) == Exit.UNCHECKED
    )
    assert "holds no answer" in err.getvalue() and not target.exists()


def test_clear_empties_the_cache(tmp_path: Path, env: dict[str, str]) -> None:
    run_update(tmp_path, env, [], ["debian_bullseye"], ["fr-par-1"])
    assert len(list(open_cache(env).entries())) == 2
    out = io.StringIO()
    assert catalog_commands.clear(options=options(tmp_path, env), out=out) == Exit.CLEAN
    assert out.getvalue().startswith("removed 2 entries from ")
    assert list(open_cache(env).entries()) == []
    assert "empty" in show(None, env)[1]
