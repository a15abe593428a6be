"""Which community.general release a project runs: installed in the project, or the newest
its requirements file allows (what ansible-galaxy installs)."""

from __future__ import annotations

import json
from pathlib import Path

from imagelint.ansible.model import MODEL, REGION_HISTORY, model
from imagelint.ansible.project import Project
from imagelint.files import is_file
from imagelint.model import ParseError, ResolutionModel
from imagelint.parsers.yaml_tree import YMap, YScalar

COLLECTION = "community.general"
REQUIREMENTS = (
    "collections/requirements.yml",
    "collections/requirements.yaml",
    "requirements.yml",
    "requirements.yaml",
)
MANIFEST = "ansible_collections/community/general/MANIFEST.json"
LATEST = (999, 0, 0)  # any release to come, when probing a constraint


def project_model(project: Project) -> ResolutionModel:
    installed = _installed(project)
    if installed is not None:
        return installed
    for name in REQUIREMENTS:
        path = project.root / name
        if is_file(path):
            constraint = _constraint(project, path)
            if constraint is not None:
                return _required(constraint, project.scope.show(path))
    return MODEL


def _installed(project: Project) -> ResolutionModel | None:
    configured = project.settings.get("collections_path") or project.settings.get(
        "collections_paths", ""
    )
    bases = [project.root / p.strip() for p in configured.split(":") if p.strip()]
    for base in (*bases, project.root / "collections", project.root):
        manifest = base / MANIFEST
        if not is_file(manifest) or not project.scope.inside(manifest.resolve()):
            continue
        try:
            info = json.loads(project.scope.read_text(manifest)).get("collection_info", {})
            version = _version(str(info.get("version", "")))
        except (ParseError, ValueError, AttributeError):
            continue
        if version is not None:
            where = project.scope.show(manifest)
            return model(version, f"{_text(version)}, installed ({where})")
    return None


def _constraint(project: Project, path: Path) -> str | None:
    """The version constraint of community.general in a requirements file; "*" when it
    is listed without one; None when it is not listed."""
    document = project.document(path)
    collections = document.get("collections") if isinstance(document, YMap) else None
    for entry in getattr(collections, "items", ()):
        name = entry.get("name") if isinstance(entry, YMap) else entry
        if isinstance(name, YScalar) and name.text == COLLECTION:
            version = entry.get("version") if isinstance(entry, YMap) else None
            return version.text.strip() if isinstance(version, YScalar) else "*"
    return None


def _required(constraint: str, where: str) -> ResolutionModel:
    from imagelint.terraform.version_constraints import (
        ConstraintError,
        Version,
        allows_all,
        parse_constraints,
    )

    if constraint in ("*", ""):
        return MODEL
    try:
        # ansible-galaxy writes == where Terraform writes =.
        terms = parse_constraints(constraint.replace("==", "="))
    except ConstraintError:
        return MODEL
    probes = {LATEST, *(first for first, _ in REGION_HISTORY)}
    for term in terms:
        v = term.version
        probes |= {(v.major, v.minor, v.patch), (v.major, v.minor, v.patch + 1)}
    allowed = [p for p in probes if allows_all(terms, Version(*p))]
    if not allowed:
        return MODEL
    # The table of the newest release the constraint allows, which ansible-galaxy installs.
    return model(max(allowed), f"{constraint}, from {where}")


def _version(text: str) -> tuple[int, int, int] | None:
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return (int(parts[0]), int(parts[1]), int(parts[2]))


def _text(version: tuple[int, int, int]) -> str:
    return ".".join(map(str, version))
