"""The module tree as terraform plan evaluates it: roots, module calls, expansion, variables
from every source, override files and files given one by one, on real trees on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagelint.terraform.load import Inputs
from tests.terraform.trees import LIVE, at, by_address, chain, read, value, write

FLEET_API = 'module.fleet["api"].scaleway_instance_server.this[0]'
FLEET_WEB = 'module.fleet["web"].scaleway_instance_server.this'


@pytest.fixture
def live(tmp_path: Path) -> Path:
    return write(tmp_path, LIVE)


def test_one_root_evaluates_its_modules_two_levels_deep(live: Path) -> None:
    workspace = read(live)
    assert workspace.errors == ()
    assert sorted(by_address(workspace)) == [
        "module.edge.module.bastion.scaleway_instance_server.bastion",
        'module.fleet["api"].module.bastion.scaleway_instance_server.bastion',
        'module.fleet["api"].scaleway_instance_server.this[0]',
        'module.fleet["web"].module.bastion.scaleway_instance_server.bastion',
        'module.fleet["web"].scaleway_instance_server.this[0]',
        'module.fleet["web"].scaleway_instance_server.this[1]',
    ]


def test_a_value_points_where_it_was_written_with_its_chain(live: Path) -> None:
    server = by_address(read(live))[FLEET_API]
    # tfvars beats the variable default; the chain leads from the attribute to it.
    assert value(server, "image") == ("ubuntu_noble", "live/prod/terraform.tfvars:1:9")
    assert chain(server, "image") == [
        "modules/fleet/main.tf:4:11 var.image",
        'live/prod/main.tf:13:3 input image of module.fleet["api"]',
        "live/prod/main.tf:13:14 var.image",
    ]
    # for_each over a local map of objects: the type is the map entry's.
    assert value(server, "type") == ("PRO2-XS", "live/prod/main.tf:4:20")
    assert value(server, "volume_type") == ("sbs_volume", "modules/fleet/main.tf:8:19")


def test_zone_comes_from_the_provider_configuration_each_module_gets(live: Path) -> None:
    servers = by_address(read(live))
    assert value(servers[FLEET_API], "zone") == ("fr-par-1", "live/prod/providers.tf:2:12")
    # module.edge gets scaleway.ams through providers = {}, and passes it down implicitly.
    edge = servers["module.edge.module.bastion.scaleway_instance_server.bastion"]
    assert value(edge, "zone") == ("nl-ams-1", "live/prod/providers.tf:8:11")


def test_the_environment_zone_beats_the_provider_block(live: Path) -> None:
    servers = by_address(read(live, env={"SCW_DEFAULT_ZONE": "pl-waw-1"}))
    assert {value(s, "zone")[0] for s in servers.values()} == {"pl-waw-1"}


def test_the_pinned_provider_version_names_the_model(live: Path) -> None:
    server = by_address(read(live))[FLEET_API]
    assert server.model is not None
    assert "2.40.x" in server.model.name and "~> 2.40.0" in server.model.name


def test_a_lock_file_pins_the_version(live: Path) -> None:
    lock = 'provider "registry.terraform.io/scaleway/scaleway" {\n  version = "2.40.1"\n}\n'
    write(live, {"live/prod/.terraform.lock.hcl": lock})
    server = by_address(read(live))[FLEET_API]
    assert server.model is not None and "2.40.1, pinned in" in server.model.name


def test_a_lock_pin_the_constraints_refuse_leaves_instances_unresolved(live: Path) -> None:
    lock = 'provider "registry.terraform.io/scaleway/scaleway" {\n  version = "2.62.0"\n}\n'
    write(live, {"live/prod/.terraform.lock.hcl": lock})
    server = by_address(read(live))[FLEET_API]
    problem = server.value("version")
    assert problem is not None and not problem.known and problem.kind == "invalid"


def test_count_zero_and_empty_for_each_create_nothing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
resource "scaleway_instance_server" "off" {
  count = 0
  image = "no_such_label"
  type  = "DEV1-S"
}

resource "scaleway_instance_server" "none" {
  for_each = {}
  image    = "no_such_label"
  type     = "DEV1-S"
}
""",
        },
    )
    workspace = read(tmp_path)
    assert workspace.instances == () and workspace.errors == ()


