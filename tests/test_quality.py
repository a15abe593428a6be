"""The project's own checks, run by the test command so CI runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean() -> None:
    result = run(
        sys.executable, "-m", "ruff", "check", "imagelint", "rules", "tests", "scripts", "bench"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter is not installed")
    result = run(lint_imports)
    assert result.returncode == 0, result.stdout + result.stderr


def test_types_check() -> None:
    result = run(sys.executable, "-m", "mypy", "imagelint", "rules")
    assert result.returncode == 0, result.stdout + result.stderr


def test_formatted() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
