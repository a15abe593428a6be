"""The imagelint inventory source: detection, fields, defaults, zones, errors with their
line, and every rule that can fire on an inventory, through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint import provider_models
from imagelint.model import LOCAL_IMAGE, SBS_IMAGE, Instance
from imagelint.testing import lint_instances, projected_findings, write_catalog
from tests.rules.cases import IMAGES, JAMMY_PAR2_SBS, NOT_FOUND
from tests.sources.inventory_support import detects, read_paths, read_text

HEAD = "imagelint: 1\n"

DETECTION = [  # id, file name, text, claimed
    ("named-yaml", "web.imagelint.yaml", "anything: 1\n", True),
    ("named-yml", "web.imagelint.yml", "anything: 1\n", True),
    ("marker-in-any-yaml", "servers.yaml", "# fleet\nimagelint: 1\ninstances: []\n", True),
    ("quoted-marker", "servers.yml", '"imagelint": 1\n', True),
    ("nested-key-is-not-a-marker", "values.yaml", "tools:\n  imagelint: 1\n", False),
    ("config-file-name-alone", ".imagelint.yaml", "rules: {}\n", False),
    ("unrelated-yaml", "deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n", False),
    ("not-yaml-by-name", "fleet.imagelint.json", '{"imagelint": 1}', False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"), [c[1:] for c in DETECTION], ids=[c[0] for c in DETECTION]
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    assert detects(tmp_path, text, name) is claimed


def values_of(instance: Instance) -> dict[str, tuple[str | None, int | None, int | None, str]]:
    return {
        key: (v.text, v.span.line if v.span else None, v.span.column if v.span else None, v.origin)
        for key, v in instance.values.items()
    }


FIELDS = [  # id, text, {address: {key: (text, line, column, origin)}}
    (
        "own-values",
        HEAD
        + "instances:\n"
        + "  - name: web\n"
        + "    zone: fr-par-2\n"
        + "    type: DEV1-S\n"
        + "    image: ubuntu_jammy\n"
        + "    volume_type: l_ssd\n",
        {
            "web": {
                "zone": ("fr-par-2", 4, 11, "resource"),
                "type": ("DEV1-S", 5, 11, "resource"),
                "image": ("ubuntu_jammy", 6, 12, "resource"),
                "volume_type": ("l_ssd", 7, 18, "resource"),
            }
        },
    ),
    (
        "defaults-fill-what-is-not-written",
        HEAD
        + "defaults:\n"
        + "  zone: nl-ams-1\n"
        + "  type: DEV1-S\n"
        + "  image: ubuntu_noble\n"
        + "instances:\n"
        + "  - name: a\n"
        + "  - {name: b, type: DEV1-M, image: 'nl-ams-1/ubuntu_jammy'}\n",
        {
            "a": {
                "zone": ("nl-ams-1", 3, 9, "defaults.zone"),
                "type": ("DEV1-S", 4, 9, "defaults.type"),
                "image": ("ubuntu_noble", 5, 10, "defaults.image"),
            },
            "b": {
                "zone": ("nl-ams-1", 3, 9, "defaults.zone"),
                "type": ("DEV1-M", 8, 21, "resource"),
                "image": ("nl-ams-1/ubuntu_jammy", 8, 36, "resource"),
            },
        },
    ),
    (
        "no-zone-anywhere-is-the-provider-default",
        HEAD + "instances:\n  - name: web\n    type: DEV1-S\n",
        {
            "web": {
                "type": ("DEV1-S", 4, 11, "resource"),
                "zone": ("fr-par-1", None, None, "provider default"),
            }
        },
    ),
    (
        "legacy-zone-name-as-written",
        HEAD + "instances:\n  - name: web\n    zone: par1\n",
        {"web": {"zone": ("par1", 4, 11, "resource")}},
    ),
    (
        "a-dash-label-is-kept-as-written",  # resolve applies the provider's rewrite
        HEAD + "instances:\n  - name: web\n    image: ubuntu-jammy\n",
        {
            "web": {
                "image": ("ubuntu-jammy", 4, 12, "resource"),
                "zone": ("fr-par-1", None, None, "provider default"),
            }
        },
    ),
    ("no-instances", HEAD + "instances: []\n", {}),
    (
        "merge-keys-come-after-written-ones",
        HEAD
        + "instances:\n"
        + "  - &arm {name: arm-1, type: COPARM1-2C-8G, image: ubuntu_noble}\n"
        + "  - <<: *arm\n"
        + "    name: arm-2\n"
        + "    image: debian_bookworm\n",
        {
            "arm-1": {
                "type": ("COPARM1-2C-8G", 3, 30, "resource"),
                "image": ("ubuntu_noble", 3, 52, "resource"),
                "zone": ("fr-par-1", None, None, "provider default"),
            },
            "arm-2": {
                "type": ("COPARM1-2C-8G", 3, 30, "resource"),
                "image": ("debian_bookworm", 6, 12, "resource"),
                "zone": ("fr-par-1", None, None, "provider default"),
            },
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS])
def test_fields(
    tmp_path: Path, text: str, expected: dict[str, dict[str, tuple[object, ...]]]
) -> None:
    result = read_text(tmp_path, text)
    assert result.errors == ()
    assert {i.address: values_of(i) for i in result.instances} == expected


def test_record_shape(tmp_path: Path) -> None:
    text = HEAD + "defaults:\n  zone: fr-par-2\ninstances:\n  - name: web\n    type: DEV1-S\n"
    (web,) = read_text(tmp_path, text).instances
    assert (web.source, web.address, web.path) == ("inventory", "web", "fleet.imagelint.yaml")
    assert (web.span.line, web.span.column, web.span.end_column) == (5, 11, 14)
    assert web.model is provider_models.CURRENT
    (hop,) = web.chain_of("zone")  # from the instance to the default it takes
    assert (hop.span.line, hop.span.column, hop.message) == (5, 11, "defaults.zone")
    assert web.chain_of("type") == ()
    assert web.phrasing.setting("volume_type", "l_ssd") == "volume_type: l_ssd"
    assert web.phrasing.name("volume_type") == "volume_type"


MODELS = [  # id, provider_version line, default image type of DEV1-S, of POP2-2C-8G
    ("current", "", SBS_IMAGE, SBS_IMAGE),
    ("2.49-chose-by-family", 'provider_version: "2.49"\n', LOCAL_IMAGE, SBS_IMAGE),
    ("2.44-always-local", 'provider_version: "2.44.1"\n', LOCAL_IMAGE, LOCAL_IMAGE),
    ("2.50", 'provider_version: "2.50"\n', SBS_IMAGE, SBS_IMAGE),
]


@pytest.mark.parametrize(
    ("line", "dev1", "pop2"), [c[1:] for c in MODELS], ids=[c[0] for c in MODELS]
)
def test_provider_version_model(tmp_path: Path, line: str, dev1: str, pop2: str) -> None:
    text = HEAD + line + "instances:\n  - name: web\n"
    (web,) = read_text(tmp_path, text).instances
    assert web.model is not None
    assert web.model.image_type_for(None, "DEV1-S") == dev1
    assert web.model.image_type_for(None, "POP2-2C-8G") == pop2
    assert web.model.image_type_for("l_ssd", "POP2-2C-8G") == LOCAL_IMAGE
    if line:
        assert "provider_version" in web.model.name


ZONES = [  # id, env, --default-zone, scw profile zone, expected (zone, origin)
    ("nothing-set", {}, None, None, ("fr-par-1", "provider default")),
    ("environment", {"SCW_DEFAULT_ZONE": "nl-ams-1"}, None, None, ("nl-ams-1", "SCW_DEFAULT_ZONE")),
    ("profile", {}, None, "pl-waw-2", ("pl-waw-2", "default_zone of")),
    ("environment-beats-profile", {"SCW_DEFAULT_ZONE": "fr-par-3"}, None, "pl-waw-2",
     ("fr-par-3", "SCW_DEFAULT_ZONE")),
    ("flag-beats-environment", {"SCW_DEFAULT_ZONE": "nl-ams-1"}, "fr-par-2", None,
     ("fr-par-2", "--default-zone")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("env", "flag", "profile", "expected"), [c[1:] for c in ZONES], ids=[c[0] for c in ZONES]
)
def test_zone_when_none_is_written(
    tmp_path: Path,
    env: dict[str, str],
    flag: str | None,
    profile: str | None,
    expected: tuple[str, str],
) -> None:
    home = tmp_path / "home"
    if profile is not None:
        config = home / ".config" / "scw" / "config.yaml"
        config.parent.mkdir(parents=True)
        config.write_text(f"default_zone: {profile}\n", encoding="utf-8")
    text = HEAD + "instances:\n  - name: web\n  - {name: db, zone: fr-par-1}\n"
    web, db = read_text(tmp_path / "repo", text, env=env, home=home, default_zone=flag).instances
    zone = web.values["zone"]
    assert (zone.text, zone.span) == (expected[0], None)
    assert zone.origin.startswith(expected[1])
    assert db.values["zone"].text == "fr-par-1"  # a written zone beats every default


def test_a_default_zone_the_provider_refuses_leaves_the_zone_unknown(tmp_path: Path) -> None:
    text = HEAD + "instances:\n  - name: web\n"
    (web,) = read_text(tmp_path, text, env={"SCW_DEFAULT_ZONE": "par1"}).instances
    assert web.values["zone"].kind == "invalid"


ERRORS = [  # id, text, [(line, column, words in the message)], addresses still read
    (
        "unknown-instance-key",
        HEAD + "instances:\n  - name: web\n    imgae: ubuntu_jammy\n  - name: db\n",
        [(4, 5, 'instance "web": unknown key "imgae": did you mean "image"?')],
        ["db"],
    ),
    (
        "unknown-top-key",
        HEAD + "instance:\n  - name: web\n",
        [(2, 1, 'unknown key "instance": did you mean "instances"?'), (1, 1, "instances:")],
        [],
    ),
    (
        "unknown-default-key-stops-only-what-it-was-meant-for",
        HEAD + "defaults:\n  zon: fr-par-2\ninstances:\n  - name: web\n"
        "  - {name: db, zone: fr-par-1}\n",
        [(3, 3, 'defaults: unknown key "zon": did you mean "zone"?')],
        ["db"],
    ),
    (
        "unknown-default-key-like-nothing-stops-all",
        HEAD + "defaults:\n  flavour: big\ninstances:\n  - {name: db, zone: fr-par-1}\n",
        [(3, 3, 'unknown key "flavour": the keys are zone, type, image, volume_type')],
        [],
    ),
    (
        "wrong-type",
        HEAD + "instances:\n  - name: web\n    type: 3\n  - name: db\n",
        [(4, 11, 'instance "web": type must be a string, not a number (3); quote it')],
        ["db"],
    ),
    (
        "a-list-where-a-string-goes",
        HEAD + "instances:\n  - name: web\n    image: [ubuntu_jammy]\n",
        [(4, 12, "image must be a string, not a list")],
        [],
    ),
    (
        "empty-value",
        HEAD + "instances:\n  - name: web\n    image:\n",
        [(4, 11, "image must be a string, not nothing (null)")],
        [],
    ),
    (
        "duplicate-names",
        HEAD + "instances:\n  - name: web\n  - name: db\n  - name: web\n",
        [(5, 11, 'two instances are named "web" (first at line 3)')],
        ["web", "db"],
    ),
    (
        "missing-name",
        HEAD + "instances:\n  - zone: fr-par-1\n  - name: db\n",
        [(3, 5, "instances[0] has no name")],
        ["db"],
    ),
    (
        "name-not-a-string",
        HEAD + "instances:\n  - name: 42\n",
        [(3, 11, "instances[0]: name must be a string, not a number (42)")],
        [],
    ),
    (
        "key-written-twice",
        HEAD + "instances:\n  - name: web\n    zone: fr-par-1\n    zone: fr-par-2\n",
        [(5, 5, '"zone" is written twice (first at line 4)')],
        [],
    ),
    (
        "merged-unknown-key-is-reported-where-written",
        HEAD + "defaults: &d\n  zone: fr-par-1\ninstances:\n  - name: web\n    <<: *d\n"
        "  - {<<: {imgae: x}, name: db}\n",
        [(7, 11, 'instance "db": unknown key "imgae"')],
        ["web"],
    ),
    (
        "merging-a-scalar",
        HEAD + "instances:\n  - name: web\n    <<: fr-par-1\n",
        [(4, 9, "<< merges mappings, not a string")],
        [],
    ),
    (
        "version-2",
        "imagelint: 2\ninstances:\n  - name: web\n    imgae: x\n",
        [(1, 12, "imagelint: 2 is not an inventory version this imagelint reads")],
        [],
    ),
    (
        "version-as-string",
        "imagelint: '1'\ninstances: []\n",
        [(1, 12, "imagelint must be the number 1, not a string")],
        [],
    ),
    (
        "no-version-in-a-named-file",
        "instances:\n  - name: web\n",
        [(1, 1, "an inventory starts with imagelint: 1")],
        [],
    ),
    (
        "named-file-that-is-a-list",
        "- name: web\n",
        [(1, 1, "an inventory is a mapping that starts with imagelint: 1")],
        [],
    ),
    (
        "zone-not-a-zone",
        HEAD + "defaults:\n  zone: paris\ninstances:\n  - name: web\n",
        [(3, 9, 'defaults: zone "paris" is not a zone name such as fr-par-1')],
        [],
    ),
    (
        "volume-type-the-provider-refuses",
        HEAD + "instances:\n  - name: web\n    volume_type: b_ssd\n  - name: db\n",
        [(4, 18, 'volume_type "b_ssd" is not one the provider accepts (l_ssd or sbs_volume)')],
        ["db"],
    ),
    (
        "provider-version-unquoted",
        HEAD + "provider_version: 2.50\ninstances:\n  - name: web\n    type: 1\n",
        [(2, 19, 'write provider_version: "2.50"'), (5, 11, "type must be a string")],
        [],
    ),
    (
        "instances-not-a-list",
        HEAD + "instances:\n  name: web\n",
        [(3, 3, "instances must be a list, not a mapping")],
        [],
    ),
    (
        "instance-not-a-mapping",
        HEAD + "instances:\n  - web\n  - name: db\n",
        [(3, 5, "instances[0] must be a mapping, not a string")],
        ["db"],
    ),
    (
        "second-document",
        HEAD + "instances:\n  - name: web\n---\nimagelint: 1\n",
        [(5, 1, "an inventory is one YAML document")],
        ["web"],
    ),
    (
        "invalid-yaml",
        HEAD + "instances:\n  - name: web\n    zone: [fr-par-1\n",
        [(5, 1, "invalid YAML")],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "errors", "addresses"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_errors_name_file_line_and_key(
    tmp_path: Path, text: str, errors: list[tuple[int, int, str]], addresses: list[str]
) -> None:
    result = read_text(tmp_path, text)
    found = sorted((e.line, e.column, e.message) for e in result.errors)
    assert [(line, column) for line, column, _ in found] == sorted(
        (ln, col) for ln, col, _ in errors
    )
    for (_, _, message), (_, _, words) in zip(found, sorted(errors), strict=True):
        assert words in message
    assert all(e.path == "fleet.imagelint.yaml" for e in result.errors)
    assert [i.address for i in result.instances] == addresses


def test_unclaimed_yaml_is_not_mine(tmp_path: Path) -> None:
    # The marker matched a second document's key: the first document is not an inventory.
    text = "name: chart\n---\nimagelint: 1\n"
    result = read_text(tmp_path, text, name="values.yaml")
    assert (result.errors, result.instances, result.not_mine) == ((), (), ("values.yaml",))


def test_a_named_file_with_no_inventory_in_its_first_document_is_an_error(tmp_path: Path) -> None:
    result = read_text(tmp_path, "name: chart\n---\nimagelint: 1\n")
    messages = sorted((e.line, e.message) for e in result.errors)
    assert messages == [
        (1, "an inventory starts with imagelint: 1"),
        (
            1,
            'inventory: unknown key "name": the keys are imagelint, $schema, provider_version, '
            "defaults, instances",
        ),
        (3, "an inventory is one YAML document: this one is not read"),
    ]
    assert result.not_mine == ()


def test_template_is_skipped_with_a_notice(tmp_path: Path) -> None:
    text = HEAD + "instances:\n{{- range .Values.servers }}\n  - name: {{ .name }}\n{{- end }}\n"
    result = read_text(tmp_path, text)
    assert (result.errors, result.instances) == ((), ())
    (notice,) = result.notices
    assert notice.startswith("fleet.imagelint.yaml: a template")


# Each rule an inventory instance can meet, end to end with the real engine and a catalog
# of our own (tests/rules/cases.py). (rule, line, column) of every finding.
RULES = [
    ("clean", "zone: fr-par-1\n    type: DEV1-S\n    image: ubuntu_jammy", []),
    (
        "image-unknown",
        "zone: fr-par-1\n    type: DEV1-S\n    image: ubuntu_jamy",
        [("image-unknown", 7, 12)],
    ),
    (
        "image-arch-mismatch",
        "zone: fr-par-1\n    type: COPARM1-2C-8G\n    image: windows_server_2022",
        [("image-arch-mismatch", 6, 11)],
    ),
    (
        "commercial-type-incompatible",
        "zone: fr-par-1\n    type: DEV1-S\n    image: windows_server_2022",
        [("commercial-type-incompatible", 6, 11)],
    ),
    (
        "image-volume-type-mismatch",
        "zone: fr-par-1\n    type: POP2-2C-8G\n    image: ubuntu_jammy\n    volume_type: l_ssd",
        [("image-volume-type-mismatch", 8, 18)],
    ),
    (
        "image-zone-unavailable",
        "zone: fr-par-3\n    type: DEV1-S\n    image: ubuntu_jammy",
        [("image-zone-unavailable", 7, 12)],
    ),
    (
        "image-zone-mismatch",
        f"zone: fr-par-1\n    type: DEV1-S\n    image: {JAMMY_PAR2_SBS}",
        [("image-zone-mismatch", 7, 12)],
    ),
    (
        "zone-unknown",
        "zone: fr-par-9\n    type: DEV1-S\n    image: ubuntu_jammy",
        [("zone-unknown", 5, 11)],
    ),
    (
        "commercial-type-unknown",
        "zone: fr-par-1\n    type: dev1-s\n    image: ubuntu_jammy",
        [("commercial-type-unknown", 6, 11)],
    ),
    # No type: the notice points at the instance's name.
    ("value-unresolved", "zone: fr-par-1\n    image: ubuntu_jammy", [("value-unresolved", 4, 11)]),
    # The image comes from defaults (line 2): the finding points where it is written.
    (
        "a-default-image",
        "type: POP2-2C-8G-WIN\n    zone: fr-par-3",
        [("image-zone-unavailable", 2, 35)],
    ),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in RULES], ids=[c[0] for c in RULES])
def test_rules_fire_on_inventory_instances(
    tmp_path: Path, fields: str, expected: list[tuple[str, int, int]]
) -> None:
    text = (
        HEAD
        + "defaults: {zone: fr-par-1, image: windows_server_2022}\n"
        + "instances:\n  - name: web\n    "
        + fields
        + "\n"
    )
    result = read_text(tmp_path, text)
    assert result.errors == ()
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    engine = lint_instances(result.instances, catalog)
    assert projected_findings(engine.findings) == expected


def test_a_finding_on_a_default_relates_the_instance(tmp_path: Path) -> None:
    text = HEAD + "defaults:\n  image: windows_server_2022\ninstances:\n"
    text += "  - {name: web, type: POP2-2C-8G-WIN, zone: fr-par-3}\n"
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)
    (finding,) = lint_instances(read_text(tmp_path, text).instances, catalog).findings
    assert (finding.rule, finding.line, finding.resource) == ("image-zone-unavailable", 3, "web")
    assert [(r.line, r.message) for r in finding.related] == [(5, "defaults.image")]


def test_merges_chained_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    lines = [HEAD, "instances:\n", "  - &i0 {name: n0, type: DEV1-S}\n"]
    lines += [f"  - &i{i} {{<<: *i{i - 1}, name: n{i}}}\n" for i in range(1, 1100)]
    path = tmp_path / "deep.imagelint.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = read_paths(tmp_path, [path], max_bytes=50_000_000)  # a node budget that allows it
    assert result.errors == ()
    assert len(result.instances) == 1100
    assert result.instances[-1].values["type"].text == "DEV1-S"
