"""Read the claimed files as Ansible projects: each playbook given, and every playbook of a
project one of whose roles, task files or variable files is given."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from imagelint.ansible.collection import project_model
from imagelint.ansible.plays import MAX_TASKS, TaskSite, Walker
from imagelint.ansible.precedence import GROUP_ALL
from imagelint.ansible.project import YAML_SUFFIXES, Project, project_root
from imagelint.ansible.syntax import is_playbook
from imagelint.ansible.tasks import instances
from imagelint.files import Scope, is_dir, is_file, list_directory
from imagelint.model import Instance, ParseError, Span
from imagelint.parsers.yaml_tree import YNode, YSeq
from imagelint.source_api import Candidate, SourceResult, TemplateSkipped

_PLAY = re.compile(r"^\s*(?:-\s+)?(?:hosts|(?:ansible\.builtin\.)?import_playbook)\s*:", re.M)
# Ansible's own directories, which hold no playbook.
NOT_PLAYBOOK_DIRECTORIES = frozenset(
    {
        "roles",
        "group_vars",
        "host_vars",
        "inventory",
        "inventories",
        "vars",
        "defaults",
        "templates",
        "files",
        "collections",
        "library",
        "filter_plugins",
        "tasks",
        "handlers",
    }
)
_VARIABLE_DIRECTORIES = frozenset({"group_vars", "host_vars", "defaults", "vars"})


@dataclass
class _Offered:
    file: Candidate
    project: Project


@dataclass
class Reader:
    scope: Scope
    projects: dict[Path, Project] = field(default_factory=dict)
    offered: list[_Offered] = field(default_factory=list)
    notices: dict[str, None] = field(default_factory=dict)
    errors: list[ParseError] = field(default_factory=list)

    def offer(self, file: Candidate) -> None:
        root = project_root(file.path, self.scope)
        project = self.projects.setdefault(root, Project(root=root, scope=self.scope))
        self.offered.append(_Offered(file=file, project=project))

    def result(self) -> SourceResult:
        found: dict[tuple[str, str, int, int], Instance] = {}
        productive: set[Path] = set()
        for root, project in self.projects.items():
            for instance in self._project(project):
                productive.add(root)
                span = instance.span
                found.setdefault((instance.address, span.path, span.line, span.column), instance)
        touched = _touched(found.values())
        # A variable file of a project with instances was read as their context.
        touched |= {
            o.file.shown
            for o in self.offered
            if o.project.root in productive and _is_variable_file(o.file.path, o.project.root)
        }
        not_mine = [o.file.shown for o in self.offered if o.file.shown not in touched]
        errors = [*self.errors, *(e for p in self.projects.values() for e in p.errors.values())]
        return SourceResult(
            instances=tuple(found.values()),
            errors=tuple(errors),
            notices=tuple(self.notices),
            not_mine=tuple(dict.fromkeys(not_mine)),
        )

    def _project(self, project: Project) -> list[Instance]:
        mine = [o for o in self.offered if o.project is project]
        playbooks: dict[Path, YSeq] = {}
        whole_project = False
        for offered in mine:
            root = self._load(offered.file, project)
            if is_playbook(root):
                assert isinstance(root, YSeq)
                playbooks[offered.file.path] = root
            elif isinstance(root, YSeq) or _is_variable_file(offered.file.path, project.root):
                whole_project = True  # a role, task or variable file: who uses it?
        if whole_project:
            for path in _playbook_files(project.root):
                if path in playbooks or not self._looks_like_a_playbook(path):
                    continue
                root = project.document(path)
                if is_playbook(root):
                    assert isinstance(root, YSeq)
                    playbooks.setdefault(path, root)
        found: list[Instance] = []
        model = project_model(project)
        for path, root in playbooks.items():
            walker = Walker(project=project, playbook_dir=path.parent)
            walker.playbook(root)
            if walker.exhausted:
                self.errors.append(_too_many(self.scope.show(path)))
            name = _relative(path, project.root)
            pairs = ((site, i) for site in walker.sites for i in instances(site, name, model))
            found.extend(_distinct(pairs))
        read = {i.span.path for i in found}
        for offered in mine:
            if offered.file.shown not in read and not _is_variable_file(
                offered.file.path, project.root
            ):
                found.extend(self._standalone(offered.file, project))
        return found

    def _standalone(self, file: Candidate, project: Project) -> list[Instance]:
        """A task file no playbook of its project reaches: read with its role's variables."""
        root = project.document(file.path)
        if not isinstance(root, YSeq) or is_playbook(root):
            return []
        walker = Walker(project=project, playbook_dir=project.root)
        parts = file.path.parts
        group_all = project.group_all(project.root)
        if len(parts) >= 3 and parts[-2] == "tasks":
            role = file.path.parent.parent
            context = walker.start().add(GROUP_ALL, group_all)
            walker.role(role, context, file.path.stem)
        else:
            walker.tasks(root, walker.start(file.path.parent).add(GROUP_ALL, group_all))
        name = _relative(file.path, project.root)
        model = project_model(project)
        return [i for site in walker.sites for i in instances(site, name, model)]

    def _looks_like_a_playbook(self, path: Path) -> bool:
        """Before parsing a file of the project no one asked about: a play's keyword."""
        try:
            return _PLAY.search(self.scope.read_text(path)) is not None
        except ParseError:
            return False  # not read: neither checked nor reported, it was not asked about

    def _load(self, file: Candidate, project: Project) -> YNode | None:
        """The file's first document, through the candidate's cache; a broken file is an
        error with its line, or a notice when it is a Jinja template."""
        try:
            documents = file.yaml()
        except ParseError as error:
            if "{%" in file.head(1 << 20) or "templates" in file.path.parts[:-1]:
                self.notices.setdefault(TemplateSkipped(file.shown).notice)
            else:
                self.errors.append(error)
            project.forget(file.path)
            return None
        project.remember(file.path, documents[0].root if documents else None)
        return project.document(file.path)


