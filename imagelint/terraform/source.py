"""The Terraform (and OpenTofu) source plugin: `.tf`, `.tf.json`, variable files and plan
JSON, evaluated module tree by module tree (imagelint.terraform.load)."""

from __future__ import annotations

from collections.abc import Sequence

from imagelint.model import ParseError
from imagelint.source_api import Candidate, ReadContext, SourceResult

NAME = "terraform"
SUMMARY = "Terraform and OpenTofu: .tf, .tf.json, .tfvars(.json), plan JSON"

_CONFIG = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
_PACKER_VARS = (".pkrvars.hcl", ".pkrvars.json")


def wants(name: str) -> bool:
    return name.endswith((*_CONFIG, ".json")) and not name.startswith(".")


def detect(file: Candidate) -> bool:
    if file.name.endswith(_CONFIG):
        return True
    # Plan JSON has no suffix of its own: `terraform show -json` output, by its keys. The
    # test is on the whole text: a plan's keys may come after megabytes of values.
    try:
        return looks_like_plan(file.text())
    except ParseError:  # unreadable: whoever reads it reports why, or it is skipped
        return False


def looks_like_plan(text: str) -> bool:
    """A cheap test before parsing a `.json` file: no import of the HCL stack."""
    return '"planned_values"' in text and '"format_version"' in text


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.terraform.load import Inputs, read_files

    inputs = Inputs(
        # Packer's variable files are Packer's; every other --var-file is Terraform's.
        var_files=tuple(f for f in context.var_files if not f.name.endswith(_PACKER_VARS)),
        var_args=context.var_args,
    )
    workspace = read_files(
        walked=[f.path for f in files if not f.given],
        given=[f.path for f in files if f.given],
        cwd=context.cwd,
        env=context.env,
        home=context.home,
        inputs=inputs,
        scope=context.scope,
        jobs=context.jobs,
        on_instances=context.on_instances,
    )
    return SourceResult(instances=workspace.instances, errors=workspace.errors)
