"""The HCL syntax layer: every expression Terraform has, located in the file, and valid
Terraform never rejected (each case is checked with `terraform fmt` too)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.model import ParseError, Span
from imagelint.parsers.hcl_syntax import (
    Access,
    BinaryOp,
    Body,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    Literal,
    ObjectCons,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Traversal,
    TupleCons,
    UnaryOp,
    Unsupported,
)
from imagelint.parsers.hcl_tree import parse_hcl
from tests.terraform_oracle import fmt_rejects


def shape(node: Expr | TemplatePart | str) -> str:
    """An expression as a compact S-expression, to compare trees in one line."""
    if isinstance(node, str):
        return repr(node)
    if isinstance(node, Literal):
        return "null" if node.value is None else str(node.value).lower()
    if isinstance(node, Traversal):
        return node.root + "".join(_step(s) for s in node.steps)
    if isinstance(node, Access):
        steps = "".join(f" {_step(s)}" for s in node.steps)
        return f"(access {shape(node.base)}{steps})"
    if isinstance(node, Splat):
        kind = "[*]" if node.full else ".*"
        steps = "".join(f" {_step(s)}" for s in node.steps)
        return f"(splat{kind} {shape(node.base)}{steps})"
    if isinstance(node, BinaryOp):
        return f"({node.op} {shape(node.left)} {shape(node.right)})"
    if isinstance(node, UnaryOp):
        return f"({node.op} {shape(node.operand)})"
    if isinstance(node, Conditional):
        parts = (node.condition, node.true_result, node.false_result)
        return f"(? {' '.join(map(shape, parts))})"
    if isinstance(node, FunctionCall):
        spread = "..." if node.expand_final else ""
        return f"({node.name} {' '.join(map(shape, node.args))}{spread})"
    if isinstance(node, TupleCons):
        return f"[{' '.join(map(shape, node.items))}]"
    if isinstance(node, ObjectCons):
        return "{" + " ".join(f"{shape(k)}={shape(v)}" for k, v in node.items) + "}"
    if isinstance(node, ForExpr):
        names = f"{node.key_var},{node.value_var}" if node.key_var else node.value_var
        key = f"{shape(node.key)} => " if node.key else ""
        group = "..." if node.grouping else ""
        cond = f" if {shape(node.condition)}" if node.condition else ""
        return f"(for {names} in {shape(node.collection)} : {key}{shape(node.value)}{group}{cond})"
    if isinstance(node, Template):
        return f"(tpl {' '.join(map(shape, node.parts))})"
    if isinstance(node, TemplateIf):
        branches = f"({' '.join(map(shape, node.then))}) ({' '.join(map(shape, node.otherwise))})"
        return f"(if {shape(node.condition)} {branches})"
    if isinstance(node, TemplateFor):
        names = f"{node.key_var},{node.value_var}" if node.key_var else node.value_var
        return f"(for {names} in {shape(node.collection)} {' '.join(map(shape, node.body))})"
    assert isinstance(node, Unsupported)
    return f"(unsupported {node.kind})"


def _step(step: str | Expr) -> str:
    return f".{step}" if isinstance(step, str) else f"[{shape(step)}]"


# id, the expression after `x = `, its shape
EXPRESSIONS = [
    ("or-and", "a || b && c", "(|| a (&& b c))"),
    ("arithmetic", "1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("left-associative", "1 - 2 - 3", "(- (- 1 2) 3)"),
    ("comparison-then-equality", "a < b == true", "(== (< a b) true)"),
    ("minus", "-x * 2", "(* (- x) 2)"),
    ("not", "!x && y", "(&& (! x) y)"),
    ("modulo", "a % 2 != 0", "(!= (% a 2) 0)"),
    ("operator-over-lines", "(x > 1 &&\n  y)", "(&& (> x 1) y)"),
    ("conditional", "a ? b : c ? d : e", "(? a b (? c d e))"),
    ("conditional-over-lines", "(a\n  ? b\n  : c)", "(? a b c)"),
    ("call-then-attribute", "f(x).id", "(access (f x) .id)"),
    ("tuple-then-index", "[1, 2][0]", "(access [1 2] [0])"),
    ("parenthesised-then-index", '(local.m)["k"]', "(access local.m [(tpl 'k')])"),
    ("traversal", 'var.m["k"].a[0]', "var.m[(tpl 'k')].a[0]"),
    ("legacy-index", "x.0", "x[0]"),
    ("splat", "x[*].a[0]", "(splat[*] x .a [0])"),
    ("attribute-splat", "x.*.a[0].b", "(access (splat.* x .a) [0] .b)"),
    ("nested-splat", "x[*].a[*].b", "(splat[*] (splat[*] x .a) .b)"),
    ("splat-of-a-result", "(x[*].a)[*].b", "(splat[*] (access (splat[*] x .a)) .b)"),
    ("for-tuple", "[for k, v in m : v if k]", "(for k,v in m : v if k)"),
    ("for-object", "{ for k, v in m : k => v... if k }", "(for k,v in m : k => v... if k)"),
    ("for-over-lines", "[\n  for x in l :\n  x\n]", "(for x in l : x)"),
    ("expand", "f(list...)", "(f list...)"),
    ("object", '{ a = 1, "b" = 2, (k) = 3 }', "{a=1 (tpl 'b')=2 k=3}"),
    ("provider-function", "provider::p::f(1)", "(provider::p::f 1)"),
    ("if-directive", '"%{ if c }a%{ else }b%{ endif }"', "(tpl (if c ('a') ('b')))"),
    ("if-without-spaces", '"%{if(c)}y%{endif}"', "(tpl (if c ('y') ()))"),
    (
        "for-directive",
        '"%{ for k, v in m }${k}=${v},%{ endfor }"',
        "(tpl (for k,v in m k '=' v ','))",
    ),
    ("strip-markers", '"a ${~ x ~} b"', "(tpl 'a' x 'b')"),
    (
        "strip-around-directives",
        '"a %{~ if c ~} b %{~ endif ~} c"',
        "(tpl 'a' (if c ('b') ()) 'c')",
    ),
    ("escaped-sequences", '"$${x} %%{y}"', "(tpl '${x} %{y}')"),
    ("escapes", r'"\u00e9\n\"\\"', "(tpl 'é\\n\"\\\\')"),
    ("empty-string", '""', "(tpl '')"),
    ("nested-templates", '"${"a${"b"}"}"', "(tpl (tpl 'a' (tpl 'b')))"),
    ("interpolation-over-lines", '"${\n  var.x\n}"', "(tpl var.x)"),
    ("call-over-lines", '"${lookup(\n  var.m,\n  "k"\n)}"', "(tpl (lookup var.m (tpl 'k')))"),
    ("comment-in-interpolation", '"${ x # why\n}"', "(tpl x)"),
    ("block-comment", "1 /* why */ + 2", "(+ 1 2)"),
    ("heredoc", "<<EOT\nhello ${x}\nEOT", "(tpl 'hello ' x '\\n')"),
    ("heredoc-indented", "<<-EOT\n    a\n      b\n    EOT", "(tpl 'a\\n  b\\n')"),
    (
        "heredoc-directive",
        "<<-EOT\n  %{ for x in l ~}\n  ${x}\n  %{ endfor ~}\nEOT",
        "(tpl '' (for x in l '  ' x '\\n') '')",
    ),
    ("heredoc-empty", "<<EOT\nEOT", "(tpl '')"),
    (
        "heredoc-in-a-call",
        'join(",", [<<EOT\na\nEOT\n, "b"])',
        "(join (tpl ',') [(tpl 'a\\n') (tpl 'b')])",
    ),
    ("heredoc-looks-like-code", '<<EOT\n/* "x ${y} # \\q\nEOT', "(tpl '/* \"x ' y ' # \\\\q\\n')"),
]


def parse_expression(expression: str) -> Expr:
    return parse_hcl("main.tf", f"x = {expression}\n").attributes["x"].expr


@pytest.mark.parametrize(
    ("expression", "expected"), [c[1:] for c in EXPRESSIONS], ids=[c[0] for c in EXPRESSIONS]
)
def test_expressions(expression: str, expected: str) -> None:
    assert shape(parse_expression(expression)) == expected


def where(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def spans_in(record: object) -> Iterator[Span]:
    if isinstance(record, Span):
        yield record
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for field in dataclasses.fields(record):
            yield from spans_in(getattr(record, field.name))
    elif isinstance(record, dict):
        for item in record.values():
            yield from spans_in(item)
    elif isinstance(record, tuple | list):
        for item in record:
            yield from spans_in(item)


# ---- the parse failures of valid Terraform that this layer fixes, with their positions

OPERATOR_IN_BLOCK = 'provider "x" {\n  retries = 2 * 3\n  zone    = "a"\n}\n'
VALIDATION = (
    'variable "n" {\n  validation {\n    condition     = var.n > 1\n'
    '    error_message = "too small"\n  }\n}\n'
)
MULTI_LINE_INTERPOLATION = 'locals {\n  image = "${\n    var.x\n  }"\n  zone = "fr-par-1"\n}\n'


def test_an_operator_before_another_attribute() -> None:
    (block,) = parse_hcl("main.tf", OPERATOR_IN_BLOCK).blocks
    retries, zone = block.body.attributes["retries"].expr, block.body.attributes["zone"].expr
    assert isinstance(retries, BinaryOp) and where(retries.span) == (2, 13, 2, 18)
    assert retries.source == "2 * 3"
    assert isinstance(zone, Template) and where(zone.span) == (3, 13, 3, 16)


def test_a_comparison_in_a_validation_block() -> None:
    (variable,) = parse_hcl("variables.tf", VALIDATION).blocks
    (validation,) = variable.body.blocks
    condition = validation.body.attributes["condition"].expr
    assert shape(condition) == "(> var.n 1)" and where(condition.span) == (3, 21, 3, 30)
    assert set(validation.body.attributes) == {"condition", "error_message"}


def test_an_interpolation_over_several_lines_keeps_true_positions() -> None:
    (block,) = parse_hcl("main.tf", MULTI_LINE_INTERPOLATION).blocks
    image = block.body.attributes["image"].expr
    assert isinstance(image, Template) and where(image.span) == (2, 11, 4, 5)
    (inner,) = image.parts
    assert isinstance(inner, Traversal) and where(inner.span) == (3, 5, 3, 10)
    zone = block.body.attributes["zone"]
    assert where(zone.name_span) == (5, 3, 5, 7) and where(zone.expr.span) == (5, 10, 5, 20)


# id, text, the attribute, where its expression is, where its first inner expression is
SPANS = [
    ("binary-in-list", "x = [a + b,\n  c]\n", "x", (1, 5, 2, 5), (1, 6, 1, 11)),
    ("heredoc", "x = <<-EOT\n  hi ${y}\n  EOT\nz = 1\n", "x", (1, 5, 3, 6), (2, 8, 2, 9)),
    ("heredoc-crlf", "x = <<EOT\r\n${y}\r\nEOT\r\nz = 1\r\n", "x", (1, 5, 3, 4), (2, 3, 2, 4)),
    ("template", 'x = "a${b.c}d"\n', "x", (1, 5, 1, 15), (1, 9, 1, 12)),
    ("directive", 'x = "%{ if c }y%{ endif }"\n', "x", (1, 5, 1, 27), (1, 12, 1, 13)),
    ("strip", 'x = "${~ v ~}"\n', "x", (1, 5, 1, 15), (1, 10, 1, 11)),
    ("for", "x = [for v in l : v]\n", "x", (1, 5, 1, 21), (1, 15, 1, 16)),
    ("splat", "x = l[*].a\n", "x", (1, 5, 1, 11), (1, 5, 1, 6)),
    ("unary", "x = !a\n", "x", (1, 5, 1, 7), (1, 6, 1, 7)),
    ("conditional", "x = a ? b : c\n", "x", (1, 5, 1, 14), (1, 5, 1, 6)),
    ("trailing-comment", "x = a * b # why\ny = 1\n", "x", (1, 5, 1, 10), (1, 5, 1, 6)),
]


def _first_inner(expr: Expr) -> Expr:
    for field in dataclasses.fields(expr):
        value = getattr(expr, field.name)
        candidates = value if isinstance(value, tuple) else (value,)
        for candidate in candidates:
            if isinstance(candidate, Expr):
                return candidate
            if isinstance(candidate, TemplateIf):
                return candidate.condition
    raise AssertionError(f"no inner expression in {expr}")


@pytest.mark.parametrize(
    ("text", "name", "outer", "inner"), [c[1:] for c in SPANS], ids=[c[0] for c in SPANS]
)
def test_spans(
    text: str, name: str, outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]
) -> None:
    expr = parse_hcl("main.tf", text).attributes[name].expr
    assert where(expr.span) == outer
    assert where(_first_inner(expr).span) == inner


def test_sources_are_the_text_as_written() -> None:
    text = 'x = "${\n  upper(v) /* c */\n}"\ny = <<EOT\n${z}\nEOT\n'
    body = parse_hcl("main.tf", text)
    x, y = body.attributes["x"].expr, body.attributes["y"].expr
    assert x.source == '"${\n  upper(v) /* c */\n}"'
    assert isinstance(x, Template) and isinstance(x.parts[0], FunctionCall)
    assert x.parts[0].source == "upper(v)"
    assert y.source == "<<EOT\n${z}\nEOT"


# ---- what Terraform rejects is rejected too, at the position a user would look at

# id, text, line, column, a substring of the message
ERRORS = [
    ("two-attributes-on-a-line", "a = 1 b = 2\n", 1, 7, "missing newline after an attribute"),
    ("operator-then-attribute", "a = 1 + 2 b = 2\n", 1, 11, "missing newline after an attribute"),
    ("endif-alone", 'a = "%{ endif }"\n', 1, 6, "unexpected endif directive"),
    ("else-in-for", 'a = "%{ for x in l }%{ else }%{ endfor }"\n', 1, 21, "unexpected else"),
    ("if-without-endif", 'a = "%{ if x }y"\n', 1, 6, "the if directive has no endif"),
    ("bad-directive", 'a = "%{ bogus }"\n', 1, 6, "invalid template directive 'bogus'"),
    ("for-without-names", 'a = "%{ for in l }%{ endfor }"\n', 1, 6, "a for directive reads"),
    ("label-template", 'resource "a${x}" "b" {\n}\n', 1, 10, "a block label must be a literal"),
    ("newline-in-string", 'a = "x\ny"\n', 1, 5, "unterminated string"),
    ("unclosed-interpolation", 'a = "${x\n', 1, 6, "unclosed '${'"),
    ("unterminated-heredoc", "a = <<EOT\nx\n", 1, 5, "unterminated heredoc"),
    ("invalid-escape", r'a = "\q"' + "\n", 1, 6, "invalid escape sequence"),
    ("strip-marker-apart", 'a = "${x ~ }"\n', 1, 10, "unexpected"),
    ("empty-interpolation", 'a = "${}"\n', 1, 8, "unexpected '}'"),
    ("extra-in-else", 'a = "%{ if c }%{ else x }%{ endif }"\n', 1, 22, "extra characters"),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_hcl("bad.tf", text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_terraform_reads_every_valid_case_and_rejects_every_error() -> None:
    valid = {f"e-{c[0]}": f"x = {c[1]}\n" for c in EXPRESSIONS}
    valid |= {f"s-{c[0]}": c[1] for c in SPANS}
    valid |= {
        "operator-in-block": OPERATOR_IN_BLOCK,
        "validation": VALIDATION,
        "multi-line-interpolation": MULTI_LINE_INTERPOLATION,
    }
    invalid = {f"x-{c[0]}": c[1] for c in ERRORS}
    assert fmt_rejects(valid | invalid) == set(invalid)


# ---- whatever the text, parse_hcl returns located records or a located ParseError

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED = (
    'locals {\n  a = "x-${var.y}-%{ if c ~} z %{~ else }w%{ endif }"\n'
    '  b = <<-EOT\n    ${join(",", [for k, v in m : "${k}=${v}" if v != null])}\n  EOT\n'
    "  c = var.l[*].id\n  d = !x || -y * 2 > 3 ? f(z...) : { (k) = 1 }\n}\n"
)


def assert_reads_or_fails_inside(text: str) -> None:
    lines = text.removeprefix("\ufeff").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    widths = [len(line) for line in lines]
    try:
        body: Body = parse_hcl("main.tf", text)
    except ParseError as error:
        assert 1 <= error.line <= len(widths)
        assert 1 <= error.column <= widths[error.line - 1] + 1
        assert error.message and "\n" not in error.message
        return
    for span in spans_in(body):
        assert 1 <= span.line <= span.end_line <= len(widths)
        assert 1 <= span.column <= widths[span.line - 1] + 1
        assert 1 <= span.end_column <= widths[span.end_line - 1] + 1
        assert (span.line, span.column) <= (span.end_line, span.end_column)


def test_the_seed_reads() -> None:
    body = parse_hcl("main.tf", SEED)
    assert set(body.blocks[0].body.attributes) == {"a", "b", "c", "d"}
    assert_reads_or_fails_inside(SEED)


@st.composite
def mutations(draw: st.DrawFn) -> str:
    text = SEED
    alphabet = st.sampled_from('{}[]()"$%~=#/*\\\n\t <>-.:,?!&|ab1EOT')
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        edit = draw(st.sampled_from(["delete", "insert", "replace"]))
        char = draw(alphabet)
        if edit == "delete":
            text = text[:at] + text[at + 1 :]
        elif edit == "insert":
            text = text[:at] + char + text[at:]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


@FUZZ
@given(mutations())
def test_mutated_templates(text: str) -> None:
    assert_reads_or_fails_inside(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from('x="${}%~\n<EOT-#/*\\!+[] ()'), max_size=60))
def test_template_flavoured_text(text: str) -> None:
    assert_reads_or_fails_inside(text)
