"""One-module configurations written on disk and read whole, for the module reader tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from imagelint.model import Instance, Span
from tests.terraform.trees import read, write

HEADER = 'resource "scaleway_instance_server" "web" {'
WEB = "scaleway_instance_server.web"

# (path, line, column, end line, end column)
Where = tuple[str, int, int, int, int]
# The text of main.tf, or every file of the module by name.
Case = str | Mapping[str, str]


def server(*lines: str, name: str = "web") -> str:
    """A server block whose attribute lines start at line 2, indented by two spaces."""
    body = "".join(f"  {line}\n" for line in lines)
    return f'resource "scaleway_instance_server" "{name}" {{\n{body}}}\n'


def variable(name: str, default: str | None = None) -> str:
    inner = "" if default is None else f"\n  default = {default}\n"
    return f'\nvariable "{name}" {{{inner}}}\n'


# A root volume type from a dynamic block over var.v (declared by each case).
DYNAMIC = server(
    'dynamic "root_volume" {',
    "  for_each = var.v",
    "  content {",
    "    volume_type = root_volume.value",
    "  }",
    "}",
)


def files_of(case: Case) -> dict[str, str]:
    return {"main.tf": case} if isinstance(case, str) else dict(case)


def instances(tmp_path: Path, case: Case, env: dict[str, str] | None = None) -> list[Instance]:
    """The module's instances, in the reader's order; it must read without errors."""
    workspace = read(write(tmp_path, files_of(case)), env=env)
    assert workspace.errors == (), workspace.errors
    return list(workspace.instances)


def only(tmp_path: Path, case: Case, env: dict[str, str] | None = None) -> Instance:
    (instance,) = instances(tmp_path, case, env)
    return instance


def instance_at(tmp_path: Path, case: Case, address: str = WEB) -> Instance:
    return {i.address: i for i in instances(tmp_path, case)}[address]


def where(span: Span | None) -> Where:
    assert span is not None
    return (span.path, span.line, span.column, span.end_line, span.end_column)


def all_files(cases: Mapping[str, Case]) -> dict[str, str]:
    """Every .tf file of every case, named `<case id>--<file>` for fmt_rejects."""
    return {
        f"{case_id}--{name.replace('/', '-').removesuffix('.tf')}": text
        for case_id, case in cases.items()
        for name, text in files_of(case).items()
        if name.endswith(".tf")
    }
