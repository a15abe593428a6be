"""One instance of a module, evaluated lazily: what `var`, `local`, `module`, `data`, `path`
and `terraform` mean inside it. Every name is evaluated at most once, and a value that
refers to itself is reported as a cycle instead of recursing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.model import Hop
from imagelint.parsers.hcl_syntax import Block, Expr, FunctionCall, Template
from imagelint.terraform import values as tv
from imagelint.terraform.config import ModuleConfig
from imagelint.terraform.convert import snippet
from imagelint.terraform.evaluate import evaluate
from imagelint.terraform.expand import Expansion, expand
from imagelint.terraform.names import MARKETPLACE_IMAGE
from imagelint.terraform.values import V
from imagelint.terraform.var_types import TypeMismatch, conform, parse_constraint

if TYPE_CHECKING:
    from imagelint.terraform.providers import Providers

# Data sources that name images, but not Marketplace ones: only the Instance API knows them.
_NOT_MARKETPLACE = {
    "scaleway_image": "a data source of the Instance API (custom images and snapshots)",
    "scaleway_instance_image": "a data source of the Instance API (custom images)",
}
_ROOTS = ("var", "local", "module", "data", "path", "terraform", "count", "each", "self")


@dataclass
class Run:
    """What every module instance of one evaluation shares."""

    env: Mapping[str, str]
    cwd: Path
    home: Path | None  # for the scw CLI's config file; None: no home directory
    load: Callable[[Path], ModuleConfig]  # cached per directory
    # Names being evaluated, in order (a dict: ordered, with fast membership), for cycles.
    evaluating: dict[str, None] = field(default_factory=dict)
    installed: dict[Path, dict[str, Path]] = field(default_factory=dict)  # modules.json by root

    @property
    def workspace(self) -> str:
        return self.env.get("TF_WORKSPACE") or "default"


# An input of a module call, evaluated in the caller when first used.
Thunk = Callable[[], V]


class ModuleEval:
    """`address` is the module's address prefix ("" for the root, `module.app["eu"].` for a
    child); `inputs` the values its caller (or the root's tfvars) gives its variables."""

    def __init__(
        self,
        run: Run,
        config: ModuleConfig,
        *,
        address: str,
        inputs: Mapping[str, Thunk],
        root: Path,
        callers: tuple[Hop, ...] = (),
        call_path: tuple[str, ...] = (),
    ) -> None:
        self.run = run
        self.config = config
        self.address = address
        self.inputs = inputs
        self.root = root
        self.callers = callers
        self.call_path = call_path  # module call names from the root, as modules.json keys them
        self.providers: Providers | None = None  # set by whoever creates the module
        self._memo: dict[str, V] = {}
        self._children: dict[str, Expansion[ModuleEval] | tv.Unknown] = {}

    # -- Scope protocol -------------------------------------------------------------------

    def reference(self, root: str, steps: tuple[str | Expr, ...], expr: Expr) -> tuple[V, int]:
        name = steps[0] if steps and isinstance(steps[0], str) else None
        if root == "var" and name is not None:
            return tv.with_hop(self.variable(name), Hop(span=expr.span, message=f"var.{name}")), 1
        if root == "local" and name is not None:
            return tv.with_hop(self.local(name), Hop(span=expr.span, message=f"local.{name}")), 1
        if root == "module" and name is not None:
            return self._module_reference(name, steps, expr)
        if root == "data" and name is not None and len(steps) >= 2 and isinstance(steps[1], str):
            return self.data_source(name, steps[1], expr), 2
        if root == "path" and name in ("module", "root", "cwd"):
            return tv.string(self._path(name), expr.span), 1
        if root == "terraform" and name == "workspace":
            return tv.string(self.run.workspace, expr.span), 1
        if root in _ROOTS:
            return self._invalid(f"{expr.source} is not a valid reference here", expr), len(steps)
        if name is not None:
            return self._resource_attribute(root, name, expr), len(steps)
        return self._invalid(f"{root} is not a valid reference (a string needs quotes)", expr), 0

    def call(self, name: str, args: tuple[V, ...], expr: FunctionCall) -> V:
        from imagelint.terraform.functions import Call
        from imagelint.terraform.functions import call as call_function

        return call_function(Call(name=name, args=args, span=expr.span, base_dir=self.root))

    # -- names ----------------------------------------------------------------------------

    def eval(self, expr: Expr, bindings: Mapping[str, V] | None = None) -> V:
        return evaluate(expr, self, bindings)

    def variable(self, name: str) -> V:
        return self._memoised(f"var.{name}", lambda: self._variable(name))

    def _variable(self, name: str) -> V:
        block = self.config.variables.get(name)
        if block is None:
            where = self.config.files[0] if self.config.files else str(self.config.directory)
            return tv.unknown("invalid", f'var.{name}: no variable "{name}" is declared ({where})')
        value = self._variable_value(name, block)
        declared = block.body.attributes.get("type")
        if declared is None:
            return value
        try:
            return conform(value, parse_constraint(declared.expr), constant)
        except TypeMismatch as error:
            reason = f"var.{name} is not a valid {snippet(declared.expr.source)}: {error}"
            span = value.span if isinstance(value, tv.Known) else None
            return tv.Unknown(kind="invalid", reason=reason, span=span or declared.expr.span)

    def _variable_value(self, name: str, block: Block) -> V:
        given = self.inputs.get(name)
        value = given() if given is not None else None
        nullable = _literal_bool(block, "nullable", default=True)
        if value is not None and not (tv.is_null(value) and not nullable):
            return value
        default = block.body.attributes.get("default")
        if default is not None:
            return evaluate(default.expr, _CONSTANT)
        if value is not None:
            return value  # null given to a non-nullable variable without default
        return tv.unknown("no-value", self._no_value(name), block.header)

    def _no_value(self, name: str) -> str:
        if self.address:
            caller = self.address.rstrip(".")
            return f'var.{name} has no default and {caller} sets no input "{name}"'
        return (
            f"var.{name} has no value: no default, no tfvars entry, no TF_VAR_{name}, "
            "no --var or --var-file"
        )

    def local(self, name: str) -> V:
        attribute = self.config.locals.get(name)
        if attribute is None:
            return tv.unknown("invalid", f'local.{name}: no local value "{name}" is declared')
        return self._memoised(f"local.{name}", lambda: self.eval(attribute.expr))

    def output(self, name: str) -> V:
        block = self.config.outputs.get(name)
        if block is None or "value" not in block.body.attributes:
            caller = self.address.rstrip(".")
            return tv.unknown("invalid", f'{caller} has no output "{name}"')
        value = block.body.attributes["value"]
        hop = Hop(span=value.expr.span, message=f"output {name} of {self.address.rstrip('.')}")
        return tv.with_hop(self._memoised(f"output.{name}", lambda: self.eval(value.expr)), hop)

    def _memoised(self, key: str, compute: Callable[[], V]) -> V:
        if key in self._memo:
            return self._memo[key]
        full = f"{self.address}{key}"
        stack = self.run.evaluating
        if full in stack:
            names = list(stack)
            loop = [*names[names.index(full) :], full]
            return tv.unknown("cycle", f"{' -> '.join(loop)} refer to each other (a cycle)")
        stack[full] = None
        try:
            value = compute()
        finally:
            del stack[full]
        self._memo[key] = value
        return value

    # -- modules --------------------------------------------------------------------------

    def children(self, name: str) -> Expansion[ModuleEval] | tv.Unknown:
        """The instances of module call `name`, created once."""
        if name not in self._children:
            from imagelint.terraform.tree import instantiate_call

            self._children[name] = instantiate_call(self, name)
        return self._children[name]

    def _module_reference(
        self, name: str, steps: tuple[str | Expr, ...], expr: Expr
    ) -> tuple[V, int]:
        if name not in self.config.modules:
            return self._invalid(f'module.{name}: no module call "{name}" is declared', expr), 1
        children = self.children(name)
        if isinstance(children, tv.Unknown):
            return children, len(steps)
        if not children.expanded:
            (child,) = children.items.values()
            if len(steps) >= 2 and isinstance(steps[1], str):
                return child.output(steps[1]), 2
            return child.outputs_object(expr), 1
        objects = {key: child.outputs_object(expr) for key, child in children.items.items()}
        if children.by_count:
            return tv.sequence(tuple(objects.values()), "tuple", expr.span), 1
        return tv.mapping(objects, "object", expr.span), 1

    def outputs_object(self, expr: Expr) -> V:
        return tv.mapping({name: self.output(name) for name in self.config.outputs}, span=expr.span)

    # -- data sources and resources --------------------------------------------------------

    def data_source(self, type_: str, name: str, expr: Expr) -> V:
        block = self.config.data.get((type_, name))
        address = f"{self.address}data.{type_}.{name}"
        if block is None:
            return self._invalid(f'{address}: no data source "{type_}" "{name}" is declared', expr)
        if type_ in _NOT_MARKETPLACE:
            reason = (
                f"{address} is {_NOT_MARKETPLACE[type_]}, not the Marketplace: imagelint "
                "cannot know its image without credentials"
            )
            return tv.Unknown(kind="data-source", reason=reason, span=expr.span)
        if type_ != MARKETPLACE_IMAGE:
            reason = f"{address} is read by the provider at plan time; imagelint does not read it"
            return tv.Unknown(kind="data-source", reason=reason, span=expr.span)
        expansion = expand(block.body, self, block.header)
        if isinstance(expansion, tv.Unknown):
            return expansion
        objects = {
            key: self._marketplace_image(block, f"{address}{suffix}", bindings)
            for key, (suffix, bindings) in expansion.items.items()
        }
        if not expansion.expanded:
            return next(iter(objects.values()))
        if expansion.by_count:
            return tv.sequence(tuple(objects.values()), "tuple", expr.span)
        return tv.mapping(objects, "object", expr.span)

    def _marketplace_image(self, block: Block, address: str, bindings: Mapping[str, V]) -> V:
        from imagelint.terraform.providers import data_source_attributes

        reason = f"{address}.id is the local image the provider resolves at plan time"
        attributes = data_source_attributes(self, block, bindings)
        identifier = tv.Unknown(
            kind="data-source", reason=reason, span=block.header, source=address
        )
        return tv.mapping({**attributes, "id": identifier}, span=block.header)

    def _resource_attribute(self, type_: str, name: str, expr: Expr) -> V:
        address = f"{self.address}{type_}.{name}"
        if (type_, name) not in self.config.resources:
            reason = f'{expr.source}: no resource "{type_}" "{name}" is declared'
            return self._invalid(reason, expr)
        if type_ == "scaleway_instance_image":
            reason = (
                f"{address} is a custom image, not a Marketplace image: it exists only after apply"
            )
        else:
            reason = f"{expr.source} is an attribute of {address}, known only after apply"
        return tv.Unknown(kind="apply-time", reason=reason, span=expr.span)

    # -- helpers ----------------------------------------------------------------------------

    def _path(self, name: str) -> str:
        if name == "cwd":
            return self.run.cwd.as_posix()
        target = self.root if name == "root" else self.config.directory
        try:
            relative = target.resolve().relative_to(self.root.resolve())
        except ValueError:
            return target.as_posix()
        return relative.as_posix() or "."

    def _invalid(self, reason: str, expr: Expr) -> tv.Unknown:
        return tv.Unknown(kind="invalid", reason=reason, span=expr.span)


class _Constant:
    """The scope of variable defaults and tfvars: constants only, as Terraform requires."""

    def reference(self, root: str, steps: tuple[str | Expr, ...], expr: Expr) -> tuple[V, int]:
        reason = f"{expr.source}: variables may not be used here (a value must be constant)"
        return tv.Unknown(kind="invalid", reason=reason, span=expr.span), len(steps)

    def call(self, name: str, args: tuple[V, ...], expr: FunctionCall) -> V:
        reason = f"{name}(): functions may not be called here (a value must be constant)"
        return tv.Unknown(kind="invalid", reason=reason, span=expr.span)


_CONSTANT = _Constant()


def constant(expr: Expr) -> V:
    """A constant expression (a variable default, a tfvars entry)."""
    return evaluate(expr, _CONSTANT)


def _literal_bool(block: Block, name: str, *, default: bool) -> bool:
    attribute = block.body.attributes.get(name)
    if attribute is None:
        return default
    value = constant(attribute.expr)
    if isinstance(value, tv.Known) and isinstance(value.data, bool):
        return value.data
    if isinstance(attribute.expr, Template) and attribute.expr.literal in ("true", "false"):
        return attribute.expr.literal == "true"
    return default
