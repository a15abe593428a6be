"""Source plugin for imagelint inventories: servers kept in YAML, in imagelint's own format
(`*.imagelint.yaml`, or any YAML file whose first document has `imagelint: 1`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from imagelint.source_api import Candidate, FileRead, ReadContext, SourceResult, read_each_yaml

if TYPE_CHECKING:
    from imagelint.parsers.yaml_tree import YDocument

NAME = "inventory"
SUMMARY = "imagelint inventories: *.imagelint.yaml, or YAML starting with imagelint: 1"

SUFFIXES = (".imagelint.yaml", ".imagelint.yml")
# A top-level `imagelint:` key, possibly quoted; read() checks it is the first document's.
_MARKER = re.compile(r"""^["']?imagelint["']?[ \t]*:""", re.MULTILINE)


def named(name: str) -> bool:
    # `.imagelint.yaml` alone is left for a configuration file of imagelint's own.
    return name.endswith(SUFFIXES) and name not in SUFFIXES


def wants(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))


def detect(file: Candidate) -> bool:
    return named(file.name) or _marked(file)


def _marked(file: Candidate) -> bool:
    # A README may show an inventory in a code block: only YAML files are inventories.
    return wants(file.name) and _MARKER.search(file.head()) is not None


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.inventory.reader import read_documents

    def read_one(file: Candidate, documents: list[YDocument]) -> FileRead:
        # Named as an inventory, or given with --source inventory (detection would not have
        # claimed it): what it lacks is an error. Only a marker in passing may be "not mine".
        claimed = named(file.name) or not _marked(file)
        inventory = read_documents(documents, file.shown, claimed, context)
        return None if inventory is None else (inventory.instances, inventory.errors)

    return read_each_yaml(files, read_one)
