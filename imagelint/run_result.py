"""What a run's expensive part (reading the workspace, linting it) hands to triage and the
report, and its JSON form for the run cache: decoded only when every field is well-typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagelint.findings import Finding, Related, Severity


class Invalid(ValueError):
    """A cached value that is not what this code writes."""


@dataclass(frozen=True, kw_only=True)
class Examined:
    files: int  # files read by a source (or that could not be read)
    skipped: int
    instances: int
    read: tuple[str, ...]  # the files a source read, as shown (for suppressions)
    given: frozenset[str] | None  # files given one by one (None: everything is reported)
    warnings: tuple[str, ...]  # the workspace's: files not read, templates skipped, ...
    findings: tuple[Finding, ...]  # parse errors, then the findings reported: before triage
    checked: int
    unresolved: int
    unresolved_by_kind: tuple[tuple[str, int], ...]
    catalog_unavailable: tuple[str, ...] = ()  # never cached: such a run is not kept


def encode(examined: Examined) -> dict[str, Any]:
    return {
        "files": examined.files,
        "skipped": examined.skipped,
        "instances": examined.instances,
        "read": list(examined.read),
        "given": None if examined.given is None else sorted(examined.given),
        "warnings": list(examined.warnings),
        "findings": [_finding(f) for f in examined.findings],
        "checked": examined.checked,
        "unresolved": examined.unresolved,
        "unresolved_by_kind": [list(pair) for pair in examined.unresolved_by_kind],
    }


def decode(data: object) -> Examined:
    """Raises Invalid for anything encode() could not have written."""
    entry = _mapping(data, _FIELDS)
    given = entry["given"]
    return Examined(
        files=_int(entry["files"]),
        skipped=_int(entry["skipped"]),
        instances=_int(entry["instances"]),
        read=_strings(entry["read"]),
        given=None if given is None else frozenset(_strings(given)),
        warnings=_strings(entry["warnings"]),
        findings=tuple(_decode_finding(f) for f in _list(entry["findings"])),
        checked=_int(entry["checked"]),
        unresolved=_int(entry["unresolved"]),
        unresolved_by_kind=tuple(_pair(p) for p in _list(entry["unresolved_by_kind"])),
    )


_FIELDS = frozenset(
    ("files", "skipped", "instances", "read", "given", "warnings", "findings", "checked")
) | {"unresolved", "unresolved_by_kind"}


def _finding(finding: Finding) -> list[Any]:
    # A list, not an object: thousands of findings decode measurably faster without keys.
    return [
        finding.rule,
        finding.severity.value,
        finding.message,
        finding.hint,
        finding.path,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.resource,
        [[r.path, r.line, r.column, r.end_line, r.end_column, r.message] for r in finding.related],
        finding.fingerprint,
    ]


_SEVERITIES = {s.value: s for s in Severity}


def _decode_finding(data: object) -> Finding:
    # Inline type checks: an entry holds thousands of findings, decoded on every repeat run.
    if type(data) is not list or len(data) != 12:
        raise Invalid("not a finding")
    rule, severity, message, hint, path, line, column, end_line, end_column = data[:9]
    resource, related, fingerprint = data[9:]
    if not (
        type(rule) is str
        and type(message) is str
        and (hint is None or type(hint) is str)
        and type(path) is str
        and type(line) is int
        and type(column) is int
        and type(end_line) is int
        and type(end_column) is int
        and (resource is None or type(resource) is str)
        and type(related) is list
        and type(fingerprint) is str
        and type(severity) is str
        and severity in _SEVERITIES
    ):
        raise Invalid("a finding's field of another type")
    return Finding(
        rule=rule,
        severity=_SEVERITIES[severity],
        message=message,
        hint=hint,
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        resource=resource,
        related=tuple(_related(r) for r in related),
        fingerprint=fingerprint,
    )


def _related(data: object) -> Related:
    items = _list(data)
    if len(items) != 6:
        raise Invalid("related")
    path, line, column, end_line, end_column, message = items
    return Related(
        path=_str(path),
        line=_int(line),
        column=_int(column),
        end_line=_int(end_line),
        end_column=_int(end_column),
        message=_str(message),
    )


def _mapping(data: object, fields: frozenset[str]) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != fields:
        raise Invalid("not the expected fields")
    return data


def _list(data: object) -> list[Any]:
    if not isinstance(data, list):
        raise Invalid("not a list")
    return data


def _strings(data: object) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(data))


def _pair(data: object) -> tuple[str, int]:
    items = _list(data)
    if len(items) != 2:
        raise Invalid("not a pair")
    return _str(items[0]), _int(items[1])


def _str(data: object) -> str:
    if not isinstance(data, str):
        raise Invalid("not a string")
    return data


def _int(data: object) -> int:
    if type(data) is not int:  # bool is an int too, and never what was written
        raise Invalid("not an integer")
    return data
