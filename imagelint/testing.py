"""Test helpers for rule authors, first-party and plugins: a catalog of your own, the real
engine (on files, or on instance records a reader would produce), and findings projected to
(rule, line, column) so rewording a message breaks no test."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.app import Options, Outcome, check
from imagelint.catalog.interface import LOCAL, SBS
from imagelint.catalog.serialise import QueryRecord, document, write
from imagelint.catalog.zones import KNOWN_ZONES
from imagelint.findings import Finding
from imagelint.model import Instance

if TYPE_CHECKING:
    from imagelint.engine import EngineResult

# Field order and values of a Marketplace local image, for tests that build their own.
IMAGE_FIELDS = ("id", "label", "zone", "arch", "type", "compatible_commercial_types")


def write_catalog(
    path: Path,
    images: Iterable[Mapping[str, object]],
    *,
    not_found_labels: Iterable[str] = (),
    as_of: str = "2000-01-01",
    zones: Iterable[str] | None = None,
) -> Path:
    """Write a snapshot file that answers every label of `images` in every zone and type.

    Unlike the bundled snapshot, such a catalog is complete for its labels: a (label, zone,
    type) with no image is an empty answer, so rules about missing images can be tested.
    `zones` limits the zones it answers for (default: every Scaleway zone), so that a
    catalog with no answer can be tested too.
    """
    images = [dict(i) for i in images]
    labels = sorted({str(i["label"]) for i in images})
    every = KNOWN_ZONES if zones is None else tuple(zones)
    zones = sorted({*every, *(str(i["zone"]) for i in images)})
    queries = [
        QueryRecord(
            label=label,
            zone=zone,
            image_type=image_type,
            recorded=as_of,
            items=[
                i for i in images if (i["label"], i["zone"], i["type"]) == (label, zone, image_type)
            ],
        )
        for label in labels
        for zone in zones
        for image_type in (LOCAL, SBS)
    ]
    snapshot = document(
        as_of=as_of,
        source="a test's own catalog",
        built_by="imagelint.testing.write_catalog",
        labels=labels,
        not_found_labels=not_found_labels,
        queries=queries,
        local_images=[(i, as_of) for i in images],
    )
    write(path, snapshot)
    return path


def lint_tree(
    root: Path,
    files: Mapping[str, str],
    catalog_file: Path,
    *,
    env: Mapping[str, str] | None = None,
) -> Outcome:
    """Write `files` under `root` and check them with the real engine against `catalog_file`."""
    from imagelint.catalog.snapshot import SnapshotCatalog

    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    options = Options(paths=(str(root),), catalog="offline", env=dict(env or {}), cwd=root)
    return check(options, catalog=SnapshotCatalog(catalog_file))


def lint_instances(instances: Sequence[Instance], catalog_file: Path) -> EngineResult:
    """Check instance records as a reader produces them with the real engine and the
    installed rules against `catalog_file`: for constructs no reader test covers yet."""
    from imagelint.catalog.snapshot import SnapshotCatalog
    from imagelint.engine import lint
    from imagelint.plugins import load_rules

    return lint(instances, load_rules(), SnapshotCatalog(catalog_file))


def projected(outcome: Outcome) -> list[tuple[str, int, int]]:
    """(rule, line, column) of every finding, sorted."""
    assert outcome.report is not None, outcome.messages
    return projected_findings(outcome.report.findings)


def projected_findings(findings: Iterable[Finding]) -> list[tuple[str, int, int]]:
    return sorted((f.rule, f.line, f.column) for f in findings)
