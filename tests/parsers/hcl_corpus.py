"""The HCL texts the parser tests compare parsers on: the repository's HCL files, the
benchmark's generated monorepo and the texts of test_hcl_tree's tables, valid and not."""

from __future__ import annotations

from pathlib import Path

from bench.monorepo import generate
from tests.parsers.test_hcl_tree import ERRORS, EXPRESSIONS, SEED, SPANS

REPO = Path(__file__).resolve().parents[2]
SUFFIXES = (".tf", ".tfvars", ".hcl")
# Trees with empty subtrees (an empty body first or last) and nothing but newlines.
SHAPES = ["", "\n\n", "# c\n", "a {}\n", 'a "b" {\n}\n', "a {\n  b {}\n}\n", "x = f()\n"]
SHAPES += ["x = []\n", "x = {}\n", "x = [\n]\n", "x = {\n}\n", "x = (\n  a\n)\n"]
# A newline before an operator: merged into it, but before a minus (unary too).
SHAPES += ["x = a\n  + b\n", "x = a # c\n  * b\n", "x = a\n  ? b\n  : c\n", "x = 1\n  - 2\n"]
SHAPES += ["x = [\n  -1,\n  !a\n]\n", "x = (a\n  == b\n  && c)\n", "x = a\n\n  || b\n"]


def corpus_texts(scratch: Path) -> dict[str, str]:
    """By name; the monorepo (100 modules, as bench/ times) is generated under `scratch`."""
    generate(scratch, modules=100)
    files = [
        path
        for tree in (REPO / "samples", REPO / "tests", REPO / "bench" / "corpus", scratch)
        for path in sorted(tree.rglob("*"))
        if path.name.endswith(SUFFIXES) and path.is_file()
    ]
    assert len(files) > 300
    texts = {str(p): p.read_text(encoding="utf-8", errors="replace") for p in files}
    texts |= {f"expression {name}": f"x = {text}\n" for name, text, _ in EXPRESSIONS}
    texts |= {f"spans {case[0]}": case[1] for case in SPANS}
    texts |= {f"error {case[0]}": case[1] for case in ERRORS}
    texts["seed"] = SEED
    texts |= {f"shape {text!r}": text for text in SHAPES}
    return texts
