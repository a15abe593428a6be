"""The values of a root module's variables, with Terraform's precedence (later wins):
`TF_VAR_name`, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical
order, then --var-file files and --var options."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from imagelint.files import Scope, read_text
from imagelint.model import ParseError
from imagelint.parsers.hcl_scan import check_bounds
from imagelint.parsers.hcl_syntax import Attribute, Block
from imagelint.terraform import values as tv
from imagelint.terraform.config import ModuleConfig
from imagelint.terraform.module_eval import Thunk, constant
from imagelint.terraform.values import V

ENV_PREFIX = "TF_VAR_"
_PRIMITIVE_TYPES = ("string", "number", "bool")
_FIXED = ("terraform.tfvars", "terraform.tfvars.json")


@dataclass(frozen=True, kw_only=True)
class RootVariables:
    inputs: dict[str, Thunk]
    files: tuple[Path, ...]  # the variable files read, for "which files does this depend on"
    errors: tuple[ParseError, ...]


def is_default_var_file(name: str) -> bool:
    return name in _FIXED or name.endswith((".auto.tfvars", ".auto.tfvars.json"))


def default_var_files(directory: Path, scope: Scope) -> tuple[list[Path], list[ParseError]]:
    """The variable files Terraform loads by itself, in its order, that `scope` lets be read."""
    listing = scope.listing(directory, is_default_var_file, base=directory)
    names = [p.name for p in listing.files]
    auto = [n for n in names if n not in _FIXED]
    fixed = [n for n in _FIXED if n in names]
    return [directory / n for n in (*fixed, *auto)], listing.errors


def root_variables(
    config: ModuleConfig,
    *,
    env: Mapping[str, str],
    var_files: Sequence[Path],
    var_args: Sequence[str],
    scope: Scope,
) -> RootVariables:
    values: dict[str, V] = {}
    defaults, errors = default_var_files(config.directory, scope)
    for name, block in config.variables.items():
        text = env.get(f"{ENV_PREFIX}{name}")
        if text is not None:
            values[name] = _from_text(name, text, block, f"{ENV_PREFIX}{name}")
    files = [*defaults, *var_files]
    for path in files:
        shown = scope.show(path)
        try:
            entries = _parse_var_file(path, shown, scope)
        except ParseError as error:
            errors.append(error)
            continue
        for name, attribute in entries.items():
            values[name] = constant(attribute.expr)
    for argument in var_args:
        name, _, text = argument.partition("=")
        declared = config.variables.get(name.strip())
        if declared is not None:
            values[name.strip()] = _from_text(name, text, declared, f"--var {name.strip()}")
    inputs = {name: _constant_thunk(value) for name, value in values.items()}
    return RootVariables(inputs=inputs, files=tuple(files), errors=tuple(errors))


def _parse_var_file(path: Path, shown: str, scope: Scope) -> dict[str, Attribute]:
    text = read_text(path, shown, limit=scope.max_file_bytes)
    check_bounds(shown, text, scope.bounds, json=path.name.endswith(".json"))
    if path.name.endswith(".json"):
        from imagelint.parsers.hcl_json import parse_tfvars_json

        return parse_tfvars_json(shown, text)
    from imagelint.parsers.hcl_tree import parse_tfvars

    return parse_tfvars(shown, text)


def _from_text(name: str, text: str, block: Block, origin: str) -> V:
    type_ = block.body.attributes.get("type")
    declared = type_.expr.source.strip() if type_ is not None else ""
    return value_from_text(text, declared, origin)


def value_from_text(
    text: str, declared: str, origin: str, literal_types: tuple[str, ...] = _PRIMITIVE_TYPES
) -> V:
    """A value given on the command line or in the environment: a literal string for a
    variable of one of `literal_types` (or untyped), an HCL expression for the others, as
    Terraform (and Packer, with its own literal types) does."""
    if not declared or declared in literal_types:
        return tv.string(text)
    from imagelint.parsers.hcl_tree import parse_hcl

    try:
        body = parse_hcl(origin, f"value = {text}\n")
    except ParseError as error:
        return tv.unknown("invalid", f"{origin} is not a valid {declared}: {error.message}")
    return constant(body.attributes["value"].expr)


def _constant_thunk(value: V) -> Thunk:
    return lambda: value
