"""The Terraform component's entry point: from the paths a user gives to the instances of
every root module they belong to, each evaluated whole, as `terraform plan` would."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from imagelint.files import (
    DEFAULT_MAX_FILE_BYTES,
    Scope,
    discover,
    is_config_file,
    is_var_file,
    read_text,
    real,
    scope_roots,
)
from imagelint.given import touching
from imagelint.model import Instance, ParseError
from imagelint.parsers.hcl_scan import Bounds, check_bounds
from imagelint.parsers.hcl_syntax import Body
from imagelint.terraform.callers import callers_in, local_callees, reachable, roots_above
from imagelint.terraform.config import ModuleConfig, read_module
from imagelint.terraform.instances import collect
from imagelint.terraform.module_eval import ModuleEval, Run
from imagelint.terraform.names import CHECKED_RESOURCES, MARKETPLACE_IMAGE, PROVIDER
from imagelint.terraform.providers import root_providers
from imagelint.terraform.tfvars import root_variables
from imagelint.terraform.versions import LOCK_FILE, models_for


@dataclass(frozen=True, kw_only=True)
class Workspace:
    files: int  # files asked for (given, or found in the given directories)
    instances: tuple[Instance, ...]
    errors: tuple[ParseError, ...]
    # Files given one by one: only findings that touch them are reported. None: everything.
    given: frozenset[str] | None
    warnings: tuple[str, ...] = ()  # files not read (FIFOs, links leaving the root, ...)


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """What the command line adds to every root module's variables."""

    var_files: tuple[Path, ...] = ()
    var_args: tuple[str, ...] = ()  # NAME=VALUE


