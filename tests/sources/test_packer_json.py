"""Packer detection, and legacy JSON templates: user variables, positions, what stays unknown."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from imagelint.files import Scope
from imagelint.packer import source
from imagelint.source_api import Candidate
from tests.sources.packer_support import MAX_BYTES, at, only, read_tree, shown


def template(builder: Mapping[str, object], variables: Mapping[str, object] | None = None) -> str:
    document: dict[str, object] = {"builders": [{"type": "scaleway", **builder}]}
    if variables is not None:
        document = {"variables": variables, **document}
    return json.dumps(document, indent=2) + "\n"


AWS = json.dumps({"builders": [{"type": "amazon-ebs", "ami_name": "x"}]})
DETECTION = [
    ("build.pkr.hcl", "", True),
    ("prod.pkrvars.hcl", "", True),
    ("prod.auto.pkrvars.json", "{}", True),
    ("image.json", template({"image": "ubuntu_jammy"}), True),
    ("compact.json", '{"builders":[{"type" : "scaleway"}]}', True),
    ("aws.json", AWS, False),
    ("package.json", '{"name": "x", "dependencies": {"scaleway": "1"}}', False),
    ("tsconfig.json", '{"compilerOptions": {"strict": true}}', False),
    ("plan.json", '{"format_version": "1.2", "planned_values": {"type": "scaleway"}}', False),
    ("h.pkr.json", '{"source": {"scaleway": {"x": {}}}}', True),
    ("aws.pkr.json", '{"source": {"amazon-ebs": {"x": {}}}}', True),
    ("main.tf", 'resource "scaleway_instance_server" "x" {}', False),
    ("values.yaml", "builders: [{type: scaleway}]", False),
    (".hidden.pkr.hcl", "", False),
]


@pytest.mark.parametrize(("name", "text", "claimed"), DETECTION, ids=[c[0] for c in DETECTION])
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=MAX_BYTES)
    candidate = Candidate(path, shown=name, given=False, scope=scope)
    assert (source.wants(name) and source.detect(candidate)) is claimed


def test_a_scaleway_type_outside_the_builders_is_not_mine(tmp_path: Path) -> None:
    text = json.dumps({"builders": [{"type": "docker"}], "post-processors": [{"type": "scaleway"}]})
    result = read_tree(tmp_path, {"pp.json": text})
    assert (result.instances, result.errors, result.not_mine) == ((), (), ("pp.json",))


PKR_JSON = {
    "packer": {
        "required_plugins": {
            "scaleway": {"version": "~> 1.2.0", "source": "github.com/scaleway/scaleway"}
        }
    },
    "variable": {"image": {"type": "string", "default": "ubuntu_jammy"}},
    "locals": {"type": '${upper("dev1-s")}'},
    "source": {
        "scaleway": {
            "base": {
                "image": "${var.image}",
                "commercial_type": "${local.type}",
                "zone": "fr-par-1",
                "root_volume": {"type": "l_ssd"},
            }
        }
    },
    "build": {"source": {"source.scaleway.base": {"name": "web"}}},
}


def test_packer_json_syntax_is_read_with_its_directory(tmp_path: Path) -> None:
    files = {
        "build.pkr.json": json.dumps(PKR_JSON, indent=2) + "\n",
        "vars.auto.pkrvars.hcl": 'image = "ubuntu_noble"\n',
    }
    instance = only(read_tree(tmp_path, files))
    assert instance.address == "source.scaleway.base [build scaleway.web]"
    assert {k: shown(v) for k, v in instance.values.items()} == {
        "image": "ubuntu_noble",
        "type": "DEV1-S",
        "zone": "fr-par-1",
    }  # no volume type: plugin 1.2.1 refuses root_volume
    assert at(instance.value("type")) == ("build.pkr.json", 17, 16)  # the upper() call
    assert instance.model is not None and instance.model.name.startswith(
        "the Scaleway Packer plugin 1.2.1 (from required_plugins `~> 1.2.0`)"
    )
    assert [r.attribute for r in instance.rejected] == ["root_volume"]


def test_a_packer_json_template_with_an_unknown_block_is_an_error(tmp_path: Path) -> None:
    result = read_tree(tmp_path, {"b.pkr.json": '{\n  "sauce": {}\n}\n'})
    assert [(e.path, e.line, e.column, e.message) for e in result.errors] == [
        ("b.pkr.json", 2, 3, 'no block type is named "sauce"')
    ]


VARIABLES = {
    "image": "ubuntu_jammy",
    "distro": "ubuntu",
    "type": "DEV1-S",
    "zone": "{{env `SCW_ZONE`}}",
    "required": None,
    "alias": "{{user `image`}}",
}
BASE = {"commercial_type": "{{user `type`}}", "zone": "fr-par-1"}
FIELDS = [
    ("a user variable", {"image": "{{user `image`}}"}, "image", "ubuntu_jammy"),
    ("spaces inside the braces", {"image": "{{ user `image` }}"}, "image", "ubuntu_jammy"),
    ("a quoted name", {"image": '{{user "image"}}'}, "image", "ubuntu_jammy"),
    ("text around it", {"image": "{{user `distro`}}_focal"}, "image", "ubuntu_focal"),
    (
        "an env variable",
        {"zone": "{{user `zone`}}"},
        "zone",
        "?apply-time: {{env `SCW_ZONE`}} is the environment of the Packer run, which imagelint "
        "does not assume",
    ),
    (
        "another template function",
        {"image": "ubuntu_{{timestamp}}"},
        "image",
        "?apply-time: {{timestamp}} is evaluated by Packer when the build runs",
    ),
    (
        "an undefined variable",
        {"image": "{{user `nope`}}"},
        "image",
        "?invalid: user variable nope is not defined in the template's variables",
    ),
    (
        "a required variable",
        {"image": "{{user `required`}}"},
        "image",
        "?no-value: user variable required is required (null) and no --var required=... is given",
    ),
    (
        "a variable set from another",
        {"image": "{{user `alias`}}"},
        "image",
        "?unsupported: user variable alias is set from another one ({{user `image`}}): "
        "imagelint does not evaluate variables that refer to variables",
    ),
    ("the commercial type", {}, "type", "DEV1-S"),
    ("region overrides zone", {"region": "ams1"}, "zone", "ams1"),
    ("a root volume type", {"root_volume": {"type": "l_ssd"}}, "volume_type", "l_ssd"),
    ("no root volume", {}, "volume_type", None),
]


@pytest.mark.parametrize(
    ("builder", "attribute", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS]
)
def test_fields(
    tmp_path: Path, builder: dict[str, object], attribute: str, expected: str | None
) -> None:
    text = template({"image": "ubuntu_jammy", **BASE, **builder}, VARIABLES)
    instance = only(read_tree(tmp_path, {"image.json": text}))
    assert shown(instance.value(attribute)) == expected


def test_positions_point_where_values_are_written(tmp_path: Path) -> None:
    text = template({"name": "web", "image": "{{user `image`}}", **BASE}, VARIABLES)
    instance = only(read_tree(tmp_path, {"image.json": text}))
    assert instance.address == "web"
    assert (instance.span.line, instance.span.column) == (12, 7)  # "type": "scaleway"
    image = instance.value("image")
    assert at(image) == ("image.json", 3, 14)  # the variables entry
    assert image is not None and [(h.span.line, h.message) for h in image.chain] == [
        (14, "user variable image")
    ]
    assert at(instance.value("zone")) == ("image.json", 16, 15)
    assert instance.phrasing.setting("volume_type", "l_ssd") == '"root_volume": {"type": "l_ssd"}'


def test_var_arguments_set_user_variables(tmp_path: Path) -> None:
    text = template({"image": "{{user `required`}}", **BASE}, VARIABLES)
    result = read_tree(tmp_path, {"image.json": text}, var_args=["required=ubuntu_noble"])
    assert shown(only(result).value("image")) == "ubuntu_noble"


def test_builder_name_defaults_to_its_type_and_the_model_is_current(tmp_path: Path) -> None:
    instance = only(read_tree(tmp_path, {"t.json": template({"image": "x", **BASE})}))
    assert instance.address == "scaleway"
    assert instance.model is not None
    assert instance.model.name.startswith("the Scaleway Packer plugin 1.5.0 (assumed current")


def test_image_size_in_gb_is_rejected(tmp_path: Path) -> None:
    text = template({"image": "x", **BASE, "image_size_in_gb": 20})
    (rejected,) = only(read_tree(tmp_path, {"t.json": text})).rejected
    assert (rejected.attribute, rejected.span.line, rejected.span.column) == (
        "image_size_in_gb",
        8,
        7,
    )
    assert rejected.hint == (
        'remove it and size the root volume instead: "root_volume": {"size_in_gb": N}'
    )


def test_malformed_template_is_an_error_with_a_line(tmp_path: Path) -> None:
    text = '{\n  "builders": [\n    {"type": "scaleway", "image": "x",}\n  ]\n}\n'
    result = read_tree(tmp_path, {"t.json": text})
    assert [(e.path, e.line, e.column) for e in result.errors] == [("t.json", 3, 38)]


def test_json_and_the_source_module_do_not_import_the_hcl_parser(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(template({"image": "x", **BASE}), encoding="utf-8")
    program = f"""
import sys
from pathlib import Path
from imagelint.files import Scope
from imagelint.packer import source
from imagelint.source_api import Candidate, ReadContext
root = Path({str(tmp_path)!r})
scope = Scope([root], cwd=root, max_file_bytes=1000000)
file = Candidate(root / "t.json", shown="t.json", given=True, scope=scope)
assert source.detect(file)
result = source.read([file], ReadContext(cwd=root, env={{}}, home=None, scope=scope))
assert len(result.instances) == 1, result
print(sorted(m for m in sys.modules if m.split(".")[0] in ("hcl2", "lark")))
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
