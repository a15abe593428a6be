"""The sequential Terraform reader: plans, module directories and root modules, each root
evaluated whole as `terraform plan` would, in a fixed order the parallel reader reproduces."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from imagelint.files import Scope, is_config_file, is_var_file, read_text, real
from imagelint.given import touching
from imagelint.model import Instance, ParseError
from imagelint.parsers.hcl_syntax import Body
from imagelint.terraform.callers import callers_in, local_callees, reachable, roots_above
from imagelint.terraform.config import ModuleConfig, read_module
from imagelint.terraform.instances import collect
from imagelint.terraform.module_eval import ModuleEval, Run
from imagelint.terraform.parse import parse_config
from imagelint.terraform.providers import root_providers
from imagelint.terraform.tfvars import root_variables
from imagelint.terraform.versions import LOCK_FILE, models_for

# Called with each batch of instances as soon as it is evaluated (ReadContext.on_instances).
Listener = Callable[[Sequence[Instance]], None]


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


class Reader:
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

    def resolve(self, directory: Path) -> Path:
        """real(directory), one system call per directory rather than one per component: a
        directory that is no link lies where its resolved parent does."""
        resolved = self._real.get(directory)
        if resolved is None:
            parent = directory.parent
            if parent == directory or directory.name == ".." or os.path.islink(directory):
                resolved = real(directory)
            else:
                resolved = self.resolve(parent) / directory.name
            self._real[directory] = resolved
        return resolved

    def load(self, directory: Path) -> ModuleConfig:
        resolved = self.resolve(directory)
        if resolved not in self.configs:
            self.configs[resolved] = read_module(resolved, self.show, self.parse, self.scope)
        return self.configs[resolved]

    def read(
        self,
        walked: list[Path],
        given: list[Path],
        read_errors: list[ParseError],
        on_instances: Listener | None = None,
    ) -> Workspace:
        """`walked`: files found in directories; `given`: files named one by one. What could
        not be read (`read_errors`) is reported even for files given one by one."""
        instances, errors, read_plans = self.plans(walked, given, on_instances)
        # Sorted: the order of first loads decides the order of warnings and errors, which
        # must not depend on the hash seed (nor differ from the parallel reader's).
        walked_dirs = {self.load(d).directory for d in sorted(module_dirs(walked))}
        given_dirs = {self.load(d).directory for d in sorted(module_dirs(given))}
        for path in given:
            if not (is_module_file(path.name) or is_plan_candidate(path.name)):
                message = "not a Terraform file (.tf, .tf.json, .tfvars, or plan JSON)"
                errors.append(ParseError(path=self.show(path), line=1, column=1, message=message))
        shown_given = frozenset(self.show(p) for p in given)
        callees = {d: list(local_callees(self.load(d))) for d in walked_dirs}
        full_roots = roots_of(walked_dirs, callees)
        partial_roots = self.roots_above(given_dirs - walked_dirs) - full_roots
        reached: set[Path] = set()
        for root in sorted(full_roots | partial_roots):
            found, root_errors, below = self.evaluate(root)
            found = found if root in full_roots else touching(found, shown_given)
            _add(instances, found, on_instances)
            errors.extend(root_errors)
            reached |= below
        # A caller found by the text scan may not really call the module (a commented-out
        # block): then the module is a root of its own, never silently left out.
        for root in sorted(given_dirs - reached):
            found, root_errors, _ = self.evaluate(root)
            _add(instances, touching(found, shown_given), on_instances)
            errors.extend(root_errors)
        errors.extend(e for c in self.configs.values() for e in c.errors)
        if not walked:
            errors = [e for e in errors if e.path in shown_given]
        return finish(self, walked, given, read_errors, instances, errors, read_plans)

    def plans(
        self, walked: list[Path], given: list[Path], on_instances: Listener | None
    ) -> tuple[list[Instance], list[ParseError], int]:
        """The instances and errors of the plan JSON files, and how many walked ones are."""
        instances: list[Instance] = []
        errors: list[ParseError] = []
        read_plans = 0
        for path in [p for p in (*walked, *given) if is_plan_candidate(p.name)]:
            found, error, is_plan = self.plan(path, explicit=path in given)
            _add(instances, found, on_instances)
            errors.extend([error] if error else [])
            read_plans += is_plan and path not in given
        return instances, errors, read_plans

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


def roots_of(directories: Iterable[Path], callees: Mapping[Path, Iterable[Path]]) -> set[Path]:
    """Root modules of a walked tree: its modules that no other module of it calls."""
    directories = set(directories)
    called = {c for d in directories for c in callees.get(d, ()) if c != d}
    return directories - called


def finish(
    reader: Reader,
    walked: list[Path],
    given: list[Path],
    read_errors: list[ParseError],
    instances: list[Instance],
    errors: list[ParseError],
    read_plans: int,
) -> Workspace:
    shown_given = frozenset(reader.show(p) for p in given)
    return Workspace(
        # Walked .json files that are no plan are not Terraform's: not counted.
        # A directory that could not be listed counts as one file that could not be read.
        files=len([p for p in walked if is_module_file(p.name)])
        + read_plans
        + len(given)
        + len(read_errors),
        instances=tuple(instances),
        errors=tuple(_unique([*read_errors, *errors])),
        given=shown_given if given and not walked else None,
        warnings=reader.scope.warnings,
    )


def _add(instances: list[Instance], found: list[Instance], on_instances: Listener | None) -> None:
    instances.extend(found)
    if on_instances is not None and found:
        on_instances(found)


def module_dirs(paths: list[Path]) -> set[Path]:
    return {p.parent for p in paths if is_module_file(p.name)}


def is_module_file(name: str) -> bool:
    return is_config_file(name) or is_var_file(name)


def is_plan_candidate(name: str) -> bool:
    return name.endswith(".json") and not is_module_file(name)


def _unique(errors: list[ParseError]) -> list[ParseError]:
    seen: set[tuple[str, int, int, str]] = set()
    unique = []
    for error in errors:
        key = (error.path, error.line, error.column, error.message)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    return unique
