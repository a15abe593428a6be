"""The inventory's JSON Schema: a valid draft 2020-12 schema that accepts every inventory
sample and valid fixture, rejects each invalid one, and agrees with the reader's errors."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from imagelint.inventory import source
from imagelint.inventory.fields import INSTANCE_KEYS, SERVER_KEYS, TOP_KEYS, VOLUME_TYPES
from tests.sources.inventory_support import read_paths, reader_accepts

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "inventory_fixtures"
VALID = sorted((FIXTURES / "valid").iterdir())
INVALID = sorted((FIXTURES / "invalid").iterdir())
SAMPLES = sorted(
    p
    for p in (ROOT / "samples").rglob("*.y*ml")
    if source.named(p.name) or re.search(r"(?m)^imagelint:", p.read_text(encoding="utf-8"))
)
EXPECT = re.compile(r"^# expect (\d+):(\d+)$")


def schema() -> dict[str, Any]:
    text = resources.files("imagelint.data").joinpath("inventory.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def first_document(path: Path) -> Any:
    return next(yaml.safe_load_all(path.read_text(encoding="utf-8")))


def reader_errors(path: Path) -> list[tuple[int, int]]:
    result = read_paths(path.parent, [path])
    assert result.not_mine == (), "the fixture is not even claimed"
    return [(e.line, e.column) for e in result.errors]


def test_is_a_valid_draft_2020_12_schema() -> None:
    document = schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"]
    jsonschema.Draft202012Validator.check_schema(document)


def test_every_key_has_a_description_for_editors() -> None:
    def walk(node: Any, where: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub and "$ref" not in sub:
                    missing.append(f"{where}.{name}")
            for name, sub in node.items():
                missing += walk(sub, f"{where}.{name}")
        return missing

    document = schema()
    assert walk(document, "$") == []
    assert all("description" in d for d in document["$defs"].values())


def test_keys_and_enums_match_the_reader() -> None:
    document = schema()
    assert tuple(document["properties"]) == TOP_KEYS
    assert tuple(document["$defs"]["instance"]["properties"]) == INSTANCE_KEYS
    assert tuple(document["$defs"]["volume_type"]["enum"]) == VOLUME_TYPES


def test_samples_exist() -> None:
    assert SAMPLES, "no inventory sample under samples/"


@pytest.mark.parametrize(
    "path", [*SAMPLES, *VALID], ids=[p.relative_to(ROOT).as_posix() for p in [*SAMPLES, *VALID]]
)
def test_schema_and_reader_accept(path: Path) -> None:
    errors = [e.message for e in validator().iter_errors(first_document(path))]
    assert errors == []
    assert reader_errors(path) == []


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_schema_and_reader_reject(path: Path) -> None:
    assert list(validator().iter_errors(first_document(path))), "the schema accepts it"
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match is not None, "an invalid fixture starts with # expect LINE:COLUMN"
    assert (int(match[1]), int(match[2])) in reader_errors(path)


# Generated inventories: a valid one, then up to two changes anywhere (a value of any kind,
# right or wrong, or a misspelt key). The schema and the reader must give the same verdict.
# Names stay unique (a schema cannot require that), and `imagelint` is never a float (JSON
# Schema holds 1.0 to be the integer 1; the reader wants `1` as written).
GOOD = {
    "zone": st.sampled_from(["fr-par-1", "nl-ams-3", "par1"]),
    "type": st.sampled_from(["DEV1-S", "COPARM1-2C-8G"]),
    "image": st.sampled_from(["ubuntu_jammy", "fr-par-2/ubuntu_noble"]),
    "volume_type": st.sampled_from(VOLUME_TYPES),
}
VALID_INVENTORY = st.fixed_dictionaries(
    {
        "imagelint": st.just(1),
        "instances": st.lists(st.fixed_dictionaries({}, optional=GOOD), max_size=3),
    },
    optional={
        "$schema": st.just("./inventory.schema.json"),
        "provider_version": st.sampled_from(["2.49", "2.44.1"]),
        "defaults": st.fixed_dictionaries({}, optional=GOOD),
    },
)
SCALARS = st.sampled_from(
    ["fr-par-1", "par1", "Paris", "FR-PAR-1", "", " ", "l_ssd", "sbs_volume", "b_ssd", "DEV1-S",
     "ubuntu_jammy", "2.49", "3.0", "latest", "1"]
) | st.integers(-1, 3) | st.none() | st.booleans() | st.sampled_from([2.5, 0.5])  # fmt: skip
VALUES = SCALARS | st.lists(SCALARS, max_size=2) | st.dictionaries(st.just("zone"), SCALARS)
# Values just inside or outside what each key accepts.
NEAR = {
    "zone": ["Paris", "FR-PAR-1", "fr-par", "ams1", "it-mil-1"],
    "volume_type": ["b_ssd", "ssd", "L_SSD", "sbs_volume"],
    "type": ["", " ", "pro2-xxs"],
    "image": ["", "\t", "ubuntu-jammy"],
    "name": ["", " ", "web"],
    "provider_version": ["2.50", "2.4.1.1", "v2.49", "3.0", "latest"],
    "$schema": ["", "https://example.org/inventory.schema.json"],
}
KEYS = st.sampled_from([*SERVER_KEYS, "name", "imgae", "zon", "instance", "defaults"])


ALL_VALUES: list[Any] = [
    *{v for near in NEAR.values() for v in near},
    *("fr-par-1", "par1", "l_ssd", "DEV1-S", "ubuntu_jammy", "2.49", "1", "web-9"),
    *(-1, 0, 1, 2, 2.5, None, True, False, [], ["fr-par-1"], {}, {"zone": "fr-par-1"}),
]


def test_schema_and_reader_agree_on_every_single_change() -> None:
    """Each key of each place, set to each value: every verdict the same."""
    base = {
        "imagelint": 1,
        "defaults": {"zone": "fr-par-1"},
        "instances": [{"name": "web-1", "type": "DEV1-S"}, {"name": "db-1"}],
    }
    places = {
        "top": (lambda d: d, [*TOP_KEYS, "instance"]),
        "defaults": (lambda d: d["defaults"], [*SERVER_KEYS, "name", "zon"]),
        "instance": (lambda d: d["instances"][1], [*INSTANCE_KEYS, "imgae"]),
    }
    disagreements = []
    for place, (find, keys) in places.items():
        for key in keys:
            for value in ALL_VALUES:
                document = json.loads(json.dumps(base))
                find(document)[key] = value
                text = yaml.safe_dump(document)
                schema_accepts = validator().is_valid(yaml.safe_load(text))
                if reader_accepts(text) is not schema_accepts:
                    disagreements.append(f"{place}.{key} = {value!r}: schema {schema_accepts}")
    assert disagreements == []


def test_only_the_reader_sees_duplicate_names() -> None:
    # JSON Schema cannot require a property to be unique across items: the one difference.
    text = "imagelint: 1\ninstances:\n  - name: web\n  - name: web\n"
    assert validator().is_valid(yaml.safe_load(text))
    assert not reader_accepts(text)


def change(data: st.DataObject, document: dict[str, Any]) -> None:
    listed = document.get("instances")
    instances = listed if isinstance(listed, list) else []
    places: list[Any] = [document, document.get("defaults"), *instances]
    place = data.draw(st.sampled_from([p for p in places if isinstance(p, dict)]))
    key = data.draw(KEYS | st.sampled_from(TOP_KEYS) if place is document else KEYS)
    if key == "imagelint":
        place[key] = data.draw(st.sampled_from([1, 2, "1", None]))
    elif key == "instances" and isinstance(listed, list) and data.draw(st.booleans()):
        instances.append(data.draw(SCALARS))
    else:
        place[key] = data.draw(st.sampled_from(NEAR.get(key, [None])) | VALUES)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_schema_and_reader_agree_on_generated_inventories(data: st.DataObject) -> None:
    document: dict[str, Any] = data.draw(VALID_INVENTORY)
    for instance_index, instance in enumerate(document["instances"]):
        instance["name"] = f"web-{instance_index}"
    for _ in range(data.draw(st.integers(0, 2))):
        change(data, document)
    listed = document.get("instances")
    names = (
        [i.get("name") for i in listed if isinstance(i, dict)] if isinstance(listed, list) else []
    )
    assume(len(names) == len(set(map(repr, names))))
    text = yaml.safe_dump(document)
    schema_accepts = validator().is_valid(yaml.safe_load(text))
    assert reader_accepts(text) is schema_accepts, text


MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.relative_to(ROOT).as_posix() for p in SAMPLES])
def test_samples_name_the_shipped_schema_for_editors(path: Path) -> None:
    found = MODELINE.search(path.read_text(encoding="utf-8"))
    assert found is not None, "no yaml-language-server modeline"
    shipped = ROOT / "imagelint" / "data" / "inventory.schema.json"
    assert (path.parent / found[1]).resolve() == shipped.resolve()
