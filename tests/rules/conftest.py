"""A fixture that runs the whole engine on Terraform snippets against the case catalog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from imagelint.findings import Finding
from imagelint.testing import lint_tree, projected, write_catalog
from tests.rules.cases import IMAGES, NOT_FOUND

Lint = Callable[..., list[tuple[str, int, int]]]


@pytest.fixture
def lint(tmp_path: Path) -> Lint:
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)

    def run(source: str, **files: str) -> list[tuple[str, int, int]]:
        return projected(lint_tree(tmp_path / "tf", {"main.tf": source, **files}, catalog))

    return run


@pytest.fixture
def lint_findings(tmp_path: Path) -> Callable[..., list[Finding]]:
    """Whole findings, for the few tests that check what a message or hint says."""
    catalog = write_catalog(tmp_path / "catalog.json", IMAGES, not_found_labels=NOT_FOUND)

    def run(source: str, **files: str) -> list[Finding]:
        outcome = lint_tree(tmp_path / "tf", {"main.tf": source, **files}, catalog)
        assert outcome.report is not None, outcome.messages
        return list(outcome.report.findings)

    return run