def read_terraform(
    paths: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    home: Path | None,
    inputs: Inputs | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Workspace:
    """The Terraform files under `paths`, found, read and evaluated (tests and tools that
    want Terraform alone; a run goes through imagelint.workspace and the source plugin)."""
    absolute = [cwd / p for p in paths]
    scope = Scope(scope_roots(absolute, cwd), cwd=cwd, max_file_bytes=max_file_bytes)
    read_errors: list[ParseError] = []
    walked = list(discover([p for p in absolute if p.is_dir()], scope, read_errors))
    given = list(discover([p for p in absolute if not p.is_dir()], scope, read_errors))
    reader = _Reader(cwd=cwd, env=env, home=home, inputs=inputs or Inputs(), scope=scope)
    return reader.read(walked, given, read_errors)


def read_files(
    *,
    walked: list[Path],
    given: list[Path],
    cwd: Path,
    env: Mapping[str, str],
    home: Path | None,
    inputs: Inputs,
    scope: Scope,
) -> Workspace:
    """Files already found (in directory walks, or named one by one) and admitted by the
    run's scope, which other sources share."""
    reader = _Reader(cwd=cwd, env=env, home=home, inputs=inputs, scope=scope)
    return reader.read(walked, given, [])


def _is_read(type_: str, labels: tuple[str, ...]) -> bool:
    # Bodies of resources imagelint does not check are never evaluated: converting them
    # would cost more than parsing in a large configuration.
    if type_ == "resource":
        return bool(labels) and labels[0] in CHECKED_RESOURCES
    if type_ == "data":
        return labels[:1] == (MARKETPLACE_IMAGE,)
    if type_ == "provider":
        return labels[:1] == (PROVIDER,)
    return True


# Names what _is_read keeps: a parse cached under another set of checked types is not reused.
_READ_NAME = "terraform:" + ",".join(
    [*sorted(CHECKED_RESOURCES), f"data.{MARKETPLACE_IMAGE}", f"provider.{PROVIDER}"]
)


def parse_config(shown: str, text: str, bounds: Bounds | None = None) -> Body:
    """One configuration file's body; a located ParseError past `bounds`, before parsing."""
    check_bounds(shown, text, bounds or Bounds(), json=shown.endswith(".json"))
    if shown.endswith(".json"):
        from imagelint.parse_cache import active
        from imagelint.parsers.hcl_json import parse_tf_json

        cache = active()
        if cache is None:
            return parse_tf_json(shown, text)
        parse = lambda: parse_tf_json(shown, text)  # noqa: E731
        return cache.parse(shown, text, "terraform-json", parse, whole_file=True)
    from imagelint.parsers.hcl_tree import parse_hcl

    return parse_hcl(shown, text, read=_is_read, cache_as=_READ_NAME)


class _Reader:
    def __init__(
        self, *, cwd: Path, env: Mapping[str, str], home: Path | None, inputs: Inputs, scope: Scope
    ) -> None:
        self.cwd = cwd
        self.env = env
        self.home = home
        self.inputs = inputs
        self.scope = scope
        self.show = scope.show
        self.configs: dict[Path, ModuleConfig] = {}
        self._real: dict[Path, Path] = {}

    def parse(self, shown: str, text: str) -> Body:
        return parse_config(shown, text, self.scope.bounds)

    def load(self, directory: Path) -> ModuleConfig:
        resolved = self._real.get(directory)
        if resolved is None:
            resolved = self._real[directory] = real(directory)
        if resolved not in self.configs:
            self.configs[resolved] = read_module(resolved, self.show, self.parse, self.scope)
        return self.configs[resolved]

    def read(
        self, walked: list[Path], given: list[Path], read_errors: list[ParseError]
    ) -> Workspace:
        """`walked`: files found in directories; `given`: files named one by one. What could
        not be read (`read_errors`) is reported even for files given one by one."""
        errors: list[ParseError] = []
        instances: list[Instance] = []
        plans = [p for p in (*walked, *given) if _is_plan_candidate(p.name)]
        read_plans = 0
        for path in plans:
            found, error, is_plan = self.plan(path, explicit=path in given)
            instances.extend(found)
            errors.extend([error] if error else [])
            read_plans += is_plan and path not in given
        walked_dirs = {self.load(d).directory for d in _parents(walked)}
        given_dirs = {self.load(d).directory for d in _parents(given)}
        for path in given:
            if not (_is_module_file(path.name) or _is_plan_candidate(path.name)):
                message = "not a Terraform file (.tf, .tf.json, .tfvars, or plan JSON)"
                errors.append(ParseError(path=self.show(path), line=1, column=1, message=message))
        shown_given = frozenset(self.show(p) for p in given)
        full_roots = self.roots_of_tree(walked_dirs)
        partial_roots = self.roots_above(given_dirs - walked_dirs) - full_roots
        reached: set[Path] = set()
        for root in sorted(full_roots | partial_roots):
            keep = root in full_roots
            found, root_errors, below = self.evaluate(root)
            instances.extend(found if keep else touching(found, shown_given))
            errors.extend(root_errors)
            reached |= below
        # A caller found by the text scan may not really call the module (a commented-out
        # block): then the module is a root of its own, never silently left out.
        for root in sorted(given_dirs - reached):
            found, root_errors, _ = self.evaluate(root)
            instances.extend(touching(found, shown_given))
            errors.extend(root_errors)
        errors.extend(e for c in self.configs.values() for e in c.errors)
        if not walked:
            errors = [e for e in errors if e.path in shown_given]
        errors = [*read_errors, *errors]
        return Workspace(
            # Walked .json files that are no plan are not Terraform's: not counted.
            # A directory that could not be listed counts as one file that could not be read.
            files=len([p for p in walked if _is_module_file(p.name)])
            + read_plans
            + len(given)
            + len(read_errors),
            instances=tuple(instances),
            errors=tuple(_unique(errors)),
            given=shown_given if given and not walked else None,
            warnings=self.scope.warnings,
        )

    def roots_of_tree(self, directories: set[Path]) -> set[Path]:
        """Root modules of a walked tree: its modules that no other module of it calls."""
        called = {
            callee
            for directory in directories
            for callee in local_callees(self.load(directory))
            if callee != directory
        }
        return directories - called

    def roots_above(self, directories: set[Path]) -> set[Path]:
        """For files given one by one: the roots under the working directory that call their
        modules, through any number of module levels (the module itself when none does)."""
        if not directories:
            return set()
        callers = callers_in(self.cwd, self.scope)
        return {root for d in directories for root in roots_above(d, callers)}

    def evaluate(self, root: Path) -> tuple[list[Instance], list[ParseError], set[Path]]:
        """The root's instances, its variable files' errors, and its module directories."""
        config = self.load(root)
        variables = root_variables(
            config,
            env=self.env,
            var_files=self.inputs.var_files,
            var_args=self.inputs.var_args,
            scope=self.scope,
        )
        run = Run(env=self.env, cwd=self.cwd, home=self.home, load=self.load)
        module = ModuleEval(run, config, address="", inputs=variables.inputs, root=root)
        module.providers = root_providers(module)
        tree = reachable(config, self.load)
        models = models_for(root, tree, self.show(root / LOCK_FILE))
        broken = tuple(e.path for e in variables.errors)
        directories = {real(c.directory) for c in tree}
        return list(collect(module, models, broken)), list(variables.errors), directories

    def plan(self, path: Path, *, explicit: bool) -> tuple[list[Instance], ParseError | None, bool]:
        """A plan's instances, its error, and whether it is a plan at all."""
        from imagelint.terraform.plan_json import (
            is_plan_json,
            load_json,
            looks_like_plan,
            read_plan,
        )

        shown = self.show(path)
        try:
            text = read_text(path, shown, limit=self.scope.max_file_bytes)
        except ParseError as error:
            return [], error, explicit
        if not explicit and not looks_like_plan(text):
            return [], None, False
        try:
            is_plan = is_plan_json(load_json(shown, text))
        except ParseError as error:
            return [], (error if explicit else None), explicit
        if not is_plan:
            if explicit:
                message = "not a Terraform plan in JSON (no format_version and planned_values)"
                return [], ParseError(path=shown, line=1, column=1, message=message), True
            return [], None, False
        try:
            return read_plan(shown, text, self.env, self.home), None, True
        except ParseError as error:
            return [], error, True


def _parents(paths: list[Path]) -> set[Path]:
    return {p.parent for p in paths if _is_module_file(p.name)}


def _is_module_file(name: str) -> bool:
    return is_config_file(name) or is_var_file(name)


def _is_plan_candidate(name: str) -> bool:
    return name.endswith(".json") and not _is_module_file(name)


def _unique(errors: list[ParseError]) -> list[ParseError]:
    seen: set[tuple[str, int, int, str]] = set()
    unique = []
    for error in errors:
        key = (error.path, error.line, error.column, error.message)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    return unique