def test_for_each_keeps_going_past_one_unknown_element(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
variable "arm_type" {
  type = string
}

locals {
  servers = {
    web = { type = "DEV1-S" }
    arm = { type = var.arm_type }
  }
}

resource "scaleway_instance_server" "s" {
  for_each = local.servers
  image    = "ubuntu_jammy"
  type     = each.value.type
}
""",
        },
    )
    servers = by_address(read(tmp_path))
    assert value(servers['scaleway_instance_server.s["web"]'], "type") == (
        "DEV1-S",
        "main.tf:7:20",
    )
    arm = servers['scaleway_instance_server.s["arm"]'].value("type")
    assert arm is not None and arm.kind == "no-value" and "var.arm_type" in str(arm.reason)


def test_an_unknown_count_leaves_one_unresolved_instance(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
resource "scaleway_instance_ip" "ip" {}

resource "scaleway_instance_server" "s" {
  count = length(scaleway_instance_ip.ip.id)
  image = "ubuntu_jammy"
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    assert server.address == "scaleway_instance_server.s"
    whole = server.value("instance")
    assert whole is not None and whole.kind == "apply-time"
    assert str(whole.reason).startswith("count cannot be evaluated")


# id, files beside main.tf (which reads var.image), env, --var-file/--var, expected image
VARIABLE_SOURCES = [
    ("default", {}, {}, Inputs(), "from_default"),
    ("env", {}, {"TF_VAR_image": "from_env"}, Inputs(), "from_env"),
    (
        "tfvars-beats-env",
        {"terraform.tfvars": 'image = "from_tfvars"\n'},
        {"TF_VAR_image": "from_env"},
        Inputs(),
        "from_tfvars",
    ),
    (
        "tfvars-json-beats-tfvars",
        {
            "terraform.tfvars": 'image = "from_tfvars"\n',
            "terraform.tfvars.json": '{"image": "from_tfvars_json"}\n',
        },
        {},
        Inputs(),
        "from_tfvars_json",
    ),
    (
        "auto-tfvars-in-lexical-order",
        {
            "terraform.tfvars": 'image = "from_tfvars"\n',
            "a.auto.tfvars": 'image = "from_a"\n',
            "b.auto.tfvars.json": '{"image": "from_b"}\n',
        },
        {},
        Inputs(),
        "from_b",
    ),
    (
        "var-file-beats-auto",
        {"b.auto.tfvars": 'image = "from_b"\n', "prod.tfvars": 'image = "from_prod"\n'},
        {},
        Inputs(var_files=(Path("prod.tfvars"),)),
        "from_prod",
    ),
    (
        "var-beats-var-file",
        {"prod.tfvars": 'image = "from_prod"\n'},
        {},
        Inputs(var_files=(Path("prod.tfvars"),), var_args=("image=from_cli",)),
        "from_cli",
    ),
]


@pytest.mark.parametrize(
    ("files", "env", "inputs", "expected"),
    [case[1:] for case in VARIABLE_SOURCES],
    ids=[case[0] for case in VARIABLE_SOURCES],
)
def test_variable_precedence(
    tmp_path: Path, files: dict[str, str], env: dict[str, str], inputs: Inputs, expected: str
) -> None:
    main = """\
variable "image" {
  default = "from_default"
}

resource "scaleway_instance_server" "s" {
  image = var.image
  type  = "DEV1-S"
}
"""
    write(tmp_path, {"main.tf": main, **files})
    inputs = Inputs(
        var_files=tuple(tmp_path / p for p in inputs.var_files), var_args=inputs.var_args
    )
    (server,) = read(tmp_path, env=env, inputs=inputs).instances
    assert value(server, "image")[0] == expected


def test_an_override_file_merges_into_the_block_it_overrides(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"

  root_volume {
    volume_type = "l_ssd"
  }
}
""",
            "main_override.tf": """\
resource "scaleway_instance_server" "web" {
  type = "COPARM1-2C-8G"
}
""",
            "override.tf.json": json.dumps(
                {"resource": {"scaleway_instance_server": {"web": {"zone": "fr-par-2"}}}}
            ),
        },
    )
    (server,) = read(tmp_path).instances
    assert value(server, "type") == ("COPARM1-2C-8G", "main_override.tf:2:10")
    assert value(server, "image") == ("ubuntu_jammy", "main.tf:2:11")
    assert value(server, "volume_type")[0] == "l_ssd"
    assert value(server, "zone")[0] == "fr-par-2"


