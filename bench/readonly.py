"""A read-only install, as a container run as another user sees it: python-hcl2 copied
without its grammar cache, where nobody may write, first on the path; run as the user
nobody when we are root (a read-only bind mount is not available here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOBODY = 65534
# The CLI with its entry points: the venv's .pth files (the editable install's finder) are
# read by site.addsitedir, which PYTHONPATH alone does not do.
CLI = (
    "import runpy, site, sys\nsite.addsitedir(sys.argv.pop(1))\nsys.argv[0] = 'imagelint'\n"
    "runpy.run_module('imagelint', run_name='__main__', alter_sys=True)\n"
)


@dataclass(frozen=True)
class ReadOnly:
    python: str
    user: int | None
    site: Path  # the read-only copy of python-hcl2
    cache: Path  # the run's IMAGELINT_CACHE_DIR, writable by the user
    site_packages: Path

    @property
    def who(self) -> str:
        return "as nobody" if self.user is not None else "as this user"

    def env(self, *, read_only: bool) -> dict[str, str]:
        path = (self.site, REPO, self.site_packages) if read_only else (REPO, self.site_packages)
        return {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": os.pathsep.join(map(str, path)),
            "IMAGELINT_CACHE_DIR": str(self.cache),
            "HOME": str(self.cache),
            "SCW_DEFAULT_ZONE": "",
        }

    def run(self, args: list[str], *, read_only: bool, cwd: Path | None = None) -> float:
        """Wall seconds of `python ARGS` in a fresh process."""
        start = time.perf_counter()
        subprocess.run(
            [self.python, *args],
            env=self.env(read_only=read_only),
            cwd=cwd or self.cache,
            check=True,
            stdout=subprocess.DEVNULL,
            user=self.user,
            group=self.user,
            extra_groups=None if self.user is None else [],
        )
        return time.perf_counter() - start

    def cli(self, *args: str, read_only: bool, cwd: Path | None = None) -> float:
        return self.run(["-c", CLI, str(self.site_packages), *args], read_only=read_only, cwd=cwd)


@contextmanager
def read_only_install() -> Iterator[ReadOnly | None]:
    """None when no Python the user nobody can run is found."""
    import hcl2

    site_packages = Path(hcl2.__file__).parent.parent
    top = Path(tempfile.mkdtemp(prefix="imagelint-bench-ro-"))
    site, cache = top / "site", top / "cache"
    shutil.copytree(Path(hcl2.__file__).parent, site / "hcl2")
    (site / "hcl2" / ".lark_cache.bin").unlink(missing_ok=True)
    cache.mkdir()
    user = NOBODY if os.geteuid() == 0 else None
    python = sys.executable
    if user is not None:
        os.chown(cache, NOBODY, NOBODY)
        # Our interpreter may sit under root's private home: find one nobody can run.
        candidates = (sys.executable, shutil.which("python3.11"), "/usr/bin/python3")
        python = next((c for c in candidates if c and _runs_as(c, user, site_packages)), "")
    for path in (site, *site.rglob("*")):
        path.chmod(0o555 if path.is_dir() else 0o444)
    top.chmod(0o755)
    try:
        yield ReadOnly(python, user, site, cache, site_packages) if python else None
    finally:
        for path in (site, *site.rglob("*")):
            path.chmod(0o755)
        shutil.rmtree(top)


def _runs_as(python: str, user: int, site_packages: Path) -> bool:
    check = "import sys; assert sys.version_info >= (3, 11); import lark"
    try:
        done = subprocess.run(
            [python, "-c", check],
            env={"PYTHONPATH": str(site_packages)},
            cwd="/",
            capture_output=True,
            user=user,
            group=user,
            extra_groups=[],
        )
    except OSError:
        return False
    return done.returncode == 0
