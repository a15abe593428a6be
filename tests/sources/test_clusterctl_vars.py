"""clusterctl substitution: drone/envsubst's forms and defaults, unresolved variables as
placeholders with their reasons, and positions mapped back to the text as written."""

from __future__ import annotations

import pytest

from imagelint.kube.clusterctl_vars import Placeholders, substitute
from imagelint.model import Span
from imagelint.parsers.yaml_tree import YMap, YScalar, load_yaml

SUBSTITUTIONS = [  # id, text, env, substituted text (<?> stands for a placeholder)
    ("set", "a: ${A}", {"A": "x"}, "a: x"),
    ("set-beats-default", "a: ${A:=d}", {"A": "x"}, "a: x"),
    ("unset-default", "a: ${A:=d}", {}, "a: d"),
    ("empty-takes-default", "a: ${A:=d}", {"A": ""}, "a: d"),
    # drone/envsubst's toDefault: `=` takes the default for an empty value too (unlike sh).
    ("equals-empty-takes-default", "a: ${A=d}", {"A": ""}, "a: d"),
    ("colon-dash", "a: ${A:-d}", {}, "a: d"),
    ("colon-plus-is-a-default-too", "a: ${A:+d}", {}, "a: d"),
    ("set-empty-no-default", "a: '${A}'", {"A": ""}, "a: ''"),
    ("nested-default", "z: ${Z:=${R:=fr-par}-1}", {}, "z: fr-par-1"),
    ("nested-default-from-env", "z: ${Z:=${R:=fr-par}-1}", {"R": "nl-ams"}, "z: nl-ams-1"),
    (
        "nested-list-default",
        "d: ${D:=[${R}-1, ${R}-2]}",
        {"R": "pl-waw"},
        "d: [pl-waw-1, pl-waw-2]",
    ),
    ("two-on-a-line", "n: ${A}-${B:=b}", {"A": "a"}, "n: a-b"),
    ("dollar-escape", "p: $${A}", {"A": "x"}, "p: ${A}"),
    ("bare-dollar-stays", "p: $HOME/x", {"HOME": "/root"}, "p: $HOME/x"),
    ("unclosed-stays", "p: ${A", {"A": "x"}, "p: ${A"),
    ("unset", "a: ${A}", {}, "a: <?>"),
    ("unset-in-default", "z: ${Z:=${R}-1}", {}, "z: <?>"),
    ("case-change-not-evaluated", "a: ${A,,}", {"A": "X"}, "a: <?>"),
    ("dash-without-colon", "a: ${A-d}", {}, "a: <?>"),
]


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [c[1:] for c in SUBSTITUTIONS],
    ids=[c[0] for c in SUBSTITUTIONS],
)
def test_substitution(text: str, env: dict[str, str], expected: str) -> None:
    placeholders = Placeholders()
    done = substitute("t.yaml", text, env, placeholders)
    shown = done.text
    for index, _ in enumerate(placeholders.written):
        shown = shown.replace(f"__clusterctl_unresolved_{index}__", "<?>")
    assert shown == expected
    assert placeholders.restore(done.text) == (text if "<?>" in expected else done.text)


REASONS = [  # id, text, env, (reason, kind)
    ("unset", "a: ${A}", {}, ("clusterctl variable A has no value", "no-value")),
    (
        "nested",
        "z: ${Z:=${R}-1}",
        {},
        ("clusterctl variable R has no value (in the default of Z)", "no-value"),
    ),
    (
        "nested-twice",
        "z: ${A=${B:=${C}}}",
        {},
        (
            "clusterctl variable C has no value (in the default of B, in the default of A)",
            "no-value",
        ),
    ),
    (
        "not-evaluated",
        "a: ${A:0:2}",
        {"A": "abc"},
        ("clusterctl expression ${A:0:2} is not evaluated by imagelint", "unsupported"),
    ),
    (
        "not-parsed-by-clusterctl",
        "a: ${A-d}",
        {},
        ("clusterctl rejects ${A-d}: drone/envsubst cannot parse it", "invalid"),
    ),
]


