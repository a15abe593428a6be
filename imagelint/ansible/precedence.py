"""Ansible's variable precedence, and what a task inherits from where it is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from imagelint.ansible.values import Bound
from imagelint.parsers.yaml_tree import YNode

# Ansible's variable precedence (docs: "Understanding variable precedence"), lowest first.
ROLE_DEFAULTS, GROUP_ALL, GROUP, HOST, PLAY_VARS, VARS_FILES, ROLE_VARS = 2, 4, 7, 10, 12, 14, 15
BLOCK_VARS, TASK_VARS, ROLE_PARAMS = 16, 17, 20


@dataclass(frozen=True, kw_only=True)
class Context:
    layers: tuple[tuple[int, dict[str, Bound]], ...] = ()
    module_defaults: tuple[YNode, ...] = ()
    task_dir: Path  # where relative includes are looked for: the role's tasks/, the playbook's
    file_dir: Path | None = None  # and before it, the including file's own directory
    depth: int = 0

    def add(self, level: int, variables: dict[str, Bound]) -> Context:
        return replace(self, layers=(*self.layers, (level, variables))) if variables else self

    def variables(self, elsewhere: Mapping[str, str]) -> dict[str, Bound]:
        """What each name means to a task here; `elsewhere`: names set for some hosts only."""
        merged: dict[str, Bound] = {}
        level: dict[str, int] = {}
        for precedence, layer in sorted(self.layers, key=lambda pair: pair[0]):
            merged.update(layer)
            level.update(dict.fromkeys(layer, precedence))
        # Another group's or a host's value beats group_vars/all and role defaults for
        # the hosts it applies to: which ones is not known here.
        for name in elsewhere:
            if level.get(name, GROUP) < GROUP:
                del merged[name]
        return merged
