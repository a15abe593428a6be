"""The baseline through the real command: --write-baseline, --baseline, --prune-baseline,
offline against the bundled snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SECRET = "0d2c5a1e-5e3b-4c8e-9f7a-baseline-canary"


def server(name: str, image: str) -> str:
    return (
        f'resource "scaleway_instance_server" "{name}" {{\n'
        f'  image = "{image}"\n'
        '  type  = "DEV1-S"\n'
        '  zone  = "fr-par-1"\n'
        "}\n"
    )


MAIN = server("web", "macos") + server("ok", "ubuntu_jammy")


COMMAND = (sys.executable, "-m", "imagelint", "check", "tf", "--catalog", "offline")


def run(cwd: Path, *options: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCW_")}
    result = subprocess.run(
        [*COMMAND, "--format", "json", *options],
        cwd=cwd,
        env={**env, "SCW_SECRET_KEY": SECRET},
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout) if result.stdout else {}
    return result, report


def found(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["resource"], f["line"]) for f in report["findings"]]


def counts(report: dict[str, Any]) -> tuple[int, int]:
    return report["summary"]["baselined"], report["summary"]["baseline_stale"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text(MAIN)
    return tmp_path


def test_adopt_then_only_new_findings_fail(repo: Path) -> None:
    main = repo / "tf" / "main.tf"
    result, report = run(repo, "--write-baseline", "baseline.json")
    assert result.returncode == 1  # writing a baseline hides nothing in that run
    assert found(report) == [("image-unknown", "scaleway_instance_server.web", 2)]
    written = (repo / "baseline.json").read_text()
    assert SECRET not in written
    assert [e["resource"] for e in json.loads(written)["entries"]] == [
        "scaleway_instance_server.web"
    ]

    main.write_text("# servers of the web tier\n\n" + MAIN)
    result, report = run(repo, "--baseline", "baseline.json")
    assert (result.returncode, found(report), counts(report)) == (0, [], (1, 0))

    main.write_text(MAIN + server("new", "macos"))
    result, report = run(repo, "--baseline", "baseline.json")
    assert (result.returncode, counts(report)) == (1, (1, 0))
    assert found(report) == [("image-unknown", "scaleway_instance_server.new", 12)]

    main.write_text(MAIN.replace('"macos"', '"ubuntu_jammy"'))
    result, report = run(repo, "--baseline", "baseline.json")
    assert (result.returncode, found(report), counts(report)) == (0, [], (0, 1))


@pytest.mark.parametrize(("prune", "entries"), [((), 2), (("--prune-baseline",), 1)])
def test_rewrite_with_and_without_prune(repo: Path, prune: tuple[str, ...], entries: int) -> None:
    run(repo, "--write-baseline", "baseline.json")
    (repo / "tf" / "main.tf").write_text(MAIN.replace('"macos"', '"ubuntu_jamy"'))
    options = ("--baseline", "baseline.json", "--write-baseline", "baseline.json", *prune)
    result, report = run(repo, *options)
    assert counts(report) == (0, 1)
    assert len(json.loads((repo / "baseline.json").read_text())["entries"]) == entries
    result, report = run(repo, "--baseline", "baseline.json")
    assert (result.returncode, found(report), counts(report)) == (0, [], (1, entries - 1))


def test_writes_are_byte_identical(repo: Path) -> None:
    run(repo, "--write-baseline", "one.json")
    run(repo, "--write-baseline", "two.json")
    assert (repo / "one.json").read_bytes() == (repo / "two.json").read_bytes()


# id, the baseline's text (None: no file), what stderr says
BROKEN = [
    ("missing", None, "baseline.json: cannot read: No such file or directory"),
    ("not JSON", "{", "baseline.json: not JSON (line 1, column 2"),
    ("another version", '{"version": 9, "tool": "imagelint", "entries": []}', "version 9"),
]


@pytest.mark.parametrize(("text", "says"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_baseline_is_a_usage_error(repo: Path, text: str | None, says: str) -> None:
    if text is not None:
        (repo / "baseline.json").write_text(text)
    result, _ = run(repo, "--baseline", "baseline.json")
    assert result.returncode == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_an_unwritable_baseline_is_a_usage_error(repo: Path) -> None:
    result, _ = run(repo, "--write-baseline", "no/such/dir/baseline.json")
    assert result.returncode == 2
    assert "no/such/dir/baseline.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(repo.iterdir()) == [repo / "tf"]
