"""The configuration through the real CLI in a subprocess: `imagelint config`, `imagelint check`
with `.imagelint.yaml` found or given with --config, and the exit codes its errors make."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from imagelint.config_keys import KEYS
from tests.test_config_option import MAIN


def imagelint(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SCW_", "IMAGELINT_"))}
    return subprocess.run(
        [sys.executable, "-m", "imagelint", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def repository(root: Path, config: str | None) -> Path:
    (root / ".git").mkdir()
    (root / "main.tf").write_text(MAIN, encoding="utf-8")
    if config is not None:
        (root / ".imagelint.yaml").write_text("catalog: offline\n" + config, encoding="utf-8")
    return root


CHECKS = [  # configuration after `catalog: offline`, options, exit code, value-unresolved lines
    ("", (), 0, [1, 15]),
    ("fail-on: notice\n", (), 1, [1, 15]),
    ("fail-on: notice\n", ("--fail-on", "error"), 0, [1, 15]),
    ("rules:\n  value-unresolved: {enabled: false}\n", ("--fail-on", "notice"), 0, []),
    ("rules:\n  value-unresolved: {severity: error}\n", (), 1, [1, 15]),
    ("rules:\n  value-unresolved: {ignore-kinds: [apply-time]}\n", (), 0, [1]),
    (
        "fail-on: notice\nrules:\n  value-unresolved: {ignore-kinds: [apply-time, no-value]}\n",
        (),
        0,
        [],
    ),
]


@pytest.mark.parametrize(("config", "options", "code", "lines"), CHECKS)
def test_check_applies_the_configuration(
    tmp_path: Path, config: str, options: tuple[str, ...], code: int, lines: list[int]
) -> None:
    root = repository(tmp_path, config)
    result = imagelint("check", "--format", "json", *options, cwd=root)
    assert result.returncode == code, result.stderr
    report = json.loads(result.stdout)
    assert [f["line"] for f in report["findings"] if f["rule"] == "value-unresolved"] == lines
    assert report["catalog"]["source"] == "snapshot"  # catalog: offline came from the file


def test_check_with_config_option_from_a_subdirectory(tmp_path: Path) -> None:
    root = repository(tmp_path, None)
    (root / "ci").mkdir()
    (root / "ci" / "lint.yaml").write_text("catalog: offline\nfail-on: notice\n", "utf-8")
    result = imagelint("check", "--config", "ci/lint.yaml", cwd=root)
    assert result.returncode == 1, result.stderr


ERRORS = [  # configuration, environment, the one line on stderr
    (
        "catalogue: offline\n",
        {},
        "imagelint: .imagelint.yaml:2:1: unknown key 'catalogue' (did you mean 'catalog'?)",
    ),
    (
        "rules:\n  image-unknwn: {enabled: false}\n",
        {},
        "imagelint: .imagelint.yaml:3:3: rules: unknown rule 'image-unknwn' (did you mean "
        "'image-unknown'?); `imagelint rules` lists the installed ones",
    ),
    (
        "rules:\n  value-unresolved: {ignore-kinds: 3}\n",
        {},
        "imagelint: .imagelint.yaml:3:36: rule value-unresolved, option ignore-kinds: expected a "
        "list of strings",
    ),
    (
        "fail-on: sometimes\n",
        {},
        "imagelint: .imagelint.yaml:2:10: fail-on: 'sometimes' is not one of error, warning, "
        "notice",
    ),
    (
        "",
        {"SCW_API_URL": "https://me:s3cret@[::1"},
        "imagelint: environment variable SCW_API_URL: invalid API URL 'https://***@[::1': it "
        "cannot be parsed as a URL",
    ),
    (
        "",
        {"IMAGELINT_CATALOG": "sometimes"},
        "imagelint: environment variable IMAGELINT_CATALOG: 'sometimes' is not one of auto, api, "
        "offline",
    ),
]


@pytest.mark.parametrize("command", ["check", "config"])
@pytest.mark.parametrize(("config", "env", "line"), ERRORS)
def test_configuration_errors_exit_2_with_one_line(
    tmp_path: Path, command: str, config: str, env: dict[str, str], line: str
) -> None:
    root = repository(tmp_path, config)
    result = imagelint(command, cwd=root, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")


def test_config_command_shows_values_and_origins(tmp_path: Path) -> None:
    root = repository(tmp_path, "fail-on: warning\n")
    (root / "modules").mkdir()
    env = {"SCW_API_URL": "https://me:s3cret@api.example.com", "SCW_DEFAULT_ZONE": "nl-ams-1"}
    result = imagelint("config", cwd=root / "modules", env=env)
    assert result.returncode == 0, result.stderr
    origins = {
        line.partition(":")[0]: line.partition("  # ")[2] for line in result.stdout.splitlines()
    }
    assert origins["catalog"] == "../.imagelint.yaml:1"
    assert origins["fail-on"] == "../.imagelint.yaml:2"
    assert origins["api-url"] == "SCW_API_URL"
    assert origins["default-zone"] == "default"
    assert origins["retries"] == "default"
    assert "# Configuration file: ../.imagelint.yaml" in result.stdout
    assert "s3cret" not in result.stdout
    assert {k.name for k in KEYS} <= set(origins)


def test_config_command_with_config_option(tmp_path: Path) -> None:
    root = repository(tmp_path, None)
    (root / "other.yml").write_text("retries: 1\n", encoding="utf-8")
    result = imagelint("config", "--config", "other.yml", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "retries: 1" in result.stdout and "# other.yml:1" in result.stdout


def test_every_flag_of_the_table_is_an_option_of_check(tmp_path: Path) -> None:
    result = imagelint("check", "--help", cwd=tmp_path)
    missing = [k.flag for k in KEYS if k.flag and k.flag not in result.stdout]
    assert not missing


def test_exclude_leaves_files_out(tmp_path: Path) -> None:
    root = repository(tmp_path, "exclude: [legacy, '*.generated.tf']\nfail-on: notice\n")
    (root / "main.tf").unlink()
    for name in ("legacy/old/main.tf", "gen/x.generated.tf", "kept/main.tf"):
        (root / name).parent.mkdir(parents=True)
        (root / name).write_text(MAIN, encoding="utf-8")
    result = imagelint("check", "--format", "json", cwd=root)
    report = json.loads(result.stdout)
    assert {f["path"] for f in report["findings"]} == {"kept/main.tf"}
    assert report["summary"]["files"] == 1


PROBE = """
import sys
from pathlib import Path
from imagelint.config import resolve
from imagelint.plugins import load_rules
resolve({}, cwd=Path(sys.argv[1]), env={}, config_file=None, rules=load_rules())
print(sorted(m for m in sys.modules if m == "yaml" or m.startswith("imagelint.parsers.yaml")))
"""


@pytest.mark.parametrize(("config", "imported"), [(None, "[]"), ("", "['imagelint.parsers")])
def test_no_configuration_costs_no_yaml_import(
    tmp_path: Path, config: str | None, imported: str
) -> None:
    # A pre-commit run on .tf files without a configuration must not load the YAML layer.
    root = repository(tmp_path, config)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith(imported)
