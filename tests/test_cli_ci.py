"""The CI gate through the real CLI: --fail-on, several formats from one run, exclude, a
repository's configuration that cannot redirect the token, the rule commands, completion."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.fakes.marketplace import FakeMarketplace
from tests.test_cli import CLEAN, SECRET, imagelint, write

# One notice (a variable with no value: the server is not checked) and nothing else.
UNCHECKED = 'variable "image" {}\n' + CLEAN.replace('"ubuntu_jammy"', "var.image")
DEPRECATED = 'resource "scaleway_server" "old" {\n  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n'


@pytest.mark.parametrize(
    ("files", "fail_on", "code"),
    [
        ({"main.tf": CLEAN}, "notice", 0),
        ({"main.tf": UNCHECKED}, "error", 0),
        ({"main.tf": UNCHECKED}, "warning", 0),
        # An instance that could not be checked fails the gate when notices do.
        ({"main.tf": UNCHECKED}, "notice", 1),
        ({"main.tf": DEPRECATED}, "error", 0),
        ({"main.tf": DEPRECATED}, "warning", 1),
        ({"main.tf": CLEAN.replace("ubuntu_jammy", "macos")}, "error", 1),
    ],
    ids=[
        "clean",
        "notice-error",
        "notice-warning",
        "notice-notice",
        "warning-error",
        "warning-warning",
        "error",
    ],
)
def test_fail_on_sets_the_lowest_severity_that_fails(
    tmp_path: Path, files: dict[str, str], fail_on: str, code: int
) -> None:
    write(tmp_path, files)
    result = imagelint("check", "--catalog", "offline", "--fail-on", fail_on, cwd=tmp_path)
    assert result.returncode == code, result.stdout + result.stderr


def test_every_format_from_one_run(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN.replace("ubuntu_jammy", "macos")})
    outputs = {fmt: f"out/{fmt}.out" for fmt in ("sarif", "junit", "gitlab", "checkstyle", "json")}
    (tmp_path / "out").mkdir()
    args = [a for fmt, name in outputs.items() for a in ("--output", f"{fmt}:{name}")]
    result = imagelint("check", "--catalog", "offline", "--format", "github", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=main.tf,line=2,col=11,")
    sarif = json.loads((tmp_path / outputs["sarif"]).read_text())
    (run,) = sarif["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["image-unknown"]
    assert ET.parse(tmp_path / outputs["junit"]).getroot().tag in ("testsuites", "testsuite")
    assert ET.parse(tmp_path / outputs["checkstyle"]).getroot().tag == "checkstyle"
    (issue,) = json.loads((tmp_path / outputs["gitlab"]).read_text())
    document = json.loads((tmp_path / outputs["json"]).read_text())
    # One run: the same finding, the same fingerprint, in every report.
    assert issue["fingerprint"] == document["findings"][0]["fingerprint"]
    assert document["findings"][0]["fingerprint"] in json.dumps(run["results"][0])


def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    result = imagelint(
        "check", "--catalog", "offline", "--output", "sarif:missing/x.sarif", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "cannot write the sarif report to missing/x.sarif" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", ["sarif", "yaml:x", ":x", "sarif:"])
def test_a_malformed_output_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    result = imagelint("check", "--catalog", "offline", "--output", bad, cwd=tmp_path)
    assert result.returncode == 2 and "FORMAT:FILE" in result.stderr


def test_exclude_from_the_command_line_and_the_configuration(tmp_path: Path) -> None:
    broken = CLEAN.replace("ubuntu_jammy", "macos")
    write(
        tmp_path,
        {"live/main.tf": CLEAN, "legacy/old/main.tf": broken, "gen/a.generated.tf": broken},
    )
    (tmp_path / ".git").mkdir()
    assert imagelint("check", "--catalog", "offline", cwd=tmp_path).returncode == 1
    flags = imagelint(
        "check",
        "--catalog",
        "offline",
        "--exclude",
        "legacy",
        "--exclude",
        "*.generated.tf",
        cwd=tmp_path,
    )
    assert flags.returncode == 0, flags.stdout
    write(tmp_path, {".imagelint.yaml": "exclude: [legacy, '*.generated.tf']\n"})
    configured = imagelint("check", "--catalog", "offline", cwd=tmp_path)
    assert configured.returncode == 0, configured.stdout
    assert "1 file," in configured.stdout


def test_a_repository_configuration_cannot_send_the_token_elsewhere(
    tmp_path: Path, marketplace: FakeMarketplace
) -> None:
    # A pull request can change .imagelint.yaml: the api-url it names gets no token.
    write(tmp_path, {"main.tf": CLEAN, ".imagelint.yaml": f"api-url: {marketplace.url}\n"})
    (tmp_path / ".git").mkdir()
    result = imagelint("check", "--catalog", "api", cwd=tmp_path, env={"SCW_SECRET_KEY": SECRET})
    assert result.returncode == 0, result.stdout + result.stderr
    assert marketplace.requests, "the configured API was asked"
    assert all(SECRET not in json.dumps(r.headers) for r in marketplace.requests)
    assert "SCW_SECRET_KEY is not sent to the api-url the configuration file sets" in result.stderr
    # Given by the person running imagelint, the same URL gets it.
    marketplace.requests.clear()
    given = imagelint(
        "check",
        "--catalog",
        "api",
        "--api-url",
        marketplace.url,
        cwd=tmp_path,
        env={"SCW_SECRET_KEY": SECRET},
    )
    assert given.returncode == 0
    assert any(SECRET in json.dumps(r.headers) for r in marketplace.requests)


def test_rules_as_json_and_explain(tmp_path: Path) -> None:
    listed = imagelint("rules", "--format", "json", cwd=tmp_path)
    rules = {r["id"]: r for r in json.loads(listed.stdout)["rules"]}
    assert rules["value-unresolved"]["severity"] == "notice"
    assert "unused-suppression" in rules
    explained = imagelint("explain", "image-volume-type-mismatch", cwd=tmp_path)
    assert explained.returncode == 0 and "PASS:" in explained.stdout
    unknown = imagelint("explain", "no-such-rule", cwd=tmp_path)
    assert unknown.returncode == 2 and "no rule 'no-such-rule'" in unknown.stderr


@pytest.mark.parametrize(
    ("shell", "says"), [("bash", "complete"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_completion_scripts(tmp_path: Path, shell: str, says: str) -> None:
    result = imagelint("completion", shell, cwd=tmp_path)
    assert (
        result.returncode == 0 and says in result.stdout and "_IMAGELINT_COMPLETE" in result.stdout
    )


def test_quiet_prints_findings_only_and_keeps_warnings_on_stderr(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN.replace("ubuntu_jammy", "macos"), "notes.json": "{}"})
    result = imagelint("check", "--catalog", "offline", "--quiet", "notes.json", cwd=tmp_path)
    assert result.stdout == ""
    assert "warning: no file imagelint reads was found" in result.stderr
    noisy = imagelint("check", "--catalog", "offline", "--quiet", cwd=tmp_path)
    assert noisy.stdout.splitlines()[0].startswith("main.tf:2:11: error [image-unknown]")
    assert "findings:" not in noisy.stdout


def test_a_long_run_on_a_terminal_shows_progress_on_stderr_only(tmp_path: Path) -> None:
    write(tmp_path, {f"m{i}/main.tf": CLEAN for i in range(220)})
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "imagelint", "check", "--catalog", "offline"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=120,
            check=False,
        )
        os.set_blocking(controller, False)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 1 << 16)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 0
    assert b"reading" in shown and b"100%" in shown
    assert b"reading" not in done.stdout  # stdout stays the report
    quiet = imagelint("check", "--catalog", "offline", cwd=tmp_path)
    assert "reading" not in quiet.stderr  # not a terminal: no bar


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = imagelint("check", "--catalog", "offline", "nowhere/main.tf", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "'nowhere/main.tf' does not exist" in result.stderr
    assert "Traceback" not in result.stderr
