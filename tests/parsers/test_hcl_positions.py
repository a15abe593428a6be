"""Positions read from tokens on demand are lark's propagated ones: on every node of a corpus,
and in every Body (and ParseError) parse_hcl makes of it."""

from __future__ import annotations

from collections.abc import Iterator

import hcl2.parser
import pytest
from hypothesis import given
from lark import Lark, Token, Tree

from imagelint.grammar_cache import hcl_parser
from imagelint.model import ParseError
from imagelint.parsers.hcl_positions import Position, end, start
from imagelint.parsers.hcl_templates import lex
from imagelint.parsers.hcl_tree import Converter, _parse, read_all
from tests.parsers.hcl_corpus import corpus_texts
from tests.parsers.test_hcl_tree import FUZZ, mutations


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return corpus_texts(tmp_path_factory.mktemp("monorepo"))


@pytest.fixture(scope="module")
def reference() -> Lark:
    """python-hcl2's own parser: its trees carry lark's propagated positions."""
    parser = hcl2.parser.parser()
    assert parser.options.propagate_positions is True
    return parser


def lark_start(node: Tree[Token]) -> Position:
    return Position(node.meta.line, node.meta.column, node.meta.start_pos)


def lark_end(node: Tree[Token]) -> Position:
    return Position(node.meta.end_line, node.meta.end_column, node.meta.end_pos)


class LarkPositions(Converter):
    """The converter as it was: reading the positions lark propagated."""

    def start(self, node: Tree[Token]) -> Position:
        return lark_start(node)

    def lark_end(self, node: Tree[Token]) -> Position:
        return lark_end(node)


def subtrees(tree: Tree[Token]) -> Iterator[Tree[Token]]:
    yield tree
    for child in tree.children:
        if isinstance(child, Tree):
            yield from subtrees(child)


def test_every_node_starts_and_ends_where_lark_says(
    corpus: dict[str, str], reference: Lark
) -> None:
    nodes = 0
    for name, text in corpus.items():
        try:
            tree = reference.parse(lex(text.removeprefix("\ufeff")).text + "\n")
        except Exception:  # not HCL python-hcl2 reads: the next test compares its error
            continue
        for node in subtrees(tree):
            nodes += 1
            if node.meta.empty:
                with pytest.raises(ValueError):
                    start(node)
                continue
            assert (start(node), end(node)) == (lark_start(node), lark_end(node)), name
    assert nodes > 40_000


def outcome(name: str, text: str, parser: Lark, converter: type[Converter]) -> object:
    """The Body, or the error's fields (errors compare by identity)."""
    try:
        return _parse(name, text, read_all, parser, converter)
    except ParseError as error:
        return (error.path, error.line, error.column, error.message)


def test_parse_hcl_locates_as_with_lark_positions(corpus: dict[str, str], reference: Lark) -> None:
    ours = hcl_parser()
    assert ours.options.propagate_positions is False
    kinds: set[str] = set()
    for name, text in corpus.items():
        theirs = outcome(name, text, reference, LarkPositions)
        assert outcome(name, text, ours, Converter) == theirs, name
        kinds.add(type(theirs).__name__)
    assert kinds == {"Body", "tuple"}  # some of tests' files do not parse


@FUZZ
@given(mutations())
def test_mutated_text_locates_as_with_lark_positions(text: str) -> None:
    theirs = outcome("main.tf", text, hcl2.parser.parser(), LarkPositions)
    assert outcome("main.tf", text, hcl_parser(), Converter) == theirs