def _distinct(pairs: Iterable[tuple[TaskSite, Instance]]) -> list[Instance]:
    """One instance per task and loop item; a task reached again with other values (a role
    in two plays) is told apart by its play."""
    kept: dict[tuple[str, Span], list[tuple[TaskSite, Instance]]] = {}
    for site, instance in pairs:
        same = kept.setdefault((instance.address, instance.span), [])
        if all(instance != other for _, other in same):  # else an include reached twice
            same.append((site, instance))
    found: list[Instance] = []
    for (_, first), *others in kept.values():
        found.append(first)
        found.extend(replace(i, address=f'{i.address} in play "{s.play}"') for s, i in others)
    return found


def _too_many(shown: str) -> ParseError:
    message = (
        f"more than {MAX_TASKS:,} tasks through its includes and roles (includes in a "
        "cycle?): the rest is not checked"
    )
    return ParseError(path=shown, line=1, column=1, message=message)


def _touched(found: Iterable[Instance]) -> set[str]:
    paths: set[str] = set()
    for instance in found:
        paths.add(instance.span.path)
        for value in instance.values.values():
            if value.span is not None:
                paths.add(value.span.path)
            paths.update(hop.span.path for hop in value.chain)
    return paths


def _is_variable_file(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        parts = path.parts[-4:-1]
    return bool(_VARIABLE_DIRECTORIES.intersection(parts))


def _playbook_files(root: Path) -> list[Path]:
    """YAML files at the root and one directory down (playbooks/, ansible/, ...)."""
    found: list[Path] = []
    for directory in (root, *_subdirectories(root)):
        try:
            entries = list_directory(directory)
        except OSError:
            continue
        found.extend(p for p in entries if p.suffix in YAML_SUFFIXES and is_file(p))
    return found


def _subdirectories(root: Path) -> list[Path]:
    try:
        entries = list_directory(root)
    except OSError:
        return []
    return [
        p
        for p in entries
        if is_dir(p) and not p.name.startswith(".") and p.name not in NOT_PLAYBOOK_DIRECTORIES
    ]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name
