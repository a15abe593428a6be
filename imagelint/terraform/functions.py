"""The table of Terraform functions imagelint evaluates, and `call`: a value, or why not."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from imagelint.terraform import (
    functions_collections,
    functions_encoding,
    functions_format,
    functions_lists,
    functions_numbers,
    functions_sets,
    functions_strings,
    functions_yaml,
)
from imagelint.terraform.functions_base import Call, FunctionError, Impl, NotEvaluated
from imagelint.terraform.values import Unknown, V, located

__all__ = ["APPLY_TIME", "FUNCTIONS", "Call", "call"]

# An unknown argument makes the result unknown (that very unknown, with its own reason), except
# in the functions that pass elements through (lookup, element, merge, concat, values, ...):
# there an unknown element stays local and the other elements keep where they were written.
# `try` and `can` are not here: they need their arguments unevaluated, so the evaluator owns
# them.
FUNCTIONS: Mapping[str, Impl] = MappingProxyType(
    {
        name: impl
        for module in (
            functions_collections,
            functions_encoding,
            functions_format,
            functions_lists,
            functions_numbers,
            functions_sets,
            functions_strings,
            functions_yaml,
        )
        for name, impl in module.TABLE.items()
    }
)

# Functions whose result changes from run to run: known only when Terraform applies.
APPLY_TIME = {
    "timestamp": "timestamp() is the time of the run",
    "plantimestamp": "plantimestamp() is the time of the plan",
    "uuid": "uuid() is random on every run",
    "bcrypt": "bcrypt() uses a random salt on every run",
}


def call(c: Call) -> V:
    """The value of a function call, or an unknown that says why there is none."""
    name = c.name.removeprefix("core::")
    if name in APPLY_TIME:
        return Unknown(kind="apply-time", reason=APPLY_TIME[name], span=c.span)
    impl = FUNCTIONS.get(name)
    if impl is None:
        reason = f"imagelint does not evaluate function {c.name}()"
        return Unknown(kind="unknown-function", reason=reason, span=c.span)
    try:
        return impl(c)
    except FunctionError as err:
        return Unknown(kind="invalid", reason=f"{name}(): {err}", span=c.span)
    except NotEvaluated as err:
        message = str(err) if str(err).startswith(f"{name}()") else f"{name}(): {err}"
        return located(Unknown(kind=err.kind, reason=message), c.span)
