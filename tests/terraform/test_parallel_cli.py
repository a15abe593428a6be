"""`--jobs` through a whole run: the same report from one process or several, with the parse
cache shared by the workers and the run cache seeing their reads; a small run never imports
multiprocessing; a failed worker fails the run with exit 3, one line on stderr and no
process left behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.files import Scope, discover
from imagelint.reporters.json import to_dict
from imagelint.terraform.partition import MIN_BYTES, worth_processes
from imagelint.terraform.worker import FAIL_FOR_TESTS
from tests.terraform.parallel_trees import MAX_FILE_BYTES, REPO, troubled_tree

UNCHECKED = 3
CRASHED = "source plugin terraform (imagelint.terraform.source) failed: "
FAILURES = {
    "raise": f"RuntimeError: {FAIL_FOR_TESTS}=raise",
    "kill": "WorkerDied: a process reading the Terraform tree stopped without an answer",
}


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Just above the size from which a run reads in several processes."""
    root = troubled_tree(tmp_path_factory.mktemp("jobs") / "repo", modules=MIN_BYTES // 1000)
    scope = Scope([root], cwd=root, max_file_bytes=MAX_FILE_BYTES)
    assert worth_processes(list(discover([root], scope)), 2, MAX_FILE_BYTES)
    return root


def options(root: Path, jobs: int, env: dict[str, str] | None = None) -> Options:
    return Options(
        paths=(".",), catalog="offline", env=env or {}, cwd=root, jobs=jobs,
        max_file_size=MAX_FILE_BYTES,
    )  # fmt: skip


def test_the_report_is_the_same_in_one_process_or_two(big_tree: Path) -> None:
    one, two = check(options(big_tree, 1)), check(options(big_tree, 2))
    assert one.report is not None and two.report is not None
    first, second = to_dict(one.report), to_dict(two.report)
    assert list(first) == list(second)
    for field in first:
        assert first[field] == second[field], field
    assert (one.exit_code, one.messages) == (two.exit_code, two.messages)
    assert first["summary"]["instances"] > 500  # type: ignore[index]


@pytest.mark.parametrize("jobs", [2, 0])
def test_this_tree_is_read_in_workers(big_tree: Path, jobs: int) -> None:
    # Only a worker reads the hook: the run failing shows it did not stay in one process.
    outcome = check(options(big_tree, jobs, {FAIL_FOR_TESTS: "raise"}))
    assert (outcome.exit_code, outcome.report) == (UNCHECKED, None)
    assert outcome.messages == (CRASHED + FAILURES["raise"],)


def command(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "imagelint", "check", ".", "--catalog", "offline", *args]
    environment = {**os.environ, "SCW_DEFAULT_ZONE": "", **(env or {})}
    return subprocess.Popen(
        [*argv, "--format", "json", "--max-file-size", str(MAX_FILE_BYTES)],
        cwd=root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip


def finished(run: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = run.communicate(timeout=300)
    return run.returncode, out, err


def test_the_command_reports_the_same_and_workers_share_the_parse_cache(big_tree: Path) -> None:
    cache = Path(os.environ["IMAGELINT_CACHE_DIR"])
    cold = finished(command(big_tree, "--jobs", "0"))
    written = len(list((cache / "parse").glob("*.json")))
    assert written > MIN_BYTES // 1000  # by the workers: this process parsed no module
    for jobs in ("1", "2"):
        shutil.rmtree(cache / "runs")  # else the run cache answers: nothing would be parsed
        assert finished(command(big_tree, "--jobs", jobs)) == cold
    assert len(list((cache / "parse").glob("*.json"))) == written  # all read from the cache
    assert cold[0] == 2 and '"rule": "parse-error"' in cold[1]  # 2: a file did not parse


def test_what_workers_read_is_checked_by_the_next_run(tmp_path: Path) -> None:
    """The run cache keeps a result with what the run read, the workers' reads included: a
    file only a worker read, changed, makes the next run read again."""
    root = troubled_tree(tmp_path / "repo", modules=MIN_BYTES // 1000)
    first = finished(command(root, "--jobs", "2"))
    assert finished(command(root, "--jobs", "2")) == first  # from the run cache
    web = next((root / "live").rglob("main.tf"))
    with web.open("a", encoding="utf-8") as text:
        text.write('resource "scaleway_instance_server" "added" {\n  image = "nope"\n}\n')
    second = finished(command(root, "--jobs", "2"))
    assert second != first and "scaleway_instance_server.added" in second[1]


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_worker_fails_the_command(big_tree: Path, failure: str) -> None:
    run = command(big_tree, "--jobs", "2", env={FAIL_FOR_TESTS: failure})
    assert finished(run) == (UNCHECKED, "", f"imagelint: {CRASHED}{FAILURES[failure]}\n")
    assert _session(run.pid) == []  # no worker outlives the run


def _session(sid: int) -> list[int]:
    """The processes still in session `sid`."""
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[3]) == sid:
                left.append(int(entry.name))
    return left


SMALL_RUN = """
import sys
from pathlib import Path
from imagelint.app import Options, check
for sample in sys.argv[1:]:
    check(Options(paths=(".",), catalog="offline", env={}, cwd=Path(sample), jobs=0))
print(sorted(m for m in sys.modules if "multiprocessing" in m or m.endswith("parallel")))
"""


def test_small_runs_never_import_multiprocessing() -> None:
    samples = sorted(str(p) for p in (REPO / "samples").iterdir() if p.is_dir())
    found = subprocess.run(
        [sys.executable, "-c", SMALL_RUN, *samples],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert found.stdout.strip() == "[]"
