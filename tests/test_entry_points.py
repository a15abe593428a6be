"""imagelint.entry_points finds the distributions and entry points importlib.metadata finds
(the oracle: real metadata directories and zips, read by both), without parsing METADATA."""

from __future__ import annotations

import importlib.metadata
import os
import sys
import zipfile
from pathlib import Path

import pytest

from imagelint import entry_points

RULES = "[imagelint.rules]\nteam-rule = team_rules.rule\n"
POINTS = (
    "# a comment\n\n[console_scripts]\nteam = team_rules.cli:main [extra]\n\n"
    "[imagelint.rules]\n  team-rule   =   team_rules.rule  \nother = team_rules.other:CHECK.run\n"
)
# id, {file: text} of one sys.path entry (the entry is a directory, or NAME.zip when a key
# starts with "zip:")
LAYOUTS = [
    ("dist-info", {"team_rules-0.1.dist-info/entry_points.txt": RULES}),
    ("egg-info", {"Team.Rules.egg-info/entry_points.txt": RULES}),
    ("sections, comments, extras", {"team_rules-0.1.dist-info/entry_points.txt": POINTS}),
    ("no entry points", {"quiet-1.0.dist-info/METADATA": ""}),
    (
        "two distributions",
        {
            "b_rules-1.0.dist-info/entry_points.txt": RULES,
            "a_rules-1.0.dist-info/entry_points.txt": RULES.replace("team-rule", "a-rule"),
        },
    ),
    ("zip", {"zip:team_rules-0.1.dist-info/entry_points.txt": RULES}),
]


def build(where: Path, files: dict[str, str]) -> str:
    zipped = {k.removeprefix("zip:"): v for k, v in files.items() if k.startswith("zip:")}
    if zipped:
        archive = where / "site.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for name, text in zipped.items():
                z.writestr(name, text)
                z.writestr(name.replace("entry_points.txt", "METADATA"), _metadata(name))
        return str(archive)
    for name, text in files.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text)
        (where / name).with_name("METADATA").write_text(_metadata(name))
    return str(where)


def _metadata(path: str) -> str:
    name = path.split("/")[0].rpartition(".")[0].partition("-")[0]
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n"


def oracle(entry: str) -> list[tuple[str, list[entry_points.Declared]]]:
    found = [
        (
            entry_points.normalise(dist.metadata["Name"]),
            sorted((ep.group, ep.name, ep.value) for ep in dist.entry_points),
        )
        for dist in importlib.metadata.distributions(path=[entry])
    ]
    return sorted(found)


@pytest.mark.parametrize("files", [c[1] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_the_installed_distributions_are_those_importlib_metadata_finds(
    tmp_path: Path, files: dict[str, str]
) -> None:
    entry = build(tmp_path, files)
    found = sorted((n, sorted(p)) for n, _, p in entry_points.scan([entry], trusted=True))
    assert found == oracle(entry)
    assert found  # every layout holds a distribution: the comparison is not vacuous


def test_a_checkout_is_never_read_inside_a_zip_nor_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    archive = build(tmp_path / "z", {"zip:team_rules-0.1.dist-info/entry_points.txt": RULES})
    site = tmp_path / "site"
    (site / "team_rules-0.1.dist-info").mkdir(parents=True)
    (tmp_path / "elsewhere.txt").write_text(RULES)
    os.symlink(tmp_path / "elsewhere.txt", site / "team_rules-0.1.dist-info/entry_points.txt")
    checked = list(entry_points.scan([archive, str(site)], trusted=False))
    assert checked == [("team-rules", str(site / "team_rules-0.1.dist-info"), [])]
    # Installed, the same symlink is followed, as importlib.metadata follows it.
    ((_, _, points),) = entry_points.scan([str(site)], trusted=True)
    assert points == [("imagelint.rules", "team-rule", "team_rules.rule")]


def test_an_untrusted_entry_points_file_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    meta = tmp_path / "evil-0.1.dist-info"
    meta.mkdir()
    padding = "#" * entry_points.ENTRY_POINTS_LIMIT + "\n"
    (meta / "entry_points.txt").write_text(f"[imagelint.rules]\nfirst = a\n{padding}late = b\n")
    ((_, _, points),) = entry_points.scan([str(tmp_path)], trusted=False)
    assert points == [("imagelint.rules", "first", "a")]


VALUES = [  # value, what it loads
    ("os.path", os.path),
    ("os.path:join", os.path.join),
    ("sys:version_info.major", sys.version_info.major),
    ("os.path : join [extra]", os.path.join),
]


@pytest.mark.parametrize(("value", "expected"), VALUES, ids=[v for v, _ in VALUES])
def test_an_entry_point_loads_what_its_value_names(value: str, expected: object) -> None:
    assert entry_points.load(value) is expected
    ep = importlib.metadata.EntryPoint(name="x", value=value, group="g")
    assert ep.load() is expected  # the oracle agrees


@pytest.mark.parametrize("value", ["", "os.path:", "not a module"])
def test_a_malformed_value_is_a_value_error(value: str) -> None:
    with pytest.raises(ValueError, match="is not module"):
        entry_points.load(value)
