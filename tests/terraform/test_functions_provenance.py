"""Where a function's result was written, and unknown arguments that stay local."""

from __future__ import annotations

import pytest

from imagelint.model import Hop
from imagelint.terraform import values as tv
from imagelint.terraform.functions import Call, call
from imagelint.terraform.values import Known, Unknown, V
from tests.terraform.hcl_values import evaluate, locate, span

# (expression, the text written where the result, or its first element, comes from)
PASSED_THROUGH = [
    ('lookup({a = "x", b = "y"}, "b")', '"y"'),
    ('lookup({a = "x"}, "b", "fallback")', '"fallback"'),
    ('lookup(tomap({a = 1}), "b", "2")', '"2"'),
    ('element(["a", "b", "c"], 4)', '"b"'),
    ('coalesce(null, "", "c")', '"c"'),
    ('coalesce(null, 7, "x")', "7"),
    ('coalescelist([], ["a"])', '"a"'),
    ('one(["only"])', '"only"'),
    ('merge({a = "x"}, {a = "later"})', '"later"'),
    ('concat(["a"], ["b"])', '"a"'),
    ('flatten([[], [["deep"]]])', '"deep"'),
    ('values({b = "y", a = "x"})', '"x"'),
    ('tolist([1, "a"])', "1"),
    ('toset(["b", "a", "b"])', '"a"'),
    ('tomap({k = true, j = "s"})', '"s"'),
    ('distinct(["a", "a"])', '"a"'),
    ('reverse(["a", "z"])', '"z"'),
    ('slice(["a", "b", "c"], 1, 2)', '"b"'),
    ('compact(["", "kept"])', '"kept"'),
    ('sort(["b", "a"])', '"a"'),
    ('zipmap(["k"], ["v"])', '"v"'),
    ('matchkeys(["x", "y"], ["a", "b"], ["b"])', '"y"'),
    ('setunion(["b"], ["a"])', '"a"'),
    ('lookup({a = {b = "c"}}, "a")', '"c"'),
]


def first(value: V) -> V:
    if isinstance(value, Known) and isinstance(value.data, tuple | dict):
        return tv.items_of(value)[0]
    return value


@pytest.mark.parametrize(("expression", "written"), PASSED_THROUGH)
def test_passed_through_values_keep_where_they_were_written(expression: str, written: str) -> None:
    value = first(evaluate(expression))
    assert isinstance(value, Known)
    assert value.span == locate(expression, written)


@pytest.mark.parametrize(
    "expression",
    [
        'format("%s-%s", "a", "b")',
        'upper("a")',
        "keys({a = 1})",
        'length(["a"])',
        'jsondecode("[1]")',
        'split(",", "a,b")',
        "range(2)",
        "min(2, 1)",
    ],
)
def test_computed_values_are_located_at_the_call(expression: str) -> None:
    value = evaluate(expression)
    assert isinstance(value, Known)
    assert {first(value).span, value.span} == {span(0, len(expression))}


def test_a_value_passed_through_keeps_its_chain() -> None:
    hop = Hop(span=span(0, 1), message="var.images")
    images = tv.mapping({"ubuntu": tv.string("ubuntu_jammy", span(10, 24))}, "map", span(5, 30))
    found = run("lookup", tv.with_hop(images, hop), tv.string("ubuntu"))
    assert isinstance(found, Known)
    assert (found.data, found.span, found.chain) == ("ubuntu_jammy", span(10, 24), (hop,))


SPAN = span(100, 120)
UNSET = Unknown(kind="no-value", reason="var.zone has no value", span=span(40, 48))
FROM_DATA = Unknown(kind="data-source", reason="data.x.y.id is known after apply")


def run(name: str, *args: V) -> V:
    return call(Call(name=name, args=args, span=SPAN))


def obj(**items: V) -> Known:
    return tv.mapping(items, "object", span(0, 5))


