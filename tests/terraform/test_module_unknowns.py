"""A module read from disk: why the values imagelint cannot know are unknown, of which kind,
and where that is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terraform.module_text import (
    DYNAMIC,
    WEB,
    Case,
    Where,
    all_files,
    instance_at,
    instances,
    server,
    variable,
    where,
)
from tests.terraform.trees import read, write
from tests.terraform_oracle import fmt_rejects

# id, module, attribute, kind, a key fragment of the reason, where the value is shown
UNKNOWN: list[tuple[str, Case, str, str, str, Where]] = [
    (
        "var-without-value",
        server("image = var.image") + variable("image"),
        "image",
        "no-value",
        "var.image has no value: no default, no tfvars entry, no TF_VAR_image",
        ("main.tf", 5, 1, 5, 17),
    ),
    (
        "var-not-declared",
        server("image = var.image"),
        "image",
        "invalid",
        'no variable "image" is declared',
        ("main.tf", 2, 11, 2, 20),
    ),
    (
        "local-not-declared",
        server("image = local.image"),
        "image",
        "invalid",
        'no local value "image" is declared',
        ("main.tf", 2, 11, 2, 22),
    ),
    (
        "data-source-not-declared",
        server("image = data.scaleway_marketplace_image.ubuntu.id"),
        "image",
        "invalid",
        'no data source "scaleway_marketplace_image" "ubuntu" is declared',
        ("main.tf", 2, 11, 2, 52),
    ),
    (
        "marketplace-image-id",
        server("image = data.scaleway_marketplace_image.ubuntu.id")
        + '\ndata "scaleway_marketplace_image" "ubuntu" {\n  label = "ubuntu_jammy"\n}\n',
        "image",
        "data-source",
        "the local image the provider resolves at plan time",
        ("main.tf", 5, 1, 5, 43),
    ),
    (
        "instance-api-image",
        server("image = data.scaleway_image.custom.id")
        + '\ndata "scaleway_image" "custom" {\n  name = "golden"\n}\n',
        "image",
        "data-source",
        "not the Marketplace",
        ("main.tf", 2, 11, 2, 40),
    ),
    (
        "other-data-source",
        server("image = data.http.image.response_body")
        + '\ndata "http" "image" {\n  url = "https://example.com/image"\n}\n',
        "image",
        "data-source",
        "data.http.image is read by the provider at plan time",
        ("main.tf", 2, 11, 2, 40),
    ),
    (
        "custom-image-resource",
        server("image = scaleway_instance_image.custom.id")
        + '\nresource "scaleway_instance_image" "custom" {\n  name = "golden"\n}\n',
        "image",
        "apply-time",
        "is a custom image, not a Marketplace image",
        ("main.tf", 2, 11, 2, 44),
    ),
    (
        "resource-attribute",
        server("type = scaleway_instance_volume.data.name")
        + '\nresource "scaleway_instance_volume" "data" {\n  name = "data"\n}\n',
        "type",
        "apply-time",
        "is an attribute of scaleway_instance_volume.data, known only after apply",
        ("main.tf", 2, 10, 2, 44),
    ),
    (
        "module-not-declared",
        server("image = module.images.jammy"),
        "image",
        "invalid",
        'no module call "images" is declared',
        ("main.tf", 2, 11, 2, 30),
    ),
    (
        "remote-module-output",
        server("image = module.images.jammy")
        + '\nmodule "images" {\n  source = "acme/images/scaleway"\n}\n',
        "image",
        "remote-module",
        'comes from "acme/images/scaleway", which is not on disk',
        ("main.tf", 5, 1, 5, 16),
    ),
    (
        "each-without-for-each",
        server("image = each.value"),
        "image",
        "invalid",
        "each.value is not a valid reference here",
        ("main.tf", 2, 11, 2, 21),
    ),
    (
        "count-without-count",
        server('type = "DEV1-${count.index}"'),
        "type",
        "invalid",
        "count.index is not a valid reference here",
        ("main.tf", 2, 18, 2, 29),
    ),
    (
        "count-without-value",
        server("count = var.n", 'image = "ubuntu_jammy"') + variable("n"),
        "instance",
        "no-value",
        "count cannot be evaluated: var.n has no value",
        ("main.tf", 6, 1, 6, 13),
    ),
    (
        "bare-word",
        server("image = ubuntu_jammy"),
        "image",
        "invalid",
        "ubuntu_jammy is not a valid reference (a string needs quotes)",
        ("main.tf", 2, 11, 2, 23),
    ),
    (
        "function-not-in-the-table",
        server('image = cidrhost("10.0.0.0/8", 2)'),
        "image",
        "unknown-function",
        "imagelint does not evaluate function cidrhost()",
        ("main.tf", 2, 11, 2, 36),
    ),
    (
        "impure-function",
        server('image = "img-${uuid()}"'),
        "image",
        "apply-time",
        "uuid() is random on every run",
        ("main.tf", 2, 18, 2, 24),
    ),
    (
        "missing-file",
        server('image = file("${path.module}/image.txt")'),
        "image",
        "no-value",
        "file(): no file exists at",
        ("main.tf", 2, 11, 2, 43),
    ),
    (
        "cycle",
        server("image = local.a") + "\nlocals {\n  a = local.b\n  b = local.a\n}\n",
        "image",
        "cycle",
        "local.a -> local.b -> local.a refer to each other",
        ("main.tf", 2, 11, 2, 18),
    ),
    (
        "condition-without-value",
        server('type = var.big ? "GP1-S" : "DEV1-S"') + variable("big"),
        "type",
        "no-value",
        "var.big has no value",
        ("main.tf", 5, 1, 5, 15),
    ),
    (
        "var-map-not-a-string",
        server("image = var.images") + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "invalid",
        "the value is an object, not a string",
        ("main.tf", 6, 13, 6, 39),
    ),
    (
        "var-list-not-a-string",
        server('image = "${var.images}"') + variable("images", '["ubuntu_jammy"]'),
        "image",
        "invalid",
        "the value is a tuple, not a string",
        ("main.tf", 6, 13, 6, 29),
    ),
    (
        "list-in-template",
        server('image = "os-${var.images}"') + variable("images", '["ubuntu_jammy"]'),
        "image",
        "invalid",
        "var.images is a tuple, which a string template cannot include",
        ("main.tf", 2, 17, 2, 27),
    ),
    (
        "missing-key",
        server('image = var.images["noble"]') + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "invalid",
        'var.images has no element "noble"',
        ("main.tf", 2, 22, 2, 29),
    ),
    (
        "var-default-function",
        server("image = var.image") + variable("image", 'upper("x")'),
        "image",
        "invalid",
        "upper(): functions may not be called here",
        ("main.tf", 6, 13, 6, 23),
    ),
    (
        "var-default-reference",
        server("image = var.image") + variable("image", "var.other"),
        "image",
        "invalid",
        "var.other: variables may not be used here",
        ("main.tf", 6, 13, 6, 22),
    ),
    (
        "dynamic-root-volume-without-value",
        DYNAMIC + variable("v"),
        "volume_type",
        "no-value",
        "var.v has no value",
        ("main.tf", 10, 1, 10, 13),
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "kind", "reason", "shown"),
    [c[1:] for c in UNKNOWN],
    ids=[c[0] for c in UNKNOWN],
)
def test_unknown_values(
    tmp_path: Path, case: Case, name: str, kind: str, reason: str, shown: Where
) -> None:
    value = instance_at(tmp_path, case).values[name]
    assert value.text is None and value.reason is not None
    assert (value.kind, reason in value.reason) == (kind, True), value.reason
    assert where(value.span) == shown


def test_every_case_is_valid_terraform() -> None:
    assert fmt_rejects(all_files({c[0]: c[1] for c in UNKNOWN})) == set()


def test_a_reference_to_an_undeclared_resource_is_invalid(tmp_path: Path) -> None:
    case = server("image = scaleway_instance_image.custom.id")
    value = instance_at(tmp_path, case).values["image"]
    assert value.kind == "invalid"


def test_a_server_on_a_marketplace_image_lookup_names_it(tmp_path: Path) -> None:
    case = next(c[1] for c in UNKNOWN if c[0] == "marketplace-image-id")
    found = {i.address: i for i in instances(tmp_path, case)}
    assert found[WEB].image_from == "data.scaleway_marketplace_image.ubuntu"
    lookup = found["data.scaleway_marketplace_image.ubuntu"]
    assert (lookup.kind, lookup.values["image"].text) == ("image-lookup", "ubuntu_jammy")


def test_a_duplicate_variable_is_an_error_that_costs_the_zone(tmp_path: Path) -> None:
    case = server("image = var.image") + variable("image", '"a"') + variable("image", '"b"')
    workspace = read(write(tmp_path, {"main.tf": case}))
    (error,) = workspace.errors
    assert (error.path, error.line, error.column) == ("main.tf", 9, 1)
    assert 'duplicate variable "image" (first declared at main.tf:5)' in error.message
    (instance,) = workspace.instances
    assert instance.values["zone"].kind == "parse-error"