def test_tf_and_tf_json_files_make_one_module(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "variables.tf.json": json.dumps({"variable": {"image": {"default": "ubuntu_noble"}}}),
            "main.tf": """\
resource "scaleway_instance_server" "s" {
  image = var.image
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    assert value(server, "image")[0] == "ubuntu_noble"


def test_a_file_given_alone_is_evaluated_through_the_root_that_calls_it(live: Path) -> None:
    workspace = read(live, "modules/bastion/main.tf")
    assert workspace.given == frozenset({"modules/bastion/main.tf"})
    assert sorted(by_address(workspace)) == [
        "module.edge.module.bastion.scaleway_instance_server.bastion",
        'module.fleet["api"].module.bastion.scaleway_instance_server.bastion',
        'module.fleet["web"].module.bastion.scaleway_instance_server.bastion',
    ]


def test_a_variable_default_given_alone_reports_what_it_reaches(live: Path) -> None:
    workspace = read(live, "live/prod/terraform.tfvars")
    assert sorted(by_address(workspace)) == [
        'module.fleet["api"].scaleway_instance_server.this[0]',
        'module.fleet["web"].scaleway_instance_server.this[0]',
        'module.fleet["web"].scaleway_instance_server.this[1]',
    ]


def test_a_commented_out_caller_does_not_hide_a_module(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "root/main.tf": '# module "m" {\n#   source = "../mod"\n# }\n',
            "mod/main.tf": 'resource "scaleway_instance_server" "s" {\n'
            '  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n',
        },
    )
    (server,) = read(tmp_path, "mod/main.tf").instances
    assert server.address == "scaleway_instance_server.s"


def test_a_module_called_in_the_tree_is_not_a_root_of_its_own(live: Path) -> None:
    addresses = by_address(read(live))
    # modules/fleet alone would give scaleway_instance_server.this with unknown inputs.
    assert not any(a.startswith("scaleway_instance_server") for a in addresses)


REMOTE = """\
module "web" {
  source  = "scaleway-ia/instance/scaleway"
  version = "1.2.0"
  image   = "ubuntu_jammy"
}
"""


def test_a_remote_module_not_on_disk_is_reported_unresolved(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": REMOTE})
    (placeholder,) = read(tmp_path).instances
    assert placeholder.address == "module.web"
    whole = placeholder.value("instance")
    assert whole is not None and whole.kind == "remote-module"
    assert "terraform init" in str(whole.reason)


def test_a_remote_module_installed_by_terraform_init_is_evaluated(tmp_path: Path) -> None:
    modules = {"Modules": [{"Key": "", "Source": "", "Dir": "."}]}
    modules["Modules"].append(
        {"Key": "web", "Source": "registry/x", "Dir": ".terraform/modules/web"}
    )
    write(
        tmp_path,
        {
            "main.tf": REMOTE,
            ".terraform/modules/modules.json": json.dumps(modules),
            ".terraform/modules/web/main.tf": """\
variable "image" {
  type = string
}

resource "scaleway_instance_server" "this" {
  image = var.image
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    assert server.address == "module.web.scaleway_instance_server.this"
    assert value(server, "image") == ("ubuntu_jammy", "main.tf:4:13")


def test_locals_that_refer_to_each_other_are_a_cycle_not_a_crash(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
locals {
  a = local.b
  b = local.a
}

resource "scaleway_instance_server" "s" {
  image = local.a
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    image = server.value("image")
    assert image is not None and image.kind == "cycle"
    assert "local.a -> local.b -> local.a" in str(image.reason)


def test_a_module_that_calls_itself_stops(tmp_path: Path) -> None:
    write(tmp_path, {"m/main.tf": 'module "again" {\n  source = "./"\n}\n'})
    workspace = read(tmp_path, "m/main.tf")
    assert len(workspace.instances) == 1
    assert "more than 32 deep" in str(workspace.instances[0].value("instance").reason)  # type: ignore[union-attr]


def test_a_file_that_does_not_parse_leaves_its_module_unresolved(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "providers.tf": 'provider "scaleway" {\n  zone = "fr-par-2"\n',
            "main.tf": 'resource "scaleway_instance_server" "s" {\n'
            '  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n',
        },
    )
    workspace = read(tmp_path)
    assert [e.path for e in workspace.errors] == ["providers.tf"]
    (server,) = workspace.instances
    zone = server.value("zone")
    assert zone is not None and zone.kind == "parse-error" and "providers.tf" in str(zone.reason)


def test_dynamic_root_volume_over_a_known_collection(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
variable "volumes" {
  default = [{ type = "l_ssd", size = 20 }]
}

resource "scaleway_instance_server" "s" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"

  dynamic "root_volume" {
    for_each = var.volumes
    content {
      volume_type = root_volume.value.type
      size_in_gb  = root_volume.value.size
    }
  }
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    assert value(server, "volume_type") == ("l_ssd", "main.tf:2:23")


def test_a_marketplace_data_source_is_an_image_lookup_its_server_boots(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
data "scaleway_marketplace_image" "jammy" {
  label = "ubuntu_jammy"
  zone  = "fr-par-2"
}

resource "scaleway_instance_server" "s" {
  image = data.scaleway_marketplace_image.jammy.id
  type  = "DEV1-S"
}
""",
        },
    )
    servers = by_address(read(tmp_path))
    lookup = servers["data.scaleway_marketplace_image.jammy"]
    assert lookup.kind == "image-lookup"
    assert value(lookup, "type") == ("DEV1-S", "main.tf:1:1")  # the provider's default
    assert value(lookup, "image_type")[0] == "instance_local"
    assert value(lookup, "zone") == ("fr-par-2", "main.tf:3:11")
    assert servers["scaleway_instance_server.s"].image_from == lookup.address


def test_legacy_scaleway_server_takes_the_provider_region(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
provider "scaleway" {
  region = "ams1"
}

resource "scaleway_server" "web" {
  image = "ubuntu_bionic"
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path).instances
    assert server.deprecated is not None and "removed in provider 2.0" in server.deprecated
    assert value(server, "zone") == ("nl-ams-1", "main.tf:2:12")


def test_a_region_alone_gives_no_zone(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": 'provider "scaleway" {\n  region = "nl-ams"\n}\n\n'
            'resource "scaleway_instance_server" "s" {\n'
            '  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n',
        },
    )
    (server,) = read(tmp_path, env={"SCW_DEFAULT_REGION": "nl-ams"}).instances
    assert value(server, "zone") == ("fr-par-1", "-")


def test_the_scw_profile_zone_comes_after_the_provider_block(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "home/.config/scw/config.yaml": "default_zone: fr-par-1\nprofiles:\n"
            "  prod:\n    default_zone: nl-ams-2\n",
            "main.tf": 'resource "scaleway_instance_server" "s" {\n'
            '  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n',
        },
    )
    (server,) = read(tmp_path, env={"SCW_PROFILE": "prod"}).instances
    assert value(server, "zone")[0] == "nl-ams-2"


def test_path_and_workspace_references(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """\
resource "scaleway_instance_server" "s" {
  image = "${terraform.workspace}-${path.module}"
  type  = "DEV1-S"
}
""",
        },
    )
    (server,) = read(tmp_path, env={"TF_WORKSPACE": "staging"}).instances
    assert value(server, "image")[0] == "staging-."


def test_every_location_lies_inside_its_file(live: Path) -> None:
    for instance in read(live).instances:
        for found in instance.values.values():
            spans = [found.span, *(h.span for h in found.chain)]
            for span in spans:
                if span is None:
                    continue
                lines = (live / span.path).read_text().splitlines()
                assert 1 <= span.line <= len(lines), at(span)


def test_an_unsatisfiable_version_leaves_the_server_unchecked_end_to_end(live: Path) -> None:
    from imagelint.app import Options, check

    lock = 'provider "registry.terraform.io/scaleway/scaleway" {\n  version = "2.62.0"\n}\n'
    write(live, {"live/prod/.terraform.lock.hcl": lock})
    options = Options(paths=("live/prod",), catalog="offline", env={}, cwd=live)
    report = check(options).report
    assert report is not None
    assert report.summary.checked == 0 and report.summary.unresolved == 6
    assert {f.rule for f in report.findings} == {"value-unresolved"}
    assert any("2.62.0" in f.message for f in report.findings)


OPTIONAL_ATTRIBUTES = """\
variable "servers" {
  type = map(object({
    type   = string
    disk   = optional(string, "sbs_volume")
    zone   = optional(string)
    cpus   = optional(number, 2)
    public = optional(bool, false)
  }))
  default = {
    web = { type = "DEV1-S", zone = "fr-par-2" }
    arm = { type = "COPARM1-2C-8G", disk = "l_ssd", cpus = "4" }
  }
}

resource "scaleway_instance_server" "s" {
  for_each = var.servers
  image    = "ubuntu_jammy"
  type     = each.value.type
  zone     = each.value.zone

  root_volume {
    volume_type = each.value.disk
  }
}
"""


def test_a_variable_type_fills_in_optional_attributes(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": OPTIONAL_ATTRIBUTES})
    servers = by_address(read(tmp_path))
    web, arm = (
        servers['scaleway_instance_server.s["web"]'],
        servers['scaleway_instance_server.s["arm"]'],
    )
    # Left out: the declared default, where the type declares it.
    assert value(web, "volume_type") == ("sbs_volume", "main.tf:4:31")
    assert value(arm, "volume_type") == ("l_ssd", "main.tf:11:44")
    # optional(string) without default is null: the provider's zone applies.
    assert value(web, "zone")[0] == "fr-par-2" and value(arm, "zone") == ("fr-par-1", "-")


def test_the_variable_type_agrees_with_terraform_console(tmp_path: Path) -> None:
    from imagelint.terraform.module_eval import ModuleEval, Run
    from imagelint.terraform.values import to_json
    from tests.terraform_oracle import console

    variable = OPTIONAL_ATTRIBUTES.split("\n\nresource")[0] + "\n"
    (expected,) = console(["var.servers"], {"main.tf": variable})
    write(tmp_path, {"main.tf": variable})
    from imagelint.terraform.config import read_module
    from imagelint.terraform.load import parse_config

    config = read_module(tmp_path, lambda p: p.name, parse_config)
    run = Run(env={}, cwd=tmp_path, home=None, load=lambda d: config)
    found = ModuleEval(run, config, address="", inputs={}, root=tmp_path).variable("servers")
    assert to_json(found) == expected  # type: ignore[arg-type]


def test_a_value_the_type_refuses_is_invalid(tmp_path: Path) -> None:
    text = OPTIONAL_ATTRIBUTES.replace('{ type = "DEV1-S", zone = "fr-par-2" }', "{ zone = 1 }")
    write(tmp_path, {"main.tf": text})
    (placeholder,) = read(tmp_path).instances
    whole = placeholder.value("instance")
    assert whole is not None and whole.kind == "invalid"
    assert 'attribute "type" is required' in str(whole.reason)
