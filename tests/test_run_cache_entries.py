"""The run cache's entries: exact round trip in every report format, corrupt or foreign
entries ignored, catalog answers compared, secrets never written, the key, pruning."""

from __future__ import annotations

import io
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from imagelint.app import FORMATS, Options, Outcome, check
from imagelint.catalog.interface import Answer, CatalogSource, Miss, Query
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.output import emit
from imagelint.plugins import discover
from imagelint.reporters.json import to_dict
from imagelint.run_cache import RunCache, prune, run_key
from imagelint.run_inputs import Recorder, RecordingEnv
from imagelint.testing import write_catalog

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = sorted(p for p in SAMPLES.iterdir() if p.is_dir())
SERVER = """
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
  zone  = "fr-par-1"
}
"""
IMAGE = {
    "id": "11111111-2222-4333-8444-555555555555",
    "label": "ubuntu_jammy",
    "zone": "fr-par-1",
    "arch": "x86_64",
    "type": "instance_sbs",
    "compatible_commercial_types": ["DEV1-S"],
}


def options(cwd: Path, cache: Path, **changes: Any) -> Options:
    env = {"IMAGELINT_CACHE_DIR": str(cache), **changes.pop("env", {})}
    return replace(
        Options(paths=(".",), catalog="offline", env=env, cwd=cwd, use_cache=True), **changes
    )


def entries(cache: Path) -> dict[str, int]:
    runs = cache / "runs"
    return {p.name: p.stat().st_ino for p in runs.iterdir()} if runs.is_dir() else {}


def rendered(outcome: Outcome, opts: Options) -> dict[str, str]:
    out: dict[str, str] = {}
    for fmt in FORMATS:
        stdout, stderr = io.StringIO(), io.StringIO()
        code = emit(
            outcome, replace(opts, output_format=fmt, color="never"), out=stdout, err=stderr
        )
        out[fmt] = f"{code}\n{stdout.getvalue()}\n{stderr.getvalue()}"
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_a_cached_run_reports_byte_for_byte_what_a_full_run_does(
    scenario: Path, tmp_path: Path
) -> None:
    opts = options(scenario, tmp_path)
    uncached = rendered(check(replace(opts, use_cache=False)), opts)
    assert rendered(check(opts), opts) == uncached
    stored = entries(tmp_path)
    assert len(stored) == 1
    assert rendered(check(opts), opts) == uncached
    assert entries(tmp_path) == stored  # that run was a hit


CORRUPT = {
    "not JSON": b"{",
    "empty": b"",
    "a list": b"[]",
    "another format": None,  # filled from a valid entry below
    "a wrong type": None,
    "a missing field": None,
    "a stat of another type": None,
    "not UTF-8": b"\xff\xfe",
}


def corrupt(kind: str, valid: dict[str, object]) -> bytes:
    data = json.loads(json.dumps(valid))
    if kind == "another format":
        data["format"] = "imagelint-run-0"
    elif kind == "a wrong type":
        data["result"]["findings"][0][5] = "3"  # its line
    elif kind == "a missing field":
        del data["inputs"]["env"]
    elif kind == "a stat of another type":
        data["inputs"]["files"][0][2][1] = str(data["inputs"]["files"][0][2][1])
    else:
        return CORRUPT[kind] or b""
    return json.dumps(data).encode()


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(kind: str, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLES / "multi-zone", tree)
    opts = options(tree, tmp_path / "cache")
    expected = to_dict(check(replace(opts, use_cache=False)).report)  # type: ignore[arg-type]
    check(opts)
    (entry,) = (tmp_path / "cache" / "runs").iterdir()
    entry.write_bytes(corrupt(kind, json.loads(entry.read_bytes())))
    assert to_dict(check(opts).report) == expected  # type: ignore[arg-type]
    rewritten = entries(tmp_path / "cache")
    assert to_dict(check(opts).report) == expected  # type: ignore[arg-type]
    assert entries(tmp_path / "cache") == rewritten  # valid again: a hit


def test_an_answer_that_changed_makes_the_run_a_miss(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "main.tf").write_text(SERVER, encoding="utf-8")
    snapshot = tmp_path / "snapshot.json"  # out of the tree: no input of the run changes
    opts = options(tree, tmp_path / "cache")
    write_catalog(snapshot, [IMAGE])
    booting = check(opts, catalog=SnapshotCatalog(snapshot)).report
    assert booting is not None and booting.findings == ()
    write_catalog(snapshot, [{**IMAGE, "compatible_commercial_types": ["GP1-S"]}])
    expected = check(replace(opts, use_cache=False), catalog=SnapshotCatalog(snapshot)).report
    assert expected is not None and expected.findings
    stored = entries(tmp_path / "cache")
    assert check(opts, catalog=SnapshotCatalog(snapshot)).report == expected
    assert entries(tmp_path / "cache") != stored


class Unreachable:
    """A catalog that could not reach the Marketplace for any query."""

    def source(self) -> CatalogSource:
        return CatalogSource(kind="api", as_of="2000-01-01T00:00:00Z", api_url=None)

    def answer(self, queries: object) -> dict[Query, Answer]:
        return {q: Miss(reason="down", unavailable=True) for q in queries}  # type: ignore[attr-defined]

    def labels(self) -> tuple[str, ...] | None:
        return None

    def arch_of(self, commercial_type: str) -> str | None:
        return None

    def close(self) -> None:
        """Nothing to release."""


