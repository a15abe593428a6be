"""Which files the Ansible source claims, and what a claimed file that is broken, templated
or unrelated comes to."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.ansible import source
from imagelint.files import Scope
from tests.sources.ansible_support import (
    JAMMY_PAR1_LOCAL,
    MAX_BYTES,
    candidate,
    playbook,
    read_project,
    server,
)

USES = server(image=JAMMY_PAR1_LOCAL, commercial_type="DEV1-S", region="par1")
APT = "- name: install\n  ansible.builtin.apt:\n    name: nginx\n"

DETECTION = [
    ("playbook-fqcn", "site.yml", playbook(USES), True),
    (
        "role-tasks-short-name",
        "roles/web/tasks/main.yml",
        USES.replace("community.general.", ""),
        True,
    ),
    ("yaml-suffix", "deploy.yaml", playbook(USES), True),
    ("late-in-a-long-file", "site.yml", playbook(APT * 300 + USES), True),
    ("group-vars", "group_vars/all.yml", "region: par1\n", True),
    ("group-vars-directory", "group_vars/all/scaleway.yml", "region: par1\n", True),
    ("role-defaults", "roles/web/defaults/main.yml", "server_type: DEV1-S\n", True),
    ("role-vars", "roles/web/vars/main.yml", "server_type: DEV1-S\n", True),
    ("playbook-without-the-module", "site.yml", playbook(APT), False),
    (
        "info-module-only",
        "site.yml",
        playbook("- community.general.scaleway_compute_info:\n"),
        False,
    ),
    (
        "private-network-module",
        "net.yml",
        "- community.general.scaleway_compute_private_network: {}\n",
        False,
    ),
    ("kubernetes", "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n", False),
    ("jinja-template-suffix", "site.yml.j2", playbook(USES), False),
    ("json", "site.json", '{"scaleway_compute": 1}', False),
    ("hidden", ".site.yml", playbook(USES), False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"),
    [c[1:] for c in DETECTION],
    ids=[c[0] for c in DETECTION],
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=MAX_BYTES)
    assert (source.wants(path.name) and source.detect(candidate(path, scope))) is claimed


NOT_MINE = [
    # Claimed by content or place, then found to hold no server definition.
    ("module-named-in-a-comment", {"site.yml": "# uses scaleway_compute later\n" + playbook(APT)}),
    ("not-ansible-yaml", {"notes.yml": "description: a scaleway_compute wrapper\n"}),
    (
        "vars-of-a-project-without-servers",
        {"site.yml": playbook(APT), "group_vars/all.yml": "a: 1\n"},
    ),
    (
        "only-absent-servers",
        {"site.yml": playbook(USES.replace("    image:", "    state: absent\n    image:"))},
    ),
]


@pytest.mark.parametrize("files", [c[1] for c in NOT_MINE], ids=[c[0] for c in NOT_MINE])
def test_claimed_files_without_servers_are_not_mine(tmp_path: Path, files: dict[str, str]) -> None:
    result = read_project(tmp_path, files, given=list(files))
    assert (result.instances, result.errors, result.notices) == ((), (), ())
    assert set(result.not_mine) == set(files)


def test_malformed_yaml_in_a_playbook_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = playbook(USES) + "    tags: [web\n  post_tasks: []\n"
    result = read_project(tmp_path, {"site.yml": text})
    assert result.instances == ()
    assert [(e.path, e.line) for e in result.errors] == [("site.yml", 9)]
    assert "invalid YAML" in result.errors[0].message


def test_a_broken_variable_file_is_an_error_and_its_playbook_still_read(tmp_path: Path) -> None:
    files = {
        "site.yml": playbook(
            server(image="'{{ image_id }}'", commercial_type="DEV1-S", region="par1")
        ),
        "group_vars/all.yml": "image_id: [unclosed\n",
    }
    result = read_project(tmp_path, files)
    assert [(e.path, e.line) for e in result.errors] == [("group_vars/all.yml", 2)]
    assert [i.address for i in result.instances] == ['site.yml: task "create"']
    assert result.instances[0].values["image"].kind == "no-value"


def test_a_jinja_template_that_is_not_yaml_is_a_notice(tmp_path: Path) -> None:
    text = (
        "{% for name in servers %}\n"
        "- community.general.scaleway_compute:\n"
        "    name: {{ name }}\n"
        "{% endfor %}\n"
    )
    result = read_project(tmp_path, {"roles/fleet/templates/tasks.yml": text})
    assert (result.instances, result.errors) == ((), ())
    assert result.notices == (
        "roles/fleet/templates/tasks.yml: a template that is not YAML until rendered: not checked",
    )


def test_unquoted_jinja_at_a_value_start_is_an_error_as_ansible_says(tmp_path: Path) -> None:
    # `image: {{ x }}` is a YAML flow mapping: Ansible refuses the file too.
    text = playbook(server(image="{{ image_id }}", commercial_type="DEV1-S", region="par1"))
    result = read_project(tmp_path, {"site.yml": text})
    assert [(e.path, e.line, e.column) for e in result.errors] == [("site.yml", 6, 17)]
    assert "must be quoted" in result.errors[0].message
    assert (result.instances, result.notices) == ((), ())


ODD_SHAPES = [
    # Files Ansible itself would refuse or read differently: never a crash, never a guess.
    ("plays-are-strings", "- site\n- scaleway_compute\n", 0),
    ("tasks-is-a-string", "- hosts: all\n  tasks: scaleway_compute\n", 0),
    ("task-is-a-list", "- hosts: all\n  tasks:\n    - [scaleway_compute]\n", 0),
    (
        "vars-is-a-string",
        "- hosts: all\n  vars: x\n  tasks:\n"
        + "".join("    " + line + "\n" for line in USES.splitlines()),
        1,
    ),
    (
        "module-defaults-is-a-string",
        "- hosts: all\n  module_defaults: x\n  tasks:\n"
        + "".join("    " + line + "\n" for line in USES.splitlines()),
        1,
    ),
    ("roles-entry-without-name", "- hosts: all\n  roles:\n    - {when: x}\n    - 7\n", 0),
    (
        "loop-over-a-number",
        "- hosts: all\n  tasks:\n"
        + "".join("    " + line + "\n" for line in (USES + "  loop: 5\n").splitlines()),
        1,
    ),
    (
        "unhashable-key",
        "- hosts: all\n  tasks:\n    - {[a]: 1, scaleway_compute: {}}\n",
        0,  # Ansible refuses the file: an error with its line
    ),
    ("include-of-a-directory", "- hosts: all\n  tasks:\n    - include_tasks: .\n", 0),
    ("empty-file", "", 0),
    ("document-is-a-scalar", "scaleway_compute\n", 0),
]


@pytest.mark.parametrize(
    ("text", "count"), [c[1:] for c in ODD_SHAPES], ids=[c[0] for c in ODD_SHAPES]
)
def test_odd_shapes_are_read_without_a_crash(tmp_path: Path, text: str, count: int) -> None:
    result = read_project(tmp_path, {"site.yml": text}, given=["site.yml"])
    assert len(result.instances) == count
    assert all(e.path == "site.yml" for e in result.errors)
