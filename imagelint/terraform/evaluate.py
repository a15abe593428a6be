"""HCL expressions evaluated as Terraform does, each value keeping where it was written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from imagelint.parsers.hcl_syntax import (
    Access,
    BinaryOp,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    Literal,
    ObjectCons,
    Splat,
    Template,
    Traversal,
    TupleCons,
    UnaryOp,
    Unsupported,
)
from imagelint.terraform import operators, templates, traverse
from imagelint.terraform import values as tv
from imagelint.terraform.for_exprs import for_expr, object_key
from imagelint.terraform.operators import Invalid
from imagelint.terraform.values import Unknown, V

Bindings = Mapping[str, V]
_SNIPPET = 60


class Scope(Protocol):
    def reference(self, root: str, steps: tuple[str | Expr, ...], expr: Expr) -> tuple[V, int]:
        """The value a reference starting with name `root` denotes, and how many of `steps`
        the scope consumed (var.NAME uses 1, data.TYPE.NAME uses 2, each.value uses 1...).
        The evaluator applies the remaining steps itself (attribute access / indexing)."""
        ...

    def call(self, name: str, args: tuple[V, ...], expr: FunctionCall) -> V:
        """A function call (the function table lives elsewhere; the scope routes to it,
        with path.module etc. for file functions)."""
        ...


def evaluate(expr: Expr, scope: Scope, bindings: Mapping[str, V] | None = None) -> V:
    """The value of `expr`. `bindings` are names bound by enclosing for expressions /
    template for directives (they shadow scope references with the same root).

    A value that flows unchanged (a reference, an element, a conditional's branch) keeps its
    span and chain; a computed one is located at the expression that computed it. An error
    Terraform would report is an unknown of kind "invalid", located where it happens."""
    try:
        return _Evaluator(scope).eval(expr, bindings or {})
    except RecursionError:
        return tv.unknown("invalid", "nested too deeply", expr.span)


def invalid_inside(value: V) -> Unknown | None:
    """The first unknown of kind "invalid" anywhere inside a value: Terraform would have
    stopped with an error there."""
    for item in tv.walk(value):
        if isinstance(item, Unknown) and item.kind == "invalid":
            return item
    return None


class _Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def eval(self, expr: Expr, bindings: Bindings) -> V:
        try:
            return self.dispatch(expr, bindings)
        except Invalid as err:
            reason = str(err) if err.named else f"{_snippet(expr.source)}: {err}"
            return tv.unknown("invalid", reason, err.span or expr.span)

    def dispatch(self, expr: Expr, bindings: Bindings) -> V:
        if isinstance(expr, Literal):
            return tv.scalar(expr.value, expr.span)
        if isinstance(expr, Template):
            return templates.render(expr, bindings, self.eval)
        if isinstance(expr, Traversal):
            return self.traversal(expr, bindings)
        if isinstance(expr, Access):
            base = self.eval(expr.base, bindings)
            return traverse.steps(base, expr.steps, expr.base.source, bindings, self.eval)
        if isinstance(expr, Splat):
            return traverse.splat(expr, bindings, self.eval)
        if isinstance(expr, Conditional):
            return self.conditional(expr, bindings)
        if isinstance(expr, BinaryOp):
            left, right = self.eval(expr.left, bindings), self.eval(expr.right, bindings)
            return operators.binary(expr.op, left, right, expr.span)
        if isinstance(expr, UnaryOp):
            return operators.unary(expr.op, self.eval(expr.operand, bindings), expr.span)
        if isinstance(expr, TupleCons):
            items = tuple(self.eval(item, bindings) for item in expr.items)
            return tv.sequence(items, "tuple", expr.span)
        if isinstance(expr, ObjectCons):
            return self.object(expr, bindings)
        if isinstance(expr, ForExpr):
            return for_expr(expr, bindings, self.eval)
        if isinstance(expr, FunctionCall):
            return self.call(expr, bindings)
        if isinstance(expr, Unsupported):
            reason = f"{expr.kind} is not evaluated: {_snippet(expr.source)}"
            return tv.unknown("unsupported", reason, expr.span)
        raise TypeError(f"not an expression: {type(expr).__name__}")

    def traversal(self, expr: Traversal, bindings: Bindings) -> V:
        if expr.root in bindings:
            return traverse.steps(bindings[expr.root], expr.steps, expr.root, bindings, self.eval)
        value, used = self.scope.reference(expr.root, expr.steps, expr)
        used = min(max(used, 0), len(expr.steps))
        done = traverse.path(expr.root, expr.steps[:used])
        return traverse.steps(value, expr.steps[used:], done, bindings, self.eval)

    def conditional(self, expr: Conditional, bindings: Bindings) -> V:
        condition = self.eval(expr.condition, bindings)
        if isinstance(condition, Unknown):
            return condition
        chosen = operators.to_bool(condition, "condition")
        return self.eval(expr.true_result if chosen else expr.false_result, bindings)

    def object(self, expr: ObjectCons, bindings: Bindings) -> V:
        items: dict[str, V] = {}
        for key_expr, value_expr in expr.items:
            if _ambiguous(key_expr):
                raise Invalid("ambiguous object key: a reference needs parentheses")
            key = object_key(self.eval(key_expr, bindings))
            if isinstance(key, Unknown):
                return key
            items[key] = self.eval(value_expr, bindings)  # the last of equal keys wins
        return tv.mapping(items, "object", expr.span)

    def call(self, expr: FunctionCall, bindings: Bindings) -> V:
        if expr.name in ("try", "can") and not expr.expand_final:
            return self.try_(expr, bindings) if expr.name == "try" else self.can(expr, bindings)
        args = [self.eval(arg, bindings) for arg in expr.args]
        if expr.expand_final and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if last.type not in tv.SEQUENCES or not isinstance(last.data, tuple):
                raise Invalid(f"the argument expanded with ... is {tv.describe(last)}, not a list")
            args += last.data
        for arg in args:
            found = invalid_inside(arg)
            if found is not None:
                return found
        return self.scope.call(expr.name, tuple(args), expr)

    def try_(self, expr: FunctionCall, bindings: Bindings) -> V:
        """The first argument that evaluates without error; an argument that is not known
        yet decides nothing, so it is the result."""
        reasons: list[str] = []
        for arg in expr.args:
            value = self.eval(arg, bindings)
            found = invalid_inside(value)
            if found is None:
                return value
            reasons.append(found.reason)
        detail = f": {reasons[-1]}" if reasons else ""
        raise Invalid(f"no argument of try() could be evaluated{detail}")

    def can(self, expr: FunctionCall, bindings: Bindings) -> V:
        if len(expr.args) != 1:
            raise Invalid(f"can() takes 1 argument, not {len(expr.args)}")
        value = self.eval(expr.args[0], bindings)
        if invalid_inside(value) is not None:
            return tv.boolean(False, expr.span)
        found = tv.first_unknown(value)
        return found if found is not None else tv.boolean(True, expr.span)


def _ambiguous(key: Expr) -> bool:
    """`{ a.b = 1 }`: Terraform cannot tell a reference from a name with dots."""
    return isinstance(key, Traversal) and bool(key.steps) and not key.source.startswith("(")


def _snippet(source: str) -> str:
    text = " ".join(source.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 3] + "..."
