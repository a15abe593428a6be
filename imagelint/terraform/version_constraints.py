"""Terraform's provider version constraint syntax (`~> 2.40.0`, `>= 2.0, != 2.50.0`) and the
versions it compares, as `terraform init` reads them (checked against it: see the tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(
    r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z][0-9A-Za-z.-]*))?(?:\+([0-9A-Za-z.-]+))?"
)
_CONSTRAINT = re.compile(r"\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+?)\s*")


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: str = ""  # "rc1" of 2.0.0-rc1; empty for a release

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}" + (f"-{self.pre}" if self.pre else "")

    def key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        """Semantic-versioning precedence: a pre-release sorts before its release, its
        numeric identifiers numerically and before alphanumeric ones."""
        if not self.pre:
            return (self.major, self.minor, self.patch, 1, ())
        ids = tuple((0, int(i)) if i.isdigit() else (1, i) for i in self.pre.split("."))
        return (self.major, self.minor, self.patch, 0, ids)


class ConstraintError(ValueError):
    """A version or version constraint Terraform would reject."""


@dataclass(frozen=True)
class Constraint:
    """One `OP VERSION` term. Missing version parts are zeros (`> 2.40` is `> 2.40.0`,
    `= 2.41` is exactly 2.41.0) except for `~>`, where they set the range: `~> 2.40` allows
    >= 2.40.0, < 3.0.0 and `~> 2.40.0` >= 2.40.0, < 2.41.0."""

    op: str
    version: Version
    parts: int  # how many of major, minor, patch were written
    build: str = ""  # "+build" metadata, which no release carries

    def allows(self, v: Version) -> bool:
        low, op = self.version, self.op
        if op == "~>":
            return _le(low, v) and _lt(v, _bump(low, 1 if self.parts == 3 else 0))
        if op == "=":
            return v == low and not self.build
        if op == "!=":
            return v != low or bool(self.build)
        if op == ">":
            return _lt(low, v)
        if op == ">=":
            return _le(low, v)
        if op == "<":
            return _lt(v, low)
        return _le(v, low)


def parse_version(text: str) -> Version:
    """A full version ("2.41.0", "2.0.0-rc1"); raises ConstraintError otherwise."""
    match = _VERSION.fullmatch(text.strip())
    if match is None or match[3] is None or match[5]:
        raise ConstraintError(f'"{text}" is not a version')
    return Version(int(match[1]), int(match[2]), int(match[3]), match[4] or "")


def parse_constraints(text: str) -> list[Constraint]:
    """Comma-separated `OP VERSION` terms (operators = != > >= < <= ~>, versions of 1-3
    parts, no operator meaning =), all of which a version must satisfy. Raises
    ConstraintError, also for empty text, which Terraform rejects too."""
    return [_parse_one(part) for part in text.split(",")]


def allows_all(constraints: list[Constraint], version: Version) -> bool:
    """Whether `terraform init` may select `version`: every term allows it, and a
    pre-release only when a term asks for it with `=`."""
    if not all(c.allows(version) for c in constraints):
        return False
    return not version.pre or any(c.op == "=" and c.version == version for c in constraints)


def _parse_one(part: str) -> Constraint:
    match = _CONSTRAINT.fullmatch(part)
    version = _VERSION.fullmatch(match[2]) if match else None
    if match is None or version is None:
        raise ConstraintError(f'invalid version constraint "{part.strip()}"')
    given = [int(v) for v in version.groups()[:3] if v is not None]
    padded = [*given, 0, 0]
    low = Version(padded[0], padded[1], padded[2], version[4] or "")
    return Constraint(op=match[1] or "=", version=low, parts=len(given), build=version[5] or "")


def _bump(version: Version, index: int) -> Version:
    if index == 0:
        return Version(version.major + 1, 0, 0)
    return Version(version.major, version.minor + 1, 0)


def _lt(a: Version, b: Version) -> bool:
    return a.key() < b.key()


def _le(a: Version, b: Version) -> bool:
    return a.key() <= b.key()
