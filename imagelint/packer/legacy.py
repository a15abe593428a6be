"""Legacy JSON templates (`builders: [{"type": "scaleway", ...}]`): each Scaleway builder,
its strings rendered as Packer's interpolation does for `{{user `x`}}`; every other template
function is known only when Packer runs (hashicorp/packer-plugin-sdk template/interpolate)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from imagelint.model import Hop, Instance, Rejected, Span, Value
from imagelint.packer import fields
from imagelint.packer.models import JSON_PHRASING, current, resolution_model
from imagelint.parsers.json_positions import (
    JsonArray,
    JsonConstant,
    JsonMember,
    JsonNumber,
    JsonObject,
    JsonString,
    JsonValue,
    parse_json,
)

if TYPE_CHECKING:
    from imagelint.source_api import ReadContext

NAME = "packer"
BUILDER = "scaleway"
_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_CALL = re.compile(r'(\w+)(?:\s+(?:`([^`]*)`|"((?:[^"\\]|\\.)*)"))?\s*\Z', re.S)
_FIELDS = {"image": "image", "commercial_type": "type", "zone": "zone", "region": "region"}
_SIZE_HINT = '"root_volume": {"size_in_gb": N}'
# A JSON template cannot pin the plugin: `packer plugins install` takes the newest.
PLUGIN = current("assumed current: a JSON template cannot require a plugin version")


@dataclass(frozen=True, kw_only=True)
class UserVariable:
    value: Value
    span: Span  # the variable's entry in `variables`


def read_template(shown: str, text: str, context: ReadContext) -> list[Instance] | None:
    """The template's Scaleway builders; None when the file is not a legacy template with
    one. Raises ParseError for JSON that does not parse."""
    document = parse_json(shown, text)
    root = document.root
    if not isinstance(root, JsonObject):
        return None
    builders = _last(root, "builders")
    if not isinstance(builders, JsonArray):
        return None
    mine = [b for b in builders.items if isinstance(b, JsonObject) and _is_scaleway(b)]
    if not mine:
        return None
    variables = _user_variables(_last(root, "variables"), context.var_args)
    return [_instance(builder, variables, context) for builder in mine]


def _is_scaleway(value: JsonObject) -> bool:
    kind = _last(value, "type")
    return isinstance(kind, JsonString) and kind.value == BUILDER


def _member(value: JsonObject, key: str) -> JsonMember | None:
    # Go's encoding/json keeps the last of repeated keys.
    found = [m for m in value.members if m.key.value == key]
    return found[-1] if found else None


def _last(value: JsonValue | None, key: str) -> JsonValue | None:
    if not isinstance(value, JsonObject):
        return None
    member = _member(value, key)
    return member.value if member is not None else None


def _user_variables(section: JsonValue | None, var_args: tuple[str, ...]) -> dict[str, Value]:
    found: dict[str, Value] = {}
    if isinstance(section, JsonObject):
        for member in section.members:
            found[member.key.value] = _variable_value(member)
    for argument in var_args:
        name, _, text = argument.partition("=")
        if name.strip():
            found[name.strip()] = Value.of(text, None, origin=f"--var {name.strip()}")
    return found


def _variable_value(member: JsonMember) -> Value:
    name, value = member.key.value, member.value
    if isinstance(value, JsonConstant) and value.value is None:
        reason = f"user variable {name} is required (null) and no --var {name}=... is given"
        return Value.unknown(reason, value.span, kind="no-value")
    if isinstance(value, JsonString):
        action = _ACTION.search(value.value)
        if action is not None and action.group(1).split(maxsplit=1)[:1] == ["user"]:
            reason = (
                f"user variable {name} is set from another one ({action.group(0)}): "
                "imagelint does not evaluate variables that refer to variables"
            )
            return Value.unknown(reason, value.span, kind="unsupported")
        if action is not None:
            return Value.unknown(_why_unknown(action.group(1)), value.span, kind="apply-time")
        return Value.of(value.value, value.span, origin=f"user variable {name}")
    if isinstance(value, JsonNumber):
        return Value.of(value.text, value.span, origin=f"user variable {name}")
    if isinstance(value, JsonConstant):  # mapstructure's weak decoding: true -> "1"
        return Value.of("1" if value.value else "0", value.span, origin=f"user variable {name}")
    reason = f"user variable {name} is not a string"
    return Value.unknown(reason, value.span, kind="invalid")


def _why_unknown(action: str) -> str:
    call = _CALL.match(action)
    function = call.group(1) if call is not None else action
    if function == "env":
        argument = (call.group(2) or call.group(3) or "") if call is not None else ""
        return (
            f"{{{{env `{argument}`}}}} is the environment of the Packer run, which imagelint "
            "does not assume"
        )
    return f"{{{{{action}}}}} is evaluated by Packer when the build runs"


def _render(value: JsonValue, variables: dict[str, Value]) -> Value:
    if not isinstance(value, JsonString):
        reason = "the value is not a string"
        return Value.unknown(reason, value.span, kind="invalid")
    text = value.value
    actions = list(_ACTION.finditer(text))
    if not actions:
        return Value.of(text, value.span)
    pieces: list[str] = []
    position = 0
    for action in actions:
        pieces.append(text[position : action.start()])
        position = action.end()
        resolved = _action(action.group(1), variables, value.span)
        if not resolved.known:
            return resolved
        if len(actions) == 1 and text == action.group(0):
            return resolved  # the whole string is one variable: it was written there
        pieces.append(str(resolved.text))
    pieces.append(text[position:])
    return Value.of("".join(pieces), value.span)


def _action(action: str, variables: dict[str, Value], at: Span) -> Value:
    call = _CALL.match(action)
    if call is None or call.group(1) != "user":
        return Value.unknown(_why_unknown(action), at, kind="apply-time")
    name = call.group(2) if call.group(2) is not None else (call.group(3) or "")
    hop = Hop(span=at, message=f"user variable {name}")
    found = variables.get(name)
    if found is None:
        reason = f"user variable {name} is not defined in the template's variables"
        return Value.unknown(reason, at, kind="invalid")
    if found.known:
        return Value.of(str(found.text), found.span, origin=found.origin, chain=(hop,))
    assert found.reason is not None
    return Value.unknown(found.reason, found.span or at, kind=found.kind, chain=(hop,))


def _instance(builder: JsonObject, variables: dict[str, Value], context: ReadContext) -> Instance:
    found: dict[str, Value | None] = {}
    for written, name in _FIELDS.items():
        value = _last(builder, written)
        found[name] = _render(value, variables) if value is not None else None
    kind = _member(builder, "type")
    assert kind is not None
    header = kind.key.span.through(kind.value.span)
    values = {k: v for k in ("image", "type") if (v := found[k]) is not None}
    values["zone"] = fields.effective_zone(
        found["region"], found["zone"], env=context.env, home=context.home, at=header
    )
    root_volume = _last(builder, "root_volume")
    volume_type = _last(root_volume, "type")
    if volume_type is not None:
        values["volume_type"] = _render(volume_type, variables)
    given = _last(builder, "name")  # Packer names a builder after its type by default
    return Instance(
        source=NAME,
        address=given.value if isinstance(given, JsonString) and given.value else BUILDER,
        span=header,
        values=values,
        model=resolution_model(PLUGIN),
        phrasing=JSON_PHRASING,
        rejected=tuple(_rejected(builder)),
    )


def _rejected(builder: JsonObject) -> Iterator[Rejected]:
    size = _member(builder, "image_size_in_gb")
    if size is not None:
        yield fields.image_size_rejected(PLUGIN, size.key.span, size_hint=_SIZE_HINT)
