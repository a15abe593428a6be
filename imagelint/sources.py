"""Find the files to check: walk directories, skip what Terraform itself ignores."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

TERRAFORM_SUFFIXES = (".tf",)


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when under it, as editors and CI annotations want."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def discover(paths: Iterable[str]) -> Iterator[Path]:
    """Every Terraform file under `paths`, each once, in a stable order. Explicit files are
    taken as given; in directories, `.terraform/` and hidden directories are skipped."""
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        found = [root] if root.is_file() else sorted(_walk(root))
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        # Hidden directories hold tool state (.terraform, .git), never configuration.
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in files:
            if name.endswith(TERRAFORM_SUFFIXES) and not name.startswith("."):
                yield Path(directory) / name


def module_files(directory: Path) -> list[Path]:
    """The Terraform files of one module: its directory, not its subdirectories."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.name.endswith(TERRAFORM_SUFFIXES) and not p.name.startswith(".")
    )
