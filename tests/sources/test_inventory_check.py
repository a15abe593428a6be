"""Inventories through `imagelint check`: discovery beside other files, parse errors and
exit codes, --source and --default-zone, and a YAML-only run that never loads the HCL
parser."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imagelint.app import Options, Outcome, check
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.testing import projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND

FLEET = """\
imagelint: 1
defaults:
  image: ubuntu_jammy
instances:
  - name: web
    type: DEV1-S
  - name: arm
    type: COPARM1-2C-8G
    image: windows_server_2022
"""
WINDOWS = "imagelint: 1\ninstances: [{name: w, type: POP2-2C-8G-WIN, image: windows_server_2022}]\n"


def run(root: Path, files: dict[str, str], *paths: str, **options: object) -> Outcome:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    catalog = write_catalog(root / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    chosen = Options(
        paths=paths or (".",),
        catalog="offline",
        env={},
        cwd=root,
        **options,  # type: ignore[arg-type]
    )
    return check(chosen, catalog=SnapshotCatalog(catalog))


CASES = [  # id, files, paths, options, (rule, line, column), exit code
    (
        "found-in-a-walk-beside-other-yaml",
        {
            "infra/fleet.imagelint.yaml": FLEET,
            "infra/compose.yaml": "services: {web: {image: nginx}}\n",
            "docs/README.md": "```yaml\nimagelint: 1\ninstances: [{name: x, zone: nowhere}]\n```\n",
        },
        (),
        {},
        [("image-arch-mismatch", 8, 11)],
        1,
    ),
    (
        "a-broken-instance-is-a-parse-error-and-the-others-are-checked",
        {"fleet.imagelint.yaml": FLEET + "  - name: typo\n    imgae: ubuntu_jammy\n"},
        (),
        {},
        [("image-arch-mismatch", 8, 11), ("parse-error", 11, 5)],
        2,
    ),
    (
        "given-alone-as-pre-commit-does",
        {"fleet.imagelint.yaml": FLEET, "other.imagelint.yaml": "imagelint: 2\n"},
        ("fleet.imagelint.yaml",),
        {},
        [("image-arch-mismatch", 8, 11)],
        1,
    ),
    (
        "source-forces-an-unmarked-file",
        {"servers.yaml": "instances:\n  - name: web\n"},
        ("servers.yaml",),
        {"source": "inventory"},
        [("parse-error", 1, 1)],
        2,
    ),
    (
        "unmarked-yaml-is-skipped",
        {"servers.yaml": "instances:\n  - name: web\n"},
        ("servers.yaml",),
        {},
        [],
        0,
    ),
    # The case catalog has windows_server_2022 in fr-par-1 only: the zone the instance does
    # not write is the provider's default, or --default-zone's.
    (
        "no-zone-is-the-provider-default",
        {"f.imagelint.yaml": WINDOWS},
        (),
        {},
        [],
        0,
    ),
    (
        "default-zone-flag",
        {"f.imagelint.yaml": WINDOWS},
        (),
        {"default_zone": "fr-par-2"},
        [("image-zone-unavailable", 2, 52)],
        1,
    ),
    (
        "default-zone-flag-that-is-no-zone",
        {"f.imagelint.yaml": WINDOWS},
        (),
        {"default_zone": "fr-par-9"},
        [("zone-unknown", 2, 20)],
        1,
    ),
]


@pytest.mark.parametrize(
    ("files", "paths", "options", "expected", "exit_code"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_check(
    tmp_path: Path,
    files: dict[str, str],
    paths: tuple[str, ...],
    options: dict[str, object],
    expected: list[tuple[str, int, int]],
    exit_code: int,
) -> None:
    outcome = run(tmp_path, files, *paths, **options)
    assert projected(outcome) == expected
    assert outcome.exit_code == exit_code


def test_findings_name_the_instance_and_the_default(tmp_path: Path) -> None:
    text = FLEET.replace("ubuntu_jammy", "ubuntu_jamy")
    outcome = run(tmp_path, {"fleet.imagelint.yaml": text})
    assert outcome.report is not None
    unknown = [f for f in outcome.report.findings if f.rule == "image-unknown"]
    assert [(f.line, f.resource, [r.message for r in f.related]) for f in unknown] == [
        (3, "web", ["defaults.image"])
    ]


def test_a_yaml_only_run_never_imports_the_hcl_parser(tmp_path: Path) -> None:
    (tmp_path / "fleet.imagelint.yaml").write_text(FLEET, encoding="utf-8")
    program = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from imagelint.app import Options, check
        outcome = check(Options(paths=("fleet.imagelint.yaml",), catalog="offline", env={{}},
                                cwd=Path({str(tmp_path)!r})))
        assert outcome.report is not None and outcome.report.findings, outcome
        print(sorted(m for m in ("hcl2", "lark") if m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
