"""The shipped JSON Schema of `.imagelint.yaml` is the table's, and it accepts and refuses
the same configurations imagelint does."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from imagelint.config import ConfigError, resolve
from imagelint.config_keys import KEYS
from imagelint.config_schema import build, markdown
from imagelint.plugins import load_rules

RULES = load_rules()


def shipped() -> dict[str, Any]:
    text = files("imagelint.data").joinpath("config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(shipped())


def test_schema_properties_are_the_table_keys() -> None:
    assert list(shipped()["properties"]) == [key.name for key in KEYS]
    for key in KEYS:
        described = shipped()["properties"][key.name]["description"]
        assert described.startswith(key.description)
        assert (f"Command line: {key.flag}." in described) == (key.flag is not None)
        assert (f"Environment: {key.env}." in described) == (key.env is not None)


def test_schema_names_every_first_party_rule_and_option() -> None:
    rules = shipped()["properties"]["rules"]["properties"]
    assert sorted(rules) == sorted(r.id for r in RULES if r.origin.startswith("imagelint_rules."))
    assert "ignore-kinds" in rules["value-unresolved"]["properties"]


def test_shipped_schema_is_the_generated_one() -> None:
    # Regenerate: python -m imagelint.config_schema > imagelint/data/config.schema.json
    assert shipped() == json.loads(json.dumps(build(RULES)))


CASES = [  # configuration, valid: both imagelint and the schema agree on each
    ("", True),
    ("catalog: offline\nfail-on: notice\n", True),
    ("api-url: https://api.example.com\nconnect-timeout: 2.5\nread-timeout: 3\n", True),
    ("retries: 0\nrequest-deadline: 10\nauto-deadline: 0.5\n", True),
    ("max-file-size: 1000\n", True),
    ("max-file-size: 5MB\n", True),
    ("max-file-size: '512 KiB'\n", True),
    ("default-zone: fr-par-2\nbaseline: ci/baseline.json\n", True),
    ("default-zone: null\napi-url: null\nbaseline: null\n", True),
    ("exclude: ['modules/**', '**/examples/*.tf']\n", True),
    ("rules:\n", True),
    ("rules:\n  image-unknown: {enabled: false, severity: warning, suppressible: false}\n", True),
    ("rules:\n  value-unresolved: {ignore-kinds: [apply-time]}\n", True),
    ("rules:\n  value-unresolved:\n", True),
    ("catalog: online\n", False),
    ("catalog: 1\n", False),
    ("api-url: ftp://example.com\n", False),
    ("connect-timeout: 0\n", False),
    ("connect-timeout: fast\n", False),
    ("retries: 11\n", False),
    ("retries: 2.5\n", False),
    ("max-file-size: 0\n", False),
    ("max-file-size: 5XB\n", False),
    ("default-zone: fr-par-9\n", False),
    ("fail-on: warn\n", False),
    ("exclude: modules/**\n", False),
    ("exclude: ['/abs']\n", False),
    ("exclude: [1]\n", False),
    ("baseline: ''\n", False),
    ("fail_on: error\n", False),
    ("rules: 5\n", False),
    ("rules:\n  image-unknown: {severity: warn}\n", False),
    ("rules:\n  image-unknown: {enabled: 1}\n", False),
    ("rules:\n  image-unknown: {ignore-kinds: []}\n", False),
    ("rules:\n  value-unresolved: {ignore-kinds: apply-time}\n", False),
    ("- a\n", False),
]


@pytest.mark.parametrize(("text", "valid"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_schema_and_imagelint_agree(tmp_path: Path, text: str, valid: bool) -> None:
    errors = list(jsonschema.Draft202012Validator(shipped()).iter_errors(yaml.safe_load(text)))
    assert (not errors) == valid, [e.message for e in errors]
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    try:
        resolve({}, cwd=tmp_path, env={}, config_file=Path("config.yaml"), rules=RULES)
    except ConfigError:
        assert not valid
    else:
        assert valid


def test_markdown_reference_has_a_row_for_each_key() -> None:
    rows = markdown().splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{key.name}`" for key in KEYS]
    assert all(row.count(" | ") == 4 for row in rows)  # no description breaks the table
