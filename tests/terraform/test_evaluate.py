"""The expression evaluator: Terraform's values (checked against `terraform console`), its
errors, unknowns that stay local, and where each value was written."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Context, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.model import Hop, ParseError
from imagelint.parsers.hcl_syntax import (
    BinaryOp,
    Expr,
    FunctionCall,
    Literal,
    Unsupported,
)
from imagelint.parsers.hcl_tree import parse_hcl
from imagelint.terraform import values as tv
from imagelint.terraform.evaluate import evaluate
from imagelint.terraform.values import Known, Unknown, V
from tests.terraform_oracle import console

# Declared for the evaluator (through VariableScope) and for `terraform console` alike.
VARIABLES = """\
variable "images" {
  default = { ubuntu = "ubuntu_jammy", debian = "debian_bookworm" }
}
variable "zones" {
  default = ["fr-par-1", "fr-par-2", "nl-ams-1"]
}
variable "servers" {
  default = [
    { name = "web", type = "DEV1-S", tags = ["a", "b"] },
    { name = "db", type = "PRO2-XS", tags = [] },
  ]
}
variable "n" {
  default = 3
}
variable "flag" {
  default = true
}
variable "text" {
  default = "true"
}
variable "name" {
  default = "web"
}
variable "nested" {
  default = [[1, 2], [3]]
}
variable "none" {
  default = null
}
variable "byzone" {
  default = { "fr-par-1" = { image = "a" }, "nl-ams-1" = { image = "b" } }
}
variable "unset" {}
"""


class VariableScope:
    """`var.NAME` from VARIABLES (its default, evaluated where it is written), and three
    functions; anything else is an invalid reference."""

    def __init__(self) -> None:
        body = parse_hcl("variables.tf", VARIABLES)
        self.variables = {block.labels[0]: block for block in body.blocks_of("variable")}

    def reference(self, root: str, steps: tuple[str | Expr, ...], expr: Expr) -> tuple[V, int]:
        name = steps[0] if steps and isinstance(steps[0], str) else None
        block = self.variables.get(name or "") if root == "var" else None
        if block is None:
            return tv.unknown("invalid", f"{expr.source} is not declared", expr.span), len(steps)
        default = block.body.attributes.get("default")
        value = (
            evaluate(default.expr, self)
            if default is not None
            else tv.unknown("no-value", f"var.{name} has no value", block.header)
        )
        return tv.with_hop(value, Hop(span=expr.span, message=f"var.{name}")), 1

    def call(self, name: str, args: tuple[V, ...], expr: FunctionCall) -> V:
        found = next((arg for arg in args if isinstance(arg, Unknown)), None)
        if found is not None:
            return found
        plain = [tv.to_plain(arg) for arg in args if isinstance(arg, Known)]
        functions: dict[str, Callable[..., object]] = {
            "upper": lambda text: text.upper(),
            "length": lambda collection: len(collection),
            "keys": lambda mapping: sorted(mapping),
        }
        if name not in functions:
            return tv.unknown("unknown-function", f"{name}() is not known here", expr.span)
        return tv.from_plain(functions[name](*plain), expr.span)


SCOPE = VariableScope()


def value_of(expression: str) -> V:
    body = parse_hcl("main.tf", f"x = {expression}\n")
    return evaluate(body.attributes["x"].expr, SCOPE)


def json_of(value: Known) -> str:
    """jsonencode() as Terraform writes it: sorted keys, numbers in full, `<>&` escaped."""
    if isinstance(value.data, tuple):
        return "[" + ",".join(json_of(_known(v)) for v in value.data) + "]"
    if isinstance(value.data, dict):
        pairs = (f"{_string(k)}:{json_of(_known(value.data[k]))}" for k in sorted(value.data))
        return "{" + ",".join(pairs) + "}"
    if isinstance(value.data, Decimal):
        return format(value.data.normalize(Context(prec=400)), "f")
    if isinstance(value.data, str):
        return _string(value.data)
    return json.dumps(value.data)


def _string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _known(value: V) -> Known:
    assert isinstance(value, Known), value
    return value


# id, expression (as written after `x = `), jsonencode() of its value
VALUES = [
    # operators, with HCL's precedence and Terraform's conversions
    ("precedence", "1 + 2 * 3", "7"),
    ("parentheses", "(1 + 2) * 3", "9"),
    ("left-associative", "10 - 2 - 3", "5"),
    ("modulo", "7 % 3", "1"),
    ("modulo-sign", "-7 % 3", "-1"),
    ("modulo-fraction", "7.5 % 2", "1.5"),
    ("division", "10 / 4", "2.5"),
    ("division-repeating", "1 / 3", None),
    ("division-long", "100 / 7", None),
    ("division-back", "1 / 3 * 3", "1"),
    ("string-times-number", '"2" * 3', "6"),
    ("negation", "-var.n", "-3"),
    ("double-negation", "-(-1)", "1"),
    ("greater", "var.n > 2", "true"),
    ("and-of-comparisons", "var.n >= 3 && var.n < 10", "true"),
    ("number-is-not-string", '1 == "1"', "false"),
    ("tuple-equality", 'var.zones == ["fr-par-1", "fr-par-2", "nl-ams-1"]', "true"),
    ("not-equal", "[1, 2] != [1, 2]", "false"),
    ("null-equals-null", "null == null", "true"),
    ("not", "!var.flag", "false"),
    ("string-as-bool", "var.text && true", "true"),
    ("and-before-or", "false || var.flag && !true", "false"),
    ("object-equality", "{ a = 1 } == { a = 1 }", "true"),
    ("string-compared-as-number", '"10" > 9', "true"),
    ("decimal-sum", "0.1 + 0.2", "0.3"),
    ("exponent", "1e3 + 1", "1001"),
    ("times-fraction", "var.n * 1.5", "4.5"),
    ("operator-over-lines", "(var.n > 2 &&\n  var.flag)", "true"),
    # conditionals
    ("conditional", 'var.flag ? "a" : "b"', '"a"'),
    ("conditional-string-condition", "var.text ? 1 : 2", "1"),
    ("conditional-comparison", 'var.n > 5 ? "big" : "small"', '"small"'),
    ("conditional-nested", 'var.n == 1 ? "one" : var.n == 3 ? "three" : "many"', '"three"'),
    # indexing and attributes
    ("map-index", 'var.images["ubuntu"]', '"ubuntu_jammy"'),
    ("map-attribute", "var.images.debian", '"debian_bookworm"'),
    ("list-index", "var.zones[1]", '"fr-par-2"'),
    ("list-index-string", 'var.zones["2"]', '"nl-ams-1"'),
    ("legacy-index", "var.zones.0", '"fr-par-1"'),
    ("deep", "var.servers[0].tags[1]", '"b"'),
    ("key-with-dashes", 'var.byzone["nl-ams-1"].image', '"b"'),
    ("computed-index", "[10, 20, 30][var.n - 1]", "30"),
    ("literal-access", '{ a = { b = "c" } }.a.b', '"c"'),
    ("parenthesised-base", '(var.images)["ubuntu"]', '"ubuntu_jammy"'),
    # splats
    ("splat", "var.servers[*].name", '["web","db"]'),
    ("attribute-splat", "var.servers.*.type", '["DEV1-S","PRO2-XS"]'),
    ("splat-of-lists", "var.servers[*].tags", '[["a","b"],[]]'),
    ("splat-index-each", "var.nested[*][0]", "[1,3]"),
    ("splat-null", "var.none[*]", "[]"),
    ("splat-single", "var.name[*]", '["web"]'),
    ("splat-nested", "var.servers[*].tags[*]", '[["a","b"],[]]'),
    ("attribute-splat-then-index", "var.servers.*.tags[0]", '["a","b"]'),
    ("splat-object", "{ a = 1 }[*].a", "[1]"),
    # for expressions
    ("for-tuple", "[for z in var.zones : upper(z)]", '["FR-PAR-1","FR-PAR-2","NL-AMS-1"]'),
    (
        "for-index",
        '[for i, z in var.zones : "${i}:${z}"]',
        '["0:fr-par-1","1:fr-par-2","2:nl-ams-1"]',
    ),
    (
        "for-object",
        "{ for k, v in var.images : v => k }",
        '{"debian_bookworm":"debian","ubuntu_jammy":"ubuntu"}',
    ),
    ("for-condition", "[for s in var.servers : s.name if length(s.tags) > 0]", '["web"]'),
    ("for-grouping", "{ for s in var.servers : s.type => s.name... }", None),
    (
        "for-grouping-computed-key",
        '{ for i, z in var.zones : (i % 2 == 0 ? "even" : "odd") => z... }',
        '{"even":["fr-par-1","nl-ams-1"],"odd":["fr-par-2"]}',
    ),
    ("for-map-values", "[for k, v in var.byzone : v.image]", '["a","b"]'),
    ("for-nested", "[for x in var.nested : [for y in x : y * 10]]", "[[10,20],[30]]"),
    (
        "for-object-condition",
        '{ for k, v in var.images : k => upper(v) if k != "debian" }',
        '{"ubuntu":"UBUNTU_JAMMY"}',
    ),
    ("for-over-lines", "[\n  for k in keys(var.images) :\n  k\n]", '["debian","ubuntu"]'),
    # templates
    ("template", '"${var.name}-${var.n}"', '"web-3"'),
    ("template-passthrough", '"${var.n}"', "3"),
    ("template-text-and-index", '"zone: ${var.zones[0]}"', '"zone: fr-par-1"'),
    ("template-if", '"%{ if var.flag }yes%{ else }no%{ endif }"', '"yes"'),
    ("template-if-false", '"%{ if !var.flag }x%{ endif }"', '""'),
    ("template-for", '"%{ for z in var.zones }${z},%{ endfor }"', '"fr-par-1,fr-par-2,nl-ams-1,"'),
    (
        "template-for-strip",
        '"%{ for i, z in var.zones ~} [${i}]${z} %{~ endfor }"',
        '"[0]fr-par-1[1]fr-par-2[2]nl-ams-1"',
    ),
    ("strip-markers", '"a  ${~ "b" ~}  c"', '"abc"'),
    ("escaped-sequences", '"$${literal} %%{ x }"', '"${literal} %{ x }"'),
    ("escapes", r'"\"q\" \\ \t\u00e9"', '"\\"q\\" \\\\ \\té"'),
    ("stripped-to-one-interpolation", '"  ${~ 1 ~}  "', '"1"'),
    ("template-bool-passthrough", '"${var.flag}"', "true"),
    ("template-bool", '"${var.flag} "', '"true "'),
    ("template-number", '"${1 / 4}"', "0.25"),
    ("template-number-text", '"${1 / 4}%"', '"0.25%"'),
    ("template-long-number", '"${2 / 3}"', None),
    ("template-long-number-text", '"${2 / 3}%"', None),
    ("template-big-number", '"${1e70}"', None),
    ("template-escapes-in-json", '"<a & b>"', '"\\u003ca \\u0026 b\\u003e"'),
    # heredocs
    ("heredoc", "<<EOT\n  hello ${var.name}\nEOT", '"  hello web\\n"'),
    ("heredoc-indented", "<<-EOT\n    a\n      b\n    EOT", '"a\\n  b\\n"'),
    (
        "heredoc-for",
        "<<-EOT\n    %{ for z in var.zones ~}\n    - ${z}\n    %{ endfor ~}\n  EOT",
        None,
    ),
    ("heredoc-tab", "<<-EOT\n\tx\n    y\n  EOT", '"x\\n   y\\n"'),
    ("heredoc-if-strip", "<<EOT\n%{ if var.flag ~}\n  on\n%{~ endif }\nEOT", '"  on\\n"'),
    ("heredoc-no-escapes", "<<EOT\na\\n$${b}\nEOT", '"a\\\\n${b}\\n"'),
    ("heredoc-blank-line", "<<-EOT\n    a\n\n      b\n    EOT", '"a\\n\\n  b\\n"'),
    ("heredoc-line-starting-with-sequence", '<<-EOT\n    a\n${"x"}\n    b\n  EOT', None),
    # interpolations spread over lines
    ("interpolation-over-lines", '"${\n  var.name\n}"', '"web"'),
    ("call-over-lines", '"${upper(\n  var.name\n)}-x"', '"WEB-x"'),
    ("interpolation-comment", '"${ var.n # the count\n}"', "3"),
    # functions, try and can
    ("try-fallback", 'try(var.images.centos, "fallback")', '"fallback"'),
    ("try-first", 'try(var.images.ubuntu, "fallback")', '"ubuntu_jammy"'),
    ("can-false", "can(var.zones[5])", "false"),
    ("can-true", "can(var.zones[1])", "true"),
    ("expand", "upper([var.name]...)", '"WEB"'),
    # constructors
    (
        "object",
        '{ (var.name) = 1, "b-c" = 2, d = [1, "x", true, null] }',
        '{"b-c":2,"d":[1,"x",true,null],"web":1}',
    ),
    ("tuple", '[var.n, "${var.n}", "${var.n}x", var.flag]', '[3,3,"3x",true]'),
    ("repeated-key", "{ a = 1, a = 2 }", '{"a":2}'),
    ("number-key", "{ 1 = true }", '{"1":true}'),
]

# id, expression, a substring of the reason; Terraform rejects each one too
ERRORS = [
    ("missing-key", "var.images.centos", 'var.images has no attribute "centos"'),
    ("missing-index", 'var.images["centos"]', 'var.images has no element "centos"'),
    ("out-of-range", "var.zones[5]", "var.zones has no element [5] (it has 3)"),
    ("attribute-of-list", "var.zones.first", "var.zones is a tuple, which has no attributes"),
    ("attribute-of-null", "var.none.x", "var.none is null"),
    ("index-of-string", "var.name[0]", "var.name is a string, which cannot be indexed"),
    ("not-a-number", '"a" * 2', 'the left operand of * must be a number, and "a" is not one'),
    ("bool-plus", "true + 1", "must be a number, not a bool"),
    ("ordered-strings", '"a" < "b"', "must be a number"),
    ("not-a-bool", "!var.n", "must be true or false"),
    ("null-operand", "false && null", "is null"),
    ("null-condition", "var.none ? 1 : 2", "the condition is null"),
    ("iterate-string", "[for x in var.name : x]", "cannot iterate over a string"),
    ("iterate-null", "[for x in var.none : x]", "cannot iterate over null"),
    ("duplicate-key", '{ for z in ["a", "a"] : z => z }', 'two elements give the key "a"'),
    ("null-in-template", '"x${var.none}"', "var.none is null, which a string template"),
    ("list-in-template", '"${var.zones} "', "var.zones is a tuple, which a string template"),
    ("template-if-number", '"%{ if var.n }x%{ endif }"', "must be true or false"),
    ("try-nothing", "try(var.images.centos, var.zones[9])", "no argument of try()"),
    ("division-by-zero", "1 / 0", "division by zero"),
    ("ambiguous-key", "{ var.name = 1 }", "ambiguous object key"),
    ("expand-string", "upper(var.name...)", "is a string, not a list"),
    ("invalid-argument", 'upper(var.images["x"])', 'var.images has no element "x"'),
]


def _expected(case: tuple[str, str, str | None]) -> str:
    # None: too long to write here, only Terraform's answer says it.
    return case[2] or "?"


@pytest.mark.parametrize(
    ("expression", "expected"), [(c[1], c[2]) for c in VALUES], ids=[c[0] for c in VALUES]
)
def test_values(expression: str, expected: str | None) -> None:
    value = value_of(expression)
    assert isinstance(value, Known) and tv.first_unknown(value) is None, value
    if expected is not None:
        assert json_of(value) == expected


@pytest.mark.parametrize(
    ("expression", "reason"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_errors(expression: str, reason: str) -> None:
    value = value_of(expression)
    assert isinstance(value, Unknown) and value.kind == "invalid", value
    assert reason in value.reason


def test_terraform_console_agrees() -> None:
    """Every value above is what `terraform console` prints, and every error one it reports."""
    cases = [*VALUES, *((c[0], c[1], None) for c in ERRORS)]
    printed = console([c[1] for c in cases], {"variables.tf": VARIABLES})
    ours: list[str | None] = []
    for _, expression, _ in cases:
        value = value_of(expression)
        ours.append(json_of(value) if isinstance(value, Known) else None)
    mismatches = [
        (case[0], mine, theirs)
        for case, mine, theirs in zip(cases, ours, printed, strict=True)
        if mine != theirs
    ]
    assert mismatches == []
    assert sum(p is not None for p in printed) >= 60


# ---- provenance: where the value was written, and the references it came through

# id, expression, (file, line, column, end column) of the value's span, chain (messages)
PROVENANCE = [
    ("element of a variable", 'var.images["ubuntu"]', ("variables.tf", 2, 24, 38), ["var.images"]),
    ("parenthesised base", '(var.images)["ubuntu"]', ("variables.tf", 2, 24, 38), ["var.images"]),
    (
        "conditional branch",
        'var.flag ? var.zones[0] : "x"',
        ("variables.tf", 5, 14, 24),
        ["var.zones"],
    ),
    ("single interpolation", '"${var.name}"', ("variables.tf", 23, 13, 18), ["var.name"]),
    (
        "for element",
        "[for s in var.servers : s.name][1]",
        ("variables.tf", 10, 14, 18),
        ["var.servers"],
    ),
    ("splat element", "(var.servers[*].name)[1]", ("variables.tf", 10, 14, 18), ["var.servers"]),
    ("try", "try(var.images.centos, var.name)", ("variables.tf", 23, 13, 18), ["var.name"]),
    ("object element", "{ a = var.name }.a", ("variables.tf", 23, 13, 18), ["var.name"]),
    ("literal", '"lit"', ("main.tf", 1, 5, 10), []),
    ("template", '"x-${var.name}"', ("main.tf", 1, 5, 20), []),
    ("operator", "var.n + 1", ("main.tf", 1, 5, 14), []),
    ("function", "upper(var.name)", ("main.tf", 1, 5, 20), []),
    ("out of range", "var.zones[5]", ("main.tf", 1, 15, 16), []),
    ("null interpolated", '"x${var.none}"', ("main.tf", 1, 9, 17), []),
]


@pytest.mark.parametrize(
    ("expression", "where", "chain"), [c[1:] for c in PROVENANCE], ids=[c[0] for c in PROVENANCE]
)
def test_provenance(expression: str, where: tuple[str, int, int, int], chain: list[str]) -> None:
    value = value_of(expression)
    assert value.span is not None
    span = value.span
    assert (span.path, span.line, span.column, span.end_column) == where
    assert [hop.message for hop in value.chain] == chain
    assert all(hop.span.path == "main.tf" for hop in value.chain)


def test_splat_elements_keep_where_they_were_written() -> None:
    value = value_of("var.servers[*].name")
    assert isinstance(value, Known) and isinstance(value.data, tuple)
    assert [(v.span.path, v.span.line) for v in value.data if v.span] == [
        ("variables.tf", 9),
        ("variables.tf", 10),
    ]


# ---- unknowns: they stay local, and decide nothing they cannot decide

# id, expression, kind of the unknown result
UNKNOWN = [
    ("template", '"${var.unset}-x"', "no-value"),
    ("equality", "var.unset == 1", "no-value"),
    ("try waits", 'try(var.unset, "x")', "no-value"),
    ("try skips errors only", 'try(var.images.x, var.unset, "z")', "no-value"),
    ("can", "can(var.unset)", "no-value"),
    ("function", "upper(var.unset)", "no-value"),
    ("condition", "var.unset ? 1 : 2", "no-value"),
    ("for collection", "[for z in var.unset : z]", "no-value"),
    ("index of unknown", "var.unset[0]", "no-value"),
    ("splat of unknown", "var.unset[*].a", "no-value"),
    ("object key", "{ (var.unset) = 1 }", "no-value"),
    ("for key", '{ for z in ["a"] : var.unset => z }', "no-value"),
    ("for condition", '[for z in ["a", "b"] : z if var.unset]', "no-value"),
    ("if directive", '"%{ if var.unset }a%{ endif }"', "no-value"),
    ("unknown function", "nosuch(1)", "unknown-function"),
    ("error beats unknown in a template", '"${var.unset} ${var.none}"', "invalid"),
    ("error beats unknown in an operator", '"a" * var.unset', "invalid"),
]


@pytest.mark.parametrize(
    ("expression", "kind"), [c[1:] for c in UNKNOWN], ids=[c[0] for c in UNKNOWN]
)
def test_unknown_results(expression: str, kind: str) -> None:
    value = value_of(expression)
    assert isinstance(value, Unknown) and value.kind == kind, value


def test_the_unknown_keeps_its_reason_and_place() -> None:
    value = value_of('"${var.unset}-x"')
    assert isinstance(value, Unknown) and value.reason == "var.unset has no value"
    assert value.span is not None and (value.span.path, value.span.line) == ("variables.tf", 34)
    assert [hop.message for hop in value.chain] == ["var.unset"]


# id, expression, JSON of the known elements, positions of the unknown ones
LOCAL_UNKNOWNS = [
    ("tuple", "[var.name, var.unset]", ['"web"', None]),
    ("for over a tuple", '[for z in [var.unset, "b"] : upper(z)]', [None, '"B"']),
    ("object", "{ a = var.unset, b = 1 }", [None, "1"]),
    ("for object", "{ for k, v in { a = var.unset, b = 1 } : k => v }", [None, "1"]),
    ("splat", "[{ a = var.unset }, { a = 2 }][*].a", [None, "2"]),
]


@pytest.mark.parametrize(
    ("expression", "elements"), [c[1:] for c in LOCAL_UNKNOWNS], ids=[c[0] for c in LOCAL_UNKNOWNS]
)
def test_unknowns_stay_local(expression: str, elements: list[str | None]) -> None:
    value = value_of(expression)
    assert isinstance(value, Known)
    shown = [json_of(v) if isinstance(v, Known) else None for v in tv.items_of(value)]
    assert shown == elements


def test_unsupported_syntax_is_unknown_with_its_kind() -> None:
    span = value_of("1").span
    assert span is not None
    value = evaluate(Unsupported(span=span, source="@x", kind="strange syntax"), SCOPE)
    assert isinstance(value, Unknown) and value.kind == "unsupported"
    assert "strange syntax" in value.reason


def test_bindings_shadow_references() -> None:
    body = parse_hcl("main.tf", "x = var.name\ny = each.value\n")
    bound = evaluate(body.attributes["x"].expr, SCOPE, {"var": tv.from_plain({"name": "bound"})})
    assert isinstance(bound, Known) and bound.data == "bound"
    each = evaluate(body.attributes["y"].expr, SCOPE, {"each": tv.from_plain({"value": 7})})
    assert isinstance(each, Known) and each.data == Decimal(7)


def test_hostile_nesting_is_an_error_not_a_crash() -> None:
    span = value_of("1").span
    assert span is not None
    one = Literal(span=span, source="1", value=Decimal(1))
    expr: Expr = one
    for _ in range(20_000):
        expr = BinaryOp(span=span, source="1 + 1", op="+", left=expr, right=one)
    value = evaluate(expr, SCOPE)
    assert isinstance(value, Unknown) and value.kind == "invalid"
    assert value.reason == "nested too deeply"


WORDS = [*'var.nzoesimagflt[]{}()"$%~!-+*/<>=&|?:, 0123', "for ", " in ", " if ", "=>", "..."]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=30).map("".join))
def test_any_expression_evaluates_to_a_value(text: str) -> None:
    try:
        body = parse_hcl("main.tf", f"x = {text}\n")
    except ParseError:
        return
    for attribute in body.attributes.values():
        assert isinstance(evaluate(attribute.expr, SCOPE), Known | Unknown)
