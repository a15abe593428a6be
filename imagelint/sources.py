"""Find the files to check: walk directories, skip what Terraform itself ignores."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

CONFIG_SUFFIXES = (".tf", ".tf.json")
VAR_FILE_SUFFIXES = (".tfvars", ".tfvars.json")
# Plan JSON (`terraform show -json`) has no suffix of its own: any .json may be one.
TERRAFORM_SUFFIXES = (*CONFIG_SUFFIXES, *VAR_FILE_SUFFIXES, ".json")


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when under it, as editors and CI annotations want."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def is_var_file(name: str) -> bool:
    return name.endswith(VAR_FILE_SUFFIXES)


def is_config_file(name: str) -> bool:
    return name.endswith(CONFIG_SUFFIXES) and not name.startswith(".")


def discover(paths: Iterable[str]) -> Iterator[Path]:
    """Every Terraform file under `paths`, each once, in a stable order. Explicit files are
    taken as given; in directories, `.terraform/` and hidden directories are skipped."""
    seen: set[str] = set()
    for given in paths:
        root = Path(given)
        # One resolution per given path: a walk yields each file under it once.
        real = os.path.realpath(root)
        found = [root] if root.is_file() else sorted(_walk(root))
        for path in found:
            key = os.path.join(real, os.path.relpath(path, root)) if path != root else real
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
