"""The parse cache: bodies come back equal, from validated JSON, and anything else is reparsed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from imagelint import parse_cache
from imagelint.model import ParseError
from imagelint.parse_cache import MIN_TEXT_CHARS, activated, entry_key
from imagelint.parsers.hcl_syntax import Body
from imagelint.parsers.hcl_tree import parse_hcl
from imagelint.terraform.load import READ_NAME, parse_config

REPO = Path(__file__).resolve().parent.parent
PAD = "# " + "padding " * (MIN_TEXT_CHARS // 8) + "\n"  # long enough to be cached

TEXTS = {
    "literals": 'a = 1.50\nb = true\nc = null\nd = "x"\ne = -7\nf = 1e400\n',
    "templates": 'a = "pre-${var.x}-%{ if var.y }yes%{ else }no%{ endif }"\n'
    'b = "%{ for k, v in var.m }${k}=${v} %{ endfor }"\nc = "$${literal}"\n',
    "heredoc": "a = <<-EOT\n    indented ${local.x}\n      more\n    EOT\n",
    "expressions": 'a = [for k, v in var.m : upper(v) if k != "x"]\n'
    "b = {for s in var.l : s.name => s...}\nc = var.l[*].id\nd = var.l.*.id\n"
    "e = f(var.a...)\nf = !var.b ? -1 : 2 * (3 + 4) % 5\ng = { (local.k) = 1, b = 2 }\n"
    'h = local.m["k"][0].name\ni = try(x, y)\n',
    "blocks": 'resource "scaleway_instance_server" "web" {\n  image = "ubuntu"\n'
    '  root_volume {\n    size_in_gb = 20\n  }\n}\nresource "aws_instance" "x" {\n'
    '  ami = "a"\n}\n',
    "unicode": '\ufeffa = "żółć ☃ \\u00e9"\nb = "tab\\tnew\\nline"\n',
}


def sources() -> list[Path]:
    """Every Terraform file of the repository's realistic trees: the bench corpus, samples."""
    trees = (REPO / "bench" / "corpus", REPO / "samples")
    return sorted(
        p for tree in trees for pattern in ("*.tf", "*.tf.json") for p in tree.rglob(pattern)
    )


def test_every_corpus_file_comes_back_equal_and_warm_parses_nothing(tmp_path: Path) -> None:
    files = [(str(p), p.read_text(encoding="utf-8")) for p in sources()]
    assert len(files) > 50
    fresh = [parse_config(shown, text) for shown, text in files]
    with activated(tmp_path) as cold:
        assert [parse_config(shown, text) for shown, text in files] == fresh
    with activated(tmp_path) as warm:
        assert [parse_config(shown, text) for shown, text in files] == fresh
    distinct = len({text for _, text in files})
    assert (cold.misses, cold.hits, cold.skipped) == (distinct, len(files) - distinct, [])
    assert (warm.misses, warm.hits) == (0, len(files))


@pytest.mark.parametrize("case", sorted(TEXTS))
def test_each_construct_comes_back_equal(tmp_path: Path, case: str) -> None:
    text = TEXTS[case] + PAD
    for read_as in ("all", "terraform"):
        parse = (
            (lambda: parse_hcl("m.tf", text))
            if read_as == "all"
            else (lambda: parse_config("m.tf", text))
        )
        fresh = parse()
        with activated(tmp_path) as cold:
            assert parse() == fresh
        with activated(tmp_path) as warm:
            assert parse() == fresh
        assert (cold.misses, warm.hits, warm.misses) == (1, 1, 0)


def test_an_identical_file_elsewhere_gets_its_own_path(tmp_path: Path) -> None:
    text = TEXTS["blocks"] + PAD
    with activated(tmp_path):
        parse_config("a/main.tf", text)
        body = parse_config("b/main.tf", text)
    assert body == parse_config("b/main.tf", text)
    assert body.blocks[0].header.path == "b/main.tf"


