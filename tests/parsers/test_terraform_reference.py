"""The evaluator against Terraform itself: `terraform console` evaluates the same expressions
over the same variable defaults. Skips where terraform is not installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from imagelint.model import Value
from imagelint.parsers.terraform import build_instances, parse_terraform_file

TERRAFORM = shutil.which("terraform")

VARIABLES = """\
variable "region" {
  default = "fr-par"
}

variable "n" {
  default = 1.50
}

variable "m" {
  default = { k = "ubuntu_noble", "with-dash" = "debian_bookworm" }
}

variable "l" {
  default = ["a", "ubuntu_focal"]
}
"""

EXPRESSIONS = [
    '"ubuntu_jammy"',
    '"${var.region}-1"',
    '"${var.region}"',
    "var.n",
    '"a\\"b"',
    '"x$${y}"',
    '"%%{x}"',
    '"tab\\there"',
    '"\\u00e9t\\u00e9"',
    "1e3",
    "true",
    'var.m["k"]',
    "var.m.k",
    'var.m["with-dash"]',
    "var.l[1]",
    '"${var.l[1]}_${var.m.k}"',
]


def terraform_values(directory: Path, expressions: list[str]) -> list[str]:
    program = "jsonencode([" + ", ".join(f"tostring({e})" for e in expressions) + "])\n"
    result = subprocess.run(
        [str(TERRAFORM), "console"],
        input=program,
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1"},
    )
    assert result.returncode == 0, result.stderr
    # console prints an HCL string literal whose escapes are JSON's for this content
    return list(json.loads(json.loads(result.stdout)))


def imagelint_values(expressions: list[str]) -> list[str | None]:
    servers = "".join(
        f'resource "scaleway_instance_server" "s{i}" {{\n  image = {e}\n}}\n'
        for i, e in enumerate(expressions)
    )
    files = [
        parse_terraform_file("variables.tf", VARIABLES),
        parse_terraform_file("main.tf", servers),
    ]
    default_zone = Value.of("fr-par-1", None, origin="provider default")
    instances = sorted(
        build_instances(files, default_zone=default_zone),
        key=lambda i: int(i.address.rsplit(".s", 1)[1]),
    )
    return [i.values["image"].text for i in instances]


@pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed")
def test_evaluator_agrees_with_terraform_console(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text(VARIABLES, encoding="utf-8")
    assert imagelint_values(EXPRESSIONS) == terraform_values(tmp_path, EXPRESSIONS)
