"""Where a root module's variables get their values, in Terraform's order: default <
TF_VAR_ < terraform.tfvars(.json) < *.auto.tfvars (lexical order) < --var-file, --var."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.terraform.load import Inputs
from tests.terraform.module_text import WEB, Where, server, where
from tests.terraform.trees import by_address, read, write

VARIABLES = {
    "main.tf": server("image = var.image"),
    "variables.tf": 'variable "image" {\n  default = "ubuntu_jammy"\n}\n',
}
# id, files besides VARIABLES, environment, --var-file, --var, expected text, where written
PRECEDENCE: list[tuple[str, dict[str, str], dict[str, str], str | None, str | None, str, Where]] = [
    ("default", {}, {}, None, None, "ubuntu_jammy", ("variables.tf", 2, 13, 2, 27)),
    (
        "tfvars-beats-default",
        {"terraform.tfvars": 'image = "ubuntu_noble"\n'},
        {},
        None,
        None,
        "ubuntu_noble",
        ("terraform.tfvars", 1, 9, 1, 23),
    ),
    (
        "environment-beats-default",
        {},
        {"TF_VAR_image": "debian_bookworm"},
        None,
        None,
        "debian_bookworm",
        ("main.tf", 2, 11, 2, 20),  # written nowhere: shown at the reference
    ),
    (
        "tfvars-beats-environment",
        {"terraform.tfvars": 'image = "ubuntu_noble"\n'},
        {"TF_VAR_image": "debian_bookworm"},
        None,
        None,
        "ubuntu_noble",
        ("terraform.tfvars", 1, 9, 1, 23),
    ),
    (
        "tfvars-json",
        {"terraform.tfvars.json": '{"image": "ubuntu_focal"}\n'},
        {},
        None,
        None,
        "ubuntu_focal",
        ("terraform.tfvars.json", 1, 11, 1, 25),
    ),
    (
        "auto-tfvars-in-lexical-order",
        {
            "terraform.tfvars": 'image = "ubuntu_noble"\n',
            "b.auto.tfvars": 'image = "b"\n',
            "a.auto.tfvars": 'image = "a"\n',
        },
        {},
        None,
        None,
        "b",
        ("b.auto.tfvars", 1, 9, 1, 12),
    ),
    (
        "var-file-beats-auto-tfvars",
        {"a.auto.tfvars": 'image = "a"\n', "prod.tfvars": 'image = "prod"\n'},
        {},
        "prod.tfvars",
        None,
        "prod",
        ("prod.tfvars", 1, 9, 1, 15),
    ),
    (
        "var-beats-everything",
        {"terraform.tfvars": 'image = "ubuntu_noble"\n'},
        {"TF_VAR_image": "debian_bookworm"},
        None,
        "image=centos_stream",
        "centos_stream",
        ("main.tf", 2, 11, 2, 20),
    ),
]


@pytest.mark.parametrize(
    ("files", "env", "var_file", "var", "expected", "written"),
    [c[1:] for c in PRECEDENCE],
    ids=[c[0] for c in PRECEDENCE],
)
def test_variable_precedence(
    tmp_path: Path,
    files: dict[str, str],
    env: dict[str, str],
    var_file: str | None,
    var: str | None,
    expected: str,
    written: Where,
) -> None:
    root = write(tmp_path, VARIABLES | files)
    inputs = Inputs(
        var_files=(root / var_file,) if var_file else (), var_args=(var,) if var else ()
    )
    workspace = read(root, env=env, inputs=inputs)
    assert workspace.errors == ()
    image = by_address(workspace)[WEB].values["image"]
    assert (image.text, where(image.span)) == (expected, written)
    assert [hop.message for hop in image.chain] == ["var.image"]