@pytest.mark.parametrize(
    ("text", "env", "expected"), [c[1:] for c in REASONS], ids=[c[0] for c in REASONS]
)
def test_unresolved_reason(text: str, env: dict[str, str], expected: tuple[str, str]) -> None:
    placeholders = Placeholders()
    done = substitute("t.yaml", text, env, placeholders)
    assert placeholders.first_reason(done.text) == expected


def test_the_same_expression_gets_the_same_placeholder_across_files() -> None:
    placeholders = Placeholders()
    first = substitute("a.yaml", "name: ${NAME}-md-0", {}, placeholders)
    second = substitute("b.yaml", "ref: {name: ${NAME}-md-0}", {}, placeholders)
    assert first.text.removeprefix("name: ") == second.text.removeprefix("ref: {name: ")[:-1]


TEMPLATE = (
    "kind: ScalewayMachineTemplate\n"  # 1
    "spec:\n"  # 2
    "  type: ${TYPE:=PRO2-XXS}\n"  # 3
    "  zone: ${ZONE:=${REGION:=fr-par}-1}  # é\n"  # 4
    "  label: ${LABEL}\n"  # 5
    "  after: ${SHORT} tail\n"  # 6
    "  é: ${X:=1}${Y:=2}\n"  # 7
    "  last: plain\n"  # 8
)
POSITIONS = [  # id, key, env, (line, column, end_line, end_column) as written
    ("default-shorter-than-written", "type", {}, (3, 9, 3, 26)),
    ("nested-default", "zone", {}, (4, 9, 4, 37)),
    ("from-environment", "zone", {"ZONE": "nl-ams-1"}, (4, 9, 4, 37)),
    ("unresolved", "label", {}, (5, 10, 5, 18)),
    ("literal-after-a-longer-value", "after", {"SHORT": "a-much-longer-value"}, (6, 10, 6, 23)),
    ("only-the-literal-after-an-empty-value", "after", {"SHORT": ""}, (6, 19, 6, 23)),
    ("two-expansions-after-a-non-ascii-key", "é", {}, (7, 6, 7, 20)),
    ("line-after-a-value-with-a-line-break", "last", {"LABEL": "'a\n  b'"}, (8, 9, 8, 14)),
]


@pytest.mark.parametrize(
    ("key", "env", "expected"), [c[1:] for c in POSITIONS], ids=[c[0] for c in POSITIONS]
)
def test_positions_map_to_the_text_as_written(
    key: str, env: dict[str, str], expected: tuple[int, int, int, int]
) -> None:
    done = substitute("t.yaml", TEMPLATE, env, Placeholders())
    (document,) = load_yaml("t.yaml", done.text)
    spec = document.root.get("spec") if isinstance(document.root, YMap) else None
    assert isinstance(spec, YMap)
    node = spec.get(key)
    assert isinstance(node, YScalar)
    span = done.span(node.span)
    assert (span.line, span.column, span.end_line, span.end_column) == expected
    assert span.path == "t.yaml"


def test_hops_say_where_each_variable_got_its_value() -> None:
    done = substitute("t.yaml", TEMPLATE, {"REGION": "pl-waw"}, Placeholders())
    (document,) = load_yaml("t.yaml", done.text)
    assert isinstance(document.root, YMap)
    zone = document.root.get("spec")
    assert isinstance(zone, YMap)
    node = zone.get("zone")
    assert isinstance(node, YScalar) and node.text == "pl-waw-1"
    (hop,) = done.hops(node.span)
    assert (hop.span.line, hop.span.column, hop.span.end_column) == (4, 9, 37)
    assert hop.message == (
        "clusterctl ${ZONE:=${REGION:=fr-par}-1}: ZONE is not set, so its default 'pl-waw-1'; "
        "REGION = 'pl-waw' from the environment"
    )
    assert done.hops(Span(path="t.yaml", line=8, column=9, end_line=8, end_column=14)) == ()
