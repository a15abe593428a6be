"""What Terraform knows of each block type of a JSON configuration without provider schemas."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Mode(Enum):
    """How an attribute's JSON strings read, as Terraform decodes that attribute."""

    TEMPLATE = "template"  # string templates: evaluated with a context
    LITERAL = "literal"  # the text as is: evaluated without a context
    EXPRESSION = "expression"  # HCL expressions: references and type constraints
    PROVIDERS = "providers"  # a module call's provider map: keys and values are references


@dataclass(frozen=True, kw_only=True)
class Schema:
    """What Terraform knows of a block type without a provider schema."""

    labels: int = 0
    blocks: dict[str, Schema] = field(default_factory=dict)  # nested block types
    modes: dict[str, Mode] = field(default_factory=dict)
    default: Mode = Mode.TEMPLATE
    read: bool = True  # False: the block is kept with its labels only


LITERAL = Schema(default=Mode.LITERAL)
_CONDITION = Schema()  # validation, precondition, postcondition, connection, timeouts
# Resource blocks imagelint reads and `dynamic` blocks may generate; `content` shares them.
_NESTED: dict[str, Schema] = {"root_volume": Schema(), "timeouts": Schema()}
_NESTED["dynamic"] = Schema(
    labels=1, blocks={"content": Schema(blocks=_NESTED)}, modes={"iterator": Mode.EXPRESSION}
)
_REFERENCES = {"provider": Mode.EXPRESSION, "depends_on": Mode.EXPRESSION}
_RESOURCE = Schema(
    labels=2,
    blocks={
        **_NESTED,
        "lifecycle": Schema(
            blocks={"precondition": _CONDITION, "postcondition": _CONDITION},
            modes={
                "ignore_changes": Mode.EXPRESSION,
                "replace_triggered_by": Mode.EXPRESSION,
                "create_before_destroy": Mode.LITERAL,
                "prevent_destroy": Mode.LITERAL,
            },
        ),
        "provisioner": Schema(
            labels=1,
            blocks={"connection": _CONDITION},
            modes={"when": Mode.EXPRESSION, "on_failure": Mode.EXPRESSION},
        ),
        "connection": _CONDITION,
    },
    modes=_REFERENCES,
)
_DESCRIBED = {"description": Mode.LITERAL, "sensitive": Mode.LITERAL, "ephemeral": Mode.LITERAL}
TOP_LEVEL: dict[str, Schema] = {
    "resource": _RESOURCE,
    "data": _RESOURCE,
    "ephemeral": _RESOURCE,
    "variable": Schema(
        labels=1,
        blocks={"validation": _CONDITION},
        modes={
            **_DESCRIBED,
            "default": Mode.LITERAL,
            "nullable": Mode.LITERAL,
            "type": Mode.EXPRESSION,
        },
    ),
    "output": Schema(
        labels=1,
        blocks={"precondition": _CONDITION},
        modes={**_DESCRIBED, "depends_on": Mode.EXPRESSION},
    ),
    "provider": Schema(labels=1, modes={"alias": Mode.LITERAL, "version": Mode.LITERAL}),
    "module": Schema(
        labels=1,
        modes={
            "source": Mode.LITERAL,
            "version": Mode.LITERAL,
            "providers": Mode.PROVIDERS,
            "depends_on": Mode.EXPRESSION,
        },
    ),
    "locals": Schema(),
    "terraform": Schema(
        blocks={
            "required_providers": LITERAL,
            "backend": Schema(labels=1, default=Mode.LITERAL),
            "cloud": Schema(blocks={"workspaces": LITERAL}, default=Mode.LITERAL),
            "provider_meta": Schema(labels=1, default=Mode.LITERAL),
        },
        modes={"required_version": Mode.LITERAL, "experiments": Mode.EXPRESSION},
    ),
    # Refactoring and checks: nothing imagelint evaluates.
    "moved": Schema(read=False),
    "import": Schema(read=False),
    "removed": Schema(read=False),
    "check": Schema(labels=1, read=False),
}
