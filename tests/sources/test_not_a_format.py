"""Files that are none of the formats (tests/sources/not_a_format/): no source claims them,
and a check over them reports nothing, exits 0 and counts the YAML and JSON ones skipped."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pytest

from imagelint.app import Options, check
from imagelint.files import Scope
from imagelint.reporters.json import to_dict
from imagelint.source_api import GROUP, Candidate

CORPUS = Path(__file__).resolve().parent / "not_a_format"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())
DATA_FILES = [p for p in FILES if p.suffix in (".yaml", ".yml", ".json")]
SOURCES = sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def load_source(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is not None and module.startswith(error.name):
            pytest.skip(f"source module {module} does not exist yet")
        raise


def test_the_corpus_is_what_this_test_says() -> None:
    names = {p.relative_to(CORPUS).as_posix() for p in FILES}
    assert {"chart/templates/deployment.yaml", "README.md", ".gitlab-ci.yml"} <= names
    assert len(DATA_FILES) == 12


@pytest.mark.parametrize("entry", SOURCES, ids=[ep.name for ep in SOURCES])
def test_no_source_detects_a_file_of_the_corpus(entry: object) -> None:
    module = load_source(entry.value)  # type: ignore[attr-defined]
    scope = Scope([CORPUS], cwd=CORPUS, max_file_bytes=5_000_000)
    claimed = [
        scope.show(path)
        for path in FILES
        if module.wants(path.name)
        and module.detect(Candidate(path, shown=scope.show(path), given=False, scope=scope))
    ]
    assert claimed == []


def test_a_check_over_the_corpus_finds_nothing_and_skips_the_data_files() -> None:
    outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=CORPUS))
    assert outcome.report is not None, outcome.messages
    report = to_dict(outcome.report)
    assert report["findings"] == []
    assert outcome.exit_code == 0
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["instances"] == 0
    assert summary["skipped"] == len(DATA_FILES)  # Markdown is not even offered
