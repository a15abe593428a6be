"""Terraform .tf files: the blocks imagelint reads, and the servers of a directory evaluated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from imagelint.model import Instance, ParseError, Span, Value
from imagelint.parsers.hcl_syntax import Attribute, Block, Body
from imagelint.parsers.hcl_tree import parse_hcl
from imagelint.parsers.terraform_eval import (
    Evaluated,
    Known,
    Scope,
    Unknown,
    attribute_value,
    evaluate,
)
from imagelint.parsers.terraform_providers import (
    PROVIDER,
    ProviderConfig,
    ProviderZones,
    provider_config,
)

SERVER = "scaleway_instance_server"
# The labels Terraform requires on the block types it defines, checked as Terraform does.
_LABELS = {
    "resource": ("type", "name"),
    "data": ("type", "name"),
    "variable": ("name",),
    "provider": ("name",),
    "module": ("name",),
    "output": ("name",),
    "locals": (),
    "terraform": (),
}


@dataclass(frozen=True, kw_only=True)
class ServerBlock:
    """A `resource "scaleway_instance_server" NAME` block, not evaluated."""

    name: str
    header: Span  # `resource "scaleway_instance_server" "NAME"`
    body: Body

    @property
    def address(self) -> str:
        return f"{SERVER}.{self.name}"


@dataclass(frozen=True, kw_only=True)
class VariableDecl:
    name: str
    header: Span
    default: Attribute | None


@dataclass(frozen=True, kw_only=True)
class TerraformFile:
    """What one .tf file declares that imagelint reads, unevaluated: evaluation needs the
    other files of its directory (build_instances)."""

    path: str
    servers: tuple[ServerBlock, ...] = ()
    variables: tuple[VariableDecl, ...] = ()
    providers: tuple[ProviderConfig, ...] = ()


def parse_terraform_file(path: str, text: str) -> TerraformFile:
    """Read one .tf file: its server resources, variable and `provider "scaleway"` blocks.

    Raises ParseError for text that is not HCL, and for HCL that Terraform rejects on
    reading (an attribute set twice, a resource without a name). A file that is empty or
    holds only comments gives a TerraformFile with nothing in it.

    Spans are 1-based and end-exclusive; columns count characters (a tab is one) and
    ignore a byte order mark. A value's span covers its expression, from the opening
    quote to just past the closing one, as tflint reports it.
    """
    body = parse_hcl(path, text, read=_is_read)
    if body.attributes:
        (attribute, *_) = body.attributes.values()
        message = f'unexpected attribute "{attribute.name}" outside a block'
        raise _error(attribute.name_span, message)
    for block in body.blocks:
        _check_labels(block)
    return TerraformFile(
        path=path,
        servers=tuple(
            ServerBlock(name=block.labels[1], header=block.header, body=block.body)
            for block in body.blocks_of("resource")
            if block.labels[0] == SERVER
        ),
        variables=tuple(
            VariableDecl(
                name=block.labels[0],
                header=block.header,
                default=block.body.attributes.get("default"),
            )
            for block in body.blocks_of("variable")
        ),
        providers=tuple(
            provider_config(block)
            for block in body.blocks_of("provider")
            if block.labels[0] == PROVIDER
        ),
    )


def build_instances(files: Sequence[TerraformFile], *, default_zone: Value) -> list[Instance]:
    """Evaluate the servers of one directory (one Terraform module), in file order.

    `default_zone` is the zone of a server that sets none and whose provider block sets
    none (from SCW_DEFAULT_ZONE or the provider's own default).
    """
    scope = Scope(variables=_variables(files))
    zones = ProviderZones(
        [provider for file in files for provider in file.providers], scope, default_zone
    )
    return [_instance(server, scope, zones) for file in files for server in file.servers]


def _instance(server: ServerBlock, scope: Scope, zones: ProviderZones) -> Instance:
    values: dict[str, Value | None] = {
        name: _value(server.body, name, scope) for name in ("image", "type")
    }
    values["volume_type"] = _volume_type(server.body, scope)
    values["zone"] = _value(server.body, "zone", scope) or zones.of(
        server.body.attributes.get("provider")
    )
    return Instance(
        source="terraform",
        address=server.address,
        span=server.header,
        values={name: value for name, value in values.items() if value is not None},
    )


def _value(body: Body, name: str, scope: Scope) -> Value | None:
    attribute = body.attributes.get(name)
    return None if attribute is None else attribute_value(attribute.expr, scope)


def _volume_type(body: Body, scope: Scope) -> Value | None:
    # The provider allows one root_volume: the first one written is the one that counts.
    for block in body.blocks:
        if block.type == "root_volume":
            return _value(block.body, "volume_type", scope)
        if block.type == "dynamic" and block.labels == ("root_volume",):
            return Value.unknown('`dynamic "root_volume"` block is not evaluated yet', block.header)
    return None


def _variables(files: Sequence[TerraformFile]) -> dict[str, Evaluated]:
    declared: dict[str, list[VariableDecl]] = {}
    for file in files:
        for variable in file.variables:
            declared.setdefault(variable.name, []).append(variable)
    return {name: _variable(name, decls) for name, decls in declared.items()}


def _variable(name: str, decls: list[VariableDecl]) -> Evaluated:
    if len(decls) > 1:
        where = ", ".join(f"{d.header.path}:{d.header.line}" for d in decls)
        return Unknown(f'variable "{name}" is declared {len(decls)} times ({where})')
    default = decls[0].default
    if default is None:
        return Unknown(f"var.{name} has no default (tfvars, -var and TF_VAR_ are not read yet)")
    result = evaluate(default.expr, Scope(references_allowed=False))
    if isinstance(result, Unknown):
        return Unknown(f"var.{name} default: {result.reason}")
    return Known(result.value, (f"var.{name} default",))


def _is_read(type_: str, labels: tuple[str, ...]) -> bool:
    # Only these blocks matter for now: converting the bodies of all the others would cost
    # more than the parse itself in a large configuration.
    if type_ == "resource":
        return labels[:1] == (SERVER,)
    return type_ == "variable" or (type_ == "provider" and labels == (PROVIDER,))


def _check_labels(block: Block) -> None:
    names = _LABELS.get(block.type)
    if names is not None and len(block.labels) != len(names):
        wanted = f"{len(names)} label{'s' if len(names) != 1 else ''}"
        detail = f" ({', '.join(names)})" if names else ""
        found = len(block.labels)
        raise _error(block.header, f"a {block.type} block takes {wanted}{detail}, not {found}")


def _error(span: Span, message: str) -> ParseError:
    return ParseError(path=span.path, line=span.line, column=span.column, message=message)
