"""Third-party rules load through the same entry points as first-party ones: a plugin
distribution is put on PYTHONPATH (a real dist-info, no patching) and the CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLUGIN = '''\
"""Flags servers whose commercial type is a DEV1 type.

Why: a team policy, to show third-party rules.  Options: none.  Default severity: warning.
"""

from imagelint.rule_api import Draft, Severity

ID = "{id}"
SEVERITY = Severity.WARNING
NEEDS_RESOLUTION = True


def check(ctx):
    if ctx.resolution.target.commercial_type.startswith("DEV1-"):
        yield Draft(span=ctx.instance.position_of("type"), message="DEV1 is for development")
'''

SERVER = """\
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
}
"""


def install_plugin(root: Path, entry_name: str, declared_id: str) -> dict[str, str]:
    site = root / "site"
    (site / "team_rules").mkdir(parents=True)
    (site / "team_rules" / "__init__.py").write_text("")
    (site / "team_rules" / "no_dev1.py").write_text(PLUGIN.format(id=declared_id))
    info = site / "team_rules-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: team-rules\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        f"[imagelint.rules]\n{entry_name} = team_rules.no_dev1\n"
    )
    return {**os.environ, "PYTHONPATH": str(site)}


def imagelint(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagelint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_third_party_rule_is_listed_and_runs(tmp_path: Path) -> None:
    env = install_plugin(tmp_path, "team-no-dev1", "team-no-dev1")
    # The project is beside the plugin's site, not around it: plugins are never loaded from
    # the working directory or the scanned paths.
    project = tmp_path / "project"
    project.mkdir()
    listed = imagelint("rules", cwd=project, env=env)
    assert "team-no-dev1" in listed.stdout and "warning" in listed.stdout
    (project / "main.tf").write_text(SERVER)
    result = imagelint(
        "check", ".", "--catalog", "offline", "--format", "json", cwd=project, env=env
    )
    (finding,) = json.loads(result.stdout)["findings"]
    # The engine stamps id and severity: the rule only said what and where.
    assert (finding["rule"], finding["severity"], finding["line"]) == ("team-no-dev1", "warning", 3)
    assert result.returncode == 0  # warnings do not fail the run


def test_a_plugin_whose_id_does_not_match_its_entry_point_is_refused(tmp_path: Path) -> None:
    env = install_plugin(tmp_path, "team-no-dev1", "something-else")
    (tmp_path / "project").mkdir()
    result = imagelint("rules", cwd=tmp_path / "project", env=env)
    assert result.returncode == 2
    assert "'team-no-dev1'" in result.stderr and "'something-else'" in result.stderr


def test_one_command_scans_the_installed_distributions_once(tmp_path: Path) -> None:
    # `imagelint check` validates the configuration against the rules, then runs them: the
    # second discovery with the same untrusted roots is the first one's result.
    from imagelint.plugins import discover

    first = discover(untrusted=(tmp_path,))
    assert discover(untrusted=(tmp_path,)) is first
    # Other untrusted roots are scanned afresh: what is refused depends on them.
    assert discover(untrusted=(tmp_path / "other",)) is not first
