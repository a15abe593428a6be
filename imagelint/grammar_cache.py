"""python-hcl2's LALR parser, its tables kept as JSON in our cache when its own directory is
read-only (where lark would otherwise rebuild the grammar, silently, on every run)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagelint.cache_dir import cache_root
from imagelint.parse_cache import MAX_ENTRY_BYTES, write_atomically

if TYPE_CHECKING:
    from lark import Lark

FORMAT = "imagelint-grammar-1"
# What python-hcl2's own parser() passes to lark, cache aside (hcl2/parser.py, 8.x).
_OPTIONS: dict[str, Any] = {"parser": "lalr", "propagate_positions": True}


@cache
def hcl_parser() -> Lark:
    """The parser hcl2.parses_to_tree uses: python-hcl2's own when it can keep its cache
    beside itself, else the same grammar and options with its tables in our cache."""
    import hcl2.parser

    package_cache = Path(hcl2.parser.PARSER_FILE)
    directory = cache_root(os.environ)
    if directory is None or keeps_its_own_cache(package_cache):
        return hcl2.parser.parser()
    return load_or_build(directory / "grammar")


def keeps_its_own_cache(package_cache: Path) -> bool:
    """Whether lark can write python-hcl2's cache file (then it maintains it itself)."""
    if package_cache.exists():
        return os.access(package_cache, os.W_OK)
    return os.access(package_cache.parent, os.W_OK)


def load_or_build(directory: Path) -> Lark:
    """The parser from its entry under `directory`, or built and stored there."""
    import hcl2.parser
    from hcl2.postlexer import PostLexer
    from lark import Lark, __version__
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    grammar = (Path(hcl2.parser.__file__).parent / "hcl2.lark").read_text(encoding="utf-8")
    key = hashlib.sha256(
        f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0{_OPTIONS}\0{grammar}".encode()
    ).hexdigest()
    entry = directory / f"hcl2-{key[:32]}.json"
    data = _read(entry, key)
    if data is not None:
        try:
            return Lark._load_from_dict(data["data"], data["memo"], postlex=PostLexer(), **_LOAD)
        except Exception:  # lark refused the tables (foreign data): build them afresh
            pass
    parser = Lark.open("hcl2.lark", rel_to=hcl2.parser.__file__, postlex=PostLexer(), **_OPTIONS)
    tables, memo = parser.memo_serialize([TerminalDef, Rule])
    tables["options"] = {k: v for k, v in tables["options"].items() if k not in _UNSAVED}
    document = {"format": FORMAT, "key": key, "tables": {"data": tables, "memo": memo}}
    text = json.dumps(to_json(document), separators=(",", ":"))
    if len(text) <= MAX_ENTRY_BYTES:
        # No cache to keep it in: this run pays for the grammar, as before.
        with contextlib.suppress(OSError):
            write_atomically(entry, text)
    return parser


_LOAD = {"propagate_positions": True}
# Objects and local paths: passed again on load (postlex) or irrelevant to a loaded parser.
_UNSAVED = {"postlex", "cache", "transformer", "lexer_callbacks", "edit_terminals", "_plugins"}


def _read(entry: Path, key: str) -> dict[str, Any] | None:
    try:
        raw = entry.read_bytes()
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        document = json.loads(raw, object_hook=_keys)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return None
        if document.get("key") != key:
            return None
        data = document["tables"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != {"data", "memo"}:
        return None
    return data


# Marks a dict with int keys, written as pairs (JSON keys are strings).
_INTS = "#int-keys"


def to_json(value: Any) -> Any:
    """Lark's serialised tables as JSON: tuples become lists (lark unpacks, never hashes,
    them) and dicts with int keys become `{_INTS: pairs}`, restored by `_keys`."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if not isinstance(value, dict):
        raise ValueError(f"not plain data: {type(value).__name__}")
    if all(isinstance(k, str) and k != _INTS for k in value):
        return {k: to_json(v) for k, v in value.items()}
    if all(type(k) is int for k in value):
        return {_INTS: [[k, to_json(v)] for k, v in value.items()]}
    raise ValueError("a dict whose keys are neither all strings nor all ints")


def _keys(pairs: dict[str, Any]) -> dict[Any, Any]:
    """json.loads' object hook: int-keyed dicts back from their pairs."""
    if len(pairs) != 1 or _INTS not in pairs:
        return pairs
    restored = {}
    for key, value in pairs[_INTS]:
        if type(key) is not int:
            raise ValueError(f"not an int key: {key!r}")
        restored[key] = value
    return restored
