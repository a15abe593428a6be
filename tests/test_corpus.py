"""bench/corpus, the realistic Terraform corpus: formatted, valid Terraform, and exactly what
imagelint reports on it offline (bench/corpus/README.md lists the deliberate mistakes)."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest

from imagelint.app import Exit, Options, Outcome, check
from imagelint.findings import Report
from tests.terraform_oracle import require_terraform, terraform_environment

REPO = Path(__file__).resolve().parent.parent
CORPUS = "bench/corpus"

Row = tuple[str, str, int]  # rule, path under bench/corpus, line

FR_PAR_4: Row = ("zone-unknown", "live/prod/k8s-workers/terraform.tfvars", 2)
LOWERCASE_TYPE: Row = ("commercial-type-unknown", "live/staging/compute/load-test.auto.tfvars", 2)
ARM_TYPE: Row = ("image-arch-mismatch", "live/staging/k8s-workers/terraform.tfvars", 11)
ARM_L_SSD: Row = ("image-volume-type-mismatch", "live/prod/compute/locals.tf", 18)
TYPO: Row = ("value-unresolved", "live/dev/compute/terraform.tfvars", 7)
# Every deliberate mistake, one finding per server (the typo offline: the snapshot cannot
# say a label does not exist, so it is not checked, with a "did you mean" hint).
MISTAKES: Counter[Row] = Counter(
    {FR_PAR_4: 2, LOWERCASE_TYPE: 3, ARM_TYPE: 2, ARM_L_SSD: 1, TYPO: 3}
)
UNRESOLVABLE: Counter[Row] = Counter(
    {
        ("value-unresolved", "live/dev/compute/variables.tf", 23): 1,  # -var app_image_id
        ("value-unresolved", "live/prod/compute/erp.tf", 18): 1,  # scaleway_instance_image
        ("value-unresolved", "live/dev/compute/main.tf", 23): 1,  # registry module
    }
)
ARM_POOL = 'module.pool["arm"].scaleway_instance_server.worker[{}]'


@pytest.fixture(scope="module")
def outcome() -> Outcome:
    return check(Options(paths=(CORPUS,), catalog="offline", env={}, cwd=REPO))


def report_of(outcome: Outcome) -> Report:
    assert outcome.report is not None, outcome.messages
    assert outcome.messages == ()
    return outcome.report


def rows(report: Report) -> Counter[Row]:
    return Counter((f.rule, f.path.removeprefix(f"{CORPUS}/"), f.line) for f in report.findings)


def test_corpus_is_formatted_valid_terraform() -> None:
    terraform = require_terraform()
    done = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-no-color", CORPUS],
        cwd=REPO,
        env=terraform_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_corpus_has_the_modules_the_readme_describes() -> None:
    modules = {p.parent for p in (REPO / CORPUS).rglob("*.tf")}
    assert len(modules) == 18
    assert (REPO / CORPUS / "live/prod/compute/.terraform.lock.hcl").is_file()


def test_corpus_findings_are_the_deliberate_ones(outcome: Outcome) -> None:
    report = report_of(outcome)
    assert outcome.exit_code == Exit.FINDINGS
    assert rows(report) == MISTAKES + UNRESOLVABLE
    for index in range(2):
        assert {f.resource for f in report.findings} >= {ARM_POOL.format(index)}


def test_corpus_summary(outcome: Outcome) -> None:
    summary = report_of(outcome).summary
    assert (summary.instances, summary.checked, summary.unresolved) == (43, 37, 6)
    assert dict(summary.unresolved_by_kind) == {
        "apply-time": 1,
        "catalog": 3,
        "no-value": 1,
        "remote-module": 1,
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("live/prod/k8s-workers/terraform.tfvars", Counter({FR_PAR_4: 2})),
        ("live/staging/compute/load-test.auto.tfvars", Counter({LOWERCASE_TYPE: 3})),
        ("live/prod/bastion/main.tf", Counter()),  # the old provider pin keeps bionic booting
        # The data source's instance_type default reaches the arm servers through it.
        ("modules/image-lookup/variables.tf", Counter({ARM_TYPE: 2})),
    ],
)
def test_a_file_given_alone_reports_what_touches_it(given: str, expected: Counter[Row]) -> None:
    outcome = check(Options(paths=(f"{CORPUS}/{given}",), catalog="offline", env={}, cwd=REPO))
    assert rows(report_of(outcome)) == expected
