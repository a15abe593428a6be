"""scaleway_compute tasks as instances: where they are found, their parameters after
module_defaults, loops and addresses, and the module's resolution model."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.ansible.model import MODEL, PHRASING, REGIONS
from tests.sources.ansible_support import (
    JAMMY_PAR1_LOCAL,
    only,
    playbook,
    read_project,
    server,
    shown,
    where,
)

FULL = {"image": JAMMY_PAR1_LOCAL, "commercial_type": "DEV1-S", "region": "par1"}
TASK = server(**FULL)


def indent(text: str, spaces: int = 4) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


MODULE_NAMES = [
    ("short", "scaleway_compute", 1),
    ("fqcn", "community.general.scaleway_compute", 1),
    ("collection-1x-path", "community.general.cloud.scaleway.scaleway_compute", 1),
    ("builtin-redirect", "ansible.builtin.scaleway_compute", 1),
    ("info-module", "community.general.scaleway_compute_info", 0),
    ("other-collection", "other.collection.scaleway_compute", 0),
]


@pytest.mark.parametrize(
    ("module", "count"), [c[1:] for c in MODULE_NAMES], ids=[c[0] for c in MODULE_NAMES]
)
def test_module_names(tmp_path: Path, module: str, count: int) -> None:
    text = playbook(TASK.replace("community.general.scaleway_compute", module))
    assert len(read_project(tmp_path, {"site.yml": text}).instances) == count


WHERE_TASKS_ARE = [
    ("tasks", playbook(TASK)),
    ("pre-tasks", playbook("[]", play="pre_tasks:\n" + indent(TASK, 2))),
    ("post-tasks", playbook("[]", play="post_tasks:\n" + indent(TASK, 2))),
    ("handlers", playbook("[]", play="handlers:\n" + indent(TASK, 2))),
    ("block", playbook("- block:\n" + indent(TASK))),
    ("rescue", playbook("- block: []\n  rescue:\n" + indent(TASK))),
    ("always", playbook("- block: []\n  always:\n" + indent(TASK))),
    ("second-play", playbook("[]\n") + playbook(TASK)),
]


@pytest.mark.parametrize(
    "text", [c[1] for c in WHERE_TASKS_ARE], ids=[c[0] for c in WHERE_TASKS_ARE]
)
def test_tasks_in_every_list_of_a_play(tmp_path: Path, text: str) -> None:
    instance = only(read_project(tmp_path, {"site.yml": text}))
    assert {k: shown(v) for k, v in instance.values.items()} == {
        "image": JAMMY_PAR1_LOCAL,
        "type": "DEV1-S",
        "zone": "par1",
    }


INCLUDES = [
    ("include-tasks", {"tasks/servers.yml": TASK}, "- include_tasks: tasks/servers.yml\n"),
    (
        "import-tasks-fqcn",
        {"tasks/servers.yml": TASK},
        "- ansible.builtin.import_tasks:\n    file: tasks/servers.yml\n",
    ),
    ("include-role", {"roles/srv/tasks/main.yml": TASK}, "- include_role: {name: srv}\n"),
    (
        "role-dependency",
        {
            "roles/srv/tasks/main.yml": TASK,
            "roles/app/meta/main.yml": "dependencies:\n  - role: srv\n",
            "roles/app/tasks/main.yml": "- ansible.builtin.ping:\n",
        },
        "- include_role: {name: app}\n",
    ),
    (
        "import-role-tasks-from",
        {"roles/srv/tasks/make.yml": TASK, "roles/srv/tasks/main.yml": "[]"},
        "- ansible.builtin.import_role: {name: srv, tasks_from: make}\n",
    ),
]


@pytest.mark.parametrize(
    ("files", "tasks"), [c[1:] for c in INCLUDES], ids=[c[0] for c in INCLUDES]
)
def test_static_includes_are_followed(tmp_path: Path, files: dict[str, str], tasks: str) -> None:
    result = read_project(tmp_path, {**files, "site.yml": playbook(tasks)}, given=["site.yml"])
    instance = only(result)
    assert instance.address == 'site.yml: task "create"'
    assert instance.span.path == next(iter(files))


def test_an_include_cycle_ends(tmp_path: Path) -> None:
    files = {"tasks/a.yml": "- include_tasks: a.yml\n" + TASK}
    site = playbook("- include_tasks: tasks/a.yml\n")
    result = read_project(tmp_path, {**files, "site.yml": site})
    # One task reached at every level down to the bound: the same instance, read once.
    assert [i.address for i in result.instances] == ['site.yml: task "create"']


def test_includes_that_multiply_are_bounded(tmp_path: Path) -> None:
    files = {"tasks/a.yml": "- include_tasks: a.yml\n- include_tasks: a.yml\n" + TASK}
    site = playbook("- include_tasks: tasks/a.yml\n")
    result = read_project(tmp_path, {**files, "site.yml": site})
    assert [(e.path, e.line) for e in result.errors] == [("site.yml", 1)]
    assert "more than 20,000 tasks" in result.errors[0].message


def test_a_role_in_two_plays_is_told_apart_by_the_play(tmp_path: Path) -> None:
    role = server(image="x", commercial_type="'{{ t }}'", region="par1")
    plays = "".join(
        f"- name: {name}\n  hosts: localhost\n  roles:\n    - {{role: srv, t: {t}}}\n"
        for name, t in (("web", "DEV1-S"), ("db", "GP1-S"), ("again", "DEV1-S"))
    )
    files = {"roles/srv/tasks/main.yml": role, "site.yml": plays}
    result = read_project(tmp_path, files)
    assert [(i.address, shown(i.values["type"])) for i in result.instances] == [
        ('site.yml: task "create"', "DEV1-S"),
        ('site.yml: task "create" in play "db"', "GP1-S"),
        # Written again in another play: findings would point there.
        ('site.yml: task "create" in play "again"', "DEV1-S"),
    ]


DEFAULTS = [
    (
        "module-entry",
        "module_defaults:\n  community.general.scaleway_compute: {region: par2}\n",
        "par2",
    ),
    ("short-name-entry", "module_defaults:\n  scaleway_compute: {region: par2}\n", "par2"),
    (
        "action-group",
        "module_defaults:\n  group/community.general.scaleway: {region: ams1}\n",
        "ams1",
    ),
    (
        "module-over-group",
        "module_defaults:\n  scaleway_compute: {region: par2}\n"
        "  group/community.general.scaleway: {region: ams1}\n",
        "par2",
    ),
    (
        "templated",
        "vars: {r: waw1}\nmodule_defaults:\n  scaleway_compute: {region: '{{ r }}'}\n",
        "waw1",
    ),
    (
        "list-form",
        "module_defaults:\n  - scaleway_compute: {region: par2}\n",
        "par2",
    ),
    ("other-module-only", "module_defaults:\n  scaleway_ip: {region: par2}\n", "?missing"),
]


@pytest.mark.parametrize(
    ("play", "expected"), [c[1:] for c in DEFAULTS], ids=[c[0] for c in DEFAULTS]
)
def test_module_defaults(tmp_path: Path, play: str, expected: str) -> None:
    task = server(image=JAMMY_PAR1_LOCAL, commercial_type="DEV1-S")
    value = only(read_project(tmp_path, {"site.yml": playbook(task, play=play)})).values["zone"]
    if expected == "?missing":
        assert value.kind == "no-value" and "requires region" in str(value.reason)
    else:
        assert shown(value) == expected
        assert [h.message for h in value.chain][:1] == ["module_defaults region"]


def test_task_parameters_and_inner_defaults_win(tmp_path: Path) -> None:
    play = "module_defaults:\n  scaleway_compute: {region: par2, commercial_type: GP1-S}\n"
    inner = (
        "- block:\n"
        + indent(server(image="x", region="ams1"))
        + ("  module_defaults:\n    scaleway_compute: {commercial_type: DEV1-L}\n")
    )
    values = only(read_project(tmp_path, {"site.yml": playbook(inner, play=play)})).values
    # An inner module_defaults entry replaces the outer one whole, as Ansible merges them.
    assert (shown(values["type"]), shown(values["zone"])) == ("DEV1-L", "ams1")


MISSING = [
    ("region", {"image": "x", "commercial_type": "DEV1-S"}, "zone"),
    ("image", {"commercial_type": "DEV1-S", "region": "par1"}, "image"),
    ("commercial_type", {"image": "x", "region": "par1"}, "type"),
]


@pytest.mark.parametrize(
    ("params", "attribute"), [c[1:] for c in MISSING], ids=[c[0] for c in MISSING]
)
def test_missing_required_parameters(
    tmp_path: Path, params: dict[str, str], attribute: str
) -> None:
    instance = only(read_project(tmp_path, {"site.yml": playbook(server(**params))}))
    value = instance.values[attribute]
    parameter = PHRASING.name(attribute)
    assert value.reason == (
        f"community.general.scaleway_compute requires {parameter} (the module fails with "
        f'"missing required arguments: {parameter}")'
    )
    assert value.span == instance.span


def test_default_omit_leaves_a_required_parameter_missing(tmp_path: Path) -> None:
    task = server(image="x", commercial_type="DEV1-S", region="'{{ r | default(omit) }}'")
    value = only(read_project(tmp_path, {"site.yml": playbook(task)})).values["zone"]
    assert "requires region" in str(value.reason)


OPAQUE = [
    (
        "free-form",
        "- scaleway_compute: image=x commercial_type=DEV1-S region=par1\n",
        "free-form module arguments (name=value) are not read",
    ),
    (
        "one-template",
        "- scaleway_compute: '{{ spec }}'\n",
        "module arguments given as one template (`{{ spec }}`) are not evaluated",
    ),
    (
        "args-template",
        "- scaleway_compute:\n  args: '{{ spec }}'\n",
        "args given as one template (`{{ spec }}`) are not evaluated",
    ),
]


@pytest.mark.parametrize(("task", "reason"), [c[1:] for c in OPAQUE], ids=[c[0] for c in OPAQUE])
def test_arguments_not_written_one_by_one_are_not_read(
    tmp_path: Path, task: str, reason: str
) -> None:
    values = only(read_project(tmp_path, {"site.yml": playbook(task)})).values
    assert {(v.reason, v.kind) for v in values.values()} == {(reason, "unsupported")}


STATES = [("present", 1), ("running", 1), ("stopped", 1), ("absent", 0), ("'{{ s }}'", 0)]


@pytest.mark.parametrize(("state", "count"), STATES, ids=[s for s, _ in STATES])
def test_absent_tasks_define_no_server(tmp_path: Path, state: str, count: int) -> None:
    text = playbook(server(state=state, **FULL), play="vars: {s: absent}\n")
    assert len(read_project(tmp_path, {"site.yml": text}).instances) == count


LOOPS = [
    (
        "literal-loop",
        "loop: [web-1, web-2]\n",
        "'{{ item }}'",
        {"[web-1]": "web-1", "[web-2]": "web-2"},
    ),
    (
        "with-items-flattens",
        "with_items: [[a, b], c]\n",
        "'{{ item }}'",
        {"[a]": "a", "[b]": "b", "[c]": "c"},
    ),
    ("with-list", "with_list: [a]\n", "'{{ item }}'", {"[a]": "a"}),
    (
        "items-are-mappings",
        "loop:\n  - {name: web, type: DEV1-S}\n  - {name: db, type: GP1-S}\n",
        "'{{ item.type }}'",
        {"[web]": "DEV1-S", "[db]": "GP1-S"},
    ),
    (
        "loop-var",
        "loop: [x]\nloop_control: {loop_var: size}\n",
        "'{{ size }}'",
        {"[x]": "x"},
    ),
    ("over-a-variable", "loop: '{{ sizes }}'\n", "'{{ item }}'", {"[S]": "S", "[M]": "M"}),
    (
        "over-an-unknown",
        "loop: \"{{ lookup('file', 'x') }}\"\n",
        "'{{ item }}'",
        {
            "": "?item comes from a loop imagelint cannot resolve: `lookup('file', 'x')` is a "
            "lookup, run on the controller at run time"
        },
    ),
    (
        "with-dict",
        "with_dict: {a: 1}\n",
        "'{{ item }}'",
        {"": "?item comes from `with_dict`, which imagelint does not evaluate"},
    ),
    ("values-without-item-stay-known", "loop: '{{ nope }}'\n", "DEV1-S", {"": "DEV1-S"}),
]


@pytest.mark.parametrize(
    ("loop", "written", "expected"), [c[1:] for c in LOOPS], ids=[c[0] for c in LOOPS]
)
def test_loops(tmp_path: Path, loop: str, written: str, expected: dict[str, str]) -> None:
    task = server(image="x", commercial_type=written, region="par1") + indent(loop, 2)
    files = {"site.yml": playbook(task), "group_vars/all.yml": "sizes: [S, M]\n"}
    result = read_project(tmp_path, files)
    got = {
        i.address.removeprefix('site.yml: task "create"'): shown(i.values["type"])
        for i in result.instances
    }
    assert got == expected


def test_a_loop_item_points_at_the_item(tmp_path: Path) -> None:
    task = (
        server(image="x", commercial_type="'{{ item }}'", region="par1") + "  loop:\n    - DEV1-S\n"
    )
    value = read_project(tmp_path, {"site.yml": playbook(task)}).instances[0].values["type"]
    assert where(value) == ("site.yml", 10, 11)
    assert value.origin == "loop item"


def test_addresses(tmp_path: Path) -> None:
    unnamed = TASK.replace("- name: create\n  ", "- ")
    text = playbook("- ansible.builtin.ping:\n" + TASK + unnamed)
    result = read_project(tmp_path, {"site.yml": text})
    assert [(i.address, i.span.line, i.span.column) for i in result.instances] == [
        ('site.yml: task "create"', 6, 7),
        ("site.yml: task #3 (community.general.scaleway_compute)", 10, 7),
    ]


def test_region_is_kept_as_written_for_the_model_to_map(tmp_path: Path) -> None:
    task = server(image="x", commercial_type="DEV1-S", region="EMEA-FR-PAR1")
    instance = only(read_project(tmp_path, {"site.yml": playbook(task)}))
    assert shown(instance.values["zone"]) == "EMEA-FR-PAR1"
    assert instance.model is MODEL and instance.phrasing is PHRASING
    assert "volume_type" not in instance.values


def test_the_model_is_the_modules() -> None:
    # community.general 11.2.0+ plugins/module_utils/scaleway.py SCALEWAY_LOCATION.
    assert dict(REGIONS) == {
        "par1": "fr-par-1",
        "EMEA-FR-PAR1": "fr-par-1",
        "par2": "fr-par-2",
        "EMEA-FR-PAR2": "fr-par-2",
        "par3": "fr-par-3",
        "ams1": "nl-ams-1",
        "EMEA-NL-EVS": "nl-ams-1",
        "ams2": "nl-ams-2",
        "ams3": "nl-ams-3",
        "waw1": "pl-waw-1",
        "EMEA-PL-WAW1": "pl-waw-1",
        "waw2": "pl-waw-2",
        "waw3": "pl-waw-3",
    }
    assert MODEL.zone_names == REGIONS
    assert (MODEL.accepts_labels, MODEL.rewrite_dashes, MODEL.strip_zone_prefix) == (
        False,
        False,
        False,
    )
    assert MODEL.default_image_type == "unknown_type"
    assert "community.general" in MODEL.name
    assert [PHRASING.setting(a, "v") for a in ("image", "type", "zone")] == [
        "image: v",
        "commercial_type: v",
        "region: v",
    ]
