"""Which community.general release a project runs decides the region codes the module
accepts: installed in the project, else the newest its requirements file allows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagelint.ansible.model import MODEL, REGIONS
from tests.sources.ansible_support import only, playbook, read_project, server

TASK = server(image="x", commercial_type="DEV1-S", region="par1")


def requirements(version: str | None, path: str = "collections/requirements.yml") -> dict[str, str]:
    entry = (
        "  - community.general\n"
        if version is None
        else (f"  - name: community.general\n    version: '{version}'\n")
    )
    return {path: f"collections:\n  - name: amazon.aws\n{entry}"}


def manifest(version: str) -> dict[str, str]:
    info = {"collection_info": {"namespace": "community", "name": "general", "version": version}}
    return {"collections/ansible_collections/community/general/MANIFEST.json": json.dumps(info)}


CASES = [
    ("nothing-pinned", {}, 13, MODEL.name),
    ("listed-without-version", requirements(None), 13, MODEL.name),
    (
        "exact-old",
        requirements("==9.5.0"),
        8,
        "community.general.scaleway_compute (community.general ==9.5.0, from "
        "collections/requirements.yml)",
    ),
    ("range-below-11.2", requirements(">=9.0.0,<11.2.0"), 8, None),
    ("range-reaching-11.2", requirements(">=11.0.0,<12.0.0"), 13, None),
    ("lower-bound-only", requirements(">=5.0.0"), 13, None),
    ("very-old", requirements("1.3.0", "requirements.yml"), 4, None),
    ("unparsable-constraint", requirements("latest please"), 13, MODEL.name),
    (
        "installed-wins",
        {**requirements(">=12.0.0"), **manifest("1.3.6")},
        8,
        "community.general.scaleway_compute (community.general 1.3.6, installed "
        "(collections/ansible_collections/community/general/MANIFEST.json))",
    ),
    (
        "collections-path-from-ansible-cfg",
        {
            "ansible.cfg": "[defaults]\ncollections_path = vendor\n",
            "vendor/ansible_collections/community/general/MANIFEST.json": manifest("11.1.2")[
                "collections/ansible_collections/community/general/MANIFEST.json"
            ],
        },
        8,
        None,
    ),
]


@pytest.mark.parametrize(
    ("files", "regions", "name"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_release_decides_the_region_table(
    tmp_path: Path, files: dict[str, str], regions: int, name: str | None
) -> None:
    instance = only(read_project(tmp_path, {**files, "site.yml": playbook(TASK)}))
    assert instance.model is not None
    assert instance.model.zone_names == REGIONS[:regions]
    if name is not None:
        assert instance.model.name == name


def test_the_tables_follow_the_collection_history() -> None:
    # plugins/module_utils/scaleway.py SCALEWAY_LOCATION at tags 1.3.5, 1.3.6 and 11.2.0.
    assert [code for code, _ in REGIONS[:4]] == ["par1", "EMEA-FR-PAR1", "ams1", "EMEA-NL-EVS"]
    assert {code for code, _ in REGIONS[4:8]} == {"par2", "EMEA-FR-PAR2", "waw1", "EMEA-PL-WAW1"}
    assert {code for code, _ in REGIONS[8:]} == {"par3", "ams2", "ams3", "waw2", "waw3"}
