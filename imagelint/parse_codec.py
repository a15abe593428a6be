"""Parsed HCL bodies to and from plain JSON data, validated field by field on the way back."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from types import NoneType, UnionType
from typing import Any

from imagelint.model import Span
from imagelint.parsers import hcl_syntax
from imagelint.parsers.hcl_syntax import Body

Decoder = Callable[[Any], Any]


class Invalid(Exception):
    """Data that is not an encoded body: a corrupt or foreign cache entry."""


# Every record of hcl_syntax, by name: a tag names one of these or the data is refused.
_RECORDS: dict[str, type] = {
    name: cls
    for name, cls in vars(hcl_syntax).items()
    if isinstance(cls, type)
    and dataclasses.is_dataclass(cls)
    and cls.__module__ == hcl_syntax.__name__
}


def encode(body: Body, path: str) -> Any:
    """`body` as JSON-able data. Spans drop their path (every span of a parse is in `path`),
    so identical files share an entry; a span elsewhere raises Invalid."""
    return _encode(body, path)


def decode(data: Any, path: str) -> Body:
    """The body `data` encodes, its spans in `path`; Invalid unless every field checks."""
    try:
        body: Body = _decoder(Body)(data, path)
    except (TypeError, ValueError, KeyError, IndexError, RecursionError) as err:
        raise Invalid(str(err)) from None
    return body


def _encode(value: Any, path: str) -> Any:
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if isinstance(value, Span):
        if value.path != path:
            raise Invalid(f"a span in {value.path}, not {path}")
        return [value.line, value.column, value.end_line, value.end_column]
    if isinstance(value, tuple):
        return [_encode(item, path) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item, path) for key, item in value.items()}
    name = type(value).__name__
    if _RECORDS.get(name) is not type(value):
        raise Invalid(f"not a syntax record: {name}")
    fields = dataclasses.fields(value)  # type: ignore[arg-type]  # a record, checked above
    return [name, *(_encode(getattr(value, f.name), path) for f in fields)]


@cache
def _decoder(kind: Any) -> Callable[[Any, str], Any]:
    """A decoder for a declared type, built once from the records' annotations."""
    origin = typing.get_origin(kind)
    if kind is Span:
        return _span
    if kind is str or kind is bool:
        return _exact(kind)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data, path: tuple(item(x, path) for x in _list(data))
        items = [_decoder(a) for a in args]
        return lambda data, path: tuple(
            d(x, path) for d, x in zip(items, _list(data, len(items)), strict=True)
        )
    if origin is dict:
        value = _decoder(typing.get_args(kind)[1])
        return lambda data, path: {_text(k): value(v, path) for k, v in _object(data).items()}
    if origin is UnionType or origin is typing.Union:
        return _union(typing.get_args(kind))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _union((kind,))
    raise TypeError(f"no decoder for {kind!r}")


def _union(members: tuple[Any, ...]) -> Callable[[Any, str], Any]:
    classes = tuple(m for m in members if isinstance(m, type) and dataclasses.is_dataclass(m))
    allowed = {n: c for n, c in _RECORDS.items() if issubclass(c, classes)} if classes else {}

    def decode_one(data: Any, path: str) -> Any:
        if data is None and NoneType in members:
            return None
        if isinstance(data, str) and str in members:
            return data
        if isinstance(data, bool) and bool in members:
            return data
        if isinstance(data, dict) and Decimal in members:
            return _decimal(data)
        if isinstance(data, list) and data and isinstance(data[0], str) and data[0] in allowed:
            return _record(allowed[data[0]], data, path)
        raise ValueError(f"unexpected {type(data).__name__} for {members}")

    return decode_one


def _record(cls: type, data: list[Any], path: str) -> Any:
    fields = _fields(cls)
    if len(data) != len(fields) + 1:
        raise ValueError(f"{cls.__name__} with {len(data) - 1} fields")
    return cls(**{name: d(x, path) for (name, d), x in zip(fields, data[1:], strict=True)})


@cache
def _fields(cls: type) -> list[tuple[str, Callable[[Any, str], Any]]]:
    hints = typing.get_type_hints(cls, vars(hcl_syntax))
    return [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls)]


def _span(data: Any, path: str) -> Span:
    line, column, end_line, end_column = _list(data, 4)
    for number in (line, column, end_line, end_column):
        if type(number) is not int or number < 0:
            raise ValueError("a span holds four natural numbers")
    return Span(path=path, line=line, column=column, end_line=end_line, end_column=end_column)


def _decimal(data: dict[str, Any]) -> Decimal:
    if list(data) != ["n"] or not isinstance(data["n"], str):
        raise ValueError("a number is {'n': text}")
    try:
        number = Decimal(data["n"])
    except InvalidOperation:
        raise ValueError(f"not a number: {data['n']!r}") from None
    if not number.is_finite():
        raise ValueError("HCL numbers are finite")
    return number


def _exact(kind: type) -> Callable[[Any, str], Any]:
    def check(data: Any, _path: str) -> Any:
        if type(data) is not kind:
            raise ValueError(f"expected {kind.__name__}")
        return data

    return check


def _list(data: Any, length: int | None = None) -> list[Any]:
    if not isinstance(data, list) or (length is not None and len(data) != length):
        raise ValueError("expected a list" + (f" of {length}" if length is not None else ""))
    return data


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    return data


def _text(data: Any) -> str:
    if not isinstance(data, str):
        raise ValueError("expected a string")
    return data
