"""The Packer source plugin: Scaleway builders of HCL templates (`*.pkr.hcl`, `*.pkr.json`:
one configuration per directory, with its variable files) and of legacy JSON templates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.source_api import Candidate, ReadContext, SourceResult

NAME = "packer"
SUMMARY = "Packer: Scaleway builders of .pkr.hcl/.pkr.json templates, .pkrvars, JSON templates"

TEMPLATES = (".pkr.hcl", ".pkr.json")  # HCL templates, native and JSON syntax
VAR_FILES = (".pkrvars.hcl", ".pkrvars.json")
_NAMED = (*TEMPLATES, *VAR_FILES)
# A legacy template: a top-level "builders" array with a Scaleway builder in it.
_BUILDERS = re.compile(r'"builders"\s*:\s*\[')
_SCALEWAY = re.compile(r'"type"\s*:\s*"scaleway"')
_HEAD = 1 << 16


def wants(name: str) -> bool:
    return name.endswith((*_NAMED, ".json")) and not name.startswith(".")


def detect(file: Candidate) -> bool:
    if file.name.endswith(_NAMED):
        return True
    head = file.head(_HEAD)
    return _BUILDERS.search(head) is not None and _SCALEWAY.search(head) is not None


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.packer.reader import read_files

    return read_files(files, context)
