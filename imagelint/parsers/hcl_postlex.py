"""python-hcl2's post-lexer, mirrored: a warm run parses without importing python-hcl2."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Token

# Importing python-hcl2 costs 0.02 s on top of lark, for nothing else we use of it (its
# grammar is read as a file). This is the sha256 of the hcl2/postlexer.py (python-hcl2 8.1.x)
# whose one pass PostLexer mirrors: with any other, python-hcl2's own serves (it may do more).
MIRRORED = "4947d4e03b7ac92b5f4b8bb02d54d820a1751c8579b781bc34a2fafbc7cf301c"

# Binary operators a newline before them continues the expression into; not MINUS, which
# is also unary negation (`a = 1\nb = -2`).
OPERATOR_TYPES = frozenset(
    {
        *("DOUBLE_EQ", "NEQ", "LT", "GT", "LEQ", "GEQ", "ASTERISK", "SLASH", "PERCENT"),
        *("DOUBLE_AMP", "DOUBLE_PIPE", "PLUS", "QMARK"),
    }
)


class PostLexer:
    """Merges a newline (or comment) token into the operator token right after it, which an
    LALR parser could not otherwise tell from a newline ending an attribute: the same tokens
    as python-hcl2's (tests/parsers/test_hcl_postlex.py), in one generator instead of two."""

    always_accept: tuple[str, ...] = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        pending: Token | None = None
        for token in stream:
            if token.type == "NL_OR_COMMENT":
                if pending is not None:
                    yield pending
                pending = token
                continue
            if pending is not None:
                if token.type in OPERATOR_TYPES:
                    token = token.update(value=pending + token)
                else:
                    yield pending
                pending = None
            yield token
        if pending is not None:
            yield pending


def post_lexer(source: Path | None = None) -> Any:
    """Ours when python-hcl2's post-lexer (`source`, by default the installed one) is the
    one mirrored, else python-hcl2's."""
    source = source or package_file("hcl2", "postlexer.py")
    if source is not None and hashlib.sha256(source.read_bytes()).hexdigest() == MIRRORED:
        return PostLexer()
    from hcl2.postlexer import PostLexer as Theirs

    return Theirs()


def package_file(package: str, name: str) -> Path | None:
    """A file of an installed package (python-hcl2's grammar, lark's version); finding it
    does not import the package."""
    spec = find_spec(package)
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        return None
    candidate = Path(next(iter(locations))) / name
    return candidate if candidate.is_file() else None
