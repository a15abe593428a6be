"""Read Pulumi YAML projects: a project brings its stacks, a stack alone its project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.files import is_file
from imagelint.model import Instance, ParseError
from imagelint.pulumi.project import (
    PROJECT_NAMES,
    Stack,
    is_project_name,
    program_of,
    stack_name,
    stack_of,
)
from imagelint.pulumi.servers import instances
from imagelint.source_api import (
    Candidate,
    ReadContext,
    SourceResult,
    TemplateSkipped,
    yaml_documents,
)

if TYPE_CHECKING:
    from imagelint.parsers.yaml_tree import YDocument


@dataclass
class _Project:
    directory: Path
    project: Candidate | None = None
    stacks: list[Candidate] = field(default_factory=list)

    @property
    def given(self) -> list[Candidate]:
        return [*([self.project] if self.project else []), *self.stacks]


@dataclass
class _Result:
    instances: list[Instance] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    not_mine: list[str] = field(default_factory=list)


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    projects: dict[Path, _Project] = {}
    for file in files:
        project = projects.setdefault(file.path.parent, _Project(file.path.parent))
        if is_project_name(file.name):
            project.project = project.project or file
        else:
            project.stacks.append(file)
    result = _Result()
    for project in projects.values():
        reported = len(result.errors) + len(result.notices)
        found = _read_project(project, context, result)
        # A file that failed is reported as such, not skipped as someone else's.
        if not found and len(result.errors) + len(result.notices) == reported:
            result.not_mine.extend(file.shown for file in project.given)
        result.instances.extend(found)
    return SourceResult(
        instances=tuple(result.instances),
        errors=tuple(result.errors),
        notices=tuple(result.notices),
        not_mine=tuple(result.not_mine),
    )


def _read_project(project: _Project, context: ReadContext, result: _Result) -> list[Instance]:
    """The project's instances; [] when it is not a Pulumi YAML program with servers, or
    when a file it needs could not be read (the error is in `result`)."""
    project_file = project.project or _sibling_project(project.directory, context)
    if project_file is None:
        return []
    documents = _documents(project_file, result)
    if documents is None:
        return []
    try:
        program = program_of(documents, project_file.shown)
        if program is None:
            return []
        if project.project is None:
            stack_files = project.stacks  # a pre-commit call: the stacks that changed
        else:
            stack_files = _stack_files(project.directory, project.stacks, context, result)
        stacks: list[Stack] = []
        for file in stack_files:
            stack_documents = _documents(file, result)
            if stack_documents is None:
                return []  # a variant that cannot be read: no partial answer for the project
            name = stack_name(file.name) or file.name
            stacks.append(stack_of(name, file.path, stack_documents, file.shown))
    except ParseError as error:
        result.errors.append(error)
        return []
    return instances(program, stacks, env=context.env, home=context.home)


def _documents(file: Candidate, result: _Result) -> list[YDocument] | None:
    try:
        return yaml_documents(file)
    except TemplateSkipped as skipped:
        result.notices.append(skipped.notice)
    except ParseError as error:
        result.errors.append(error)
    return None


def _sibling_project(directory: Path, context: ReadContext) -> Candidate | None:
    for name in PROJECT_NAMES:
        path = directory / name
        if is_file(path) and context.scope.inside(path.resolve()):
            return Candidate(path, shown=context.scope.show(path), given=False, scope=context.scope)
    return None


def _stack_files(
    directory: Path, given: list[Candidate], context: ReadContext, result: _Result
) -> list[Candidate]:
    """Every stack file beside the project file, the given ones as they were offered."""
    by_path = {file.path: file for file in given}
    listing = context.scope.listing(directory, lambda name: stack_name(name) is not None)
    result.errors.extend(listing.errors)
    files = [
        by_path.get(path)
        or Candidate(path, shown=context.scope.show(path), given=False, scope=context.scope)
        for path in listing.files
    ]
    listed = set(listing.files)
    files.extend(file for file in given if file.path not in listed)
    return files
