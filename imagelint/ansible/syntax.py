"""The shape of Ansible playbooks and task lists: keywords, and reading small nodes."""

from __future__ import annotations

from pathlib import Path

from imagelint.ansible.project import main_file
from imagelint.ansible.values import Bound
from imagelint.files import is_file
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq

TASK_LISTS = ("pre_tasks", "tasks", "post_tasks", "handlers")
BLOCK_PARTS = ("block", "rescue", "always")
PLAY_KEYS = ("hosts", "import_playbook", "ansible.builtin.import_playbook")
ROLE_KEYWORDS = frozenset(
    {
        "role",
        "name",
        "vars",
        "when",
        "tags",
        "become",
        "become_user",
        "delegate_to",
        "environment",
        "ignore_errors",
        "no_log",
        "collections",
        "module_defaults",
    }
)

# Set by Ansible for each host at run time.
MAGIC_VARIABLES = frozenset(
    {
        "inventory_hostname",
        "inventory_hostname_short",
        "inventory_dir",
        "inventory_file",
        "hostvars",
        "groups",
        "group_names",
        "play_hosts",
        "playbook_dir",
        "role_path",
        "role_name",
        "omit",
        "environment",
        "vars",
    }
)


def _names(*short: str) -> frozenset[str]:
    return frozenset(
        {*short, *(f"ansible.builtin.{s}" for s in short), *(f"ansible.legacy.{s}" for s in short)}
    )


INCLUDE_TASKS = _names("include_tasks", "import_tasks", "include")
INCLUDE_ROLE = _names("include_role", "import_role")
SET_FACT = _names("set_fact")
INCLUDE_VARS = _names("include_vars")


def prompted(node: YNode | None) -> list[str]:
    names = (entry.get("name") for entry in items_of(node) if isinstance(entry, YMap))
    return [n.text for n in names if isinstance(n, YScalar)]


def keys_of(node: YNode | None) -> list[str]:
    if not isinstance(node, YMap):
        return []
    return [k.text for k, _ in node.items if isinstance(k, YScalar)]


def task_file(directory: Path, name: str) -> Path | None:
    if name == "main":
        return main_file(directory)
    for candidate in (name, f"{name}.yml", f"{name}.yaml"):
        if is_file(directory / candidate):
            return directory / candidate
    return None


def variables_of(node: YNode | None, origin: str) -> dict[str, Bound]:
    found: dict[str, Bound] = {}
    # Old playbooks write vars as a list of mappings.
    for mapping in node.items if isinstance(node, YSeq) else (node,):
        if isinstance(mapping, YMap):
            for key, value in mapping.items:
                if isinstance(key, YScalar):
                    found[key.text] = Bound(node=value, origin=origin)
    return found


def module_defaults_of(holder: YMap) -> tuple[YNode, ...]:
    node = holder.get("module_defaults")
    if isinstance(node, YSeq):
        return node.items
    return (node,) if node is not None else ()


def items_of(node: YNode | None) -> tuple[YNode, ...]:
    return node.items if isinstance(node, YSeq) else ()


def static(node: YNode | None) -> bool:
    return isinstance(node, YScalar) and node.tag == "str" and "{{" not in node.text


def where(node: YNode) -> str:
    return f"{node.span.path}:{node.span.line}"


def is_playbook(root: YNode | None) -> bool:
    return isinstance(root, YSeq) and any(
        isinstance(p, YMap) and any(p.get(k) is not None for k in PLAY_KEYS) for p in root.items
    )
