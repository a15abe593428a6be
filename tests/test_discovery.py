"""Which files a run reads: real directory trees on disk."""

from __future__ import annotations

from pathlib import Path

from imagelint.files import discover, display_path


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")


def test_walk_skips_terraform_state_and_hidden_directories(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "main.tf",
        "modules/web/main.tf",
        ".terraform/modules/vpc/main.tf",
        ".git/hooks/x.tf",
        "env/.cache/y.tf",
        "notes.md",
        "main.tf.json",
        "prod.tfvars",
        "plan.json",
        ".hidden.tf",
    )
    found = [display_path(p, tmp_path) for p in discover([str(tmp_path)])]
    assert found == ["main.tf", "main.tf.json", "modules/web/main.tf", "plan.json", "prod.tfvars"]


def test_each_file_once_and_explicit_files_as_given(tmp_path: Path) -> None:
    touch(tmp_path, "a/main.tf", "a/other.tf")
    paths = [str(tmp_path / "a"), str(tmp_path / "a" / "main.tf"), str(tmp_path / "a")]
    found = [display_path(p, tmp_path) for p in discover(paths)]
    assert found == ["a/main.tf", "a/other.tf"]


def test_display_path_outside_the_working_directory_stays_as_given(tmp_path: Path) -> None:
    touch(tmp_path, "x/main.tf")
    assert display_path(tmp_path / "x" / "main.tf", tmp_path / "elsewhere") == str(
        tmp_path / "x" / "main.tf"
    )
