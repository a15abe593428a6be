"""Packer HCL templates: fields, variables and their precedence, the zone, the plugin version's
model, builds, rejected settings and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.packer_support import REQUIRE, at, only, read_tree, shown

CURRENT = REQUIRE.format(version=">= 1.3.0")


def source(body: str, *, name: str = "base") -> str:
    return f'source "scaleway" "{name}" {{\n{body}\n}}\n'


FULL = 'image = "ubuntu_jammy"\ncommercial_type = "PRO2-S"\nzone = "fr-par-2"'

FIELDS = [
    (
        "literal fields",
        FULL + '\nroot_volume {\n  type = "l_ssd"\n}',
        {"image": "ubuntu_jammy", "type": "PRO2-S", "zone": "fr-par-2", "volume_type": "l_ssd"},
    ),
    (
        "a label is kept verbatim",
        'image = "ubuntu-jammy"\ncommercial_type = "dev1-s"\nzone = "fr-par-1"',
        {"image": "ubuntu-jammy", "type": "dev1-s", "zone": "fr-par-1", "volume_type": None},
    ),
    (
        "a root volume without type writes no volume type",
        FULL + "\nroot_volume {\n  size_in_gb = 40\n}",
        {"image": "ubuntu_jammy", "volume_type": None},
    ),
    (
        "templates and functions",
        'image = "ubuntu_${lower("JAMMY")}"\ncommercial_type = format("%s-%s", "PRO2", "S")\n'
        'zone = "fr-par-1"',
        {"image": "ubuntu_jammy", "type": "PRO2-S"},
    ),
    (
        "source.name and source.type",
        'image = "${source.type}_${source.name}"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        {"image": "scaleway_base"},
    ),
    ("no image is absent", 'commercial_type = "DEV1-S"\nzone = "fr-par-1"', {"image": None}),
    (
        "a data source is unknown",
        'image = data.scaleway-image.x.id\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        {
            "image": "?data-source: data.scaleway-image.x.id is read by a Packer data source "
            "when the build runs"
        },
    ),
    (
        "an impure function is unknown",
        'image = "ubuntu_${timestamp()}"\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        {"image": "?apply-time: timestamp() is the time of the run"},
    ),
    (
        "a function imagelint does not have",
        'image = legacy_isotime("2006")\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        {"image": "?unknown-function: imagelint does not evaluate function legacy_isotime()"},
    ),
    (
        "packer.version is known when the build runs",
        'image = packer.version\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"',
        {"image": "?apply-time: packer.version is known only when Packer runs the build"},
    ),
    (
        "a dynamic root_volume is not evaluated",
        FULL + '\ndynamic "root_volume" {\n  for_each = ["l_ssd"]\n  content {\n'
        "    type = root_volume.value\n  }\n}",
        {"volume_type": '?unsupported: a dynamic "root_volume" block is not evaluated'},
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS])
def test_fields(tmp_path: Path, body: str, expected: dict[str, str | None]) -> None:
    instance = only(read_tree(tmp_path, {"build.pkr.hcl": CURRENT + source(body)}))
    assert {k: shown(instance.value(k)) for k in expected} == expected


def test_record_shape(tmp_path: Path) -> None:
    instance = only(read_tree(tmp_path, {"build.pkr.hcl": CURRENT + source(FULL)}))
    assert (instance.source, instance.address) == ("packer", "source.scaleway.base")
    assert (instance.span.path, instance.span.line, instance.span.column) == ("build.pkr.hcl", 9, 1)
    assert at(instance.value("image")) == ("build.pkr.hcl", 10, 9)
    assert instance.phrasing.setting("volume_type", "l_ssd") == 'root_volume { type = "l_ssd" }'
    assert instance.phrasing.setting("type", "DEV1-S") == 'commercial_type = "DEV1-S"'
    assert instance.phrasing.name("volume_type") == "root_volume.type"
    assert instance.rejected == ()


VARIABLES = """variable "image" {
  type    = string
  default = "ubuntu_focal"
}
variable "distro" {
  default = "ubuntu"
}
variable "zones" {
  type    = list(string)
  default = ["fr-par-1"]
}
locals {
  release = "jammy"
  label   = "${var.distro}_${local.release}"
}
local "type" {
  expression = upper("dev1-s")
}
"""
USES = """source "scaleway" "base" {
  image           = var.image
  commercial_type = local.type
  zone            = var.zones[0]
}
"""
# (name, extra files, env, --var-file, --var, image value, where it was written)
PRECEDENCE = [
    ("the default", {}, {}, [], [], "ubuntu_focal", ("variables.pkr.hcl", 3, 13)),
    (
        "PKR_VAR over the default",
        {},
        {"PKR_VAR_image": "ubuntu_noble"},
        [],
        [],
        "ubuntu_noble",
        ("build.pkr.hcl", 2, 21),
    ),
    (
        "an auto file over PKR_VAR",
        {"a.auto.pkrvars.hcl": 'image = "ubuntu_jammy"\n'},
        {"PKR_VAR_image": "ubuntu_noble"},
        [],
        [],
        "ubuntu_jammy",
        ("a.auto.pkrvars.hcl", 1, 9),
    ),
    (
        "auto JSON files after auto HCL files",
        {
            "z.auto.pkrvars.hcl": 'image = "ubuntu_jammy"\n',
            "a.auto.pkrvars.json": '{"image": "debian_bullseye"}\n',
        },
        {},
        [],
        [],
        "debian_bullseye",
        ("a.auto.pkrvars.json", 1, 11),
    ),
    (
        "a --var-file over auto files",
        {"a.auto.pkrvars.hcl": 'image = "ubuntu_jammy"\n', "prod.pkrvars.hcl": 'image = "x"\n'},
        {},
        ["prod.pkrvars.hcl"],
        [],
        "x",
        ("prod.pkrvars.hcl", 1, 9),
    ),
    (
        "a var file that is not given is not read",
        {"prod.pkrvars.hcl": 'image = "x"\n'},
        {},
        [],
        [],
        "ubuntu_focal",
        ("variables.pkr.hcl", 3, 13),
    ),
    (
        "a --var over everything",
        {"prod.pkrvars.hcl": 'image = "x"\n'},
        {"PKR_VAR_image": "y"},
        ["prod.pkrvars.hcl"],
        ["image=ubuntu_noble"],
        "ubuntu_noble",
        ("build.pkr.hcl", 2, 21),
    ),
]


@pytest.mark.parametrize(
    ("files", "env", "var_files", "var_args", "image", "where"),
    [c[1:] for c in PRECEDENCE],
    ids=[c[0] for c in PRECEDENCE],
)
def test_variable_precedence(
    tmp_path: Path,
    files: dict[str, str],
    env: dict[str, str],
    var_files: list[str],
    var_args: list[str],
    image: str,
    where: tuple[str, int, int],
) -> None:
    tree = {"variables.pkr.hcl": VARIABLES, "build.pkr.hcl": USES, **files}
    result = read_tree(tmp_path, tree, env=env, var_files=var_files, var_args=var_args)
    value = only(result).value("image")
    assert shown(value) == image
    assert at(value) == where
    assert value is not None and [h.message for h in value.chain] == ["var.image"]


def test_locals_and_typed_values(tmp_path: Path) -> None:
    tree = {
        "variables.pkr.hcl": VARIABLES,
        "build.pkr.hcl": USES.replace("var.image", "local.label"),
    }
    env = {"PKR_VAR_zones": '["nl-ams-1", "fr-par-1"]'}  # a list: read as an HCL expression
    instance = only(read_tree(tmp_path, tree, env=env))
    assert shown(instance.value("image")) == "ubuntu_jammy"
    assert shown(instance.value("type")) == "DEV1-S"
    assert shown(instance.value("zone")) == "nl-ams-1"
    image = instance.value("image")
    assert image is not None and [h.message for h in image.chain] == ["local.label"]


UNRESOLVED = [
    (
        "no value",
        'variable "image" {}\n',
        "?no-value: var.image has no value: no default, no *.auto.pkrvars.hcl entry, "
        "no PKR_VAR_image, no --var or --var-file",
    ),
    ("undeclared", "", '?invalid: var.image: no variable "image" is declared'),
    (
        "a local cycle",
        'variable "image" {\n  default = local.a\n}\n',
        "?invalid: local.a: variables may not be used here (a value must be constant)",
    ),
]


@pytest.mark.parametrize(
    ("declared", "expected"), [c[1:] for c in UNRESOLVED], ids=[c[0] for c in UNRESOLVED]
)
def test_unresolved_variables(tmp_path: Path, declared: str, expected: str) -> None:
    build = source('image = var.image\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"')
    instance = only(read_tree(tmp_path, {"build.pkr.hcl": declared + build}))
    assert shown(instance.value("image")) == expected


def test_a_cycle_between_locals_is_unknown(tmp_path: Path) -> None:
    build = "locals {\n  a = local.b\n  b = local.a\n}\n" + source(
        'image = local.a\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"'
    )
    image = only(read_tree(tmp_path, {"build.pkr.hcl": build})).value("image")
    assert shown(image) == "?cycle: local.a -> local.b -> local.a refer to each other (a cycle)"


# (name, zone and region as written, env, expected zone, origin)
ZONES = [
    ("written", 'zone = "fr-par-2"', {}, "fr-par-2", "resource"),
    ("region overrides zone", 'zone = "fr-par-2"\nregion = "ams1"', {}, "ams1", "region"),
    ("an empty region is ignored", 'zone = "fr-par-2"\nregion = ""', {}, "fr-par-2", "resource"),
    (
        "SCW_DEFAULT_ZONE when none is written",
        "",
        {"SCW_DEFAULT_ZONE": "pl-waw-1"},
        "pl-waw-1",
        "SCW_DEFAULT_ZONE",
    ),
    (
        "an empty zone is no zone",
        'zone = ""',
        {"SCW_DEFAULT_ZONE": "pl-waw-1"},
        "pl-waw-1",
        "SCW_DEFAULT_ZONE",
    ),
    (
        "none",
        "",
        {},
        "?no-value: Packer requires a zone: set zone, SCW_DEFAULT_ZONE or default_zone in the "
        'scw profile (the plugin fails with "zone is required")',
        "resource",
    ),
]


@pytest.mark.parametrize(
    ("written", "env", "zone", "origin"), [c[1:] for c in ZONES], ids=[c[0] for c in ZONES]
)
def test_zone(tmp_path: Path, written: str, env: dict[str, str], zone: str, origin: str) -> None:
    body = f'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"\n{written}'
    value = only(read_tree(tmp_path, {"b.pkr.hcl": source(body)}, env=env)).value("zone")
    assert shown(value) == zone
    assert value is not None and value.origin == origin


PROFILE = (
    "default_zone: fr-par-1\nactive_profile: prod\nprofiles:\n  prod:\n    default_zone: nl-ams-1\n"
)


@pytest.mark.parametrize(
    ("env", "zone"),
    [
        ({}, "nl-ams-1"),
        ({"SCW_PROFILE": "default"}, "fr-par-1"),
        ({"SCW_DEFAULT_ZONE": "pl-waw-2"}, "pl-waw-2"),
    ],
    ids=["active profile", "SCW_PROFILE", "the environment wins"],
)
def test_zone_from_the_scw_profile(tmp_path: Path, env: dict[str, str], zone: str) -> None:
    home = tmp_path / "home"
    (home / ".config" / "scw").mkdir(parents=True)
    (home / ".config" / "scw" / "config.yaml").write_text(PROFILE, encoding="utf-8")
    body = 'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"'
    work = tmp_path / "work"
    result = read_tree(work, {"b.pkr.hcl": source(body)}, env=env, home=home)
    assert shown(only(result).value("zone")) == zone


def test_a_broken_scw_profile_leaves_the_zone_unknown(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "scw").mkdir(parents=True)
    (home / ".config" / "scw" / "config.yaml").write_text("[1, 2]\n", encoding="utf-8")
    body = 'image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"'
    result = read_tree(tmp_path / "w", {"b.pkr.hcl": source(body)}, home=home)
    assert shown(only(result).value("zone")) == (
        "?invalid: ~/.config/scw/config.yaml: not a mapping of settings"
    )


# (constraint, model name start, default image type, l_ssd image type)
PLUGIN = "the Scaleway Packer plugin"
VERSIONS = [
    (None, f"{PLUGIN} 1.5.0 (assumed current", "instance_sbs", "instance_local"),
    (
        ">= 1.3.0",
        f"{PLUGIN} 1.5.0 (from required_plugins `>= 1.3.0`; image types inferred",
        "instance_sbs",
        "instance_local",
    ),
    ("~> 1.3.0", "the Scaleway Packer plugin 1.3.3 (from", "instance_sbs", "instance_local"),
    ("= v1.3.1", "the Scaleway Packer plugin 1.3.1 (from", "instance_sbs", "instance_local"),
    ("<= 1.2.1", "the Scaleway Packer plugin 1.2.1 (from", "unknown_type", "unknown_type"),
    ("~> 1.1.0", "the Scaleway Packer plugin 1.1.1 (from", "unknown_type", "unknown_type"),
    ("= 1.0.8", "the Scaleway Packer plugin 1.0.8 (from", "instance_local", "instance_local"),
]  # fmt: skip


@pytest.mark.parametrize(("constraint", "name", "default", "local"), VERSIONS)
def test_plugin_version_model(
    tmp_path: Path, constraint: str | None, name: str, default: str, local: str
) -> None:
    head = REQUIRE.format(version=constraint) if constraint else ""
    instance = only(read_tree(tmp_path, {"b.pkr.hcl": head + source(FULL)}))
    model = instance.model
    assert model is not None and model.name.startswith(name), model
    assert (model.rewrite_dashes, model.strip_zone_prefix) == (False, False)
    assert model.image_type_for(None) == default
    assert model.image_type_for("l_ssd") == local
    assert "version" not in instance.values


@pytest.mark.parametrize(
    ("constraint", "problem"),
    [
        ("< 1.0.0", "required_plugins version `< 1.0.0` allows no release of the plugin"),
        ("latest", 'required_plugins version `latest`: invalid version constraint "latest"'),
    ],
)
def test_a_constraint_without_release_leaves_the_instance_unresolved(
    tmp_path: Path, constraint: str, problem: str
) -> None:
    head = REQUIRE.format(version=constraint)
    instance = only(read_tree(tmp_path, {"b.pkr.hcl": head + source(FULL)}))
    assert shown(instance.value("version")) == f"?invalid: {problem}"
    assert at(instance.value("version")) == ("b.pkr.hcl", 3, 16)


# (constraint, body, [(attribute, line, message start)])
REJECTED = [
    (
        ">= 1.3.0",
        FULL + "\nimage_size_in_gb = 20",
        [("image_size_in_gb", 13, "image_size_in_gb was removed in plugin 1.3.3")],
    ),
    (
        "= 1.3.2",
        FULL + "\nimage_size_in_gb = 20",
        [("image_size_in_gb", 13, "image_size_in_gb makes the Scaleway plugin 1.3.2")],
    ),
    (
        "~> 1.2.0",
        FULL + '\nroot_volume {\n  type = "l_ssd"\n}',
        [
            (
                "root_volume",
                13,
                "the Scaleway plugin 1.2.1 (from required_plugins `~> 1.2.0`) has no root_volume",
            )
        ],
    ),
    (">= 1.3.0", FULL + '\nroot_volume {\n  type = "l_ssd"\n}', []),
]


@pytest.mark.parametrize(("constraint", "body", "expected"), REJECTED)
def test_rejected_settings(
    tmp_path: Path, constraint: str, body: str, expected: list[tuple[str, int, str]]
) -> None:
    template = REQUIRE.format(version=constraint) + source(body)
    instance = only(read_tree(tmp_path, {"b.pkr.hcl": template}))
    # A refused root_volume block sets no volume type.
    volume = "l_ssd" if "root_volume" in body and constraint != "~> 1.2.0" else None
    assert shown(instance.value("volume_type")) == volume
    found = [
        (r.attribute, r.span.line, r.message[: len(e[2])])
        for r, e in zip(instance.rejected, expected, strict=False)
    ]
    assert found == expected and len(instance.rejected) == len(expected)


def test_image_size_hint_names_the_root_volume(tmp_path: Path) -> None:
    template = CURRENT + source(FULL + "\nimage_size_in_gb = 20")
    (rejected,) = only(read_tree(tmp_path, {"b.pkr.hcl": template})).rejected
    assert (
        rejected.hint
        == "remove it and size the root volume instead: root_volume { size_in_gb = N }"
    )


BUILDS = """build {
  name    = "web"
  sources = ["source.scaleway.base", "source.amazon-ebs.aws"]
  source "source.scaleway.base" {
    name = "jammy"
    root_volume {
      type = "l_ssd"
    }
  }
}
build {
  source "source.scaleway.base" {
    zone = "fr-par-2"
  }
}
"""


def test_builds_use_sources_with_their_additions(tmp_path: Path) -> None:
    sources = source('image = "ubuntu_jammy"\ncommercial_type = "DEV1-S"')
    sources += source(
        'image = "ubuntu_noble"\ncommercial_type = "PRO2-S"\nzone = "pl-waw-1"', name="unused"
    )
    sources += 'source "amazon-ebs" "aws" {\n  ami_name = "x"\n}\n'
    result = read_tree(
        tmp_path, {"b.pkr.hcl": sources + BUILDS}, env={"SCW_DEFAULT_ZONE": "fr-par-1"}
    )
    assert not result.errors
    rows = [
        (i.address, shown(i.value("zone")), shown(i.value("volume_type")), at(i.value("zone")))
        for i in result.instances
    ]
    assert rows == [
        ("source.scaleway.base [build web.scaleway.base]", "fr-par-1", None, None),
        ("source.scaleway.base [build web.scaleway.jammy]", "fr-par-1", "l_ssd", None),
        ("source.scaleway.base", "fr-par-2", None, ("b.pkr.hcl", 25, 12)),
        ("source.scaleway.unused", "pl-waw-1", None, ("b.pkr.hcl", 8, 8)),
    ]  # fmt: skip


def test_a_setting_written_twice_is_refused(tmp_path: Path) -> None:
    build = 'build {\n  source "source.scaleway.base" {\n    zone = "fr-par-2"\n  }\n}\n'
    result = read_tree(tmp_path, {"b.pkr.hcl": source(FULL) + build})
    zone = only(result).value("zone")
    assert shown(zone) == (
        "?invalid: zone is set in source.scaleway.base (line 4) and again in the build's "
        "source block: Packer merges the two and refuses a duplicate argument"
    )
    assert at(zone) == ("b.pkr.hcl", 8, 5)


def test_the_plugin_local_name_is_the_builder_type(tmp_path: Path) -> None:
    head = REQUIRE.format(version=">= 1.3.0").replace("scaleway = {", "scw = {")
    template = head + source(FULL).replace('"scaleway"', '"scw"', 1)
    assert only(read_tree(tmp_path, {"b.pkr.hcl": template})).address == "source.scw.base"


def test_a_directory_is_one_configuration(tmp_path: Path) -> None:
    files = {
        "variables.pkr.hcl": 'variable "image" {\n  default = "ubuntu_noble"\n}\n',
        "build.pkr.hcl": source('image = var.image\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"'),
        "other/build.pkr.hcl": source(FULL, name="other"),
    }
    result = read_tree(tmp_path, files)
    assert [(i.address, shown(i.value("image"))) for i in result.instances] == [
        ("source.scaleway.base", "ubuntu_noble"),
        ("source.scaleway.other", "ubuntu_jammy"),
    ]
    # Given one file, its siblings still define the variables; only its sources are checked.
    given = read_tree(tmp_path, {}, offer=["build.pkr.hcl"])
    assert [shown(i.value("image")) for i in given.instances] == ["ubuntu_noble"]
    assert read_tree(tmp_path, {}, offer=["variables.pkr.hcl"]).not_mine == ("variables.pkr.hcl",)


def test_a_var_file_given_alone_checks_its_configuration(tmp_path: Path) -> None:
    files = {
        "build.pkr.hcl": 'variable "image" {}\n'
        + source('image = var.image\ncommercial_type = "DEV1-S"\nzone = "fr-par-1"'),
        "prod.auto.pkrvars.hcl": 'image = "ubuntu_focal"\n',
    }
    write_only = read_tree(tmp_path, files, offer=["prod.auto.pkrvars.hcl"])
    assert [shown(i.value("image")) for i in write_only.instances] == ["ubuntu_focal"]


def test_templates_without_scaleway_sources_are_not_mine(tmp_path: Path) -> None:
    aws = 'source "amazon-ebs" "x" {\n  ami_name = "x"\n}\n'
    aws += 'build {\n  sources = ["source.amazon-ebs.x"]\n}\n'
    files = {
        "aws.pkr.hcl": aws,
        "more.pkr.json": '{"source": {"docker": {"x": {"image": "ubuntu"}}}}',
        "x.auto.pkrvars.hcl": 'a = "b"\n',
    }
    result = read_tree(tmp_path, files)
    assert (result.instances, result.errors) == ((), ())
    assert result.not_mine == ("aws.pkr.hcl", "more.pkr.json", "x.auto.pkrvars.hcl")


MALFORMED = [
    ("an unclosed block", {"b.pkr.hcl": source(FULL)[:-2]}, ("b.pkr.hcl", 1)),
    (
        "a broken sibling stops the directory",
        {"b.pkr.hcl": source(FULL), "vars.pkr.hcl": 'variable "x" {\n  default = \n}\n'},
        ("vars.pkr.hcl", 2),
    ),
    (
        "a broken auto var file",
        {"b.pkr.hcl": source(FULL), "a.auto.pkrvars.hcl": "image = \n"},
        ("a.auto.pkrvars.hcl", 1),
    ),
    (
        "a variable declared twice",
        {"b.pkr.hcl": 'variable "x" {}\nvariable "x" {}\n' + source(FULL)},
        ("b.pkr.hcl", 2),
    ),
]


@pytest.mark.parametrize(
    ("files", "where"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_malformed_files_are_errors_with_a_line(
    tmp_path: Path, files: dict[str, str], where: tuple[str, int]
) -> None:
    result = read_tree(tmp_path, files)
    assert result.instances == ()
    assert [(e.path, e.line) for e in result.errors] == [where]
