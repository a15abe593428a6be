"""The Terraform component's entry point: from the paths a user gives to the instances of
every root module they belong to, each evaluated whole, as `terraform plan` would; a large
tree in several processes (imagelint.terraform.parallel), a small one in this one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from imagelint.files import DEFAULT_MAX_FILE_BYTES, Scope, discover, scope_roots
from imagelint.model import ParseError
from imagelint.terraform.parse import READ_NAME, parse_config
from imagelint.terraform.reader import Inputs, Listener, Reader, Workspace

__all__ = ["READ_NAME", "Inputs", "Workspace", "parse_config", "read_files", "read_terraform"]


def read_terraform(
    paths: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    home: Path | None,
    inputs: Inputs | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    jobs: int = 1,
) -> Workspace:
    """The Terraform files under `paths`, found, read and evaluated (tests and tools that
    want Terraform alone; a run goes through imagelint.workspace and the source plugin)."""
    absolute = [cwd / p for p in paths]
    scope = Scope(scope_roots(absolute, cwd), cwd=cwd, max_file_bytes=max_file_bytes)
    read_errors: list[ParseError] = []
    walked = list(discover([p for p in absolute if p.is_dir()], scope, read_errors))
    given = list(discover([p for p in absolute if not p.is_dir()], scope, read_errors))
    reader = Reader(cwd=cwd, env=env, home=home, inputs=inputs or Inputs(), scope=scope)
    if given or not _worth_processes(walked, jobs, scope):
        return reader.read(walked, given, read_errors)
    from imagelint.terraform.parallel import read_parallel

    return read_parallel(reader, walked, read_errors, jobs=jobs)


def read_files(
    *,
    walked: list[Path],
    given: list[Path],
    cwd: Path,
    env: Mapping[str, str],
    home: Path | None,
    inputs: Inputs,
    scope: Scope,
    jobs: int = 1,
    on_instances: Listener | None = None,
) -> Workspace:
    """Files already found (in directory walks, or named one by one) and admitted by the
    run's scope, which other sources share. `jobs`: processes a large walked tree may be
    read in (0: one per CPU core); `on_instances` hears each root module's instances."""
    reader = Reader(cwd=cwd, env=env, home=home, inputs=inputs, scope=scope)
    # Files given one by one are a pre-commit call: a few modules, read here.
    if given or not _worth_processes(walked, jobs, scope):
        return reader.read(walked, given, [], on_instances)
    from imagelint.terraform.parallel import read_parallel

    return read_parallel(reader, walked, [], jobs=jobs, on_instances=on_instances)


def _worth_processes(walked: list[Path], jobs: int, scope: Scope) -> bool:
    if jobs == 1 or len(walked) < MIN_FILES:
        return False  # decided without importing anything: most runs end here
    from imagelint.terraform.partition import worth_processes

    return worth_processes(walked, jobs, scope.max_file_bytes)


# Below this many files no tree is worth a second process, whatever their size (see
# imagelint.terraform.partition.MIN_BYTES for the measured threshold).
MIN_FILES = 40
