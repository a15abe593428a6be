"""Terraform's encoding, hashing and file functions."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote_plus

from imagelint.files import exists, is_dir, is_file, read_bytes, real
from imagelint.model import ParseError
from imagelint.terraform.functions_base import (
    Call,
    FunctionError,
    NotEvaluated,
    Table,
    nfc,
    register,
    text,
)
from imagelint.terraform.values import Known, V, from_plain, to_json

# A file that does not exist is an unknown of kind no-value, not an error: Terraform fails at
# plan only if it is still missing then, and it may be generated before (a build step, a file
# kept out of git). Paths under ~ are not read; nor are files over 4 MiB.
TABLE: Table = {}
_NAMESPACES = {"dns": uuid.NAMESPACE_DNS, "url": uuid.NAMESPACE_URL}
_NAMESPACES |= {"oid": uuid.NAMESPACE_OID, "x500": uuid.NAMESPACE_X500}
# Go's decoder nests 10000 deep; Python's recursion gives out near 1000.
_GO_DEPTH, _OUR_DEPTH = 10000, 400
_FILE_LIMIT = 4 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


@register(TABLE, "jsonencode")
def _jsonencode(call: Call, value: V) -> object:
    assert isinstance(value, Known)  # unknowns were returned before
    return to_json(value)


@register(TABLE, "jsondecode")
def _jsondecode(call: Call, document: V) -> V:
    source = text(document)
    depth = _depth(source)
    if depth > _GO_DEPTH:
        raise FunctionError("JSON nested too deeply")
    if depth > _OUR_DEPTH:
        raise NotEvaluated(f"JSON nested {depth} deep is not evaluated")
    try:
        data = json.loads(source, parse_float=Decimal, parse_int=Decimal, parse_constant=_reject)
    except ValueError as err:
        raise FunctionError(f"invalid JSON: {err}") from None
    return from_plain(_normal(data), call.span)


def _reject(token: str) -> object:
    raise ValueError(f"{token} is not JSON")


def _depth(source: str) -> int:
    # Brackets inside strings do not count: drop the strings first.
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', "", source)
    depth = deepest = 0
    for char in bare:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _normal(data: object) -> object:
    # Go replaces unpaired surrogates with U+FFFD; cty stores strings in NFC.
    if isinstance(data, str):
        return nfc(_SURROGATE.sub("\ufffd", data))
    if isinstance(data, list):
        return [_normal(d) for d in data]
    if isinstance(data, dict):
        return {_SURROGATE.sub("\ufffd", k): _normal(v) for k, v in data.items()}
    return data


@register(TABLE, "base64encode")
def _base64encode(call: Call, value: V) -> object:
    return base64.b64encode(text(value).encode()).decode()


@register(TABLE, "base64decode")
def _base64decode(call: Call, value: V) -> object:
    encoded = text(value)
    try:
        # Go's decoder skips line breaks and nothing else.
        raw = base64.b64decode(re.sub("[\r\n]", "", encoded), validate=True)
    except ValueError:
        raise FunctionError(f"failed to decode base64 data {encoded!r}") from None
    return _utf8(raw, "the result of decoding the provided string is not valid UTF-8")


def _utf8(raw: bytes, message: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(message) from None


def _digest(name: str, algorithm: Callable[[bytes], object], encoded: bool) -> None:
    @register(TABLE, name)
    def digest(call: Call, value: V) -> object:
        hashed = algorithm(text(value).encode())
        raw: bytes = hashed.digest()  # type: ignore[attr-defined]
        return base64.b64encode(raw).decode() if encoded else raw.hex()


for _name, _algorithm in (("md5", hashlib.md5), ("sha1", hashlib.sha1)):
    _digest(_name, _algorithm, encoded=False)
for _bits, _algorithm in (("256", hashlib.sha256), ("512", hashlib.sha512)):
    _digest(f"sha{_bits}", _algorithm, encoded=False)
    _digest(f"base64sha{_bits}", _algorithm, encoded=True)


@register(TABLE, "urlencode")
def _urlencode(call: Call, value: V) -> object:
    return quote_plus(text(value), safe="")  # as Go's url.QueryEscape


@register(TABLE, "uuidv5")
def _uuidv5(call: Call, namespace: V, name: V) -> object:
    given = text(namespace, "namespace")
    try:
        space = _NAMESPACES.get(given) or uuid.UUID(given)
    except ValueError:
        raise FunctionError(f"uuidv5() doesn't support namespace {given}") from None
    return str(uuid.uuid5(space, text(name, "name")))


def _path(call: Call, value: V) -> Path:
    given = text(value, "path")
    if given.startswith("~"):
        raise NotEvaluated(f"{call.name}(): paths in the home directory are not read")
    path = Path(given)
    if not path.is_absolute():
        if call.base_dir is None:
            raise NotEvaluated(f"{call.name}(): no directory to resolve {given!r} against")
        path = call.base_dir / path
    return path


def _read(call: Call, value: V) -> bytes:
    path = _path(call, value)
    # A repository must not make imagelint hang on a FIFO, read /dev/zero, or print a file from
    # outside it (/proc/self/environ, ~/.ssh) in a finding: regular files of the root module.
    if call.base_dir is not None and not real(path).is_relative_to(real(call.base_dir)):
        raise NotEvaluated(f"{call.name}(): {path} is outside the root module's directory")
    if not exists(path):
        # Terraform fails at plan unless the file exists by then (generated, not committed).
        raise NotEvaluated(f"{call.name}(): no file exists at {path}", "no-value")
    if is_dir(path):
        raise FunctionError(f"{path} is a directory, not a file")
    try:
        return read_bytes(path, str(path), limit=_FILE_LIMIT)
    except ParseError as error:
        raise NotEvaluated(f"{call.name}(): {error.message}") from None


@register(TABLE, "file")
def _file(call: Call, value: V) -> object:
    return nfc(_utf8(_read(call, value), "contents are not valid UTF-8; use filebase64"))


@register(TABLE, "filebase64")
def _filebase64(call: Call, value: V) -> object:
    return base64.b64encode(_read(call, value)).decode()


@register(TABLE, "fileexists")
def _fileexists(call: Call, value: V) -> object:
    path = _path(call, value)
    if is_dir(path):
        raise FunctionError(f"{path} is a directory, not a file")
    return is_file(path)
