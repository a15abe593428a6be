"""A module read from disk: the values its servers get and where each was written, checked
against `terraform console`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.terraform.module_text import (
    DYNAMIC,
    Case,
    Where,
    all_files,
    instance_at,
    server,
    variable,
    where,
)
from tests.terraform.trees import by_address, read, write
from tests.terraform_oracle import console, fmt_rejects

IMAGES_MODULE = {
    "main.tf": server("image = module.images.jammy")
    + '\nmodule "images" {\n  source = "./images"\n}\n',
    "images/main.tf": 'output "jammy" {\n  value = "ubuntu_jammy"\n}\n',
}

# id, module, attribute, expected text, where the value was written, the chain's messages
KNOWN: list[tuple[str, Case, str, str, Where, list[str]]] = [
    (
        "string",
        server('image = "ubuntu_jammy"'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 2, 11, 2, 25),
        [],
    ),
    ("escapes", server(r'image = "a\"b\\c"'), "image", 'a"b\\c', ("main.tf", 2, 11, 2, 20), []),
    (
        "unicode-escape",
        server(r'image = "\u00e9t\U000000e9"'),
        "image",
        "été",
        ("main.tf", 2, 11, 2, 30),
        [],
    ),
    (
        "escaped-interpolation",
        server('image = "$${x}"'),
        "image",
        "${x}",
        ("main.tf", 2, 11, 2, 18),
        [],
    ),
    ("integer", server("type = 12"), "type", "12", ("main.tf", 2, 10, 2, 12), []),
    ("decimal", server("type = 1.50"), "type", "1.5", ("main.tf", 2, 10, 2, 14), []),
    ("exponent", server("type = 1e3"), "type", "1000", ("main.tf", 2, 10, 2, 13), []),
    ("bool", server("type = true"), "type", "true", ("main.tf", 2, 10, 2, 14), []),
    ("parenthesised", server('type = ("DEV1-S")'), "type", "DEV1-S", ("main.tf", 2, 10, 2, 20), []),
    (
        "var-default",
        server("type = var.type") + variable("type", '"DEV1-S"'),
        "type",
        "DEV1-S",
        ("main.tf", 6, 13, 6, 21),
        ["var.type"],
    ),
    (
        "var-in-quotes",
        server('type = "${var.type}"') + variable("type", '"DEV1-S"'),
        "type",
        "DEV1-S",
        ("main.tf", 6, 13, 6, 21),
        ["var.type"],
    ),
    (
        "template",
        server('zone = "${var.region}-1"') + variable("region", '"fr-par"'),
        "zone",
        "fr-par-1",
        ("main.tf", 2, 10, 2, 27),
        [],
    ),
    (
        "template-two-vars",
        server('image = "${var.os}_${var.release}"')
        + variable("os", '"ubuntu"')
        + variable("release", '"jammy"'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 2, 11, 2, 37),
        [],
    ),
    (
        "var-number-default",
        server("type = var.n") + variable("n", "3"),
        "type",
        "3",
        ("main.tf", 6, 13, 6, 14),
        ["var.n"],
    ),
    (
        "var-default-escapes",
        server("image = var.image") + variable("image", r'"ubuntu\u005fjammy"'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 6, 13, 6, 32),
        ["var.image"],
    ),
    (
        "var-map-index",
        server('image = var.images["jammy"]') + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 6, 23, 6, 37),
        ["var.images"],
    ),
    (
        "var-map-attribute",
        server("image = var.images.jammy") + variable("images", '{ "jammy" = "ubuntu_jammy" }'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 6, 25, 6, 39),
        ["var.images"],
    ),
    (
        "var-list-index",
        server("image = var.images[1]") + variable("images", '["a", "ubuntu_noble"]'),
        "image",
        "ubuntu_noble",
        ("main.tf", 6, 19, 6, 33),
        ["var.images"],
    ),
    (
        "volume-type",
        server("root_volume {", '  volume_type = "sbs_volume"', "}"),
        "volume_type",
        "sbs_volume",
        ("main.tf", 3, 19, 3, 31),
        [],
    ),
    (
        "first-root-volume",
        server('root_volume { volume_type = "l_ssd" }', 'root_volume { volume_type = "b_ssd" }'),
        "volume_type",
        "l_ssd",
        ("main.tf", 2, 31, 2, 38),
        [],
    ),
    # Unknown before the evaluator; Terraform's values (test_terraform_console_agrees).
    (
        "heredoc",
        server("image = <<EOT", "ubuntu_jammy", "  EOT", 'type = "DEV1-S"'),
        "image",
        "  ubuntu_jammy\n",
        ("main.tf", 2, 11, 4, 8),
        [],
    ),
    ("comparison", server('type = "a" == "b"'), "type", "false", ("main.tf", 2, 10, 2, 20), []),
    ("arithmetic", server("type = 2 * 3"), "type", "6", ("main.tf", 2, 10, 2, 15), []),
    (
        "conditional",
        server('type = var.big ? "GP1-S" : "DEV1-S"') + variable("big", "false"),
        "type",
        "DEV1-S",
        ("main.tf", 2, 30, 2, 38),
        [],
    ),
    (
        "function",
        server('image = lookup(var.images, "jammy", "x")')
        + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 6, 23, 6, 37),
        ["var.images"],
    ),
    (
        "splat",
        server("image = element(var.servers[*].image, 1)")
        + variable("servers", '[{ image = "a" }, { image = "ubuntu_noble" }]'),
        "image",
        "ubuntu_noble",
        ("main.tf", 6, 41, 6, 55),
        ["var.servers"],
    ),
    (
        "for",
        server('image = join("_", [for w in var.words : lower(w)])')
        + variable("words", '["Ubuntu", "Jammy"]'),
        "image",
        "ubuntu_jammy",
        ("main.tf", 2, 11, 2, 53),
        [],
    ),
    (
        "template-directive",
        server('image = "%{if var.a}ubuntu_jammy%{else}debian%{endif}"') + variable("a", "true"),
        "image",
        "ubuntu_jammy",
        ("main.tf", 2, 11, 2, 57),
        [],
    ),
    (
        "local",
        server("image = local.image") + '\nlocals {\n  image = "ubuntu_noble"\n}\n',
        "image",
        "ubuntu_noble",
        ("main.tf", 6, 11, 6, 25),
        ["local.image"],
    ),
    (
        "unknown-neighbour-stays-local",
        server('image = local.images["jammy"]')
        + '\nlocals {\n  images = {\n    jammy = "ubuntu_jammy"\n    other = var.unset\n  }\n}\n'
        + variable("unset"),
        "image",
        "ubuntu_jammy",
        ("main.tf", 7, 13, 7, 27),
        ["local.images"],
    ),
    (
        "module-output",
        IMAGES_MODULE,
        "image",
        "ubuntu_jammy",
        ("images/main.tf", 2, 11, 2, 25),
        ["output jammy of module.images"],
    ),
    (
        "file-function",
        {
            "main.tf": server('image = trimspace(file("${path.module}/image.txt"))'),
            "image.txt": "ubuntu_noble\n",
        },
        "image",
        "ubuntu_noble",
        ("main.tf", 2, 11, 2, 54),
        [],
    ),
    (
        "workspace",
        server('image = "img-${terraform.workspace}"'),
        "image",
        "img-default",
        ("main.tf", 2, 11, 2, 39),
        [],
    ),
    (
        "dynamic-root-volume",
        DYNAMIC + variable("v", '["sbs_volume"]'),
        "volume_type",
        "sbs_volume",
        ("main.tf", 11, 14, 11, 26),
        ["var.v"],
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "expected", "written", "chain"),
    [c[1:] for c in KNOWN],
    ids=[c[0] for c in KNOWN],
)
def test_known_values(
    tmp_path: Path, case: Case, name: str, expected: str, written: Where, chain: list[str]
) -> None:
    value = instance_at(tmp_path, case).values[name]
    assert (value.text, value.reason) == (expected, None)
    assert where(value.span) == written
    assert [hop.message for hop in value.chain] == chain


def test_every_case_is_valid_terraform() -> None:
    assert fmt_rejects(all_files({c[0]: c[1] for c in KNOWN})) == set()


def test_dynamic_block_keeps_the_variable_in_the_chain(tmp_path: Path) -> None:
    volume = instance_at(tmp_path, DYNAMIC + variable("v", '["sbs_volume"]')).values["volume_type"]
    assert "var.v" in [hop.message for hop in volume.chain]


# ---- against Terraform: `terraform console` evaluates the same expressions

ORACLE_DECLARATIONS = """\
variable "region" {
  default = "fr-par"
}

