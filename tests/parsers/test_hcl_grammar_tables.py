"""Our parser's tables are those lark builds from python-hcl2's grammar with our options,
though we take them from python-hcl2's parser (built with other options, loaded from its
cache): the options we change do not reach the tables."""

from __future__ import annotations

from pathlib import Path

import hcl2.parser
from hcl2.postlexer import PostLexer
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from imagelint.grammar_cache import OPTIONS, load_or_build, to_json


def tables(parser: Lark) -> dict[str, object]:
    """Lark's tables, the LALR states renumbered in the order a walk from the start state
    meets them: lark numbers them in set order, which changes from one build to the next."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    del data["options"]
    lalr = data["parser"]["parser"]
    names, states = lalr["tokens"], lalr["states"]
    order = [lalr["start_states"]["start"]]
    renamed = {order[0]: 0}
    for state in order:  # grows while walked
        for _, (action, target) in sorted((names[t], a) for t, a in states[state].items()):
            if action == 0 and target not in renamed:  # a shift: target is a state
                renamed[target] = len(order)
                order.append(target)
    data["parser"]["parser"] = [
        sorted(
            (names[t], action, renamed[target] if action == 0 else target)
            for t, (action, target) in states[state].items()
        )
        for state in order
    ] + [renamed[lalr["end_states"]["start"]], len(states)]
    return {"data": to_json(data), "memo": to_json(memo)}


def test_the_tables_are_those_lark_builds_from_the_grammar_with_our_options(
    tmp_path: Path,
) -> None:
    built = Lark.open("hcl2.lark", rel_to=hcl2.parser.__file__, postlex=PostLexer(), **OPTIONS)
    assert tables(load_or_build(tmp_path)) == tables(built)  # taken from python-hcl2's
    assert tables(load_or_build(tmp_path)) == tables(built)  # read back from our entry
