"""String templates evaluated: interpolations as text, `%{ if }` and `%{ for }` directives."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from imagelint.parsers.hcl_syntax import Expr, Template, TemplateFor, TemplateIf, TemplatePart
from imagelint.terraform import values as tv
from imagelint.terraform.for_exprs import iterate
from imagelint.terraform.operators import Invalid, number_text, to_bool
from imagelint.terraform.values import Unknown, V

Bindings = Mapping[str, V]
Eval = Callable[[Expr, Bindings], V]


class _Stop(Exception):
    """An interpolation Terraform would reject: the template is that error."""

    def __init__(self, value: Unknown) -> None:
        super().__init__(value.reason)
        self.value = value


def render(expr: Template, bindings: Bindings, eval_: Eval) -> V:
    if len(expr.parts) == 1 and isinstance(expr.parts[0], Expr):
        return eval_(expr.parts[0], bindings)  # `"${x}"` is x, not x converted to a string
    renderer = _Renderer(eval_)
    try:
        text = renderer.parts(expr.parts, bindings)
    except _Stop as stop:
        return stop.value
    return renderer.pending or tv.string(text, expr.span)


class _Renderer:
    def __init__(self, eval_: Eval) -> None:
        self.eval = eval_
        # The first part that is not known yet: the template is unknown, unless a later
        # part is an error (Terraform reports errors even beside unknown values).
        self.pending: Unknown | None = None

    def parts(self, parts: tuple[TemplatePart, ...], bindings: Bindings) -> str:
        return "".join(self.part(part, bindings) for part in parts)

    def part(self, part: TemplatePart, bindings: Bindings) -> str:
        if isinstance(part, str):
            return part
        if isinstance(part, TemplateIf):
            condition = self.known(self.eval(part.condition, bindings))
            if condition is None:
                return ""
            chosen = to_bool(condition, "condition of the if directive")
            return self.parts(part.then if chosen else part.otherwise, bindings)
        if isinstance(part, TemplateFor):
            collection = self.known(self.eval(part.collection, bindings))
            if collection is None:
                return ""
            pieces: list[str] = []
            for key, value in iterate(collection, part.collection.span):
                scope = {**bindings, part.value_var: value}
                if part.key_var is not None:
                    scope[part.key_var] = key
                pieces.append(self.parts(part.body, scope))
            return "".join(pieces)
        found = self.known(self.eval(part, bindings))
        if found is None:
            return ""
        text = number_text(found.data) if isinstance(found.data, Decimal) else tv.as_text(found)
        if text is None:
            what = "null" if found.data is None else tv.describe(found)
            message = f"{part.source} is {what}, which a string template cannot include"
            raise Invalid(message, span=part.span, named=True)
        return text

    def known(self, value: V) -> tv.Known | None:
        if isinstance(value, tv.Known):
            return value
        if value.kind == "invalid":
            raise _Stop(value)
        self.pending = self.pending or value
        return None
