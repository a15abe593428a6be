"""Where a scaleway_compute parameter's value comes from: each variable source Ansible
reads statically, their precedence, the Jinja imagelint evaluates, and why the rest is
unresolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.ansible import source
from imagelint.files import Scope
from imagelint.source_api import ReadContext
from tests.sources.ansible_support import JAMMY_PAR1_LOCAL as JAMMY
from tests.sources.ansible_support import (
    MAX_BYTES,
    candidate,
    only,
    playbook,
    read_project,
    server,
    shown,
    where,
    write,
)

# The task reads `commercial_type: "{{ t }}"`; each case defines t in some places.
USES_T = server(image="x", commercial_type="'{{ t }}'", region="par1")
ROLE_TASK = {"roles/srv/tasks/main.yml": USES_T}
ROLE_PLAY = "roles: [srv]\n"

PRECEDENCE = [
    ("group-vars-all", {"group_vars/all.yml": "t: GV\n"}, "", USES_T, "GV"),
    ("group-vars-all-yaml", {"group_vars/all.yaml": "t: GV\n"}, "", USES_T, "GV"),
    ("group-vars-all-directory", {"group_vars/all/scw.yml": "t: GVD\n"}, "", USES_T, "GVD"),
    (
        "playbook-group-vars-over-inventory",
        {"inventory/group_vars/all.yml": "t: INV\n", "group_vars/all.yml": "t: PB\n"},
        "",
        USES_T,
        "PB",
    ),
    (
        "inventory-group-vars-from-ansible-cfg",
        {
            "ansible.cfg": "[defaults]\ninventory = hosts/prod.ini\n",
            "hosts/prod.ini": "[web]\n",
            "hosts/group_vars/all.yml": "t: INV\n",
        },
        "",
        USES_T,
        "INV",
    ),
    (
        "inventory-file-at-the-root-of-a-playbooks-directory",
        {"hosts.ini": "[web]\n", "group_vars/all.yml": "t: ROOT\n", "roles/.keep": ""},
        "",
        USES_T,
        "ROOT",
    ),
    (
        "play-vars-over-group-vars",
        {"group_vars/all.yml": "t: GV\n"},
        "vars: {t: PLAY}\n",
        USES_T,
        "PLAY",
    ),
    ("play-vars-list-form", {}, "vars:\n  - t: OLD\n", USES_T, "OLD"),
    (
        "vars-files-over-play-vars",
        {"vars/scw.yml": "t: VF\n"},
        "vars: {t: PLAY}\nvars_files: [vars/scw.yml]\n",
        USES_T,
        "VF",
    ),
    (
        "vars-files-first-found",
        {"vars/common.yml": "t: COMMON\n"},
        "vars_files:\n  - [vars/missing.yml, vars/common.yml]\n",
        USES_T,
        "COMMON",
    ),
    ("task-vars-over-play-vars", {}, "vars: {t: PLAY}\n", USES_T + "  vars: {t: TASK}\n", "TASK"),
    (
        "block-vars",
        {},
        "vars: {t: PLAY}\n",
        "- block:\n"
        + "\n".join("    " + line for line in USES_T.splitlines())
        + "\n  vars: {t: BLOCK}\n",
        "BLOCK",
    ),
    (
        "role-defaults",
        {**ROLE_TASK, "roles/srv/defaults/main.yml": "t: RD\n"},
        ROLE_PLAY,
        "[]",
        "RD",
    ),
    (
        "group-vars-over-role-defaults",
        {**ROLE_TASK, "roles/srv/defaults/main.yml": "t: RD\n", "group_vars/all.yml": "t: GV\n"},
        ROLE_PLAY,
        "[]",
        "GV",
    ),
    (
        "role-vars-over-play-vars",
        {**ROLE_TASK, "roles/srv/vars/main.yml": "t: RV\n"},
        ROLE_PLAY + "vars: {t: PLAY}\n",
        "[]",
        "RV",
    ),
    (
        "role-params-over-role-vars",
        {**ROLE_TASK, "roles/srv/vars/main.yml": "t: RV\n"},
        "roles:\n  - role: srv\n    t: PARAM\n",
        "[]",
        "PARAM",
    ),
    (
        "group-of-the-play-hosts",
        {"group_vars/all.yml": "t: GV\n", "group_vars/web.yml": "t: WEB\n"},
        "",
        USES_T,
        "WEB",
    ),
    (
        "group-of-other-hosts-is-not-guessed",
        {"group_vars/all.yml": "t: GV\n", "group_vars/db.yml": "t: DB\n"},
        "",
        USES_T,
        "?t is set in group_vars/db.yml, for some hosts only: imagelint does not read which "
        "hosts a play runs on",
    ),
    (
        "host-vars-are-not-guessed",
        {"host_vars/web1.yml": "t: HOST\n"},
        "vars: {}\n",
        USES_T,
        "?t is set in host_vars/web1.yml, for some hosts only: imagelint does not read which "
        "hosts a play runs on",
    ),
]


@pytest.mark.parametrize(
    ("files", "play", "tasks", "expected"),
    [c[1:] for c in PRECEDENCE],
    ids=[c[0] for c in PRECEDENCE],
)
def test_variable_sources_and_precedence(
    tmp_path: Path, files: dict[str, str], play: str, tasks: str, expected: str
) -> None:
    text = playbook(tasks, play=play).replace("hosts: localhost", "hosts: web")
    # A playbook in playbooks/ of a project with an inventory file at its root.
    name = "playbooks/site.yml" if "hosts.ini" in files else "site.yml"
    instance = only(read_project(tmp_path, {**files, name: text}))
    assert shown(instance.values["type"]) == expected


JINJA = [
    ("literal", "DEV1-S", "", "DEV1-S"),
    ("variable", "'{{ t }}'", "t: DEV1-M", "DEV1-M"),
    ("no-spaces", "'{{t}}'", "t: DEV1-M", "DEV1-M"),
    ("dotted", "'{{ sizes.web }}'", "sizes: {web: GP1-S}", "GP1-S"),
    ("bracket", "\"{{ sizes['web'] }}\"", "sizes: {web: GP1-S}", "GP1-S"),
    ("index", "'{{ sizes[1] }}'", "sizes: [DEV1-S, DEV1-L]", "DEV1-L"),
    ("nested-variables", "'{{ a }}'", "a: '{{ b.c }}'\nb: {c: DEV1-XL}", "DEV1-XL"),
    ("mixed-text", "'DEV1-{{ size }}'", "size: L", "DEV1-L"),
    ("two-expressions", "'{{ f }}-{{ s }}'", "f: GP1\ns: XS", "GP1-XS"),
    ("number-in-text", "'X-{{ n }}'", "n: 2", "X-2"),
    ("default-undefined", "\"{{ t | default('DEV1-S') }}\"", "", "DEV1-S"),
    ("default-defined", "\"{{ t | default('DEV1-S') }}\"", "t: GP1-M", "GP1-M"),
    ("default-with-a-comma", "\"{{ t | default('a,b') }}\"", "", "a,b"),
    ("default-of-empty", "\"{{ t | default('DEV1-S') }}\"", "t: ''", ""),
    ("default-of-empty-when-false", "\"{{ t | default('DEV1-S', true) }}\"", "t: ''", "DEV1-S"),
    ("default-when-false-keeps-a-value", "\"{{ t | default('X', true) }}\"", "t: GP1-S", "GP1-S"),
    ("whitespace-control", "'{{- t -}}'", "t: DEV1-M", "DEV1-M"),
    ("default-short-form", "\"{{ t | d('DEV1-S') }}\"", "", "DEV1-S"),
    ("default-of-a-missing-key", "\"{{ s.web | default('DEV1-S') }}\"", "s: {}", "DEV1-S"),
    ("string-literal", "\"{{ 'DEV1-S' }}\"", "", "DEV1-S"),
    (
        "undefined",
        "'{{ t }}'",
        "",
        "?t is not defined in play vars, vars_files, role defaults or vars, or group_vars/all "
        "(extra vars and inventory variables are not read)",
    ),
    ("missing-key", "'{{ s.db }}'", "s: {web: X}", "?`s.db`: db is not defined"),
    (
        "lookup",
        "\"{{ lookup('env', 'TYPE') }}\"",
        "",
        "?`lookup('env', 'TYPE')` is a lookup, run on the controller at run time",
    ),
    (
        "query",
        "\"{{ query('x') | first }}\"",
        "",
        "?the Jinja filter `first` in `{{ query('x') | first }}` is not evaluated",
    ),
    (
        "other-filter",
        "'{{ t | upper }}'",
        "t: dev1-s",
        "?the Jinja filter `upper` in `{{ t | upper }}` is not evaluated",
    ),
    (
        "default-of-a-variable",
        "'{{ t | default(u) }}'",
        "",
        "?default(u) in `{{ t | default(u) }}` is not a literal",
    ),
    (
        "statement",
        "'{% if x %}DEV1-S{% endif %}'",
        "",
        "?Jinja statements ({% %}) are not evaluated",
    ),
    ("arithmetic", "'{{ a ~ b }}'", "", "?the Jinja expression `a ~ b` is not evaluated"),
    (
        "magic-variable",
        "'{{ inventory_hostname }}'",
        "",
        "?inventory_hostname is a fact or magic variable, known only at run time",
    ),
    (
        "fact",
        "'{{ ansible_hostname }}'",
        "",
        "?ansible_hostname is a fact or magic variable, known only at run time",
    ),
    (
        "cycle",
        "'{{ a }}'",
        "a: '{{ b }}'\nb: '{{ a }}'",
        "?a refers to itself through other variables",
    ),
    (
        "deep-chain",
        "'{{ v0 }}'",
        "\n".join(f"v{i}: '{{{{ v{i + 1} }}}}'" for i in range(30)) + "\nv30: X",
        "?v20 is nested more than 20 variables deep",
    ),
    (
        "doubling-text",
        "'{{ v0 }}'",
        "\n".join(f"v{i}: '{{{{ v{i + 1} }}}}{{{{ v{i + 1} }}}}'" for i in range(19)) + "\nv19: X",
        "?the rendered text is longer than 4096 characters",
    ),
    ("mapping-value", "'{{ s }}'", "s: {web: X}", "?commercial_type is a mapping"),
]


@pytest.mark.parametrize(
    ("written", "variables", "expected"), [c[1:] for c in JINJA], ids=[c[0] for c in JINJA]
)
def test_jinja(tmp_path: Path, written: str, variables: str, expected: str) -> None:
    files = {
        "site.yml": playbook(server(image="x", commercial_type=written, region="par1")),
        "group_vars/all.yml": variables + "\n",
    }
    assert shown(only(read_project(tmp_path, files)).values["type"]) == expected


RUN_TIME = [
    (
        "set-fact-before",
        "- ansible.builtin.set_fact: {t: DEV1-S}\n" + USES_T,
        "?t is set by set_fact at site.yml:4 (run time)",
    ),
    ("set-fact-after-does-not-matter", USES_T + "- set_fact: {t: X}\n", "GV"),
    (
        "registered",
        "- command: echo DEV1-S\n  register: t\n" + USES_T,
        "?t is registered by the task at site.yml:5",
    ),
]


@pytest.mark.parametrize(
    ("tasks", "expected"), [c[1:] for c in RUN_TIME], ids=[c[0] for c in RUN_TIME]
)
def test_run_time_variables(tmp_path: Path, tasks: str, expected: str) -> None:
    files = {"site.yml": playbook(tasks), "group_vars/all.yml": "t: GV\n"}
    assert shown(only(read_project(tmp_path, files)).values["type"]) == expected


def test_the_span_is_where_the_value_was_written_and_the_chain_leads_there(tmp_path: Path) -> None:
    files = {
        "site.yml": playbook(
            server(image="'{{ image }}'", commercial_type="DEV1-S", region="par1")
        ),
        "group_vars/all.yml": f"image: '{{{{ images.jammy }}}}'\nimages:\n  jammy: {JAMMY}\n",
    }
    value = only(read_project(tmp_path, files)).values["image"]
    assert where(value) == ("group_vars/all.yml", 3, 10)
    assert value.origin == "group_vars/all.yml"
    assert [(h.span.path, h.span.line, h.span.column, h.message) for h in value.chain] == [
        ("site.yml", 6, 16, "{{ image }}"),
        ("group_vars/all.yml", 1, 8, "{{ images.jammy }}"),
    ]


def test_mixed_text_points_at_the_template_and_lists_the_variables(tmp_path: Path) -> None:
    files = {
        "site.yml": playbook(server(image="x", commercial_type="'DEV1-{{ size }}'", region="par1")),
        "group_vars/all.yml": "size: L\n",
    }
    value = only(read_project(tmp_path, files)).values["type"]
    assert where(value) == ("site.yml", 7, 26)
    assert [(h.span.path, h.span.line, h.message) for h in value.chain] == [
        ("group_vars/all.yml", 1, "size = L")
    ]


def test_role_default_is_read_when_only_the_defaults_file_is_given(tmp_path: Path) -> None:
    # A pre-commit call on a role's defaults: the playbook using the role is read.
    files = {
        **ROLE_TASK,
        "roles/srv/defaults/main.yml": "t: RD\n",
        "site.yml": playbook("[]", play=ROLE_PLAY),
    }
    result = read_project(tmp_path, files, given=["roles/srv/defaults/main.yml"])
    instance = only(result)
    assert instance.address == 'site.yml: task "create"'
    assert where(instance.values["type"]) == ("roles/srv/defaults/main.yml", 1, 4)
    assert result.not_mine == ()


def test_a_role_no_playbook_uses_is_read_with_its_own_variables(tmp_path: Path) -> None:
    files = {**ROLE_TASK, "roles/srv/defaults/main.yml": "t: RD\n"}
    instance = only(read_project(tmp_path, files, given=["roles/srv/tasks/main.yml"]))
    assert instance.address == 'roles/srv/tasks/main.yml: task "create"'
    assert shown(instance.values["type"]) == "RD"


HOSTS = [
    ("localhost-host-vars", "localhost", {"host_vars/localhost.yml": "t: LOCAL\n"}, "LOCAL"),
    (
        "host-vars-of-another-host",
        "localhost",
        {"host_vars/web1.yml": "t: WEB1\n", "group_vars/all.yml": "t: GV\n"},
        "?t is set in host_vars/web1.yml, for some hosts only: imagelint does not read which "
        "hosts a play runs on",
    ),
    ("all-hosts", "all", {"group_vars/all.yml": "t: GV\n"}, "GV"),
    (
        "a-pattern-is-not-a-group",
        "web:db",
        {"group_vars/web.yml": "t: WEB\n"},
        "?t is set in group_vars/web.yml, for some hosts only: imagelint does not read which "
        "hosts a play runs on",
    ),
]


@pytest.mark.parametrize(
    ("hosts", "files", "expected"), [c[1:] for c in HOSTS], ids=[c[0] for c in HOSTS]
)
def test_variables_of_the_hosts_a_play_runs_on(
    tmp_path: Path, hosts: str, files: dict[str, str], expected: str
) -> None:
    text = playbook(USES_T).replace("hosts: localhost", f"hosts: '{hosts}'")
    instance = only(read_project(tmp_path, {**files, "site.yml": text}))
    assert shown(instance.values["type"]) == expected


def test_a_prompted_variable_is_known_only_when_the_play_runs(tmp_path: Path) -> None:
    play = "vars_prompt:\n  - name: t\n    prompt: type?\n"
    files = {"site.yml": playbook(USES_T, play=play), "group_vars/all.yml": "t: GV\n"}
    value = only(read_project(tmp_path, files)).values["type"]
    assert (value.reason, value.kind) == (
        "t is asked by vars_prompt when the play runs",
        "apply-time",
    )


PRE_COMMIT = [
    # (what the project holds, the one file given, the address and type expected)
    (
        "inventory-group-vars",
        {
            "inventory/hosts.ini": "[web]\n",
            "inventory/group_vars/all.yml": "t: INV\n",
            "site.yml": playbook(USES_T),
        },
        "inventory/group_vars/all.yml",
        ('site.yml: task "create"', "INV"),
    ),
    (
        "role-in-roles-path-used-by-a-playbook-one-level-down",
        {
            "ansible.cfg": "[defaults]\nroles_path = ansible/roles\n",
            "ansible/roles/srv/tasks/main.yml": USES_T,
            "ansible/roles/srv/defaults/main.yml": "t: RD\n",
            "playbooks/site.yml": playbook("[]", play=ROLE_PLAY),
        },
        "ansible/roles/srv/defaults/main.yml",
        ('playbooks/site.yml: task "create"', "RD"),
    ),
    (
        "included-task-file",
        {
            "tasks/servers.yml": USES_T,
            "site.yml": playbook("- import_tasks: tasks/servers.yml\n", play="vars: {t: PV}\n"),
        },
        "tasks/servers.yml",
        ('site.yml: task "create"', "PV"),
    ),
]


@pytest.mark.parametrize(
    ("files", "given", "expected"), [c[1:] for c in PRE_COMMIT], ids=[c[0] for c in PRE_COMMIT]
)
def test_a_file_given_alone_is_read_through_its_playbooks(
    tmp_path: Path, files: dict[str, str], given: str, expected: tuple[str, str]
) -> None:
    result = read_project(tmp_path, files, given=[given])
    instance = only(result)
    assert (instance.address, shown(instance.values["type"])) == expected
    assert result.not_mine == ()


def test_files_outside_the_checked_paths_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yml").write_text("t: SECRET\n", encoding="utf-8")
    project = tmp_path / "project"
    files = {"site.yml": playbook(USES_T, play="vars_files: [../secret.yml]\n")}
    write(project, files)
    (project / "group_vars").mkdir()
    (project / "group_vars" / "all.yml").symlink_to(tmp_path / "secret.yml")
    scope = Scope([project], cwd=project, max_file_bytes=MAX_BYTES)
    context = ReadContext(cwd=project, env={}, home=None, scope=scope)
    result = source.read([candidate(project / "site.yml", scope)], context)
    assert "SECRET" not in repr(result)
    assert result.instances[0].values["type"].kind == "no-value"
    assert sorted(scope.warnings) == [
        f"{project}/../secret.yml: outside the checked paths: not read",
        "group_vars/all.yml: outside the checked paths: not read",
    ]


VAULT_TEXT = "$ANSIBLE_VAULT;1.1;AES256\n  6138383434\n"


def test_a_vault_encrypted_value_is_not_read(tmp_path: Path) -> None:
    files = {
        "site.yml": playbook(USES_T),
        "group_vars/all.yml": f"t: !vault |\n  {VAULT_TEXT}",
    }
    value = only(read_project(tmp_path, files)).values["type"]
    assert (value.reason, value.kind) == (
        "the value is encrypted with ansible-vault, which imagelint does not open",
        "unsupported",
    )
    assert where(value) == ("group_vars/all.yml", 1, 4)


def test_a_vault_encrypted_file_may_hold_any_variable(tmp_path: Path) -> None:
    task = server(image="x", commercial_type="\"{{ t | default('DEV1-S') }}\"", region="par1")
    files = {"site.yml": playbook(task), "group_vars/all/vault.yml": VAULT_TEXT}
    value = only(read_project(tmp_path, files)).values["type"]
    assert (value.reason, value.kind) == (
        "t is not defined in the files imagelint reads; it may be in "
        "group_vars/all/vault.yml, encrypted with ansible-vault",
        "unsupported",
    )
