"""Packer's input variables and locals, with its precedence (hashicorp/packer
hcl2template/types.variables.go collectInputVariableValues and parser.go, later wins):
the default, `PKR_VAR_name`, `*.auto.pkrvars.hcl` then `*.auto.pkrvars.json` of the template
directory in name order, `-var-file` files, then `-var` arguments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.model import Hop, ParseError
from imagelint.packer.hcl_config import PackerConfig, Variable
from imagelint.parsers.hcl_syntax import Expr, FunctionCall
from imagelint.terraform import values as tv
from imagelint.terraform.evaluate import evaluate
from imagelint.terraform.module_eval import constant  # Packer, like Terraform: constants only
from imagelint.terraform.tfvars import value_from_text
from imagelint.terraform.values import V

if TYPE_CHECKING:
    from imagelint.source_api import ReadContext

ENV_PREFIX = "PKR_VAR_"
AUTO_SUFFIXES = (".auto.pkrvars.hcl", ".auto.pkrvars.json")
VAR_FILE_SUFFIXES = (".pkrvars.hcl", ".pkrvars.json")
_LITERAL_TYPES = ("string", "number")  # and no type: a -var or PKR_VAR_ value is a string


def input_values(
    config: PackerConfig, context: ReadContext
) -> tuple[dict[str, V], list[ParseError]]:
    """Each declared variable's value, and the var files that could not be read (errors
    the caller reports: Packer stops on them)."""
    values: dict[str, V] = {}
    for name, variable in config.variables.items():
        if variable.default is not None:
            values[name] = constant(variable.default)
        text = context.env.get(f"{ENV_PREFIX}{name}")
        if text is not None:
            values[name] = _from_text(text, variable, f"{ENV_PREFIX}{name}")
    problems: list[ParseError] = []
    for path in (*_auto_files(config.directory, context), *_given_files(context)):
        shown = context.scope.show(path)
        try:
            entries = _parse_var_file(path, shown, context)
        except ParseError as error:
            problems.append(error)
            continue
        for name, expr in entries.items():
            if name in config.variables:  # Packer ignores (or warns about) undeclared ones
                values[name] = constant(expr)
    for argument in context.var_args:
        name, _, text = argument.partition("=")
        declared = config.variables.get(name.strip())
        if declared is not None:
            values[declared.name] = _from_text(text, declared, f"--var {declared.name}")
    return {name: _typed(values.get(name), v) for name, v in config.variables.items()}, problems


def _auto_files(directory: Path, context: ReadContext) -> list[Path]:
    listing = context.scope.listing(directory, lambda n: n.endswith(AUTO_SUFFIXES), base=directory)
    hcl = [p for p in listing.files if p.name.endswith(".hcl")]
    return [*hcl, *(p for p in listing.files if p not in hcl)]


def _given_files(context: ReadContext) -> Sequence[Path]:
    return [p for p in context.var_files if p.name.endswith(VAR_FILE_SUFFIXES)]


def _parse_var_file(path: Path, shown: str, context: ReadContext) -> dict[str, Expr]:
    from imagelint.parsers.hcl_scan import check_bounds

    text = context.scope.read_text(path)
    is_json = path.name.endswith(".json")
    check_bounds(shown, text, context.scope.bounds, json=is_json)
    if is_json:
        from imagelint.parsers.hcl_json import parse_tfvars_json

        attributes = parse_tfvars_json(shown, text)
    else:
        from imagelint.parsers.hcl_tree import parse_tfvars

        attributes = parse_tfvars(shown, text)
    return {name: attribute.expr for name, attribute in attributes.items()}


def _from_text(text: str, variable: Variable, origin: str) -> V:
    """A string for an untyped, string or number variable; else an HCL expression
    (expressionFromVariableDefinition)."""
    declared = variable.type.source.strip() if variable.type is not None else ""
    return value_from_text(text, declared, origin, _LITERAL_TYPES)


def _typed(value: V | None, variable: Variable) -> V:
    if value is None:
        reason = (
            f"var.{variable.name} has no value: no default, no *.auto.pkrvars.hcl entry, "
            f"no {ENV_PREFIX}{variable.name}, no --var or --var-file"
        )
        return tv.unknown("no-value", reason, variable.header)
    if variable.type is None:
        return value
    from imagelint.terraform.var_types import TypeMismatch, conform, parse_constraint

    try:
        return conform(value, parse_constraint(variable.type), constant)
    except TypeMismatch as error:
        reason = f"var.{variable.name} is not a valid {variable.type.source.strip()}: {error}"
        span = value.span if isinstance(value, tv.Known) else None
        return tv.Unknown(kind="invalid", reason=reason, span=span or variable.type.span)


class PackerScope:
    """What `var.`, `local.`, `source.`, `path.` and `data.` mean in a Packer template; the
    functions are Terraform's (Packer shares HCL's and cty's function library)."""

    def __init__(
        self,
        config: PackerConfig,
        inputs: Mapping[str, V],
        cwd: Path,
        source: tuple[str, str] | None = None,
        memo: dict[str, V] | None = None,
        evaluating: dict[str, None] | None = None,
    ) -> None:
        self.config = config
        self.inputs = inputs
        self.cwd = cwd
        self.source = source  # (type, name) while a source body is decoded
        self._memo = {} if memo is None else memo
        self._evaluating = {} if evaluating is None else evaluating

    def for_source(self, type_: str, name: str) -> PackerScope:
        return PackerScope(
            self.config, self.inputs, self.cwd, (type_, name), self._memo, self._evaluating
        )

    def eval(self, expr: Expr) -> V:
        return evaluate(expr, self)

    def reference(self, root: str, steps: tuple[str | Expr, ...], expr: Expr) -> tuple[V, int]:
        name = steps[0] if steps and isinstance(steps[0], str) else None
        if root == "var" and name is not None:
            return tv.with_hop(self._variable(name), Hop(span=expr.span, message=f"var.{name}")), 1
        if root == "local" and name is not None:
            return tv.with_hop(self._local(name), Hop(span=expr.span, message=f"local.{name}")), 1
        if root == "source" and name in ("name", "type") and self.source is not None:
            return tv.string(self.source[1] if name == "name" else self.source[0], expr.span), 1
        if root == "path" and name in ("root", "cwd"):
            target = self.config.directory if name == "root" else self.cwd
            return tv.string(target.as_posix(), expr.span), 1
        if root == "data":
            reason = f"{expr.source} is read by a Packer data source when the build runs"
            return tv.Unknown(kind="data-source", reason=reason, span=expr.span), len(steps)
        if root in ("packer", "build"):
            reason = f"{expr.source} is known only when Packer runs the build"
            return tv.Unknown(kind="apply-time", reason=reason, span=expr.span), len(steps)
        reason = f"{expr.source} is not a valid reference in a Packer template"
        return tv.Unknown(kind="invalid", reason=reason, span=expr.span), len(steps)

    def call(self, name: str, args: tuple[V, ...], expr: FunctionCall) -> V:
        from imagelint.terraform.functions import Call
        from imagelint.terraform.functions import call as call_function

        # No base directory: a relative file() path is not read (no guess at Packer's cwd).
        return call_function(Call(name=name, args=args, span=expr.span, base_dir=None))

    def _variable(self, name: str) -> V:
        value = self.inputs.get(name)
        if value is None:
            return tv.unknown("invalid", f'var.{name}: no variable "{name}" is declared')
        return value

    def _local(self, name: str) -> V:
        if name in self._memo:
            return self._memo[name]
        expr = self.config.locals.get(name)
        if expr is None:
            return tv.unknown("invalid", f'local.{name}: no local "{name}" is declared')
        if name in self._evaluating:
            loop = [*list(self._evaluating)[list(self._evaluating).index(name) :], name]
            names = " -> ".join(f"local.{n}" for n in loop)
            return tv.unknown("cycle", f"{names} refer to each other (a cycle)")
        self._evaluating[name] = None
        try:
            # Locals see no source: evaluate them in the configuration's own scope.
            value = PackerScope(
                self.config, self.inputs, self.cwd, None, self._memo, self._evaluating
            ).eval(expr)
        finally:
            del self._evaluating[name]
        self._memo[name] = value
        return value
