"""The mirrored post-lexer hands lark exactly the tokens python-hcl2's does, and serves only
for the python-hcl2 post-lexer it mirrors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hcl2.parser
import hcl2.postlexer
import pytest
from lark import Lark, Token
from lark.grammar import Rule
from lark.lexer import TerminalDef

from imagelint.grammar_cache import hcl_parser
from imagelint.parsers.hcl_postlex import PostLexer, package_file, post_lexer
from imagelint.parsers.hcl_template_parts import TemplateError
from imagelint.parsers.hcl_templates import lex
from tests.parsers.hcl_corpus import corpus_texts

Seen = tuple[object, ...]


class Recorder:
    """A post-lexer's output, as lark received it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.always_accept = inner.always_accept
        self.tokens: list[Seen] = []

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        for token in self.inner.process(stream):
            where = (token.start_pos, token.line, token.column)
            ends = (token.end_pos, token.end_line, token.end_column)
            self.tokens.append((type(token), token.type, str(token), where, ends))
            yield token


def parser_with(postlex: Recorder) -> Lark:
    tables, memo = hcl_parser().memo_serialize([TerminalDef, Rule])
    return Lark._load_from_dict(tables, memo, postlex=postlex, propagate_positions=False)


def run(parser: Lark, recorder: Recorder, text: str) -> tuple[object, list[Seen]]:
    recorder.tokens = []
    try:
        outcome: object = parser.parse(text)
    except Exception as error:  # lark's error, where the token stream stopped
        outcome = (type(error), getattr(error, "line", None), getattr(error, "column", None))
    return outcome, recorder.tokens


def test_the_same_tokens_as_python_hcl2s(tmp_path: Path) -> None:
    ours, theirs = Recorder(PostLexer()), Recorder(hcl2.postlexer.PostLexer())
    ours_parser, theirs_parser = parser_with(ours), parser_with(theirs)
    merged = 0
    for name, text in corpus_texts(tmp_path).items():
        try:
            parsed = lex(text.removeprefix("\ufeff")).text + "\n"
        except TemplateError:  # rejected before lark sees it
            continue
        expected = run(theirs_parser, theirs, parsed)
        assert run(ours_parser, ours, parsed) == expected, name
        merged += sum(1 for token in expected[1] if "\n" in str(token[2]).rstrip("\n"))
    assert merged > 0  # newlines merged into operators were compared, not only plain tokens


def test_the_installed_python_hcl2_is_the_one_mirrored() -> None:
    """Fails after an upgrade of python-hcl2 whose post-lexer changed: compare it with
    PostLexer, then update MIRRORED (until then python-hcl2's own is used: slower, right)."""
    assert isinstance(post_lexer(), PostLexer)
    assert package_file("hcl2", "postlexer.py") == Path(hcl2.postlexer.__file__)


def test_another_post_lexer_is_python_hcl2s_own(tmp_path: Path) -> None:
    source = Path(hcl2.postlexer.__file__).read_text(encoding="utf-8")
    changed = tmp_path / "postlexer.py"
    changed.write_text(source.replace('"QMARK",', '"QMARK", "MINUS",'), encoding="utf-8")
    assert isinstance(post_lexer(changed), hcl2.postlexer.PostLexer)


@pytest.mark.parametrize("text", ["a = 1\n  + 2\n", "a = x\n  ? 1\n  : 2\n", "a = 1\nb = -2\n"])
def test_merging_as_the_grammar_needs(text: str) -> None:
    assert hcl_parser().parse(text + "\n") == hcl2.parser.parser().parse(text + "\n")
