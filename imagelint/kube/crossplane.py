"""Source plugin: Crossplane Servers of Scaleway's provider and Server bases of Compositions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.source_api import Candidate, ReadContext, SourceResult

NAME = "crossplane"
SUMMARY = "Crossplane Server (instance.scaleway[.m].upbound.io) and Composition bases: YAML"

_MENTION = re.compile(r"scaleway(?:\.m)?\.upbound\.io")
# A Server may follow pages of other manifests in a multi-document file; a regex over this
# much text still costs well under a millisecond.
_HEAD = 1 << 18


def wants(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


def detect(file: Candidate) -> bool:
    return _MENTION.search(file.head(_HEAD)) is not None


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.kube.crossplane_read import read as read_files

    return read_files(files, context)
