"""Where imagelint keeps what it may reuse between runs: catalog answers, parsed files,
python-hcl2's grammar tables when its own directory is read-only."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

CACHE_DIR_ENV = "IMAGELINT_CACHE_DIR"


def cache_root(env: Mapping[str, str]) -> Path:
    """IMAGELINT_CACHE_DIR, else the platform's user cache directory (XDG_CACHE_HOME on
    Linux, read from `env` so a run's environment, not the process's, decides)."""
    explicit = env.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg) and sys.platform not in ("win32", "darwin"):
        return Path(xdg) / "imagelint"
    import platformdirs

    return Path(platformdirs.user_cache_dir("imagelint", appauthor=False))
