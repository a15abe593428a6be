"""Fixtures that run the whole engine against the case catalog: on Terraform snippets, or on
instance records as a reader produces them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from imagelint.engine import EngineResult
from imagelint.findings import Finding
from imagelint.model import Instance
from imagelint.testing import lint_instances, lint_tree, projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND
from tests.rules.models import add_untyped_answers

Lint = Callable[..., list[tuple[str, int, int]]]
LintInstances = Callable[[Sequence[Instance]], EngineResult]


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)


@pytest.fixture
def lint(tmp_path: Path, catalog_file: Path) -> Lint:
    def run(source: str, **files: str) -> list[tuple[str, int, int]]:
        return projected(lint_tree(tmp_path / "tf", {"main.tf": source, **files}, catalog_file))

    return run


@pytest.fixture
def lint_findings(tmp_path: Path, catalog_file: Path) -> Callable[..., list[Finding]]:
    """Whole findings, for the few tests that check what a message or hint says."""

    def run(source: str, **files: str) -> list[Finding]:
        outcome = lint_tree(tmp_path / "tf", {"main.tf": source, **files}, catalog_file)
        assert outcome.report is not None, outcome.messages
        return list(outcome.report.findings)

    return run


@pytest.fixture
def engine(catalog_file: Path) -> LintInstances:
    """The real engine and rules on instance records (image lookups, chains)."""
    return lambda instances: lint_instances(instances, catalog_file)


@pytest.fixture
def untyped_catalog(catalog_file: Path) -> Path:
    """The case catalog, also answering untyped label queries (type=unknown_type)."""
    return add_untyped_answers(catalog_file)
