"""JSON from the API decoded with a bound on nesting: a hostile body cannot exhaust the stack."""

from __future__ import annotations

import json
from typing import Any

# Marketplace bodies nest four deep ({"local_images": [{"compatible_commercial_types": [...]}]});
# an error body with `details` five. Anything near this bound is no Marketplace answer.
MAX_DEPTH = 32

NOT_JSON: Any = object()  # what a body decodes to when it is not usable JSON

_OTHER_BYTES = bytes(b for b in range(256) if b not in b"[]{}")
_SQUARE = bytes.maketrans(b"{}", b"[]")


def decode(data: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The decoded body, or NOT_JSON when it is not JSON or nests deeper than `max_depth`."""
    if not _nesting_within(data, max_depth):
        return NOT_JSON
    try:
        return json.loads(data)
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, an integer of 5,000 digits
        return NOT_JSON


def _nesting_within(data: bytes, max_depth: int) -> bool:
    """Whether the brackets outside strings nest at most `max_depth` deep, at C speed: with
    escaped backslashes, then escaped quotes, taken out, every quote left delimits a string
    (in valid JSON), so the even pieces between quotes are the text outside strings. Each
    round then deletes the innermost pairs: a tree of depth d is gone after d rounds. Brackets
    left over are deeper, or unbalanced, which is not JSON anyway."""
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = b"".join(unescaped.split(b'"')[::2]).translate(_SQUARE, _OTHER_BYTES)
    if b"[" * (max_depth + 1) in brackets:  # the plain deep body, found in one scan
        return False
    for _ in range(max_depth):
        if not brackets:
            return True
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            return False
        brackets = shorter
    return not brackets
