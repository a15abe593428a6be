"""Every function in imagelint's table against `terraform console`, and what it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from imagelint.terraform.functions import FUNCTIONS, Call, call
from imagelint.terraform.values import Known, Unknown, first_unknown, string, to_json
from tests.terraform.function_cases import ALL, FILES, NOT_EVALUATED
from tests.terraform.hcl_values import evaluate, locate, span
from tests.terraform_oracle import console


@pytest.fixture(scope="module")
def terraform_answers() -> dict[str, str | None]:
    expressions = list(ALL)
    return dict(zip(expressions, console(expressions, FILES), strict=True))


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("module")
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


def ours(expression: str, base_dir: Path) -> str | None:
    """jsonencode() of imagelint's value, or None where imagelint says Terraform fails."""
    value = evaluate(expression, base_dir)
    if isinstance(value, Unknown):
        assert value.kind == "invalid", f"{value.kind}: {value.reason}"
        return None
    assert first_unknown(value) is None
    return to_json(value)


@pytest.mark.parametrize("expression", ALL)
def test_matches_terraform_console(
    expression: str, terraform_answers: dict[str, str | None], base_dir: Path
) -> None:
    assert ours(expression, base_dir) == terraform_answers[expression]


def test_every_function_in_the_table_is_compared_with_terraform() -> None:
    called = {name for case in ALL for name in re.findall(r"([a-z0-9]+)\(", case)}
    assert set(FUNCTIONS) - called == set()


@pytest.mark.parametrize("expression", NOT_EVALUATED)
def test_refuses_what_it_would_have_to_guess(expression: str) -> None:
    value = evaluate(expression)
    assert isinstance(value, Unknown)
    assert (value.kind, value.span) == ("unsupported", span(0, len(expression)))
    assert value.reason.startswith(expression.split("(")[0] + "(): ")


@pytest.mark.parametrize(
    ("depth", "kind"), [(300, None), (600, "unsupported"), (10_001, "invalid")]
)
def test_jsondecode_nesting(depth: int, kind: str | None) -> None:
    document = string("[" * depth + "]" * depth)
    value = call(Call(name="jsondecode", args=(document,), span=span(0, 1)))
    assert (value.kind if isinstance(value, Unknown) else None) == kind


@pytest.mark.parametrize(
    ("expression", "kind", "reason"),
    [
        ("timestamp()", "apply-time", "timestamp() is the time of the run"),
        ("plantimestamp()", "apply-time", "plantimestamp() is the time of the plan"),
        ("uuid()", "apply-time", "uuid() is random on every run"),
        ('bcrypt("secret")', "apply-time", "bcrypt() uses a random salt on every run"),
        ("core::uuid()", "apply-time", "uuid() is random on every run"),
        (
            'provider::aws::arn_parse("arn:aws:iam::1:user/x")',
            "unknown-function",
            "imagelint does not evaluate function provider::aws::arn_parse()",
        ),
        (
            'templatefile("x.tftpl", {})',
            "unknown-function",
            "imagelint does not evaluate function templatefile()",
        ),
        (
            'cidrhost("10.0.0.0/8", 2)',
            "unknown-function",
            "imagelint does not evaluate function cidrhost()",
        ),
        ("nosuch(1)", "unknown-function", "imagelint does not evaluate function nosuch()"),
        ("try(1)", "unknown-function", "imagelint does not evaluate function try()"),
        (
            'file("~/.ssh/id_rsa")',
            "unsupported",
            "file(): paths in the home directory are not read",
        ),
    ],
)
def test_calls_it_does_not_evaluate(expression: str, kind: str, reason: str) -> None:
    value = evaluate(expression, Path("/nonexistent"))
    assert isinstance(value, Unknown)
    assert (value.kind, value.reason, value.span) == (kind, reason, span(0, len(expression)))


def test_unknown_arguments_are_ignored_by_functions_it_does_not_evaluate() -> None:
    args = (Unknown(kind="no-value", reason="var.x has no value"),)
    value = call(Call(name="timestamp", args=args, span=span(0, 11)))
    assert isinstance(value, Unknown) and value.kind == "apply-time"


@pytest.mark.parametrize(
    ("expression", "kind", "reason"),
    [
        (
            'file("files/missing.txt")',
            "no-value",
            "file(): no file exists at {base}/files/missing.txt",
        ),
        ('file("files/hello.txt")', None, None),
        ('fileexists("files/missing.txt")', None, None),
    ],
)
def test_files_resolve_against_the_base_directory(
    expression: str, kind: str | None, reason: str | None, base_dir: Path
) -> None:
    value = evaluate(expression, base_dir)
    if kind is None:
        assert isinstance(value, Known)
        return
    assert isinstance(value, Unknown)
    assert (value.kind, value.reason) == (kind, (reason or "").format(base=base_dir))


def test_relative_files_without_a_base_directory_are_not_read() -> None:
    value = evaluate('file("files/hello.txt")')
    assert isinstance(value, Unknown)
    assert value.kind == "unsupported"
    assert value.reason == "file(): no directory to resolve 'files/hello.txt' against"


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ('lookup({a = 1}, "b")', 'lookup(): the given object has no attribute "b"'),
        ('one(["a", "b"])', "one(): must be a list, set, or tuple value with either zero or one"),
        ('regex("x", "abc")', "regex(): pattern did not match any part of the given string"),
        ("upper()", "upper(): expects 1 argument(s), got 0"),
        ("element([], 0)", "element(): cannot use element function with an empty list"),
    ],
)
def test_errors_are_invalid_and_located_at_the_call(expression: str, reason: str) -> None:
    value = evaluate(f"[{expression}]")
    assert isinstance(value, Known) and isinstance(value.data, tuple)
    (inner,) = value.data
    assert isinstance(inner, Unknown)
    assert (inner.kind, inner.span) == ("invalid", locate(f"[{expression}]", expression))
    assert inner.reason.startswith(reason)
