"""The baseline on real files and real findings from the real engine: which edits keep a
finding baselined, which make it new, and the file's round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagelint import baseline
from imagelint.findings import Finding
from imagelint.fingerprint import stamp
from imagelint.testing import lint_tree, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND

SECRET = "0d2c5a1e-5e3b-4c8e-9f7a-baseline-canary"


def server(name: str, image: str, *, pad: str = " ", type_: str = "DEV1-S") -> str:
    return (
        f'resource "scaleway_instance_server" "{name}" {{\n'
        f'  image{pad}= "{image}"\n'
        f'  type  = "{type_}"\n'
        f'  zone  = "fr-par-1"\n'
        "}\n"
    )


MAIN = server("web", "macos") + server("api", "ubuntu_jamy") + server("ok", "ubuntu_jammy")
OTHER = server("db", "macos")
BASE = {"main.tf": MAIN, "other.tf": OTHER}

Key = tuple[str, str | None, str]  # path, resource, rule

# id, the files after the edit, (baselined, stale), the new findings
CASES: list[tuple[str, dict[str, str], tuple[int, int], list[Key]]] = [
    ("unchanged", BASE, (3, 0), []),
    (
        "lines added above",
        {
            "main.tf": '# owned by ops\n\nvariable "x" {\n  default = 1\n}\n\n' + MAIN,
            "other.tf": OTHER,
        },
        (3, 0),
        [],
    ),
    (
        "reformatted",
        {
            "main.tf": MAIN.replace("image =", "image      =").replace("\n", "\n\n"),
            "other.tf": OTHER,
        },
        (3, 0),
        [],
    ),
    (
        "resources reordered",
        {
            "main.tf": server("ok", "ubuntu_jammy")
            + server("api", "ubuntu_jamy")
            + server("web", "macos"),
            "other.tf": OTHER,
        },
        (3, 0),
        [],
    ),
    (
        "other file edited",
        {"main.tf": MAIN, "other.tf": server("x", "ubuntu_jammy") + OTHER},
        (3, 0),
        [],
    ),
    (
        "problem fixed",
        {"main.tf": MAIN.replace('"macos"', '"ubuntu_jammy"'), "other.tf": OTHER},
        (2, 1),
        [],
    ),
    (
        "offending value changed",
        {"main.tf": MAIN.replace('"macos"', '"ubuntu_jamy"'), "other.tf": OTHER},
        (2, 1),
        [("main.tf", "scaleway_instance_server.web", "image-unknown")],
    ),
    (
        "resource renamed",
        {"main.tf": MAIN.replace('"web"', '"www"'), "other.tf": OTHER},
        (2, 1),
        [("main.tf", "scaleway_instance_server.www", "image-unknown")],
    ),
    (
        "file renamed",
        {"main.tf": MAIN, "servers.tf": OTHER},
        (2, 1),
        [("servers.tf", "scaleway_instance_server.db", "image-unknown")],
    ),
    (
        "same problem added elsewhere",
        {"main.tf": MAIN + server("new", "macos"), "other.tf": OTHER},
        (3, 0),
        [("main.tf", "scaleway_instance_server.new", "image-unknown")],
    ),
]


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)


class Tree:
    """Each version of the files in a directory of its own; paths as shown are relative to it,
    so the same file has the same path in every version."""

    def __init__(self, tmp_path: Path, catalog_file: Path) -> None:
        self.tmp_path, self.catalog_file, self.versions = tmp_path, catalog_file, 0

    def lint(self, files: dict[str, str], env: dict[str, str] | None = None) -> tuple[Finding, ...]:
        self.versions += 1
        root = self.tmp_path / f"v{self.versions}"
        outcome = lint_tree(root, files, self.catalog_file, env=env)
        assert outcome.report is not None, outcome.messages
        self.root = root
        return stamp(outcome.report.findings, self.read)

    def read(self, path: str) -> str | None:
        try:
            return (self.root / path).read_text(encoding="utf-8")
        except OSError:
            return None


@pytest.fixture
def tree(tmp_path: Path, catalog_file: Path) -> Tree:
    return Tree(tmp_path, catalog_file)


def keys(findings: tuple[Finding, ...]) -> list[Key]:
    return sorted((f.path, f.resource, f.rule) for f in findings)


@pytest.mark.parametrize(
    ("edited", "counts", "new"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_edits(
    tree: Tree, tmp_path: Path, edited: dict[str, str], counts: tuple[int, int], new: list[Key]
) -> None:
    before = tree.lint(BASE)
    assert len(before) == 3  # web, api, db: image-unknown each
    file = tmp_path / "baseline.json"
    assert baseline.write(file, before, previous=None, prune=False, read=tree.read) == 3
    applied = baseline.apply(tree.lint(edited), baseline.load(file))
    assert (applied.baselined, applied.stale) == counts
    assert keys(applied.kept) == new


@pytest.mark.parametrize(
    ("prune", "entries", "stale_after"), [(False, 4, 1), (True, 3, 0)], ids=["kept", "pruned"]
)
def test_rewrite_keeps_or_prunes_stale(
    tree: Tree, tmp_path: Path, prune: bool, entries: int, stale_after: int
) -> None:
    file = tmp_path / "baseline.json"
    baseline.write(file, tree.lint(BASE), previous=None, prune=False, read=tree.read)
    edited = {"main.tf": MAIN.replace('"macos"', '"ubuntu_jamy"'), "other.tf": OTHER}
    today = tree.lint(edited)
    written = baseline.write(file, today, previous=baseline.load(file), prune=prune, read=tree.read)
    assert written == entries
    applied = baseline.apply(today, baseline.load(file))
    assert (applied.kept, applied.baselined, applied.stale) == ((), 3, stale_after)


def test_rewrite_keeps_matched_entries_as_reviewed(tree: Tree, tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    findings = tree.lint(BASE)
    baseline.write(file, findings, previous=None, prune=False, read=tree.read)
    document = json.loads(file.read_text())
    document["entries"][0]["message"] = "accepted by ops until the migration (TICKET-12)"
    file.write_text(json.dumps(document))
    baseline.write(file, findings, previous=baseline.load(file), prune=True, read=tree.read)
    messages = [e.message for e in baseline.load(file).entries]
    assert "accepted by ops until the migration (TICKET-12)" in messages
    assert len(messages) == 3


def test_each_entry_hides_one_finding(tree: Tree, tmp_path: Path) -> None:
    # The engine does not make two findings equal in path, resource, rule and text (a
    # duplicate resource is a parse error): a second one is made from a real one.
    first = tree.lint(BASE)[0]
    second = Finding(**{**vars(first), "line": first.line + 20, "end_line": first.end_line + 20})
    file = tmp_path / "baseline.json"
    baseline.write(file, (first,), previous=None, prune=False)
    applied = baseline.apply((first, second), baseline.load(file))
    assert (applied.kept, applied.baselined, applied.stale) == ((second,), 1, 0)


def test_entries_are_reviewable(tree: Tree, tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    findings = tree.lint(BASE, env={"SCW_SECRET_KEY": SECRET, "SCW_DEFAULT_ZONE": "nl-ams-1"})
    baseline.write(file, findings, previous=None, prune=False, read=tree.read)
    text = file.read_text(encoding="ascii")
    assert SECRET not in text
    assert text.endswith("}\n")
    document = json.loads(text)
    assert (document["version"], document["tool"]) == (1, "imagelint")
    entries = document["entries"]
    assert [(e["path"], e["resource"], e["value"]) for e in entries] == [
        ("main.tf", "scaleway_instance_server.api", '"ubuntu_jamy"'),
        ("main.tf", "scaleway_instance_server.web", '"macos"'),
        ("other.tf", "scaleway_instance_server.db", '"macos"'),
    ]
    assert all(
        list(e) == ["path", "resource", "rule", "value", "fingerprint", "message"] for e in entries
    )
    assert entries[1]["message"] == 'image "macos" does not exist in the Marketplace'


def test_writes_are_byte_identical(tree: Tree, tmp_path: Path) -> None:
    findings = tree.lint(BASE)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    baseline.write(one, findings, previous=None, prune=False, read=tree.read)
    # In another order, and again from what was written: the same bytes.
    baseline.write(two, findings[::-1], previous=None, prune=False, read=tree.read)
    assert one.read_bytes() == two.read_bytes()
    baseline.write(two, findings, previous=baseline.load(one), prune=False, read=tree.read)
    assert one.read_bytes() == two.read_bytes()


def test_parse_errors_are_never_baselined(tree: Tree, tmp_path: Path) -> None:
    findings = tree.lint({**BASE, "broken/main.tf": 'resource "scaleway_instance_server" {\n'})
    broken = [f for f in findings if f.rule == "parse-error"]
    assert len(broken) == 1
    file = tmp_path / "baseline.json"
    assert baseline.write(file, findings, previous=None, prune=False, read=tree.read) == 3
    loaded = baseline.load(file)
    forged = baseline.Baseline(
        path=file,
        entries=(
            *loaded.entries,
            baseline.Entry(
                path="broken.tf",
                resource=None,
                rule="parse-error",
                value="",
                message="",
                fingerprint=broken[0].fingerprint,
            ),
        ),
    )
    applied = baseline.apply(findings, forged)
    assert (applied.kept, applied.baselined, applied.stale) == (tuple(broken), 3, 1)


def test_unstamped_findings_are_refused(tree: Tree, tmp_path: Path) -> None:
    unstamped = Finding(**{**vars(tree.lint(BASE)[0]), "fingerprint": ""})
    with pytest.raises(ValueError, match="stamp"):
        baseline.write(tmp_path / "b.json", (unstamped,), previous=None, prune=False)
    with pytest.raises(ValueError, match="stamp"):
        baseline.apply((unstamped,), baseline.Baseline(path=tmp_path, entries=()))


@pytest.mark.parametrize(("partial", "stale"), [(False, 1), (True, 0)], ids=["whole", "partial"])
def test_a_partial_run_counts_nothing_stale(
    tree: Tree, tmp_path: Path, partial: bool, stale: int
) -> None:
    # pre-commit gives some files only: an entry of another file matched nothing, and is
    # not stale for that.
    file = tmp_path / "baseline.json"
    baseline.write(file, tree.lint(BASE), previous=None, prune=False, read=tree.read)
    applied = baseline.apply(tree.lint({"main.tf": MAIN}), baseline.load(file), partial=partial)
    assert (applied.kept, applied.baselined, applied.stale) == ((), 2, stale)


INVENTORY = "imagelint: 1\ninstances:\n  - name: web\n    zone: fr-par-1\n    type: DEV1-S\n"


@pytest.mark.parametrize(
    ("edited", "counts"),
    [
        (
            INVENTORY.replace("instances:", "# the fleet\n\ninstances:") + "    image: macos\n",
            (1, 0),
        ),
        (INVENTORY.replace("web", "www") + "    image: macos\n", (0, 1)),
        (INVENTORY + "    image: ubuntu_jamy\n", (0, 1)),
    ],
    ids=["comment above", "instance renamed", "value changed"],
)
def test_yaml_inventory(tree: Tree, tmp_path: Path, edited: str, counts: tuple[int, int]) -> None:
    before = tree.lint({"fleet.imagelint.yaml": INVENTORY + "    image: macos\n"})
    assert [(f.rule, f.resource) for f in before] == [("image-unknown", "web")]
    file = tmp_path / "baseline.json"
    baseline.write(file, before, previous=None, prune=False, read=tree.read)
    assert baseline.load(file).entries[0].value == "macos"
    applied = baseline.apply(tree.lint({"fleet.imagelint.yaml": edited}), baseline.load(file))
    assert (applied.baselined, applied.stale, len(applied.kept)) == (*counts, counts[1])