def test_a_run_the_catalog_could_not_answer_is_not_kept(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(SERVER, encoding="utf-8")
    check(options(tmp_path, tmp_path / "cache"), catalog=Unreachable())
    assert entries(tmp_path / "cache") == {}


def test_the_secret_key_is_never_written(tmp_path: Path) -> None:
    """A file holding the secret key's value is an input whose digest would derive from it."""
    secret = "0d3e6c4b-9d5f-4c1e-8a8b-1f2e3d4c5b6a"
    (tmp_path / "main.tf").write_text(SERVER, encoding="utf-8")
    (tmp_path / "terraform.tfvars").write_text(f'key = "{secret}"\n', encoding="utf-8")
    check(options(tmp_path, tmp_path / "cache", env={"SCW_SECRET_KEY": secret}))
    assert entries(tmp_path / "cache") == {}
    for path in (tmp_path / "cache").rglob("*"):
        assert not path.is_file() or secret.encode() not in path.read_bytes(), path
    check(options(tmp_path, tmp_path / "cache"))  # without the secret: kept
    assert len(entries(tmp_path / "cache")) == 1


def test_the_environment_is_recorded_by_variable_and_never_the_secret() -> None:
    recorder = Recorder({"SCW_SECRET_KEY": "s"})
    env = RecordingEnv({"TF_VAR_a": "1", "SCW_SECRET_KEY": "s"}, recorder)
    assert env.get("TF_VAR_a") == "1" and "TF_VAR_b" not in env
    assert set(recorder.env) == {"TF_VAR_a", "TF_VAR_b"}
    assert recorder.env["TF_VAR_b"] is None and recorder.env["TF_VAR_a"] != "1"
    assert not recorder.refused
    env.get("SCW_SECRET_KEY")
    assert recorder.refused and "SCW_SECRET_KEY" not in recorder.env
    listed = Recorder({})
    dict(RecordingEnv({"A": "1"}, listed))
    assert listed.refused  # any variable could matter then


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({"output_format": "sarif"}, True),
        ({"quiet": True, "color": "always", "statistics": True, "progress": True}, True),
        ({"baseline": "b.json", "fail_on": "notice", "outputs": (("json", "x"),)}, True),
        ({"env": {"TF_VAR_x": "1"}}, True),  # recorded when read, not keyed
        ({"exclude": ("modules",)}, False),
        ({"var_args": ("a=1",)}, False),
        ({"paths": ("main.tf",)}, False),
        ({"default_zone": "fr-par-2"}, False),
        ({"catalog": "api"}, False),
        ({"max_file_size": 10}, False),
    ],
)
def test_the_key_holds_what_changes_the_result(
    change: dict[str, Any], same: bool, tmp_path: Path
) -> None:
    plugins = discover(untrusted=())
    base = options(tmp_path, tmp_path)
    assert (run_key(replace(base, **change), plugins) == run_key(base, plugins)) is same


def test_a_source_imagelint_does_not_ship_turns_the_cache_off(tmp_path: Path) -> None:
    plugins = discover(untrusted=())
    assert RunCache.open(options(tmp_path, tmp_path), plugins) is not None
    foreign = replace(plugins.sources[0], origin="acme_sources.terraform")
    other = replace(plugins, sources=(foreign, *plugins.sources[1:]))
    assert RunCache.open(options(tmp_path, tmp_path), other) is None
    assert RunCache.open(replace(options(tmp_path, tmp_path), use_cache=False), plugins) is None


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for n in range(5):
        entry = tmp_path / f"{n}.json"
        entry.write_text("{}", encoding="utf-8")
        ns = 1_000_000_000 * (n + 1)
        os.utime(entry, ns=(ns, ns))
    prune(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.json", "4.json"]


def test_what_a_worker_process_recorded_merges_into_the_run(tmp_path: Path) -> None:
    from imagelint.files import is_file, read_bytes, recording

    (tmp_path / "a.tf").write_text("x", encoding="utf-8")
    worker = Recorder({})
    with recording(worker):
        read_bytes(tmp_path / "a.tf", "a.tf", limit=10)
        is_file(tmp_path / "b.tf")
        RecordingEnv({"TF_VAR_a": "1"}, worker).get("TF_VAR_a")
    run = Recorder({})
    run.merge(json.loads(json.dumps(worker.export())))
    assert run.to_json() | {"started_ns": 0} == worker.to_json() | {"started_ns": 0}
    assert run.files and run.kinds and run.env


def test_a_file_name_that_is_not_utf8_round_trips(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / os.fsdecode(b"web-\xff.tf")).write_text(SERVER.replace("DEV1-S", "NOPE"), "utf-8")
    opts = options(tree, tmp_path / "cache")
    expected = to_dict(check(replace(opts, use_cache=False)).report)  # type: ignore[arg-type]
    assert to_dict(check(opts).report) == expected  # type: ignore[arg-type]
    stored = entries(tmp_path / "cache")
    assert len(stored) == 1
    assert to_dict(check(opts).report) == expected  # type: ignore[arg-type]
    assert entries(tmp_path / "cache") == stored
