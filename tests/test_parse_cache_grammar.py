"""python-hcl2's grammar, parsing without propagated positions, its tables kept as JSON in
our cache: taken from python-hcl2's parser once, never rebuilt, even where site-packages is
read-only."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import hcl2
import hcl2.parser
import pytest
from lark.exceptions import UnexpectedInput

from imagelint.grammar_cache import FORMAT, load_or_build, to_json

REPO = Path(__file__).resolve().parent.parent

INVALID = ["a = [1, 2\n", "resource {\n", "a = 1 +\n", "= 3\n", "a = {b = }\n", "a = f(1,,2)\n"]


def test_our_parser_parses_as_python_hcl2s_own(tmp_path: Path) -> None:
    theirs = hcl2.parser.parser()
    built = load_or_build(tmp_path)
    loaded = load_or_build(tmp_path)  # the second one comes from the JSON entry
    assert len(list(tmp_path.glob("hcl2-*.json"))) == 1
    assert built.options.propagate_positions is loaded.options.propagate_positions is False
    texts = [p.read_text(encoding="utf-8") + "\n" for p in (REPO / "samples").rglob("*.tf")]
    assert len(texts) > 10
    for text in texts:
        assert built.parse(text) == loaded.parse(text) == theirs.parse(text)
    for text in INVALID:
        errors = []
        for parser in (theirs, loaded):
            with pytest.raises(UnexpectedInput) as error:
                parser.parse(text + "\n")
            found = error.value
            expected = sorted(getattr(found, "expected", None) or [])
            errors.append((type(found), found.line, found.column, expected))
        assert errors[0] == errors[1]


@pytest.fixture(scope="module")
def good_entry(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("grammar")
    load_or_build(directory)
    (entry,) = directory.glob("hcl2-*.json")
    return entry.read_text(encoding="utf-8")


DAMAGE = {
    "truncated": lambda raw: raw[:1000],
    "other format": lambda raw: raw.replace(f'"{FORMAT}"', '"imagelint-grammar-0"'),
    "other key": lambda raw: raw.replace('"key":"', '"key":"0', 1),
    "a text int key": lambda raw: raw.replace('"#int-keys":[[', '"#int-keys":[["x",', 1),
    "tables lark refuses": lambda raw: raw.replace('"states"', '"statez"', 1),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_grammar_entry_is_rebuilt(tmp_path: Path, good_entry: str, case: str) -> None:
    broken = DAMAGE[case](good_entry)
    assert broken != good_entry
    entry = tmp_path / next(iter(re.findall(r'"key":"(\w{32})', good_entry))).join(
        ["hcl2-", ".json"]
    )
    entry.write_text(broken, encoding="utf-8")
    parser = load_or_build(tmp_path)
    assert parser.parse('a = "x"\n\n') == hcl2.parser.parser().parse('a = "x"\n\n')
    rewritten = entry.stat()
    load_or_build(tmp_path)  # now from the rewritten entry: it is valid, not replaced again
    assert (entry.stat().st_ino, entry.stat().st_mtime_ns) == (
        rewritten.st_ino,
        rewritten.st_mtime_ns,
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({1: (2, "a"), 3: [None, True]}, True),
        ({"a": {"b": (1,)}}, True),
        ({"#int-keys": 1}, False),  # would read back as int keys
        ({1: 1, "a": 2}, False),
        ({(1, 2): 3}, False),
        ({"a": 1.5}, False),
        ({"a": object()}, False),
    ],
)
def test_only_plain_tables_are_encoded(value: object, ok: bool) -> None:
    if ok:
        json.dumps(to_json(value))
    else:
        with pytest.raises(ValueError):
            to_json(value)


def test_without_a_cache_directory_python_hcl2s_own_parser_serves(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert load_or_build(blocker / "grammar") is hcl2.parser.parser()


PROBE = """
import json, os, sys, time
start = time.perf_counter()
from imagelint.grammar_cache import hcl_parser
parser = hcl_parser()
tree = parser.parse('a = "x"\\n\\n')
imported = "hcl2" in sys.modules
import hcl2.parser
print(json.dumps({
    "imported": imported,
    "seconds": time.perf_counter() - start,
    "hcl2": hcl2.parser.__file__,
    "package_cache": os.path.exists(hcl2.parser.PARSER_FILE),
    "theirs": hcl2.parser.parser.cache_info().misses,
    "positions": parser.options.propagate_positions,
}))
"""


Sandbox = tuple[Path, Path, int | None, str]  # site, cache, the user to run as, python
NOBODY = 65534


def interpreter_for_nobody() -> str | None:
    """A Python 3.11+ the user nobody can run: ours may sit under root's private home."""
    site_packages = Path(hcl2.__file__).parent.parent
    for candidate in (sys.executable, shutil.which("python3.11"), "/usr/bin/python3"):
        if not candidate:
            continue
        check = "import sys; assert sys.version_info >= (3, 11); import lark"
        try:
            done = subprocess.run(
                [candidate, "-c", check],
                env={"PYTHONPATH": str(site_packages)},
                capture_output=True,
                user=NOBODY,
                group=NOBODY,
                extra_groups=[],
                cwd="/",
            )
        except OSError:  # not even executable by nobody
            continue
        if done.returncode == 0:
            return candidate
    return None