variable "n" {
  default = 1.50
}

variable "m" {
  default = { k = "ubuntu_noble", "with-dash" = "debian_bookworm" }
}

variable "l" {
  default = ["a", "ubuntu_focal"]
}

variable "servers" {
  default = [{ image = "a" }, { image = "ubuntu_noble" }]
}

variable "words" {
  default = ["Ubuntu", "Jammy"]
}

variable "flag" {
  default = true
}

locals {
  image = "ubuntu_${var.l[1]}"
}
"""

ORACLE_EXPRESSIONS = [
    '"ubuntu_jammy"',
    '"${var.region}-1"',
    '"${var.region}"',
    "var.n",
    '"a\\"b"',
    '"x$${y}"',
    '"%%{x}"',
    '"tab\\there"',
    '"\\u00e9t\\u00e9"',
    "1e3",
    "true",
    'var.m["k"]',
    "var.m.k",
    'var.m["with-dash"]',
    "var.l[1]",
    '"${var.l[1]}_${var.m.k}"',
    # what the old reader left unknown
    "<<EOT\n  ubuntu_jammy\n    EOT",
    "<<-EOT\n    ubuntu_${var.region}\n  EOT",
    '"a" == "b"',
    "2 * 3",
    "var.n * 2",
    "10 / 4",
    '"${1 / 3}"',
    'var.flag ? "GP1-S" : "DEV1-S"',
    'lookup(var.m, "k", "x")',
    "element(var.servers[*].image, 1)",
    'join("_", [for w in var.words : lower(w)])',
    '"%{if var.flag}ubuntu_jammy%{else}debian%{endif}"',
    '"%{for w in var.words}${w}-%{endfor}"',
    "local.image",
    '"img-${terraform.workspace}"',
    'format("%s-%d", upper(var.region), 2)',
    'try(var.m.missing, "fallback")',
]


def test_terraform_console_agrees(tmp_path: Path) -> None:
    """Each expression as a server's image, read whole, is the string Terraform gives."""
    servers = "".join(
        server(f"image = {expression}", name=f"s{i}")
        for i, expression in enumerate(ORACLE_EXPRESSIONS)
    )
    workspace = read(write(tmp_path, {"main.tf": servers, "variables.tf": ORACLE_DECLARATIONS}))
    assert workspace.errors == ()
    found = by_address(workspace)
    ours = [
        found[f"scaleway_instance_server.s{i}"].values["image"].text
        for i in range(len(ORACLE_EXPRESSIONS))
    ]
    printed = console(
        [f"tostring({e}\n)" for e in ORACLE_EXPRESSIONS], {"variables.tf": ORACLE_DECLARATIONS}
    )
    assert None not in printed, "terraform rejected an expression: the case is wrong"
    theirs = [json.loads(str(p)) for p in printed]
    mismatches = [
        (expression, mine, expected)
        for expression, mine, expected in zip(ORACLE_EXPRESSIONS, ours, theirs, strict=True)
        if mine != expected
    ]
    assert mismatches == []
