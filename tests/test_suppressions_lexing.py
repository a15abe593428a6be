"""The suppression lexers against the real parsers: a `#` is found as (inside) a comment
exactly when cutting the rest of its line leaves the parsed document unchanged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from imagelint.parsers.hcl_scan import Bounds
from imagelint.suppress_hcl import hcl_layout
from imagelint.suppress_layout import Layout
from imagelint.suppress_yaml import yaml_layout
from tests.terraform_oracle import console, fmt_rejects

SAMPLES = Path(__file__).parent.parent / "samples"
# Every comment then holds the directive prefix, so the layout lists every comment.
MARKED = "#imagelint:"

TRICKY_YAML = [
    "a: 'it''s # no'  # yes\nb: \"x \\\" # no\" # yes\n",
    "a: x#y # yes\nb: c#d\n",
    "s: |\n  # content\n  more # content\n# comment\nt: >-\n  # content\n",
    "- |\n  # content\n- x # yes\n",
    "- k: |\n    # content\n  j: 1 # yes\n",
    'q: "multi\n  # inside\n  line" # yes\n',
    "q: 'multi\n  # inside\n  line' # yes\n",
    "f: [a, 'b # no', c] # yes\n",
    "k: !!str |\n  # content\n",
    "a: b |\nc: 1 # yes\n",
    "--- |\n  # content\n--- # yes\nb: 1\n",
]
TRICKY_HCL = [
    'a = "# no" # yes\nb = "// no" // yes\n',
    'a = "${"#"}" # yes\n',
    "a = <<EOT\n# no\n} // no\nEOT\nb = 1 # yes\n",
    "a = <<-EOT\n  # no\n  EOT\n/* yes #\n*/ b = 2\n",
    'a = "\\"# no" # yes\n',
    'a = "%{ if true }#%{ endif }" # yes\n',
    "b { # yes\n  c = 1 // yes\n}\n",
]


def _positions(text: str) -> list[tuple[int, int]]:
    out, line, column = [], 1, 1
    for c in text:
        out.append((line, column))
        line, column = (line + 1, 1) if c == "\n" else (line, column + 1)
    return out


def _in_comment(layout: Layout, at: tuple[int, int]) -> bool:
    return any((c.line, c.column) <= at < (c.end_line, c.end_column) for c in layout.comments)


def _without_comments_key(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_comments_key(v) for k, v in value.items() if k != "__comments__"}
    if isinstance(value, list):
        return [_without_comments_key(v) for v in value]
    return value


def _load_yaml(text: str) -> Any:
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return "invalid"


def _load_hcl(text: str) -> Any:
    try:
        return _without_comments_key(hcl2.loads(text))
    except Exception:  # python-hcl2 raises lark's and its own errors alike
        return "invalid"


def _check(text: str, layout: Layout | None, load: Any) -> None:
    """Never a comment where the parser sees none; and every `#` after a blank or at a line
    start that the parser reads as a comment is one. (PyYAML also takes a `#` glued to a
    quote or bracket, `'a'#x`, as a comment; the YAML spec does not, nor do we.)"""
    assert layout is not None
    whole = load(text)
    assert whole != "invalid", text
    where = _positions(text)
    for match in re.finditer("#", text):
        at = match.start()
        end = text.find("\n", at)
        cut = text[:at] + (text[end:] if end >= 0 else "")
        oracle = load(cut) == whole
        found = _in_comment(layout, where[at])
        if at == 0 or text[at - 1] in " \t\n":
            assert found == oracle, (text, at)
        else:
            assert not found or oracle, (text, at)


def _files(*suffixes: str) -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.name.endswith(suffixes))


@pytest.mark.parametrize("text", TRICKY_YAML)
def test_yaml_tricky(text: str) -> None:
    marked = text.replace("#", MARKED)
    _check(marked, yaml_layout(marked), _load_yaml)


@pytest.mark.parametrize("path", _files(".yaml", ".yml"), ids=str)
def test_yaml_samples(path: Path) -> None:
    marked = path.read_text().replace("#", MARKED)
    _check(marked, yaml_layout(marked), _load_yaml)


@pytest.mark.parametrize("text", TRICKY_HCL)
def test_hcl_tricky(text: str) -> None:
    marked = (
        text.replace("#", MARKED).replace("// ", "//imagelint: ").replace("/* ", "/*imagelint: ")
    )
    _check(marked, hcl_layout(marked), _load_hcl)


@pytest.mark.parametrize("path", _files(".tf", ".hcl", ".tfvars"), ids=str)
def test_hcl_samples(path: Path) -> None:
    marked = path.read_text().replace("#", MARKED)
    _check(marked, hcl_layout(marked), _load_hcl)


FRAGMENTS = [
    *("a", "b", ":", " ", "  ", "\n", "- ", "-", "? ", "#", "'", '"', "|", ">", "\\"),
    *("[", "]", "{", "}", ",", "!t ", "&a ", "it's", "--- ", "\n---\n"),
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
@example("a - \n' #")  # `a -` is a plain scalar going on: the quote is its text (found here)
def test_yaml_random(text: str) -> None:
    marked = text.replace("#", MARKED)
    if _load_yaml(marked) != "invalid":
        _check(marked, yaml_layout(marked), _load_yaml)


def test_hcl_beyond_the_token_bound_is_not_lexed() -> None:
    # The parser refuses such a file, so it has no findings; lexing it would only cost time.
    assert hcl_layout("{}" * (Bounds().max_tokens // 2) + "# imagelint:ignore[x] y\n") is None
    assert hcl_layout("{}" * 1000 + "# imagelint:ignore[x] y\n") is not None


# No `$${`: python-hcl2 reads it as an interpolation, Terraform (and we) as a literal `${`.
_STRING_BITS = st.sampled_from(["x", " ", "#", "//", "/*", "*/", "}", "{", '\\"', "${1}"])
_COMMENTS = st.sampled_from(["", " # c", " // c", " /* c */", " /* c #\n*/"])
_VALUES = st.one_of(
    st.lists(_STRING_BITS, max_size=6).map(lambda bits: '"' + "".join(bits) + '"'),
    st.lists(_STRING_BITS, max_size=6).map(lambda bits: "<<EOT\n" + "".join(bits) + "\nEOT"),
    st.just("{\n  b = 1\n}"),
    st.just("1"),
)
# No comment after a heredoc's closing marker: Terraform then reads on (the heredoc is not
# closed), python-hcl2 does not, so it cannot be the oracle there.
_HCL_LINES = st.tuples(_VALUES, _COMMENTS).map(
    lambda vc: f"{vc[0]}{'' if vc[0].startswith('<<') else vc[1]}\n"
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_HCL_LINES, max_size=4).map(
        lambda ls: "".join(f"a{i} = {v}" for i, v in enumerate(ls))
    )
)
def test_hcl_random(text: str) -> None:
    marked = text.replace("#", MARKED).replace("//", "//imagelint:").replace("/*", "/*imagelint:")
    if _load_hcl(marked) != "invalid":
        _check(marked, hcl_layout(marked), _load_hcl)


# Where python-hcl2 and Terraform disagree, Terraform decides. NAME is each variant's local.
TERRAFORM_CASES = [
    'locals {\n  NAME = "$${" # c\n}\n',  # `$${` is a literal `${`, not an interpolation
    'locals {\n  NAME = "%%{" # c\n}\n',
    "locals {\n  NAME = <<EOT\na\nEOT # c\nEOT\n}\n",  # a marker with more on its line
    'locals {\n  NAME = "${"#"}" # c\n}\n',
    'locals {\n  NAME = "a\\"# no" # c\n}\n',
    "locals {\n  NAME = /* # \n */ 1 # c\n}\n",
    'locals {\n  NAME = {\n    a = "}" # c\n  }\n}\n',
    "locals {\n  NAME = <<-EOT\n    # no\n    EOT\n}\n",
]


def test_hcl_against_terraform() -> None:
    """The same property as above, with `terraform fmt` and `terraform console` deciding
    whether cutting from a `#` to the line end changes the file: one process each."""
    variants: dict[str, str] = {}  # name -> text
    found: dict[str, bool] = {}  # a cut variant's name -> whether we see a comment there
    for k, case in enumerate(TERRAFORM_CASES):
        text = case.replace("#", MARKED)
        variants[f"v{k}"] = text.replace("NAME", f"v{k}")
        layout = hcl_layout(text)
        assert layout is not None
        where = _positions(text)
        for j, match in enumerate(re.finditer("#", text)):
            end = text.find("\n", match.start())
            name = f"v{k}_{j}"
            variants[name] = (text[: match.start()] + text[end:]).replace("NAME", name)
            found[name] = _in_comment(layout, where[match.start()])
    rejected = fmt_rejects(variants)
    assert not {f"v{k}" for k in range(len(TERRAFORM_CASES))} & rejected
    names = [name for name in variants if name not in rejected]
    values = dict(
        zip(
            names,
            console([f"local.{n}" for n in names], files={f"{n}.tf": variants[n] for n in names}),
            strict=True,
        )
    )
    assert None not in [values[f"v{k}"] for k in range(len(TERRAFORM_CASES))], values
    for name, seen in found.items():
        original = name.split("_")[0]
        unchanged = name not in rejected and values[name] == values[original]
        assert seen == unchanged, (variants[name], values.get(name), values[original])


def test_a_hostile_yaml_line_is_lexed_in_linear_time() -> None:
    # Two million `- ` on one line: a lexer backtracking over them would not finish (the
    # YAML node test once did, at 0.4 s for 16,000). A fresh process, so a hang fails here.
    program = (
        "from imagelint.suppress_yaml import yaml_layout\n"
        "layout = yaml_layout('- ' * 2_000_000 + 'x # imagelint:ignore[x] y\\n')\n"
        "print(len(layout.comments))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["1"]
