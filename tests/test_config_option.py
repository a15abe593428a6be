"""A rule option set in `.imagelint.yaml` changes what the real engine reports: value-unresolved's
`ignore-kinds` on a server booting a custom image its own Terraform builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from imagelint.app import Options
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.config import resolve
from imagelint.engine import lint
from imagelint.plugins import discover
from imagelint.settings import RuleSettings
from imagelint.workspace import read

MAIN = """\
variable "image" {
  type = string
}

resource "scaleway_instance_image" "mine" {
  root_volume_id = "11111111-1111-4111-8111-111111111111"
}

resource "scaleway_instance_server" "a" {
  image = var.image
  type  = "DEV1-S"
}

resource "scaleway_instance_server" "b" {
  image = scaleway_instance_image.mine.id
  type  = "DEV1-S"
}
"""

CASES = [  # configuration, value-unresolved findings (resource), unresolved in the summary
    ("", ["scaleway_instance_server.a", "scaleway_instance_server.b"]),
    (
        "rules:\n  value-unresolved: {ignore-kinds: [apply-time]}\n",
        ["scaleway_instance_server.a"],
    ),
    ("rules:\n  value-unresolved: {ignore-kinds: [apply-time, no-value]}\n", []),
    (
        "rules:\n  value-unresolved: {enabled: true, ignore-kinds: []}\n",
        ["scaleway_instance_server.a", "scaleway_instance_server.b"],
    ),
]


@pytest.mark.parametrize(("text", "reported"), CASES, ids=[c[0] or "none" for c in CASES])
def test_ignore_kinds(tmp_path: Path, text: str, reported: list[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".imagelint.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "main.tf").write_text(MAIN, encoding="utf-8")
    plugins = discover(untrusted=())
    resolved = resolve({}, cwd=tmp_path, env={}, config_file=None, rules=plugins.rules)
    settings = resolved.values["rule_settings"]
    assert isinstance(settings, dict)
    # As the run applies them: each rule's option values on its LoadedRule.
    rules = [replace(r, settings=_options(settings[r.id])) for r in plugins.rules]
    workspace = read(Options(paths=(".",), cwd=tmp_path, env={}), plugins.sources)
    result = lint(workspace.instances, rules, SnapshotCatalog())
    found = sorted(f.resource or "" for f in result.findings if f.rule == "value-unresolved")
    assert found == reported
    # Ignored or not, neither server was checked: the summary still says so.
    assert result.unresolved == 2 and result.checked == 0


def _options(settings: RuleSettings) -> dict[str, object]:
    return dict(settings.options)
