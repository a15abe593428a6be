"""Nothing a scanned checkout commits is imported or executed: not a module shadowing one
imagelint imports, not a plugin registered by committed distribution metadata. Real
subprocesses, run from inside the checkout, both as `python -m imagelint` and as the script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.expected import LISTED_IDS

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).with_name("imagelint")  # the [project.scripts] console script
# Modules imagelint imports (directly or through its dependencies) that a checkout could
# commit to replace them.
SHADOWED = ("click", "hcl2", "lark", "httpx", "yaml", "imagelint_rules")
MARK = "import pathlib\npathlib.Path({marker!r}).write_text('imported')\n"
CLEAN = """\
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
}
"""
TYPO = CLEAN.replace("DEV1-S", "DEV1-SS")


def distribution(where: Path, name: str, entry: str, markers: Path) -> None:
    """Metadata that registers `entry` as a rule plugin, and the module, which leaves a
    marker file behind if anything imports it."""
    info = where / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[imagelint.rules]\n{entry} = {name}_rule\n")
    (where / f"{name}_rule.py").write_text(MARK.format(marker=str(markers / f"{name}_rule")))


def checkout(tmp_path: Path, terraform: str = CLEAN) -> tuple[Path, Path]:
    """A repository a stranger wrote: its Terraform, shadowing modules, and plugin metadata
    both at its root and in vendor/ (where a PYTHONPATH might point)."""
    markers = tmp_path / "markers"
    markers.mkdir()
    root = tmp_path / "checkout"
    root.mkdir()
    (root / "main.tf").write_text(terraform)
    for module in SHADOWED:
        (root / f"{module}.py").write_text(MARK.format(marker=str(markers / module)))
    distribution(root, "evil", "evil-rule", markers)
    distribution(root / "vendor", "vendored", "vendored-rule", markers)
    # A copy of imagelint's own metadata: were it taken for the installed one, the real
    # rules would be replaced by nothing.
    (root / "vendor" / "imagelint-99.dist-info").mkdir()
    (root / "vendor" / "imagelint-99.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: imagelint\nVersion: 99\n"
    )
    (root / "vendor" / "imagelint-99.dist-info" / "entry_points.txt").write_text("")
    return root, markers


def run(
    how: str, *args: str, cwd: Path, pythonpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCW_", "PYTHON"))}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, "-m", "imagelint"] if how == "module" else [str(SCRIPT)]
    return subprocess.run(
        [*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


REFUSED = "refused plugin vendored-rule from "
CASES = [  # id, how, PYTHONPATH (relative to the checkout), refused plugin warned about
    ("python -m", "module", None, None),
    ("script", "script", None, None),
    # python -m takes the working directory off sys.path, however it got there.
    ("python -m, PYTHONPATH=.", "module", ".", None),
    # A PYTHONPATH into the checkout is honoured, but metadata found there registers nothing.
    ("python -m, PYTHONPATH=vendor", "module", "vendor", REFUSED),
    ("script, PYTHONPATH=vendor", "script", "vendor", REFUSED),
]


@pytest.mark.parametrize(
    ("how", "pythonpath", "refused"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_checkout_cannot_run_code(
    tmp_path: Path, how: str, pythonpath: str | None, refused: str | None
) -> None:
    root, markers = checkout(tmp_path)
    text = run(how, "check", ".", "--catalog", "offline", cwd=root, pythonpath=pythonpath)
    as_json = run(how, "check", ".", "--catalog", "offline", "--format", "json", cwd=root,
                  pythonpath=pythonpath)  # fmt: skip
    listed = run(how, "rules", cwd=root, pythonpath=pythonpath)
    assert sorted(p.name for p in markers.iterdir()) == []
    for result in (text, as_json, listed):
        assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    assert "1 file, 1 instance: 1 checked" in text.stdout
    assert json.loads(as_json.stdout)["summary"]["checked"] == 1
    assert tuple(line.split()[0] for line in listed.stdout.splitlines()) == LISTED_IDS
    warned = [o for o in (text.stdout, as_json.stderr, listed.stderr) if refused and refused in o]
    assert len(warned) == (3 if refused else 0), (text.stdout, as_json.stderr, listed.stderr)
    assert "evil-rule" not in text.stdout + as_json.stderr  # never on sys.path, never read


@pytest.mark.parametrize("how", ["module", "script"])
def test_refused_metadata_does_not_hide_the_installed_rules(tmp_path: Path, how: str) -> None:
    # vendor/ holds an empty "imagelint" distribution: the installed one still gives the rules,
    # and a commercial type typo is still an error (no false pass).
    root, markers = checkout(tmp_path, terraform=TYPO)
    result = run(how, "check", ".", "--catalog", "offline", cwd=root, pythonpath="vendor")
    assert "Traceback" not in result.stderr
    assert (result.returncode, list(markers.iterdir())) == (1, [])
    assert "main.tf:3:11: error [commercial-type-unknown]" in result.stdout


def test_a_plugin_installed_outside_the_checkout_loads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    markers = tmp_path / "markers"
    markers.mkdir()
    distribution(site, "team", "team-rule", markers)
    (site / "team_rule.py").write_text(
        '"""Flags nothing: proves that it was loaded."""\n'
        + MARK.format(marker=str(markers / "team_rule"))
        + "from imagelint.rule_api import Severity\n"
        "ID = 'team-rule'\nSEVERITY = Severity.WARNING\nNEEDS_RESOLUTION = False\n"
        "def check(ctx):\n    return iter(())\n"
    )
    root = tmp_path / "checkout"
    root.mkdir()
    (root / "main.tf").write_text(CLEAN)
    for how in ("module", "script"):
        listed = run(how, "rules", cwd=root, pythonpath=str(site))
        assert listed.returncode == 0 and "team-rule" in listed.stdout, listed.stderr
        checked = run(how, "check", ".", "--catalog", "offline", cwd=root, pythonpath=str(site))
        assert checked.returncode == 0 and "warning: refused" not in checked.stdout
    assert [p.name for p in markers.iterdir()] == ["team_rule"]


def test_python_m_still_runs_from_the_source_checkout() -> None:
    # Development: the working directory is this repository, whose own build metadata
    # (imagelint.egg-info) sits in it. It is taken for no plugin and worth no warning.
    listed = run("module", "rules", cwd=REPO)
    assert listed.returncode == 0 and listed.stderr == ""
    assert tuple(line.split()[0] for line in listed.stdout.splitlines()) == LISTED_IDS
    checked = run("module", "check", "samples/web-clean", "--catalog", "offline", cwd=REPO)
    assert checked.returncode == 0 and "warning:" not in checked.stdout, checked.stdout


def test_the_console_script_is_installed() -> None:
    # The script cases above need it: a missing script must fail, not skip.
    assert SCRIPT.is_file(), f"{SCRIPT}: install imagelint (pip install -e .) first"


def test_no_rule_left_is_a_usage_error_not_a_pass(tmp_path: Path) -> None:
    # Without the installed metadata (its site-packages taken off sys.path once the
    # dependencies are imported), no rule can load: that must not read as a clean run.
    program = (
        "import site, sys, click, hcl2\n"
        "sys.path[:] = [p for p in sys.path if p not in site.getsitepackages()]\n"
        "from imagelint.commands import list_rules\n"
        "sys.exit(list_rules())\n"
    )
    (tmp_path / "main.tf").write_text(CLEAN)
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "imagelint: no rules are installed (no imagelint.rules entry points): reinstall imagelint\n"
    )
