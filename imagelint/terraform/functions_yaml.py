"""yamldecode() as go-cty-yaml decodes."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import yaml

from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    NotEvaluated,
    Table,
    nfc,
    parse_number,
    register,
    text,
)
from imagelint.terraform.values import V, format_number, from_plain

# libyaml's events (PyYAML drives the same C library), then go-cty-yaml's own scalar rules,
# which are YAML 1.1's: `yes`, `on`, `y` are true, timestamps become RFC 3339 strings, `0x1F`
# and `0o17` are numbers; one document only; anchors, aliases and `<<` merge keys.
TABLE: Table = {}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_STR, _BINARY, _BOOL, _INT = (f"{_TAG}{n}" for n in ("str", "binary", "bool", "int"))
_FLOAT, _NULL, _TIMESTAMP = (f"{_TAG}{n}" for n in ("float", "null", "timestamp"))
_RESOLVABLE = ("", _STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP, _BINARY)
_HINTS = dict.fromkeys("+-", "S") | dict.fromkeys("0123456789", "D")
_HINTS |= dict.fromkeys("yYnNtTfFoO~", "M") | {".": "."}
_TRUE = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
_FALSE = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
_WORDS: dict[str, object] = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_WORDS |= dict.fromkeys(["", "~", "null", "Null", "NULL"], None)
_INFINITIES = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
_INTEGER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOATING = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2}))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?"
)
_MERGE = object()


@register(TABLE, "yamldecode")
def _yamldecode(call: Call, document: V) -> V:
    try:
        events = yaml.parse(text(document) or "\n", Loader=_LOADER)
        return from_plain(_Decoder(events).document(), call.span)
    except yaml.YAMLError as err:
        raise FunctionError(
            f"on line {_line(err)}: {getattr(err, 'problem', None) or err}"
        ) from None


def _line(err: yaml.YAMLError) -> object:
    mark = getattr(err, "problem_mark", None)
    return "?" if mark is None else mark.line + 1


class _Decoder:
    def __init__(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        self.anchors: dict[str, object] = {}
        self.pending: set[str] = set()

    def expect(self, kind: type[yaml.Event], message: str) -> None:
        if not isinstance(next(self.events, None), kind):
            raise FunctionError(message)

    def document(self) -> object:
        self.expect(yaml.StreamStartEvent, "missing stream start token")
        self.expect(yaml.DocumentStartEvent, "missing start of document")
        value = self.value(next(self.events))
        self.expect(yaml.DocumentEndEvent, "only a single document is allowed")
        self.expect(yaml.StreamEndEvent, "unexpected extra content after value")
        return value

    def value(self, event: yaml.Event) -> object:
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.pending:
                raise FunctionError(f"cannot refer to anchor {event.anchor!r} from inside it")
            if event.anchor not in self.anchors:
                raise FunctionError(f"reference to undefined anchor {event.anchor!r}")
            return self.anchors[event.anchor]
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.pending.add(anchor)
        if isinstance(event, yaml.ScalarEvent):
            found = _scalar(event.tag or "", event.value, event.style)
            found = "<<" if found is _MERGE else found
        elif isinstance(event, yaml.MappingStartEvent):
            found = self.mapping(event.tag or "")
        elif isinstance(event, yaml.SequenceStartEvent):
            if event.tag and event.tag != f"{_TAG}seq":
                raise FunctionError(f"can't interpret sequence as {event.tag}")
            found = self.sequence()
        else:
            raise FunctionError(f"unexpected {type(event).__name__}")
        if anchor:
            self.pending.discard(anchor)
            self.anchors[anchor] = found
        return found

    def sequence(self) -> list[object]:
        items: list[object] = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            items.append(self.value(event))
        raise FunctionError("unterminated sequence")

    def mapping(self, tag: str) -> dict[str, object]:
        if tag and tag != f"{_TAG}map":
            raise FunctionError(f"can't interpret mapping as {tag}")
        items: dict[str, object] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return items
            if not isinstance(event, yaml.ScalarEvent):
                raise FunctionError("only strings are allowed as mapping keys")
            key = _scalar(event.tag or "", event.value, event.style)
            value = self.value(next(self.events))
            if key is _MERGE:
                if not isinstance(value, dict):
                    raise FunctionError("cannot merge a non-mapping into a mapping")
                items.update(value)
            elif key is None or isinstance(key, list | dict):
                raise FunctionError("mapping key cannot be null")
            else:
                items[_key(key)] = value
        raise FunctionError("unterminated mapping")


def _key(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return format_number(key) if isinstance(key, Decimal) else str(key)


def _scalar(tag: str, source: str, style: str | None) -> object:
    """go-cty-yaml's resolveScalar."""
    if tag not in _RESOLVABLE:
        raise FunctionError(f"unsupported tag {tag!r}")
    hint = "N" if source == "" else _HINTS.get(source[0])
    if hint and tag not in (_STR, _BINARY):
        if style in ("'", '"'):
            return nfc(source)
        if source in _INFINITIES:
            raise NotEvaluated("infinite numbers are not evaluated")
        if source in _WORDS:
            return _WORDS[source]
        if tag == "" and source in (".nan", ".NaN", ".NAN"):
            raise FunctionError("floating point NaN is not supported")
        if hint == "." and (found := parse_number(source)) is not None:
            return found
        if hint in ("D", "S"):
            stamp = _timestamp(source) if tag in ("", _TIMESTAMP) else None
            if stamp is not None:
                return stamp
            if _INTEGER.fullmatch(source):
                tag = _INT
            elif _FLOATING.fullmatch(source):
                tag = _FLOAT
    if tag == "" and source == "<<":
        return _MERGE
    if tag == _BINARY:
        try:
            base64.b64decode(source, validate=True)
        except ValueError:
            raise FunctionError(f"cannot parse {source!r} as {tag}: not valid base64") from None
    if tag in ("", _STR, _BINARY):
        return nfc(source)
    if tag == _NULL:
        return None
    if tag == _BOOL and isinstance(_WORDS.get(source, 0), bool):
        return _WORDS[source]
    if tag in (_INT, _FLOAT) and (found := _number(source.replace("_", ""))) is not None:
        return found
    if tag == _TIMESTAMP and (stamp := _timestamp(source)) is not None:
        return stamp
    raise FunctionError(f"cannot parse {source!r} as {tag}")


def _number(plain: str) -> Decimal | None:
    found = parse_number(plain)
    if found is not None:
        return found
    try:  # Go's strconv.ParseInt/ParseUint with base 0: 0x, 0o, 0b prefixes
        whole = int(plain, 0)
    except ValueError:
        return None
    return Decimal(whole) if -(2**63) <= whole < 2**64 else None


def _timestamp(source: str) -> str | None:
    """The time in RFC 3339, as go-cty-yaml converts a YAML timestamp, or None."""
    match = _TIMESTAMP_RE.fullmatch(source)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone, *spaced = match.groups()
    clock = [int(p or 0) for p in ((hour, minute, second) if hour else spaced)]
    try:
        moment = datetime(int(year), int(month), int(day), clock[0], clock[1], clock[2])
    except ValueError:
        return None
    suffix = "Z" if zone in (None, "Z", "+00:00", "-00:00") else zone
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + suffix