def test_a_parse_error_is_cached_at_its_position_under_the_new_path(tmp_path: Path) -> None:
    text = PAD + 'a = "unterminated\n'
    with pytest.raises(ParseError) as fresh:
        parse_hcl("x.tf", text)
    with activated(tmp_path), pytest.raises(ParseError):
        parse_hcl("x.tf", text)
    with activated(tmp_path) as warm, pytest.raises(ParseError) as cached:
        parse_hcl("y.tf", text)
    assert warm.hits == 1
    expected = (fresh.value.line, fresh.value.column, fresh.value.message)
    assert (cached.value.path, cached.value.line, cached.value.column) == ("y.tf", *expected[:2])
    assert cached.value.message == expected[2]


def test_filters_are_kept_apart_and_an_unnamed_filter_is_not_cached(tmp_path: Path) -> None:
    text = TEXTS["blocks"] + PAD
    with activated(tmp_path) as cache:
        everything = parse_hcl("m.tf", text)
        checked = parse_config("m.tf", text)
        parse_hcl("m.tf", text, read=lambda type_, labels: False)
    assert everything.blocks[1].read and not checked.blocks[1].read
    assert (cache.misses, cache.hits) == (2, 0)
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert entry_key(text, "all") != entry_key(text, READ_NAME)


def test_packer_templates_are_cached_under_read_all(tmp_path: Path) -> None:
    files = [(str(p), p.read_text(encoding="utf-8")) for p in (REPO / "samples").rglob("*.pkr.hcl")]
    files = [(shown, text) for shown, text in files if len(text) >= MIN_TEXT_CHARS]
    assert files
    fresh = [parse_hcl(shown, text) for shown, text in files]
    with activated(tmp_path):
        assert [parse_hcl(shown, text) for shown, text in files] == fresh
    with activated(tmp_path) as warm:
        assert [parse_hcl(shown, text) for shown, text in files] == fresh
    assert (warm.hits, warm.misses) == (len(files), 0)


JSON_CONFIG = (
    '{"resource": {"scaleway_instance_server": {"web": {"image": "${var.image}",'
    ' "type": "DEV1-S", "zone": "fr-par-1"}}}, "variable": {"image": {"default": "ubuntu"}}}\n'
)


def test_short_whole_files_and_json_configurations_are_cached(tmp_path: Path) -> None:
    cases = [("short.tf", 'a = "x"\n'), ("main.tf.json", JSON_CONFIG)]
    fresh = [parse_config(shown, text) for shown, text in cases]
    with activated(tmp_path):
        assert [parse_config(shown, text) for shown, text in cases] == fresh
    with activated(tmp_path) as warm:
        assert [parse_config(shown, text) for shown, text in cases] == fresh
    assert (warm.hits, warm.misses) == (2, 0)


def test_short_texts_and_inactive_runs_write_nothing(tmp_path: Path) -> None:
    with activated(tmp_path) as cache:
        parse_hcl("m.tf", "a = 1\n")
    assert parse_cache.active() is None
    parse_config("m.tf", TEXTS["blocks"] + PAD)
    assert (cache.misses, cache.hits, list(tmp_path.iterdir())) == (0, 0, [])


def _only_entry(directory: Path) -> Path:
    (entry,) = directory.glob("*.json")
    return entry


def _rewritten(document: dict[str, object]) -> str:
    return json.dumps(document)