@pytest.fixture
def read_only_site() -> Iterator[Sandbox]:
    """A copy of hcl2 without its grammar cache in a directory this test's runner cannot
    write (another user when we are root, where mode bits are not enforced), and a cache
    directory it can. Made in /tmp, which that user can reach."""
    user: int | None = None
    python = sys.executable
    if os.geteuid() == 0:
        found = interpreter_for_nobody()
        if found is None:
            pytest.skip("running as root, and no Python the user nobody can run")
        user, python = NOBODY, found
    top = Path(tempfile.mkdtemp(prefix="imagelint-ro-"))
    site, cache = top / "site", top / "cache"
    shutil.copytree(Path(hcl2.__file__).parent, site / "hcl2")
    (site / "hcl2" / ".lark_cache.bin").unlink(missing_ok=True)
    cache.mkdir()
    if user is not None:
        os.chown(cache, user, user)
    for path in (top, *site.rglob("*"), site):
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(mode & ~0o222 | 0o555 if path.is_dir() else mode & ~0o222 | 0o444)
    top.chmod(0o755)
    try:
        yield site, cache, user, python
    finally:
        for path in (site, *site.rglob("*")):
            path.chmod(0o755)
        shutil.rmtree(top)


def run_probe(sandbox: Sandbox) -> dict[str, object]:
    site, cache, user, python = sandbox
    site_packages = Path(hcl2.__file__).parent.parent  # lark; the read-only hcl2 comes first
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join(map(str, (site, REPO, site_packages))),
        "IMAGELINT_CACHE_DIR": str(cache),
        "HOME": str(cache),
    }
    done = subprocess.run(
        [python, "-c", PROBE],
        env=env,
        cwd=cache,
        capture_output=True,
        text=True,
        timeout=120,
        user=user,
        group=user,
        extra_groups=None if user is None else [],
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_read_only_install_builds_the_grammar_once(read_only_site: Sandbox) -> None:
    site, cache, _, _ = read_only_site
    first = run_probe(read_only_site)
    assert str(first["hcl2"]).startswith(str(site))  # the read-only copy, not the venv's
    assert first["package_cache"] is False and first["positions"] is False
    (entry,) = (cache / "grammar").glob("hcl2-*.json")
    written = entry.stat()
    second = run_probe(read_only_site)
    again = entry.stat()
    # Not rebuilt: a rebuild replaces the entry (a new inode) through its atomic write.
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert second["package_cache"] is False
    assert (first["theirs"], second["theirs"]) == (1, 0)  # the second never asked python-hcl2
    assert float(str(second["seconds"])) < float(str(first["seconds"]))


def test_a_run_takes_the_tables_from_python_hcl2_once(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "IMAGELINT_CACHE_DIR": str(tmp_path)}
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, cwd=REPO, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    assert [run["theirs"] for run in runs] == [1, 0]
    assert [run["positions"] for run in runs] == [False, False]
    assert [run["imported"] for run in runs] == [True, False]  # the post-lexer is mirrored
    assert len(list((tmp_path / "grammar").glob("hcl2-*.json"))) == 1
