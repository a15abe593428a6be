"""The Ansible source: community.general.scaleway_compute tasks in playbooks and roles."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.source_api import Candidate, ReadContext, SourceResult

NAME = "ansible"
SUMMARY = "Ansible scaleway_compute tasks in playbooks and roles (community.general)"

_MODULE = re.compile(r"\bscaleway_compute\b")
_VARIABLE_DIRECTORIES = frozenset({"group_vars", "host_vars", "defaults", "vars"})


def wants(name: str) -> bool:
    return name.endswith((".yml", ".yaml")) and not name.startswith(".")


def detect(file: Candidate) -> bool:
    """A task using the module, or a variable file a playbook of the project may read."""
    if _VARIABLE_DIRECTORIES.intersection(file.path.parts[-4:-1]):
        return True
    return _MODULE.search(file.head(1 << 20)) is not None


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.ansible.reader import Reader

    reader = Reader(context.scope)
    for file in files:
        reader.offer(file)
    return reader.result()
