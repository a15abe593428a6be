"""The built wheel: what a user's `pip install` puts into site-packages."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.expected import RULE_IDS

REPO = Path(__file__).resolve().parent.parent


def test_wheel_installs_rules_under_a_prefixed_name_with_its_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("imagelint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"imagelint", "imagelint_rules", next(t for t in top if t.endswith(".dist-info"))}
    assert "imagelint/data/snapshot.json" in names
    assert "imagelint/data/commercial_types.json" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    for rule in RULE_IDS:
        assert f"{rule} = imagelint_rules.{rule.replace('-', '_')}" in entry_points
