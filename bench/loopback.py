"""The fake Marketplace in its own process, with latency: the client's process then pays for
its own requests only, as it would against the real API."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Reads a line per question on stdin and answers "requests distinct"; `reset` forgets them.
_SERVER = """
import sys
from http.server import ThreadingHTTPServer
sys.path.insert(0, sys.argv[1])
# socketserver listens with a backlog of 5: 16 simultaneous connects would wait for a SYN
# retransmit (1 s) and measure the kernel, not the client.
ThreadingHTTPServer.request_queue_size = 128
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace
with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as server:
    server.latency = float(sys.argv[2])
    print(server.url, flush=True)
    for line in sys.stdin:
        if line.strip() == "reset":
            server.reset()
        if line.startswith("latency "):
            server.latency = float(line.split()[1])
        keys = {(r.path, tuple(sorted(r.query.items()))) for r in server.requests}
        print(len(server.requests), len(keys), flush=True)
"""


@dataclass
class Served:
    url: str
    _process: subprocess.Popen[str]

    def counts(self) -> tuple[int, int]:
        """HTTP requests received, and how many distinct (path, query) they were."""
        return self._ask("count")

    def reset(self) -> None:
        self._ask("reset")

    def set_latency(self, seconds: float) -> None:
        self._ask(f"latency {seconds}")

    def _ask(self, what: str) -> tuple[int, int]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(what + "\n")
        self._process.stdin.flush()
        requests, distinct = self._process.stdout.readline().split()
        return int(requests), int(distinct)


@contextmanager
def served(latency: float) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(REPO), str(latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield Served(url=process.stdout.readline().strip(), _process=process)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)
