"""A repository mixing every format: `imagelint check .` at its root finds, resolves and
checks every instance each scenario yields on its own, at the same positions. Every sample
scenario is copied under one root beside unrelated files (a Kubernetes Deployment, a
workflow, docker-compose, a Helm template, Markdown) that must change nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from imagelint.app import Options, check
from imagelint.reporters.json import to_dict

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = sorted(p for p in SAMPLES.iterdir() if p.is_dir())

UNRELATED = {
    "deploy/k8s/web.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
    "spec:\n  template:\n    spec:\n      containers:\n        - name: web\n"
    "          image: nginx:1.27\n",
    "docker-compose.yml": "services:\n  web:\n    image: ubuntu_jammy\n",
    "chart/templates/server.yaml": "kind: Server\nmetadata:\n  name: {{ .Values.name }}\n"
    "{{- if .Values.zone }}\n  zone: {{ .Values.zone }}\n{{- end }}\n",
    "ci/.gitlab-ci.yml": "test:\n  image: python:3.12\n  script: [pytest]\n",
    "docs/servers.md": '# Servers\n\n`image = "ubuntu_jamy"` is a typo in prose only.\n',
    "package.json": '{"name": "infra", "private": true}\n',
}


def findings(root: Path, prefix: str = "") -> set[tuple[str, str, int, int, str | None]]:
    outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=root))
    assert outcome.report is not None, outcome.messages
    doc = to_dict(outcome.report)
    return {
        (f["rule"], prefix + f["path"], f["line"], f["column"], f["resource"])
        for f in doc["findings"]  # type: ignore[attr-defined]
    }


def summary(root: Path) -> dict[str, int]:
    outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=root))
    assert outcome.report is not None, outcome.messages
    return dict(to_dict(outcome.report)["summary"])  # type: ignore[call-overload]


def test_every_scenario_is_found_and_checked_the_same_in_one_repository(tmp_path: Path) -> None:
    expected: set[tuple[str, str, int, int, str | None]] = set()
    instances = checked = skipped = 0
    for scenario in SCENARIOS:
        shutil.copytree(scenario, tmp_path / scenario.name)
        expected |= findings(scenario, prefix=f"{scenario.name}/")
        alone = summary(scenario)
        instances += alone["instances"]
        checked += alone["checked"]
        skipped += alone["skipped"]
    for name, text in UNRELATED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    together = summary(tmp_path)
    assert findings(tmp_path) == expected
    assert (together["instances"], together["checked"]) == (instances, checked)
    # What each scenario skips (its expected.json, a claim beside Crossplane Servers), and the
    # unrelated YAML and JSON files, a hidden one included; Markdown is not even a candidate.
    assert together["skipped"] == skipped + 5, json.dumps(together)
