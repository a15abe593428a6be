"""Read Terraform files the way Terraform groups them: one module per directory.

A file given on its own (as pre-commit does with changed files) is still evaluated with the
variables and provider blocks of its directory's other files; only its own instances are
reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.model import Instance, ParseError, Value
from imagelint.sources import discover, display_path, module_files

if TYPE_CHECKING:  # the parser, and hcl2 behind it, load only when a file is read
    from imagelint.parsers.terraform import TerraformFile


@dataclass(frozen=True, kw_only=True)
class Workspace:
    files: int  # files that were asked for
    instances: tuple[Instance, ...]
    errors: tuple[ParseError, ...]  # of asked-for files only


def read_terraform(paths: tuple[str, ...], *, cwd: Path, default_zone: Value) -> Workspace:
    from imagelint.parsers.terraform import build_instances

    asked: dict[Path, list[Path]] = {}
    for path in discover(str(cwd / p) for p in paths):
        asked.setdefault(path.resolve().parent, []).append(path)
    instances: list[Instance] = []
    errors: list[ParseError] = []
    for directory in sorted(asked):
        known = {p.resolve() for p in asked[directory]}
        context = [p for p in module_files(directory) if p.resolve() not in known]
        shown = {p: display_path(p, cwd) for p in [*asked[directory], *context]}
        wanted = {shown[p] for p in asked[directory]}
        parsed: list[TerraformFile] = []
        for path, name in shown.items():
            try:
                parsed.append(_parse(path, name))
            except ParseError as error:
                # A broken neighbour was not asked for: its values show up as unresolved.
                if error.path in wanted:
                    errors.append(error)
        module = build_instances(parsed, default_zone=default_zone)
        instances.extend(i for i in module if i.path in wanted)
    return Workspace(
        files=sum(len(files) for files in asked.values()),
        instances=tuple(instances),
        errors=tuple(errors),
    )


def _parse(path: Path, shown: str) -> TerraformFile:
    from imagelint.parsers.terraform import parse_terraform_file

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ParseError(path=shown, line=1, column=1, message=f"cannot read: {error}") from None
    return parse_terraform_file(shown, text)
