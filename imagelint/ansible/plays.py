"""Walk a playbook (or a role's task file) as Ansible runs it: plays, roles, blocks and
static includes, collecting each scaleway_compute task with the variables it sees."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from imagelint.ansible.jinja import Env
from imagelint.ansible.model import MODULE_NAMES
from imagelint.ansible.precedence import (
    BLOCK_VARS,
    GROUP,
    GROUP_ALL,
    HOST,
    PLAY_VARS,
    ROLE_DEFAULTS,
    ROLE_PARAMS,
    ROLE_VARS,
    TASK_VARS,
    VARS_FILES,
    Context,
)
from imagelint.ansible.project import Project, main_file
from imagelint.ansible.syntax import (
    BLOCK_PARTS,
    INCLUDE_ROLE,
    INCLUDE_TASKS,
    INCLUDE_VARS,
    ROLE_KEYWORDS,
    SET_FACT,
    TASK_LISTS,
    items_of,
    keys_of,
    module_defaults_of,
    prompted,
    static,
    task_file,
    variables_of,
    where,
)
from imagelint.ansible.values import Bound
from imagelint.files import is_file
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq

MAX_INCLUDES = 20  # nested includes and roles; deeper is a cycle
MAX_TASKS = 20_000


@dataclass(frozen=True, kw_only=True)
class TaskSite:
    task: YMap
    module: YScalar  # the key naming the module
    params: YNode | None  # its value
    index: int  # 1-based, in its task list
    play: str  # the play's name, or its position
    env: Env  # the variables the task sees (a loop's item excepted)
    module_defaults: tuple[YNode, ...]  # outer to inner


@dataclass
class Walker:
    project: Project
    playbook_dir: Path
    sites: list[TaskSite] = field(default_factory=list)
    runtime: dict[str, str] = field(default_factory=dict)  # set_fact, register: in run order
    elsewhere: dict[str, str] = field(default_factory=dict)  # the current play's
    # Tasks visited, includes and roles expanded: a file including itself twice at each of
    # MAX_INCLUDES levels would otherwise mean 2**20 visits.
    budget: int = MAX_TASKS
    play: str = ""  # the play being walked

    def playbook(self, root: YSeq) -> None:
        elsewhere = self.project.host_specific(self.playbook_dir)
        group_all = self.project.group_all(self.playbook_dir)
        for position, play in enumerate(root.items, 1):
            if not isinstance(play, YMap) or play.get("hosts") is None:
                continue
            title = play.get("name")
            self.play = title.text if isinstance(title, YScalar) else f"#{position}"
            context = self.start().add(GROUP_ALL, group_all)
            hosts = play.get("hosts")
            specific = dict(elsewhere)
            if isinstance(hosts, YScalar) and hosts.text != "all":
                # A play on one group (or on the implicit localhost, in no group): every
                # host it runs on gets that group's (or host's) variables.
                kind, level = (
                    ("host_vars", HOST) if hosts.text == "localhost" else ("group_vars", GROUP)
                )
                named = self.project.named(kind, self.playbook_dir, hosts.text)
                context = context.add(level, named)
                specific = {k: v for k, v in specific.items() if k not in named}
            self.elsewhere = specific
            context = context.add(PLAY_VARS, variables_of(play.get("vars"), "play vars"))
            for name in prompted(play.get("vars_prompt")):
                self.runtime[name] = f"{name} is asked by vars_prompt when the play runs"
            context = context.add(VARS_FILES, self._vars_files(play.get("vars_files")))
            context = replace(context, module_defaults=module_defaults_of(play))
            self.tasks(play.get("pre_tasks"), context)
            for entry in items_of(play.get("roles")):
                self._play_role(entry, context)
            for key in TASK_LISTS[1:]:
                self.tasks(play.get(key), context)

    def start(self, task_dir: Path | None = None) -> Context:
        return Context(task_dir=task_dir or self.playbook_dir)

    def tasks(self, node: YNode | None, context: Context) -> None:
        for index, task in enumerate(items_of(node), 1):
            if self.budget <= 0:
                return
            self.budget -= 1
            if isinstance(task, YMap):
                self._task(task, index, context)

    @property
    def exhausted(self) -> bool:
        return self.budget <= 0

    def role(self, directory: Path, context: Context, tasks_from: str) -> None:
        if context.depth >= MAX_INCLUDES:
            return
        # meta/main.yml dependencies run first, each a role of its own in the same play.
        meta_file = main_file(directory / "meta")
        meta = self.project.document(meta_file) if meta_file is not None else None
        dependencies = meta.get("dependencies") if isinstance(meta, YMap) else None
        for entry in items_of(dependencies):
            self._play_role(entry, replace(context, depth=context.depth + 1))
        defaults = main_file(directory / "defaults")
        variables = main_file(directory / "vars")
        inner = context.add(ROLE_DEFAULTS, self._file_vars(defaults))
        inner = inner.add(ROLE_VARS, self._file_vars(variables))
        path = task_file(directory / "tasks", tasks_from)
        if path is not None:
            inner = replace(
                inner, task_dir=directory / "tasks", file_dir=path.parent, depth=context.depth + 1
            )
            self.tasks(self.project.document(path), inner)

    def _task(self, task: YMap, index: int, context: Context) -> None:
        block = any(task.get(part) is not None for part in BLOCK_PARTS)
        level, origin = (BLOCK_VARS, "block vars") if block else (TASK_VARS, "task vars")
        context = context.add(level, variables_of(task.get("vars"), origin))
        if block:
            inner = replace(
                context, module_defaults=(*context.module_defaults, *module_defaults_of(task))
            )
            for part in BLOCK_PARTS:
                self.tasks(task.get(part), inner)
            return
        for key, value in task.items:
            if not isinstance(key, YScalar):
                continue
            if key.text in MODULE_NAMES:
                self._site(task, key, value, index, context)
            elif key.text in INCLUDE_TASKS:
                self._include(value, context)
            elif key.text in INCLUDE_ROLE and isinstance(value, YMap):
                self._included_role(value, context)
            elif key.text in SET_FACT and isinstance(value, YMap):
                for name in keys_of(value):
                    self.runtime[name] = f"{name} is set by set_fact at {where(key)} (run time)"
            elif key.text in INCLUDE_VARS:
                self._runtime_vars(value, key, context)
        registered = task.get("register")
        if isinstance(registered, YScalar):
            name = registered.text
            self.runtime[name] = f"{name} is registered by the task at {where(registered)}"

    def _site(self, task: YMap, key: YScalar, value: YNode, index: int, ctx: Context) -> None:
        merged = ctx.variables(self.elsewhere)
        env = Env(
            variables=merged,
            runtime=dict(self.runtime),
            elsewhere=self.elsewhere,
            sealed=tuple(self.project.sealed),
        )
        self.sites.append(
            TaskSite(
                task=task,
                module=key,
                params=value,
                index=index,
                play=self.play,
                env=env,
                module_defaults=(*ctx.module_defaults, *module_defaults_of(task)),
            )
        )

    def _include(self, value: YNode, context: Context) -> None:
        target = value.get("file") if isinstance(value, YMap) else value
        if context.depth >= MAX_INCLUDES or not static(target):
            return
        assert isinstance(target, YScalar)
        bases = (context.file_dir, context.task_dir) if context.file_dir else (context.task_dir,)
        path = next((b / target.text for b in bases if is_file(b / target.text)), None)
        if path is not None:
            inner = replace(context, file_dir=path.parent, depth=context.depth + 1)
            self.tasks(self.project.document(path), inner)

    def _included_role(self, value: YMap, context: Context) -> None:
        name, tasks_from = value.get("name"), value.get("tasks_from")
        if not static(name):
            return
        assert isinstance(name, YScalar)
        directory = self.project.role_dir(name.text, self.playbook_dir)
        if directory is not None:
            entry = tasks_from.text if isinstance(tasks_from, YScalar) else "main"
            self.role(directory, context, entry)

    def _play_role(self, entry: YNode, context: Context) -> None:
        name: YNode | None = entry
        if isinstance(entry, YMap):
            name = entry.get("role") or entry.get("name")
            context = context.add(BLOCK_VARS, variables_of(entry.get("vars"), "role entry vars"))
            params = {
                k.text: Bound(node=v, origin="role parameter")
                for k, v in entry.items
                if isinstance(k, YScalar) and k.text not in ROLE_KEYWORDS
            }
            context = context.add(ROLE_PARAMS, params)
        if not static(name):
            return
        assert isinstance(name, YScalar)
        directory = self.project.role_dir(name.text, self.playbook_dir)
        if directory is not None:
            self.role(directory, context, "main")

    def _vars_files(self, node: YNode | None) -> dict[str, Bound]:
        found: dict[str, Bound] = {}
        for entry in items_of(node):
            # A list entry: the first of those files that exists.
            choices = entry.items if isinstance(entry, YSeq) else (entry,)
            for choice in choices:
                if static(choice):
                    assert isinstance(choice, YScalar)
                    path = self.playbook_dir / choice.text
                    if is_file(path):
                        found.update(self._file_vars(path))
                        break
        return found

    def _file_vars(self, path: Path | None) -> dict[str, Bound]:
        """A variable file's entries; their origin in messages is the file."""
        if path is None:
            return {}
        return self.project.variables(path, self.project.scope.show(path))

    def _runtime_vars(self, value: YNode, key: YScalar, context: Context) -> None:
        target = value.get("file") if isinstance(value, YMap) else value
        if static(target):
            assert isinstance(target, YScalar)
            bases = (context.task_dir.parent / "vars", context.file_dir, context.task_dir)
            found = [b / target.text for b in bases if b and is_file(b / target.text)]
            document = self.project.document(found[0]) if found else None
            for name in keys_of(document):
                self.runtime[name] = f"{name} is loaded by include_vars at {where(key)}"
