"""An Ansible project on disk: its root, variable files, roles and task files, each file
read once through the run's scope."""

from __future__ import annotations

import configparser
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from imagelint.ansible.values import Bound
from imagelint.files import Scope, is_dir, is_file, list_directory, real
from imagelint.model import ParseError
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, load_yaml, walk

YAML_SUFFIXES = (".yml", ".yaml")
INVENTORY_DIRECTORIES = ("inventory", "inventories")
INVENTORY_FILES = ("hosts", "hosts.ini", "hosts.yml", "inventory", "inventory.ini", "inventory.yml")


def project_root(path: Path, scope: Scope) -> Path:
    """Where Ansible runs from for `path`, within the scanned roots: the nearest ancestor
    with ansible.cfg; else with roles/ or group_vars/ (an inventory's own group_vars/ does
    not count); else with a playbook (site.yml, playbook*.yml); else the file's directory."""
    start = path.parent
    ancestors = [start]
    for directory in start.parents:
        if not scope.inside(real(directory)):
            break
        ancestors.append(directory)
    for directory in ancestors:
        if is_file(directory / "ansible.cfg"):
            return directory
    for directory in ancestors:
        inventory = directory.name in INVENTORY_DIRECTORIES or (
            directory.parent.name in INVENTORY_DIRECTORIES
        )
        if not inventory and any(is_dir(directory / m) for m in ("roles", "group_vars")):
            return directory
    for directory in ancestors:
        if directory.name not in ("tasks", "handlers") and any(
            _is_playbook_name(p) for p in _yaml_files(directory)
        ):
            return directory
    return start


