"""The line a terminal shows while a run waits on the Marketplace for over a second: what it
waits for, on stderr only, erased before the report (loopback fake, real sockets)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.catalog.cache import DiskCache
from imagelint.catalog.http import HttpCatalog
from imagelint.catalog.interface import LOCAL, IdQuery, LabelQuery, Query
from imagelint.catalog.layered import LayeredCatalog
from imagelint.catalog.waiting import ERASE, WaitNotice, describe
from imagelint.reporters.escape import escape_controls
from tests.fakes.marketplace import BUNDLED_SNAPSHOT, FakeMarketplace

JAMMY = LabelQuery(label="ubuntu_jammy", zone="fr-par-1", image_type=LOCAL)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the line is cut to the terminal's width


@pytest.fixture
def server() -> Iterator[FakeMarketplace]:
    with FakeMarketplace.from_snapshot(BUNDLED_SNAPSHOT) as fake:
        yield fake


def layered(server: FakeMarketplace, notice: WaitNotice, cache: Path) -> LayeredCatalog:
    return LayeredCatalog(
        cache=DiskCache(cache),
        api_url=server.url,
        live=HttpCatalog(base_url=server.url),
        snapshot=None,
        notice=notice,
    )


@pytest.mark.parametrize(
    ("latency", "shown"),
    [
        (0.4, True),  # past the notice's delay: the line shows, then is erased
        (0.0, False),  # a quick answer: nothing is written at all
    ],
)
def test_a_long_wait_shows_what_it_waits_for_then_erases_it(
    server: FakeMarketplace, tmp_path: Path, latency: float, shown: bool
) -> None:
    server.latency = latency
    stream = io.StringIO()
    catalog = layered(
        server, WaitNotice(stream, escape=escape_controls, after=0.1, every=0.05), tmp_path
    )
    try:
        catalog.answer([JAMMY])
    finally:
        catalog.close()
    text = stream.getvalue()
    if not shown:
        assert text == ""
        return
    assert (
        f"waiting 0 s for ubuntu_jammy in fr-par-1 from the Marketplace API at {server.url}" in text
    )
    assert text.endswith(ERASE) and "\n" not in text  # the next line starts clean


def test_overlapping_waits_share_one_line(server: FakeMarketplace, tmp_path: Path) -> None:
    server.latency = 0.3
    stream = io.StringIO()
    catalog = layered(
        server, WaitNotice(stream, escape=escape_controls, after=0.1, every=0.05), tmp_path
    )
    try:
        lister = threading.Thread(target=catalog.labels)
        lister.start()
        catalog.answer([JAMMY])
        lister.join()
    finally:
        catalog.close()
    text = stream.getvalue()
    assert text.endswith(ERASE)
    # Every write starts by erasing the line: two threads never write half lines each.
    assert all(part == "" or part.startswith("imagelint: waiting") for part in text.split(ERASE))


@pytest.mark.parametrize(
    ("queries", "expected"),
    [
        ([JAMMY], "ubuntu_jammy in fr-par-1 from the Marketplace API at U"),
        (
            [LabelQuery(label="x", zone=None, image_type=LOCAL), JAMMY, JAMMY],
            "x in every zone and 2 more from the Marketplace API at U",
        ),
        ([IdQuery(image_id="b7048a85")], "image b7048a85 from the Marketplace API at U"),
        ([], "the Marketplace API at U"),
        (None, "the list of labels from the Marketplace API at U"),
    ],
)
def test_describe(queries: list[Query] | None, expected: str) -> None:
    assert describe(queries, "U") == expected


def test_a_hostile_label_cannot_write_controls_to_the_terminal() -> None:
    stream = io.StringIO()
    notice = WaitNotice(stream, escape=escape_controls, after=0.0, every=0.01)
    with notice.waiting(
        describe([LabelQuery(label="\x1b]0;pwned\x07\n", zone=None, image_type=LOCAL)], "U")
    ):
        time.sleep(0.05)
    assert "\x1b]" not in text_without_erase(stream.getvalue())
    assert "\\x1b]0;pwned\\x07\\n" in stream.getvalue()


def text_without_erase(text: str) -> str:
    return text.replace(ERASE, "")


@pytest.mark.parametrize("progress", [True, False])
def test_a_run_on_a_terminal_says_it_waits_and_only_there(
    server: FakeMarketplace,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    progress: bool,
) -> None:
    server.latency = 1.3  # past the one second a terminal waits before saying so
    (tmp_path / "main.tf").write_text(
        'resource "scaleway_instance_server" "web" {\n'
        '  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n  zone  = "fr-par-1"\n}\n'
    )
    options = Options(
        paths=(".",),
        catalog="api",
        api_url=server.url,
        cwd=tmp_path,
        progress=progress,
        output_format="json",
    )
    outcome = check(options)
    assert outcome.report is not None, outcome.messages
    captured = capsys.readouterr()
    assert captured.out == ""  # the report is written by the caller; nothing else on stdout
    if progress:
        assert (
            "imagelint: waiting 1 s for ubuntu_jammy in fr-par-1 from the Marketplace"
            in captured.err
        )
        assert captured.err.endswith(ERASE)
    else:
        assert captured.err == ""


def test_the_line_fits_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    stream = io.StringIO()
    with WaitNotice(stream, escape=escape_controls, after=0.0, every=0.01).waiting("x" * 100):
        time.sleep(0.03)
    lines = [part for part in stream.getvalue().split(ERASE) if part]
    assert lines and all(len(line) == 39 and line.endswith("...") for line in lines)
