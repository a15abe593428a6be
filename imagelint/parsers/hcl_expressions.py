"""python-hcl2's lark expression trees as hcl_syntax expressions, each located in the file."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

from imagelint.model import Span
from imagelint.parsers.hcl_positions import NEWLINES, Locator
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
from imagelint.parsers.hcl_template_parts import RawTemplate, TemplateError, assemble

if TYPE_CHECKING:
    from lark import Token, Tree

Step: TypeAlias = str | Expr


def subtrees(node: Tree[Token]) -> list[Tree[Token]]:
    return [c for c in node.children if not isinstance(c, str) and c.data != NEWLINES]


def has_token(node: Tree[Token], type_: str) -> bool:
    return any(isinstance(c, str) and c.type == type_ for c in node.children)


def name_of(node: Tree[Token]) -> str:
    """The text of an identifier, keyword or literal_value node."""
    return str(node.children[0])


class Expressions(Locator):
    """Converts expression trees. `templates` are the lexed templates of the text."""

    def __init__(
        self, path: str, text: str, templates: dict[int, RawTemplate], parsed: str = ""
    ) -> None:
        super().__init__(path, text, parsed)
        self.templates = templates

    def expr(self, node: Tree[Token]) -> Expr:
        kind = node.data
        if kind == "expr_term":
            return self.term(node)
        span, source = self.locate(node)
        if kind == "conditional":
            condition, true_result, false_result = (self.expr(n) for n in subtrees(node))
            return Conditional(
                span=span,
                source=source,
                condition=condition,
                true_result=true_result,
                false_result=false_result,
            )
        if kind == "binary_op":
            left, term = subtrees(node)
            operator, right = subtrees(term)
            return BinaryOp(
                span=span,
                source=source,
                op=str(operator.children[0]).strip(),  # a newline before it may be part of it
                left=self.expr(left),
                right=self.expr(right),
            )
        if kind == "unary_op":
            (operand,) = subtrees(node)
            op = str(node.children[0])
            return UnaryOp(span=span, source=source, op=op, operand=self.expr(operand))
        return Unsupported(span=span, source=source, kind=kind.replace("_", " "))

    def term(self, node: Tree[Token]) -> Expr:
        span, source = self.locate(node)
        inner = subtrees(node)[0]
        if has_token(node, "LPAR"):
            return replace(self.expr(inner), span=span, source=source)
        kind = inner.data
        if kind == "string" or (kind == "tuple" and self.start(inner).offset in self.templates):
            return self.template(inner, span, source)
        if kind in ("int_lit", "float_lit"):
            return Literal(span=span, source=source, value=Decimal(name_of(inner)))
        if kind == "literal_value":
            word = name_of(inner)
            value = None if word == "null" else word == "true"
            return Literal(span=span, source=source, value=value)
        if kind == "identifier":
            return Traversal(span=span, source=source, root=name_of(inner))
        if kind in ("get_attr_expr_term", "index_expr_term"):
            base_node, step_node = subtrees(inner)
            return self.access(base_node, (self.step(step_node),), span, source)
        if kind in ("full_splat_expr_term", "attr_splat_expr_term"):
            return self.splat(inner, span, source)
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.for_expr(inner, span, source)
        if kind == "tuple":
            items = tuple(self.expr(n) for n in subtrees(inner))
            return TupleCons(span=span, source=source, items=items)
        if kind == "object":
            pairs = tuple(self.pair(elem) for elem in subtrees(inner))
            return ObjectCons(span=span, source=source, items=pairs)
        if kind == "function_call":
            return self.call(inner, span, source)
        return Unsupported(span=span, source=source, kind=kind.replace("_", " "))

    def step(self, node: Tree[Token]) -> Step:
        if node.data == "get_attr":
            return name_of(subtrees(node)[0])
        if node.data == "short_index":  # `list.0`
            source = str(node.children[-1])
            return Literal(span=self.locate(node)[0], source=source, value=Decimal(source))
        return self.expr(subtrees(node)[0])

    def access(
        self, base_node: Tree[Token], steps: tuple[Step, ...], span: Span, source: str
    ) -> Expr:
        """`base` followed by steps: a longer traversal when the base is a bare name path,
        else an Access."""
        base = self.term(base_node)
        if isinstance(base, Traversal) and not has_token(base_node, "LPAR"):
            return Traversal(span=span, source=source, root=base.root, steps=(*base.steps, *steps))
        if isinstance(base, Access) and not has_token(base_node, "LPAR"):
            return Access(span=span, source=source, base=base.base, steps=(*base.steps, *steps))
        return Access(span=span, source=source, base=base, steps=steps)

    def splat(self, node: Tree[Token], span: Span, source: str) -> Expr:
        base_node, splat_node = subtrees(node)
        base = self.term(base_node)
        if isinstance(base, Splat) and has_token(base_node, "LPAR"):
            # A splat right after a splat applies within each element (`x[*].a[*].b` is a
            # list of lists); after a parenthesised one it applies to the result.
            base = Access(span=base.span, source=base.source, base=base, steps=())
        steps = tuple(self.step(n) for n in subtrees(splat_node))
        full = has_token(splat_node, "FULL_SPLAT_START")
        if full:
            return Splat(span=span, source=source, base=base, steps=steps)
        # `.*` takes only attribute names: from the first index on, steps apply to the
        # resulting tuple (`x.*.a[0]` is the first element's a).
        count = next((i for i, s in enumerate(steps) if not isinstance(s, str)), len(steps))
        if count == len(steps):
            return Splat(span=span, source=source, base=base, steps=steps, full=False)
        cut = self.start(subtrees(splat_node)[count])
        inner = Splat(
            span=replace(span, end_line=cut.line, end_column=cut.column),
            source=self.text[self.start(node).offset : cut.offset],
            base=base,
            steps=steps[:count],
            full=False,
        )
        return Access(span=span, source=source, base=inner, steps=steps[count:])

    def for_expr(self, node: Tree[Token], span: Span, source: str) -> ForExpr:
        intro, *rest = subtrees(node)
        *names, collection = subtrees(intro)
        condition = None
        if rest[-1].data == "for_cond":
            condition = self.expr(subtrees(rest.pop())[0])
        key = self.expr(rest[0]) if len(rest) == 2 else None
        return ForExpr(
            span=span,
            source=source,
            key_var=name_of(names[0]) if len(names) == 2 else None,
            value_var=name_of(names[-1]),
            collection=self.expr(collection),
            key=key,
            value=self.expr(rest[-1]),
            condition=condition,
            grouping=has_token(node, "ELLIPSIS"),
        )

    def pair(self, elem: Tree[Token]) -> tuple[Expr, Expr]:
        key_node, value_node = subtrees(elem)
        (key,) = subtrees(key_node)
        span, source = self.locate(key)
        # A bare name is a string key in HCL (`{ a = 1 }`), not a reference.
        bare = key.data == "keyword" or (
            len(key.children) == 1 and subtrees(key)[0].data == "identifier"
        )
        key_expr = Literal(span=span, source=source, value=source) if bare else self.expr(key)
        return key_expr, self.expr(value_node)

    def call(self, node: Tree[Token], span: Span, source: str) -> FunctionCall:
        names = [n for n in subtrees(node) if n.data == "identifier"]
        arguments = [n for n in subtrees(node) if n.data == "arguments"]
        args = tuple(self.expr(n) for a in arguments for n in subtrees(a))
        return FunctionCall(
            span=span,
            source=source,
            name="::".join(map(name_of, names)),
            args=args,
            expand_final=any(has_token(a, "ELLIPSIS") for a in arguments),
        )

    def template(self, node: Tree[Token], span: Span, source: str) -> Template:
        raw = self.templates.get(self.start(node).offset)
        if raw is None:  # a plain string: no escape, no sequence
            return Template(span=span, source=source, parts=(source[1:-1],))
        # Each sequence's expression is a parenthesised element of the rewritten tuple.
        exprs = (
            [self.expr(subtrees(item)[0]) for item in subtrees(node)]
            if node.data == "tuple"
            else []
        )
        try:
            parts = assemble(raw, exprs)
        except TemplateError as err:
            raise self.error_at(err.offset, err.message) from None
        return Template(span=span, source=source, parts=parts)
