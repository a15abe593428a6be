"""`terraform console` as a test oracle: many expressions evaluated by one Terraform process."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

REQUIRE_VARIABLE = "IMAGELINT_REQUIRE_TERRAFORM"
# The program lives in a file so that expressions may span lines (heredocs): piped
# `terraform console` reads one line per expression, prints only the last result and stops
# at the first error.
_PROGRAM_FILE = "imagelint_oracle.tf"
_LOCAL = "imagelint_oracle"


class OracleError(RuntimeError):
    """Terraform failed for a reason that is not one of the expressions."""


def require_terraform() -> str:
    """The terraform executable; skips the test without it, unless CI requires it."""
    path = shutil.which("terraform")
    if path is not None:
        return path
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"terraform is not on PATH and {REQUIRE_VARIABLE}=1 requires it")
    pytest.skip("terraform is not on PATH: the terraform console oracle tests are skipped")


def console(expressions: Sequence[str], files: Mapping[str, str] | None = None) -> list[str | None]:
    """`jsonencode(e)` of each expression as Terraform prints it, or None where Terraform
    reports an error. `files` (name -> text) are written beside the program, for example
    variables, locals or the files that file() reads."""
    terraform = require_terraform()
    with tempfile.TemporaryDirectory(prefix="imagelint-oracle-") as tmp:
        directory = Path(tmp)
        for name, text in (files or {}).items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return _bisect(terraform, directory, list(expressions))


def _bisect(terraform: str, directory: Path, expressions: list[str]) -> list[str | None]:
    # try() catches evaluation errors but not static ones (an undeclared variable, say),
    # which fail the whole program: halve the batch until the culprit stands alone.
    try:
        return _run(terraform, directory, expressions)
    except OracleError:
        if len(expressions) > 1:
            half = len(expressions) // 2
            return [
                *_bisect(terraform, directory, expressions[:half]),
                *_bisect(terraform, directory, expressions[half:]),
            ]
        _run(terraform, directory, [])  # raises when the setup, not the expression, fails
        return [None] * len(expressions)


def _run(terraform: str, directory: Path, expressions: list[str]) -> list[str | None]:
    cases = ",\n".join(f"try(jsonencode({expression}\n), null)" for expression in expressions)
    # base64 keeps the printed result a plain quoted string: no escapes, no heredoc.
    program = f"locals {{\n{_LOCAL} = base64encode(jsonencode([\n{cases}\n]))\n}}\n"
    (directory / _PROGRAM_FILE).write_text(program, encoding="utf-8")
    done = subprocess.run(
        [terraform, "console", "-no-color"],
        input=f"local.{_LOCAL}\n",
        cwd=directory,
        env=terraform_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # A configuration error still exits 0, printing "(known after apply)".
    printed = done.stdout.strip().splitlines()[-1:] or [""]
    if done.returncode != 0 or "Error:" in done.stderr or not printed[0].startswith('"'):
        raise OracleError(done.stderr.strip() or done.stdout.strip())
    decoded = json.loads(base64.b64decode(json.loads(printed[0])))
    if not isinstance(decoded, list) or len(decoded) != len(expressions):
        raise OracleError(f"unexpected console output: {done.stdout[:200]!r}")
    return decoded


def terraform_environment() -> dict[str, str]:
    """The test's environment without TF_ settings, no update check, no CLI configuration:
    Terraform behaves the same on every machine."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    return environment | {"CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull}


def fmt_rejects(texts: Mapping[str, str]) -> set[str]:
    """The names of the texts Terraform's own parser rejects (formatting differences are
    allowed): one `terraform fmt` for all of them."""
    terraform = require_terraform()
    with tempfile.TemporaryDirectory(prefix="imagelint-fmt-") as tmp:
        for name, text in texts.items():
            (Path(tmp) / f"{name}.tf").write_text(text, encoding="utf-8")
        done = subprocess.run(
            [terraform, "fmt", "-check", "-no-color", "."],
            cwd=tmp,
            env=terraform_environment(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode in (0, 2, 3), done.stderr  # 3: valid, but fmt would reformat it
    return set(re.findall(r"on (\S+)\.tf line", done.stderr))
