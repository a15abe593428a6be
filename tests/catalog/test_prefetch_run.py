"""A whole `check` on a Terraform tree of several roots against the loopback fake: queries
leave while roots are still being read, each once, and a run that reads nothing to look up
opens no connection."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.terraform.reader import Reader
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

ROOTS = 6
SERVER = """
resource "scaleway_instance_server" "s{n}" {{
  image = "{label}"
  type  = "DEV1-S"
  zone  = "{zone}"
}}
"""
LABELS = ("ubuntu_jammy", "ubuntu_focal", "ubuntu_noble", "debian_bullseye")
ZONES = ("fr-par-1", "fr-par-2", "nl-ams-1")


@pytest.fixture(autouse=True)
def deep_backlog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ThreadingHTTPServer, "request_queue_size", 128)


@pytest.fixture
def server() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as fake:
        fake.latency = 0.05
        yield fake


def write_tree(root: Path) -> None:
    for r in range(ROOTS):
        directory = root / f"root{r}"
        directory.mkdir()
        servers = (
            SERVER.format(n=n, label=LABELS[(r + n) % 4], zone=ZONES[(r * n) % 3]) for n in range(3)
        )
        (directory / "main.tf").write_text("".join(servers))


def distinct(server: FakeMarketplace) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    return {(r.path, tuple(sorted(r.query.items()))) for r in server.requests}


def test_the_first_query_leaves_while_the_last_root_is_still_to_read(
    tmp_path: Path, server: FakeMarketplace, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path)
    evaluate = Reader.evaluate
    calls: list[float] = []
    seen_before_last: list[bool] = []

    def observed(self: Reader, root: Path) -> object:
        # Before the last root is evaluated, give the earlier roots' queries time to arrive:
        # without prefetching nothing is ever sent before the whole tree is read.
        calls.append(time.monotonic())
        if len(calls) == ROOTS:
            deadline = time.monotonic() + 5
            while not server.requests and time.monotonic() < deadline:
                time.sleep(0.005)
            seen_before_last.append(bool(server.requests))
        return evaluate(self, root)

    monkeypatch.setattr(Reader, "evaluate", observed)
    options = Options(paths=(".",), catalog="api", api_url=server.url, cwd=tmp_path)
    outcome = check(options)
    assert outcome.report is not None, outcome.messages
    assert len(calls) == ROOTS and seen_before_last == [True]
    assert outcome.report.summary.checked == 3 * ROOTS
    assert len(server.requests) == len(distinct(server))  # each query once, follow-ups too


def test_a_run_with_nothing_to_look_up_opens_no_connection(
    tmp_path: Path, server: FakeMarketplace
) -> None:
    (tmp_path / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    before = threading.active_count()
    options = Options(paths=(".",), catalog="api", api_url=server.url, cwd=tmp_path)
    outcome = check(options)
    assert outcome.exit_code == 0, outcome.messages
    assert server.requests == []
    assert threading.active_count() == before  # no prefetch thread, no request pool


def test_a_run_with_nothing_to_look_up_builds_no_http_client(
    tmp_path: Path, server: FakeMarketplace
) -> None:
    """The catalog is built before reading, its live client only once a query is sent."""
    (tmp_path / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from imagelint.app import Options, check\n"
        f"outcome = check(Options(paths=('.',), catalog='api', api_url={server.url!r},"
        f" cwd=Path({str(tmp_path)!r})))\n"
        "print(outcome.exit_code, 'httpx' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.split() == ["0", "False"]
    assert server.requests == []
