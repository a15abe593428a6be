"""Plan JSON (`terraform show -json plan.out`): instances with their full addresses, values,
zones by the provider's policy, and positions at their "address" entries in the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imagelint.model import LOCAL_IMAGE, Instance, ParseError, Span
from imagelint.terraform.plan_json import is_plan_json, looks_like_plan, read_plan

PLAN_FILE = Path(__file__).parent / "plans" / "app.json"
PLAN_TEXT = PLAN_FILE.read_text(encoding="utf-8")
SHOWN = "plans/app.json"
NOWHERE = Path("/nonexistent")
UUID = "8a1a8d0e-5f4c-4c3e-9d1e-5b7f3a1c2d4e"
APPLY = ("?", "apply-time")


def read(
    text: str = PLAN_TEXT, env: dict[str, str] | None = None, home: Path = NOWHERE
) -> dict[str, Instance]:
    return {i.address: i for i in read_plan(SHOWN, text, env or {}, home)}


def plan_data() -> dict[str, Any]:
    data = json.loads(PLAN_TEXT)
    assert isinstance(data, dict)
    return data


def values_of(instance: Instance) -> dict[str, tuple[str, str]]:
    """name -> (text, origin) of known values, ("?", kind) of unknown ones."""
    return {
        name: (value.text, value.origin) if value.text is not None else ("?", value.kind)
        for name, value in instance.values.items()
    }


# address, kind, values (text and origin, or "?" and the unknown kind), image_from
INSTANCE_CASES = [
    (
        "scaleway_instance_server.web",
        "server",
        {
            "image": ("ubuntu_jammy", "resource"),
            "type": ("DEV1-S", "resource"),
            "volume_type": ("l_ssd", "resource"),
            "zone": ("fr-par-2", "resource"),
        },
        None,
    ),
    (  # the aliased provider's zone; a computed root volume type is no volume type
        "scaleway_instance_server.ams",
        "server",
        {
            "image": ("debian_bookworm", "resource"),
            "type": ("PRO2-XS", "resource"),
            "zone": ("nl-ams-1", "provider zone"),
        },
        None,
    ),
    (
        "scaleway_instance_server.from_lookup",
        "server",
        {
            "image": (f"fr-par-1/{UUID}", "resource"),
            "type": ("PRO2-S", "resource"),
            "zone": ("fr-par-2", "provider zone"),
        },
        "data.scaleway_marketplace_image.jammy",
    ),
    (  # an image and a volume type from resources not created yet
        "scaleway_instance_server.later",
        "server",
        {
            "image": APPLY,
            "type": ("GP1-XS", "resource"),
            "volume_type": APPLY,
            "zone": ("nl-ams-1", "resource"),
        },
        None,
    ),
    (
        'module.app["eu"].scaleway_instance_server.this[0]',
        "server",
        {
            "image": ("ubuntu-noble", "resource"),
            "type": ("DEV1-M", "resource"),
            "volume_type": ("sbs_volume", "resource"),
            "zone": ("fr-par-2", "provider zone"),
        },
        None,
    ),
    (  # a data source read at apply time: in the planned values, defaults filled in
        'module.app["eu"].data.scaleway_marketplace_image.base',
        "image-lookup",
        {
            "image": ("ubuntu_jammy", "resource"),
            "type": ("PRO2-S", "resource"),
            "image_type": ("instance_local", "provider default"),
            "zone": ("fr-par-2", "provider zone"),
        },
        None,
    ),
    (  # two modules deep, given the aliased provider through `providers = {}`
        'module.app["eu"].module.pool[1].scaleway_instance_server.node',
        "server",
        {
            "image": ("rockylinux_9", "resource"),
            "type": ("POP2-2C-8G", "resource"),
            "zone": ("nl-ams-1", "provider zone"),
        },
        None,
    ),
    (  # a data source read during the plan: only in the prior state
        "data.scaleway_marketplace_image.jammy",
        "image-lookup",
        {
            "image": ("ubuntu_jammy", "resource"),
            "type": ("DEV1-S", "resource"),
            "image_type": ("instance_local", "provider default"),
            "zone": ("fr-par-1", "resource"),
        },
        None,
    ),
]


def test_the_instances_of_the_plan_in_file_order() -> None:
    # Not the IP, and not the server of the prior state that the plan destroys.
    assert list(read()) == [case[0] for case in INSTANCE_CASES]


@pytest.mark.parametrize(
    ("address", "kind", "values", "image_from"),
    INSTANCE_CASES,
    ids=[case[0] for case in INSTANCE_CASES],
)
def test_instance(
    address: str, kind: str, values: dict[str, tuple[str, str]], image_from: str | None
) -> None:
    instance = read()[address]
    assert (instance.source, instance.kind, instance.image_from) == ("terraform", kind, image_from)
    assert values_of(instance) == values
    assert instance.deprecated is None


def token_at(text: str, span: Span) -> str:
    assert span.line == span.end_line
    return text.splitlines()[span.line - 1][span.column - 1 : span.end_column - 1]


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(key))


@pytest.mark.parametrize("address", [case[0] for case in INSTANCE_CASES])
def test_instances_point_at_their_address_in_their_section(address: str) -> None:
    instance = read()[address]
    # resource_changes comes first in this file and repeats every address: not those.
    section = "prior_state" if address.startswith("data.") else "planned_values"
    assert instance.span.path == SHOWN
    assert token_at(PLAN_TEXT, instance.span) == json.dumps(address)
    assert instance.span.line > line_of(PLAN_TEXT, f'"{section}"')
    assert all(v.span in (instance.span, None) for v in instance.values.values())


def test_a_position_in_the_file() -> None:
    span = read()["scaleway_instance_server.web"].span
    assert (span.line, span.column, span.end_line, span.end_column) == (116, 22, 116, 52)


def test_positions_in_the_one_line_terraform_writes() -> None:
    text = json.dumps(plan_data(), separators=(",", ":"))
    for address, instance in read(text).items():
        assert instance.span.line == 1
        assert token_at(text, instance.span) == json.dumps(address)


def test_the_model_of_the_plan_constraint() -> None:
    instances = read()
    server = instances["scaleway_instance_server.ams"].model
    lookup = instances["data.scaleway_marketplace_image.jammy"].model
    assert server is not None and lookup is not None
    assert server.name == (
        "the Terraform provider 2.47.x, from `~> 2.47.0` "
        f"(version_constraint of provider scaleway in {SHOWN})"
    )
    # 2.47 asks for SBS images only for an explicit sbs_volume
    assert server.image_type_for(None, "PRO2-XS") == LOCAL_IMAGE
    assert (lookup.rewrite_dashes, lookup.image_type_for("instance_sbs")) == (False, LOCAL_IMAGE)


def test_a_constraint_newer_than_the_known_releases() -> None:
    data = plan_data()
    for entry in data["configuration"]["provider_config"].values():
        entry["version_constraint"] = ">= 9.0"
    model = read(json.dumps(data))["scaleway_instance_server.web"].model
    assert model is not None
    assert "(assumed, as no release of the Scaleway provider satisfies `>= 9.0`" in model.name


def test_the_environment_zone_beats_the_provider_zone() -> None:
    instances = read(env={"SCW_DEFAULT_ZONE": "pl-waw-2"})
    zones = {address: values_of(i)["zone"] for address, i in instances.items()}
    environment = ("pl-waw-2", "SCW_DEFAULT_ZONE")
    assert zones == {
        "scaleway_instance_server.web": ("fr-par-2", "resource"),
        "scaleway_instance_server.ams": environment,
        "scaleway_instance_server.from_lookup": environment,
        "scaleway_instance_server.later": ("nl-ams-1", "resource"),
        'module.app["eu"].scaleway_instance_server.this[0]': environment,
        'module.app["eu"].data.scaleway_marketplace_image.base': environment,
        'module.app["eu"].module.pool[1].scaleway_instance_server.node': environment,
        "data.scaleway_marketplace_image.jammy": ("fr-par-1", "resource"),
    }


def without_default_provider_zone() -> dict[str, Any]:
    data = plan_data()
    del data["configuration"]["provider_config"]["scaleway"]["expressions"]["zone"]
    return data


def test_the_cli_profile_zone_when_no_provider_zone(tmp_path: Path) -> None:
    config = tmp_path / ".config" / "scw" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("default_zone: nl-ams-2\n", encoding="utf-8")
    instance = read(json.dumps(without_default_provider_zone()), home=tmp_path)
    zone = instance["scaleway_instance_server.from_lookup"].values["zone"]
    assert (zone.text, zone.origin) == (
        "nl-ams-2",
        "default_zone of the default scw profile in ~/.config/scw/config.yaml",
    )


def test_the_provider_default_zone_at_last() -> None:
    data = without_default_provider_zone()
    instance = read(json.dumps(data))["scaleway_instance_server.from_lookup"]
    assert values_of(instance)["zone"] == ("fr-par-1", "provider default")


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ({"references": ["var.zone"]}, "unsupported"),  # the plan keeps no provider values
        ({"constant_value": "par1"}, "invalid"),  # the provider refuses a legacy default
        ({"constant_value": 3}, "invalid"),
    ],
)
def test_a_provider_zone_that_gives_no_zone(expression: dict[str, Any], kind: str) -> None:
    data = plan_data()
    data["configuration"]["provider_config"]["scaleway"]["expressions"]["zone"] = expression
    instance = read(json.dumps(data))["scaleway_instance_server.from_lookup"]
    assert values_of(instance)["zone"] == ("?", kind)


def test_without_configuration_the_default_provider_is_inherited() -> None:
    data = plan_data()
    provider_config = data["configuration"]["provider_config"]
    data["configuration"] = {"provider_config": provider_config}
    instance = read(json.dumps(data))[
        'module.app["eu"].module.pool[1].scaleway_instance_server.node'
    ]
    assert values_of(instance)["zone"] == ("fr-par-2", "provider zone")


LEGACY_PLAN: dict[str, Any] = {
    "format_version": "1.2",
    "terraform_version": "1.11.4",
    "planned_values": {
        "root_module": {
            "resources": [
                {
                    "address": "scaleway_server.app",
                    "mode": "managed",
                    "type": "scaleway_server",
                    "name": "app",
                    "provider_name": "registry.terraform.io/scaleway/scaleway",
                    "schema_version": 0,
                    "values": {"image": "ubuntu-bionic", "type": "DEV1-S", "name": "app"},
                    "sensitive_values": {},
                }
            ]
        }
    },
    "configuration": {
        "provider_config": {
            "scaleway": {
                "name": "scaleway",
                "full_name": "registry.terraform.io/scaleway/scaleway",
                "version_constraint": "~> 1.15",
                "expressions": {"region": {"constant_value": "ams1"}},
            }
        },
        "root_module": {
            "resources": [
                {
                    "address": "scaleway_server.app",
                    "mode": "managed",
                    "type": "scaleway_server",
                    "name": "app",
                    "provider_config_key": "scaleway",
                    "expressions": {"image": {"constant_value": "ubuntu-bionic"}},
                    "schema_version": 0,
                }
            ]
        },
    },
}


def test_a_legacy_server() -> None:
    (instance,) = read(json.dumps(LEGACY_PLAN, indent=2)).values()
    assert instance.address == "scaleway_server.app"
    assert instance.deprecated is not None and "removed in provider 2.0" in instance.deprecated
    assert values_of(instance) == {
        "image": ("ubuntu-bionic", "resource"),
        "type": ("DEV1-S", "resource"),
        "zone": ("nl-ams-1", 'provider region "ams1"'),
    }
    assert instance.model is not None
    assert instance.model.name == (
        "the Terraform provider 1.17.x, from `~> 1.15` (version_constraint of provider "
        "scaleway in plans/app.json) and `< 2.0.0` (scaleway_server exists only in 1.x)"
    )
    assert instance.model.image_type_for(None, "DEV1-S") == LOCAL_IMAGE


def test_a_legacy_server_without_region_or_constraint() -> None:
    data = json.loads(json.dumps(LEGACY_PLAN))
    data["configuration"]["provider_config"]["scaleway"] = {"name": "scaleway"}
    (instance,) = read(json.dumps(data)).values()
    assert values_of(instance)["zone"] == ("fr-par-1", "provider default")
    assert instance.model is not None
    assert instance.model.name.startswith("the Terraform provider 1.17.x, from `< 2.0.0`")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"format_version": "1.2", "planned_values": {}}, True),
        ({"format_version": "1.2"}, False),  # a state file, or something else
        ({"planned_values": {}}, False),
        ([{"format_version": "1.2", "planned_values": {}}], False),
        ("plan", False),
    ],
)
def test_is_plan_json(data: object, expected: bool) -> None:
    assert is_plan_json(data) is expected
    text = json.dumps(data)
    if expected:
        assert looks_like_plan(text)
    else:
        assert read_plan("x.json", text, {}, NOWHERE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PLAN_TEXT, True),
        ('{"format_version":"1.0","values":{"root_module":{}}}', False),  # terraform show -json
        ('{"name": "web", "version": "1.0.0"}', False),  # package.json
    ],
)
def test_looks_like_plan(text: str, expected: bool) -> None:
    assert looks_like_plan(text) is expected


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('{\n  "format_version": "1.2",\n  "planned_values": {,}\n}\n', (3, 22)),
        ('{"format_version": "1.2"', (1, 25)),
        ("\ufeff{\n]", (2, 1)),
        ("", (1, 1)),
        ("[" * 100_000 + "]" * 100_000, (1, 1)),
    ],
)
def test_text_that_is_not_json(text: str, position: tuple[int, int]) -> None:
    with pytest.raises(ParseError) as error:
        read_plan("plan.json", text, {}, NOWHERE)
    assert (error.value.path, error.value.line, error.value.column) == ("plan.json", *position)


def test_modules_nested_deeply() -> None:
    resources = LEGACY_PLAN["planned_values"]["root_module"]["resources"]
    module: dict[str, Any] = {"address": "module.inner", "resources": resources}
    for level in range(200):
        module = {"address": f"module.m{level}", "child_modules": [module]}
    data = {**LEGACY_PLAN, "planned_values": {"root_module": {"child_modules": [module]}}}
    assert list(read(json.dumps(data))) == ["scaleway_server.app"]


def paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


PLAN_PATHS = paths(plan_data())[1:]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def child(node: object, step: str | int) -> object:
    if isinstance(node, dict) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and step < len(node):
        return node[step]
    return None


def replace_at(data: object, path: tuple[str | int, ...], value: object) -> None:
    """Set the value at `path`, when earlier replacements left that path in place."""
    node = data
    for step in path[:-1]:
        node = child(node, step)
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLAN_PATHS), JSON_VALUES), min_size=1, max_size=3))
def test_any_shape_is_read_without_error(changes: list[tuple[tuple[str | int, ...], Any]]) -> None:
    data = plan_data()
    for path, value in changes:
        replace_at(data, path, value)
    text = json.dumps(data, indent=1)
    for instance in read_plan("plan.json", text, {}, NOWHERE):
        assert 1 <= instance.span.line <= text.count("\n") + 1