@dataclass
class Project:
    root: Path
    scope: Scope
    errors: dict[str, ParseError] = field(default_factory=dict)
    sealed: dict[str, None] = field(default_factory=dict)  # files encrypted by ansible-vault
    _documents: dict[Path, YNode | ParseError | None] = field(default_factory=dict)

    def document(self, path: Path) -> YNode | None:
        """The first YAML document of a file; None when it is empty, missing or broken
        (a broken file's error is kept once)."""
        if path not in self._documents and not self.scope.inside(real(path)):
            # A vars_files entry or a link leading out of what was asked to be checked.
            self.scope.warn(f"{self.scope.show(path)}: outside the checked paths: not read")
            self._documents[path] = None
        if path not in self._documents:
            try:
                text = self.scope.read_text(path)
                bound = self.scope.bounds.max_tokens
                documents = load_yaml(self.scope.show(path), text, max_nodes=bound)
                root = documents[0].root if documents else None
                self._documents[path] = unhashable_key(root) or root
            except ParseError as error:
                self._documents[path] = error
        found = self._documents[path]
        if isinstance(found, ParseError):
            self.errors.setdefault(str(found), found)
            return None
        return found

    def remember(self, path: Path, root: YNode | None) -> None:
        """A file already parsed (a candidate's own cache): not parsed twice."""
        self._documents.setdefault(path, unhashable_key(root) or root)

    def forget(self, path: Path) -> None:
        """A file whose error was reported already (or that was skipped as a template)."""
        self._documents.setdefault(path, None)

    def variables(self, path: Path, origin: str) -> dict[str, Bound]:
        node = self.document(path)
        if isinstance(node, YScalar) and node.text.lstrip().startswith("$ANSIBLE_VAULT"):
            self.sealed.setdefault(self.scope.show(path))
        if not isinstance(node, YMap):
            return {}
        return {
            k.text: Bound(node=v, origin=origin)
            for k, v in node.items
            if isinstance(k, YScalar) and k.tag == "str"
        }

    def group_all(self, playbook_dir: Path) -> dict[str, Bound]:
        """group_vars/all of the inventory, then of the playbook's directory (which wins)."""
        found: dict[str, Bound] = {}
        for base in (*self.inventory_dirs, playbook_dir):
            found.update(self._group_vars(base / "group_vars", "all"))
        return found

    def named(self, kind: str, playbook_dir: Path, name: str) -> dict[str, Bound]:
        """group_vars (kind "group_vars") of a group or host_vars of a host, inventory's
        first."""
        found: dict[str, Bound] = {}
        for base in (*self.inventory_dirs, playbook_dir):
            found.update(self._group_vars(base / kind, name))
        return found

    def host_specific(self, playbook_dir: Path) -> dict[str, str]:
        """Names set in group_vars of other groups or host_vars: variable -> where."""
        found: dict[str, str] = {}
        for base in (*self.inventory_dirs, playbook_dir):
            for kind in ("group_vars", "host_vars"):
                directory = base / kind
                if not is_dir(directory):
                    continue
                for entry in list_directory(directory):
                    stem = entry.name.split(".")[0]
                    if kind == "group_vars" and stem == "all":
                        continue
                    for name in self._group_vars(directory, stem):
                        found.setdefault(name, self.scope.show(entry))
        return found

    @cached_property
    def settings(self) -> dict[str, str]:
        """ansible.cfg's [defaults] (empty without one, or when it does not parse)."""
        config = self.root / "ansible.cfg"
        if not is_file(config):
            return {}
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(self.scope.read_text(config))
        except (configparser.Error, ParseError):
            return {}
        return dict(parser["defaults"]) if parser.has_section("defaults") else {}

    @cached_property
    def inventory_dirs(self) -> tuple[Path, ...]:
        """Where the inventory's group_vars are: ansible.cfg's `inventory`, else inventory/."""
        setting = self.settings.get("inventory")
        if setting:
            target = self.root / setting.split(",")[0].strip()
            return (target if is_dir(target) else target.parent,)
        # Without ansible.cfg, `-i` is not known: an inventory/ directory or an inventory
        # file at the root is taken as the one used.
        if is_dir(self.root / "inventory"):
            return (self.root / "inventory",)
        if any(is_file(self.root / name) for name in INVENTORY_FILES):
            return (self.root,)
        return ()

    def role_dir(self, name: str, playbook_dir: Path) -> Path | None:
        """Where Ansible finds a role: roles/ beside the playbook, ansible.cfg's roles_path,
        roles/ at the root, the playbook's own directory."""
        configured = [
            self.root / part.strip()
            for part in self.settings.get("roles_path", "").split(":")
            if part.strip() and not part.strip().startswith(("~", "/"))
        ]
        for base in (playbook_dir / "roles", *configured, self.root / "roles", playbook_dir):
            candidate = base / name
            if is_dir(candidate / "tasks"):
                return candidate
        return None

    def _group_vars(self, directory: Path, name: str) -> dict[str, Bound]:
        found: dict[str, Bound] = {}
        for path in (directory / name, *(directory / f"{name}{s}" for s in YAML_SUFFIXES)):
            if is_file(path):
                found.update(self.variables(path, self.scope.show(path)))
        if is_dir(directory / name):
            for path in _yaml_files(directory / name):
                found.update(self.variables(path, self.scope.show(path)))
        return found


def unhashable_key(root: YNode | None) -> ParseError | None:
    """`image: {{ id }}` is YAML for a mapping whose key is a mapping, which Ansible's
    loader refuses ("found unhashable key"): the file is not loaded at all."""
    for node in walk(root):
        if isinstance(node, YMap):
            for key, _ in node.items:
                if not isinstance(key, YScalar):
                    return ParseError(
                        path=key.span.path,
                        line=key.span.line,
                        column=key.span.column,
                        message="invalid YAML for Ansible: found unhashable key (a list or "
                        "mapping as a key; a value starting with {{ must be quoted)",
                    )
    return None


def main_file(directory: Path) -> Path | None:
    """A role's `main.yml`, `main.yaml` or `main` in one of its directories."""
    for name in ("main.yml", "main.yaml", "main"):
        if is_file(directory / name):
            return directory / name
    return None


def _yaml_files(directory: Path) -> list[Path]:
    try:
        return [p for p in list_directory(directory) if p.suffix in YAML_SUFFIXES and is_file(p)]
    except OSError:
        return []


def _is_playbook_name(path: Path) -> bool:
    return path.stem in ("site", "playbook") or path.stem.startswith("playbook")