def seq(*items: V) -> Known:
    return tv.sequence(items, "tuple", span(0, 5))


def text(value: str) -> Known:
    return tv.string(value, span(60, 60 + len(value)))


def test_lookup_of_a_known_key_ignores_an_unknown_neighbour() -> None:
    found = run("lookup", obj(zone=UNSET, image=text("ubuntu_jammy")), text("image"))
    assert isinstance(found, Known) and found.data == "ubuntu_jammy"


def test_lookup_of_the_unknown_element_is_that_unknown() -> None:
    assert run("lookup", obj(zone=UNSET, image=text("x")), text("zone")) is UNSET


def test_an_unknown_key_makes_lookup_unknown() -> None:
    assert run("lookup", obj(zone=text("a")), UNSET) is UNSET


def test_merge_keeps_an_unknown_element_local() -> None:
    merged = run("merge", obj(a=UNSET, b=text("x")), obj(c=text("y")))
    assert isinstance(merged, Known) and isinstance(merged.data, dict)
    assert merged.data["a"] is UNSET
    assert tv.to_plain(tv.Known(data={"b": merged.data["b"]}, type="object")) == {"b": "x"}


def test_a_later_known_element_overrides_an_unknown_one_in_merge() -> None:
    merged = run("merge", obj(a=UNSET), obj(a=text("x")))
    assert tv.first_unknown(merged) is None


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("length", (seq(UNSET, text("a")),), 2),
        ("keys", (obj(b=UNSET, a=text("x")),), ["a", "b"]),
        ("element", (seq(UNSET, text("b")), tv.number(1)), "b"),
        ("coalesce", (text("first"), UNSET), "first"),
        ("contains", (seq(text("a"), UNSET), text("a")), True),
        ("index", (seq(text("a"), UNSET), text("a")), 0),
        ("slice", (seq(UNSET, text("b")), tv.number(1), tv.number(2)), ["b"]),
        ("reverse", (seq(text("a")),), ["a"]),
    ],
)
def test_unknown_elements_that_do_not_matter_leave_the_result_known(
    name: str, args: tuple[V, ...], expected: object
) -> None:
    value = run(name, *args)
    assert isinstance(value, Known)
    assert tv.to_plain(value) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("upper", (UNSET,)),
        ("format", (text("%s-%s"), text("a"), UNSET)),
        ("coalesce", (tv.null(), UNSET, text("b"))),
        ("contains", (seq(text("a"), UNSET), text("b"))),
        ("toset", (seq(text("a"), UNSET),)),
        ("flatten", (seq(seq(text("a")), UNSET),)),
        ("join", (text(","), seq(text("a"), UNSET))),
        ("jsonencode", (obj(a=UNSET),)),
        ("one", (seq(UNSET),)),
        ("zipmap", (seq(UNSET), seq(text("v")))),
        ("lookup", (UNSET, text("a"))),
        ("tostring", (UNSET,)),
    ],
)
def test_an_unknown_that_decides_the_result_is_the_result(name: str, args: tuple[V, ...]) -> None:
    assert run(name, *args) is UNSET


def test_the_first_unknown_argument_wins() -> None:
    assert run("format", text("%s%s"), FROM_DATA, UNSET) is FROM_DATA


def test_unknown_elements_pass_through_concat_and_values() -> None:
    joined = run("concat", seq(text("a")), seq(UNSET))
    assert isinstance(joined, Known) and isinstance(joined.data, tuple)
    assert joined.data[1] is UNSET
    listed = run("values", obj(b=UNSET, a=text("x")))
    assert isinstance(listed, Known) and isinstance(listed.data, tuple)
    assert listed.data[1] is UNSET


def test_invalid_arguments_are_reported_even_beside_unknown_elements() -> None:
    value = run("lookup", obj(zone=UNSET), text("image"))
    assert isinstance(value, Unknown)
    assert (value.kind, value.span) == ("invalid", SPAN)
