"""Source plugin: Scaleway servers of Pulumi YAML programs, one per stack file."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.source_api import Candidate, ReadContext, SourceResult

NAME = "pulumi"
SUMMARY = "Pulumi YAML programs: Pulumi.yaml (runtime: yaml) and Pulumi.<stack>.yaml"

_PROJECT = re.compile(r"^Pulumi\.ya?ml$")
_STACK = re.compile(r"^Pulumi\.[^/]+\.ya?ml$")
# `runtime: yaml`, `runtime: {name: yaml}`, or `runtime:` with `name: yaml` indented below.
_YAML_RUNTIME = re.compile(
    r"^runtime:[ \t]*"
    r"(?:yaml\b|\{[^}\n]*\bname:[ \t]*yaml\b|\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*yaml\b)",
    re.MULTILINE,
)
# What a stack file holds (pulumi writes these top-level keys).
_STACK_KEYS = re.compile(
    r"^(?:config|encryptionsalt|secretsprovider|encryptedkey|environment):", re.MULTILINE
)


def wants(name: str) -> bool:
    return _PROJECT.match(name) is not None or _STACK.match(name) is not None


def detect(file: Candidate) -> bool:
    pattern = _YAML_RUNTIME if _PROJECT.match(file.name) else _STACK_KEYS
    return pattern.search(file.head()) is not None


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.pulumi.read import read as read_files

    return read_files(files, context)
