"""Terraform trees written as real repositories write them, shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

from imagelint.model import Instance, Span, Value
from imagelint.terraform.load import Inputs, Workspace, read_terraform


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def read(
    root: Path,
    *paths: str,
    env: dict[str, str] | None = None,
    inputs: Inputs | None = None,
) -> Workspace:
    return read_terraform(
        paths or (".",), cwd=root, env=env or {}, home=root / "home", inputs=inputs
    )


def by_address(workspace: Workspace) -> dict[str, Instance]:
    found: dict[str, Instance] = {}
    for instance in workspace.instances:
        assert instance.address not in found, f"{instance.address} reported twice"
        found[instance.address] = instance
    return found


def at(span: Span | None) -> str:
    """`path:line:column`, as findings show a place."""
    assert span is not None
    return f"{span.path}:{span.line}:{span.column}"


def value(instance: Instance, name: str) -> tuple[str | None, str]:
    """The value's text (or its unknown kind, as `?kind`) and where it was written."""
    found: Value | None = instance.value(name)
    assert found is not None, f"{instance.address} has no {name}"
    text = found.text if found.known else f"?{found.kind}"
    return text, at(found.span) if found.span else "-"


def chain(instance: Instance, name: str) -> list[str]:
    found = instance.value(name)
    assert found is not None
    return [f"{at(h.span)} {h.message}" for h in found.chain]


# A root calling a local module with for_each over a local map of objects, through an
# aliased provider passed with providers = {}, a tfvars file overriding a default, a
# pinned provider version and a second module level.
LIVE = {
    "live/prod/versions.tf": """\
terraform {
  required_version = ">= 1.5"
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.40.0"
    }
  }
}
""",
    "live/prod/providers.tf": """\
provider "scaleway" {
  zone   = "fr-par-1"
  region = "fr-par"
}

provider "scaleway" {
  alias = "ams"
  zone  = "nl-ams-1"
}
""",
    "live/prod/variables.tf": """\
variable "image" {
  type    = string
  default = "ubuntu_jammy"
}

variable "env" {
  type = string
}
""",
    "live/prod/terraform.tfvars": """\
image = "ubuntu_noble"
env   = "prod"
""",
    "live/prod/main.tf": """\
locals {
  fleets = {
    web = { type = "DEV1-S", replicas = 2 }
    api = { type = "PRO2-XS", replicas = 1 }
  }
}

module "fleet" {
  source   = "../../modules/fleet"
  for_each = local.fleets

  name     = "${var.env}-${each.key}"
  image    = var.image
  type     = each.value.type
  replicas = each.value.replicas
}

module "edge" {
  source = "../../modules/fleet"
  providers = {
    scaleway = scaleway.ams
  }

  name     = "edge"
  image    = "debian_bookworm"
  type     = "DEV1-M"
  replicas = 0
}
""",
    "modules/fleet/variables.tf": """\
variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "type" {
  type    = string
  default = "DEV1-S"
}

variable "replicas" {
  type    = number
  default = 1
}
""",
    "modules/fleet/main.tf": """\
resource "scaleway_instance_server" "this" {
  count = var.replicas
  name  = "${var.name}-${count.index}"
  image = var.image
  type  = var.type

  root_volume {
    volume_type = "sbs_volume"
  }
}

module "bastion" {
  source = "../bastion"
  name   = var.name
}
""",
    "modules/bastion/main.tf": """\
variable "name" {
  type = string
}

resource "scaleway_instance_server" "bastion" {
  name  = "${var.name}-bastion"
  image = "ubuntu_jammy"
  type  = "STARDUST1-S"
}
""",
}
