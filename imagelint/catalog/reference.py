"""Bundled reference data: the architecture of each commercial type.

Built by scripts/build_snapshot.py from recorded Marketplace local images (each type appears
under exactly one arch there) and the recorded Instance API products list for fr-par-1.
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def _table() -> dict[str, str]:
    text = resources.files("imagelint").joinpath("data/commercial_types.json").read_text("utf-8")
    return {name.upper(): arch for name, arch in json.loads(text)["arch"].items()}


def arch_of(commercial_type: str) -> str | None:
    return _table().get(commercial_type.upper())


def known_commercial_types() -> tuple[str, ...]:
    return tuple(sorted(_table()))
