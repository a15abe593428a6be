"""Golden scenarios: each samples/<scenario>/expected.json is the offline JSON report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.reporters.json import to_dict
from tests.expected import RULE_IDS
from tests.terraform_oracle import require_terraform, terraform_environment

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = sorted(p for p in SAMPLES.iterdir() if p.is_dir())


def report_of(scenario: Path) -> dict[str, object]:
    outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=scenario))
    assert outcome.report is not None, outcome.messages
    return to_dict(outcome.report)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_sample_matches_expected(scenario: Path, request: pytest.FixtureRequest) -> None:
    actual = report_of(scenario)
    expected_file = scenario / "expected.json"
    if request.config.getoption("--update-samples"):
        expected_file.write_text(json.dumps(actual, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


def test_samples_cover_every_rule() -> None:
    fired = {f["rule"] for s in SCENARIOS for f in report_of(s)["findings"]}  # type: ignore[attr-defined]
    assert fired == set(RULE_IDS)


def test_a_clean_scenario_exists() -> None:
    assert report_of(SAMPLES / "web-clean")["findings"] == []


def test_sample_configurations_are_formatted_valid_terraform() -> None:
    terraform = require_terraform()
    done = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-no-color", str(SAMPLES)],
        env=terraform_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
