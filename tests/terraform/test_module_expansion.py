"""`count` and `for_each` on a server: one instance per index or key, each under its own
address with its own values; none for zero or an empty collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terraform.module_text import (
    WEB,
    all_files,
    instance_at,
    instances,
    server,
    variable,
    where,
)
from tests.terraform_oracle import fmt_rejects

# id, module, image of each address
EXPANSIONS: list[tuple[str, str, dict[str, str]]] = [
    (
        "count",
        server("count = 2", 'image = "img-${count.index}"'),
        {f"{WEB}[0]": "img-0", f"{WEB}[1]": "img-1"},
    ),
    ("count-zero", server("count = 0", 'image = "bad image"'), {}),
    (
        "for-each-set",
        server('for_each = toset(["ubuntu_jammy", "debian_bookworm"])', "image = each.value"),
        {f'{WEB}["debian_bookworm"]': "debian_bookworm", f'{WEB}["ubuntu_jammy"]': "ubuntu_jammy"},
    ),
    ("for-each-empty", server("for_each = toset([])", 'image = "bad image"'), {}),
    (
        "for-each-local-objects",
        server("for_each = local.fleet", "image = each.value.image", 'name = "${each.key}"')
        + '\nlocals {\n  fleet = {\n    web = { image = "ubuntu_jammy" }\n'
        + '    db  = { image = "debian_bookworm" }\n  }\n}\n',
        {f'{WEB}["db"]': "debian_bookworm", f'{WEB}["web"]': "ubuntu_jammy"},
    ),
]


@pytest.mark.parametrize(
    ("case", "images"), [c[1:] for c in EXPANSIONS], ids=[c[0] for c in EXPANSIONS]
)
def test_count_and_for_each_expand(tmp_path: Path, case: str, images: dict[str, str]) -> None:
    found = instances(tmp_path, case)
    assert {i.address: i.values["image"].text for i in found} == images


def test_expansion_cases_are_valid_terraform() -> None:
    assert fmt_rejects(all_files({c[0]: c[1] for c in EXPANSIONS})) == set()


def test_for_each_keeps_the_variable_in_the_chain(tmp_path: Path) -> None:
    case = {
        "main.tf": server("for_each = var.images", "image = each.value")
        + variable("images", '{ a = "ubuntu_jammy" }'),
        "terraform.tfvars": 'images = { a = "ubuntu_noble" }\n',
    }
    image = instance_at(tmp_path, case, f'{WEB}["a"]').values["image"]
    assert (image.text, where(image.span)) == ("ubuntu_noble", ("terraform.tfvars", 1, 16, 1, 30))
    assert "var.images" in [hop.message for hop in image.chain]