# Each case turns a good entry into one that must be ignored (and the file reparsed).
CORRUPTIONS = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: "\x00\x01garbage",
    "empty": lambda raw: "",
    "other format": lambda raw: raw.replace('"imagelint-parse-1"', '"imagelint-parse-0"'),
    "a pickle": lambda raw: "cos\nsystem\n(S'echo pwned'\ntR.",
    "unknown record": lambda raw: raw.replace('"Body"', '"Popen"', 1),
    "an extra field": lambda raw: raw.replace('["Body",', '["Body",{},', 1),
    "a span with text": lambda raw: raw.replace("[1,1,", '["1",1,', 1),
    "a negative span": lambda raw: raw.replace("[1,1,", "[-1,1,", 1),
    "a number that is not": lambda raw: raw.replace('{"n":"1.50"}', '{"n":"NaN"}', 1),
    "a number as float": lambda raw: raw.replace('{"n":"1.50"}', "1.5", 1),
    "an extra key": lambda raw: raw.replace('{"format"', '{"x":1,"format"', 1),
    "deep nesting": lambda raw: "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(tmp_path: Path, case: str) -> None:
    text = TEXTS["literals"] + PAD
    with activated(tmp_path):
        fresh = parse_hcl("m.tf", text)
    entry = _only_entry(tmp_path)
    good = entry.read_text(encoding="utf-8")
    broken = CORRUPTIONS[case](good)
    assert broken != good  # the corruption applies: the case is not vacuous
    entry.write_text(broken, encoding="utf-8")
    with activated(tmp_path) as cache:
        assert parse_hcl("m.tf", text) == fresh
    assert (cache.hits, cache.misses) == (0, 1)
    assert entry.read_text(encoding="utf-8") == good


def test_a_forged_entry_with_other_records_is_refused(tmp_path: Path) -> None:
    """A well-formed entry that is not what the key promises (a Block where the Body goes)
    is refused by type, not trusted because it parses."""
    text = TEXTS["blocks"] + PAD
    with activated(tmp_path):
        parse_hcl("m.tf", text)
    entry = _only_entry(tmp_path)
    document = json.loads(entry.read_text(encoding="utf-8"))
    document["body"] = document["body"][2][0]  # the first Block, in the Body's place
    entry.write_text(_rewritten(document), encoding="utf-8")
    with activated(tmp_path) as cache:
        body = parse_hcl("m.tf", text)
    assert isinstance(body, Body) and cache.misses == 1


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    with activated(tmp_path):
        for case, text in TEXTS.items():
            parse_hcl(f"{case}.tf", text + PAD)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json"] * len(TEXTS)
    assert not list(tmp_path.glob(".tmp-*"))


RUN = """
import sys
from pathlib import Path
from imagelint.parse_cache import activate
from imagelint.terraform.load import read_terraform
cache = activate(Path(sys.argv[1]))
found = read_terraform((sys.argv[2],), cwd=Path(sys.argv[3]), env={}, home=None)
print(len(found.instances), len(found.errors), cache.hits, cache.misses)
"""


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    def start() -> subprocess.Popen[str]:
        argv = [sys.executable, "-c", RUN, str(tmp_path / "cache"), "bench/corpus", str(REPO)]
        return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=REPO)

    runs = [start() for _ in range(3)]
    results = [run.communicate(timeout=300)[0].split() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert len({(r[0], r[1]) for r in results}) == 1 and int(results[0][0]) > 0
    warm = start()
    instances, errors, hits, misses = warm.communicate(timeout=300)[0].split()
    assert (instances, errors) == tuple(results[0][:2])
    assert int(misses) == 0 and int(hits) > 0
    assert not list((tmp_path / "cache").glob(".tmp-*"))


SECRETS = {
    "a provider with its key": (
        "providers.tf",
        'provider "scaleway" {\n  secret_key = "11111111-2222-3333-4444-555555555555"\n}\n',
    ),
    "a variables file": ("terraform.tfvars", 'image = "ubuntu_jammy"\n'),
    "the key itself": ("main.tf", 'locals {\n  k = "the-secret-value"\n}\n'),
}


@pytest.mark.parametrize("case", sorted(SECRETS))
def test_what_may_hold_a_secret_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setenv("SCW_SECRET_KEY", "the-secret-value")
    shown, text = SECRETS[case]
    with activated(tmp_path) as cache:
        parse_config(shown, text + PAD)
        parse_hcl(shown, text + PAD)
    assert (cache.misses, list(tmp_path.iterdir())) == (0, [])


def test_entries_are_private_to_the_user(tmp_path: Path) -> None:
    with activated(tmp_path / "parse"):
        parse_config("main.tf", TEXTS["blocks"])
    assert (tmp_path / "parse").stat().st_mode & 0o777 == 0o700
    assert _only_entry(tmp_path / "parse").stat().st_mode & 0o777 == 0o600
