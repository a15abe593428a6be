"""The YAML layer every YAML source shares: positions as editors show them, several
documents a file, no tag ever constructed, and hostile input (alias bombs, deep nesting,
self-referencing aliases) refused quickly with a located error instead of a hang, a crash
of libyaml's C composer, or a memory blow-up."""

from __future__ import annotations

import itertools
import time

import pytest
import yaml

from imagelint.model import ParseError
from imagelint.parsers.yaml_tree import (
    MAX_DEPTH,
    YMap,
    YScalar,
    YSeq,
    load_yaml,
    looks_templated,
    plain,
    walk,
)

SERVERS = """\
# a comment
apiVersion: instance.scaleway.upbound.io/v1alpha1
kind: Server
metadata: {name: web}
spec:
  forProvider:
    image: "ubuntu_jammy"
    type: DEV1-S
    rootVolume:
      - volumeType: l_ssd
---
---
kind: Other
"""


def test_values_keys_and_documents_are_located_one_based() -> None:
    first, empty, third = load_yaml("s.yaml", SERVERS)
    assert isinstance(first.root, YMap) and empty.root is None
    assert (first.index, empty.index, third.index) == (0, 1, 2)
    spec = first.root.get("spec")
    assert isinstance(spec, YMap)
    provider = spec.get("forProvider")
    assert isinstance(provider, YMap)
    image = provider.get("image")
    assert isinstance(image, YScalar)
    # The value's span covers its quotes, as an editor selects the written value.
    span = image.span
    assert (span.path, span.line, span.column, span.end_line, span.end_column) == (
        "s.yaml",
        7,
        12,
        7,
        26,
    )
    assert image.text == "ubuntu_jammy" and image.quoted
    key = provider.key("type")
    assert key is not None and (key.span.line, key.span.column) == (8, 5)
    volumes = provider.get("rootVolume")
    assert isinstance(volumes, YSeq)
    assert plain(volumes) == [{"volumeType": "l_ssd"}]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("v: 1", "int"),
        ("v: 1.5", "float"),
        ("v: yes", "bool"),
        ("v: ~", "null"),
        ("v: '1'", "str"),
        ("v: DEV1-S", "str"),
        ("v: 2026-01-01", "timestamp"),
        ("v: !Ref Image", "!Ref"),
        (
            "v: !!python/object/apply:os.system [touch /tmp/pwned]",
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
    ],
)
def test_scalars_keep_their_text_and_resolved_tag(text: str, tag: str) -> None:
    (document,) = load_yaml("t.yaml", text)
    assert isinstance(document.root, YMap)
    value = document.root.get("v")
    assert value is not None and value.tag == tag


def test_no_tag_is_ever_constructed() -> None:
    (document,) = load_yaml("t.yaml", "v: !!python/object/apply:os.getpid []\n")
    assert plain(document.root) == {"v": []}  # a sequence, never a call


def test_a_duplicated_key_reads_as_its_last_value_like_every_yaml_consumer() -> None:
    (document,) = load_yaml("d.yaml", "zone: fr-par-1\nzone: nl-ams-1\n")
    assert isinstance(document.root, YMap)
    value = document.root.get("zone")
    assert isinstance(value, YScalar) and value.text == "nl-ams-1"


def test_aliases_reuse_the_anchored_node() -> None:
    (document,) = load_yaml("a.yaml", "base: &b {type: DEV1-S}\nweb: *b\n")
    assert isinstance(document.root, YMap)
    assert document.root.get("web") is document.root.get("base")
    assert plain(document.root) == {"base": {"type": "DEV1-S"}, "web": {"type": "DEV1-S"}}


def bomb(levels: int) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in itertools.pairwise("abcdefghijklmnop"[: levels + 1]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (bomb(9), "YAML nodes (an alias bomb?)", None),
        ("a: &a [1, *a]\n", "refers to itself", 1),
        ("a: *nowhere\n", "has no anchor", None),
        ("[" * 200_000, "", 1),  # refused by depth long before the end of the text
        ("- " * 2_000 + "x\n", f"nested more than {MAX_DEPTH} levels", 1),
        ("a: [1,\n b: }\n", "invalid YAML", 2),
        ("a: 'unterminated\n", "invalid YAML", None),
    ],
    ids=[
        "alias-bomb",
        "self-alias",
        "unknown-alias",
        "flow-depth",
        "block-depth",
        "syntax",
        "quote",
    ],
)
def test_hostile_yaml_is_a_located_error_quickly(text: str, message: str, line: int | None) -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError) as raised:
        load_yaml("h.yaml", text, max_nodes=100_000)
    assert time.perf_counter() - start < 2.0
    error = raised.value
    assert error.path == "h.yaml" and message in error.message
    if line is not None:
        assert error.line == line


def test_the_node_budget_counts_aliases_where_they_are_used() -> None:
    text = bomb(3)  # 9 + 81 + 729 + 6561 scalars once expanded
    load_yaml("ok.yaml", text, max_nodes=20_000)
    with pytest.raises(ParseError, match="more than 5,000 YAML nodes"):
        load_yaml("big.yaml", text, max_nodes=5_000)


def test_walk_visits_every_node_once_per_use() -> None:
    (document,) = load_yaml("w.yaml", "a: &x [1, 2]\nb: *x\n")
    scalars = [n.text for n in walk(document.root) if isinstance(n, YScalar)]
    assert scalars == ["a", "1", "2", "b", "1", "2"]


@pytest.mark.parametrize(
    ("text", "templated"),
    [
        ("name: {{ .Values.name }}\n", True),
        ("{% if x %}\na: 1\n{% endif %}\n", True),
        ("image: ${IMAGE:=ubuntu_jammy}\n", False),  # clusterctl variables are not templates
        ("a: 1\n", False),
    ],
)
def test_templates_are_recognised(text: str, templated: bool) -> None:
    assert looks_templated(text) is templated


def test_libyaml_is_used_when_present() -> None:
    from imagelint.parsers import yaml_tree

    assert (yaml_tree._Loader is getattr(yaml, "CSafeLoader", None)) is yaml.__with_libyaml__
