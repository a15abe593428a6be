"""python-hcl2's grammar as imagelint parses it, its lark tables kept as JSON in our cache."""

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

# python-hcl2's own parser stores positions on every node, half of lark's time; ours does not
# (hcl_positions finds the few the converter needs). Lark fixes that option when it loads
# tables, so python-hcl2's cached parser cannot serve, but its tables can: they do not depend
# on it. They are kept as JSON (lark's own cache is a pickle, which we refuse) in the user
# cache directory, so that a run never builds them twice on one machine.
FORMAT = "imagelint-grammar-2"
# hcl2/parser.py's options (8.x), positions aside.
OPTIONS: dict[str, Any] = {"parser": "lalr", "propagate_positions": False}


@cache
def hcl_parser() -> Lark:
    """python-hcl2's grammar and post-lexer (mirrored: hcl_postlex), with our options."""
    return load_or_build(cache_root(os.environ) / "grammar")


def load_or_build(directory: Path) -> Lark:
    """The parser from its entry under `directory`, else from python-hcl2's parser, its
    tables stored there for the next run.

    python-hcl2's parser loads its own cache (0.2 s), or builds its tables (2-5 s) where it
    cannot keep one (a read-only site-packages). Where we cannot keep ours either, that
    parser is used as it is: its trees carry positions too, which cost time, change nothing.
    """
    from lark import Lark, __version__

    from imagelint.parsers.hcl_postlex import package_file, post_lexer

    grammar_file = package_file("hcl2", "hcl2.lark")
    if grammar_file is None:
        raise ImportError("python-hcl2's grammar (hcl2/hcl2.lark) is not installed")
    grammar = grammar_file.read_text(encoding="utf-8")
    postlex = post_lexer()
    # The tables depend on the terminals a post-lexer asks lark to accept anywhere.
    accepts: list[str] = sorted(postlex.always_accept)
    key = hashlib.sha256(
        f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0{OPTIONS}\0{accepts}\0{grammar}".encode()
    ).hexdigest()
    entry = directory / f"hcl2-{key[:32]}.json"
    data = _read(entry, key)
    if data is not None:
        try:
            return Lark._load_from_dict(data["data"], data["memo"], postlex=postlex, **_LOAD)
        except Exception:  # lark refused the tables (foreign data): take them afresh
            pass
    import hcl2.parser
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    theirs = hcl2.parser.parser()
    if not _writable(directory):
        return theirs
    tables, memo = theirs.memo_serialize([TerminalDef, Rule])
    options = {k: v for k, v in tables["options"].items() if k not in _UNSAVED}
    tables["options"] = options | OPTIONS
    document = {"format": FORMAT, "key": key, "tables": {"data": tables, "memo": memo}}
    text = json.dumps(to_json(document), separators=(",", ":"))
    if len(text) <= MAX_ENTRY_BYTES:
        # Not kept (a full disk): the next run takes them from python-hcl2 again.
        with contextlib.suppress(OSError):
            write_atomically(entry, text)
    return Lark._load_from_dict(tables, memo, postlex=postlex, **_LOAD)


# Given on load, not trusted to the entry.
_LOAD = {"propagate_positions": False}
# Objects and local paths: passed again on load (postlex) or irrelevant to a loaded parser.
_UNSAVED = {"postlex", "cache", "transformer", "lexer_callbacks", "edit_terminals", "_plugins"}


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK | os.X_OK)


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
