"""Which Scaleway provider version `terraform init` would install, and how it resolves images."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from imagelint.model import LOCAL_IMAGE, SBS_IMAGE, ParseError, Span
from imagelint.terraform.provider_version import (
    ConstraintSource,
    LockedVersion,
    Selected,
    data_source_model_for,
    model_for,
    read_lock,
    releases,
    select_version,
    supports_image_type,
)
from imagelint.terraform.version_constraints import (
    ConstraintError,
    Version,
    parse_constraints,
    parse_version,
)
from tests.terraform_oracle import require_terraform, terraform_environment

NEWEST = str(max(releases(), key=Version.key))


def allows(constraint: str, version: str) -> bool:
    return all(term.allows(parse_version(version)) for term in parse_constraints(constraint))


# constraint, version, allowed. Missing parts are zeros, except after ~> where they set
# the range (what terraform init does; SELECTION_CASES check it against Terraform itself).
OPERATOR_CASES = [
    ("~> 2.40.0", "2.40.0", True),
    ("~> 2.40.0", "2.40.9", True),
    ("~> 2.40.0", "2.41.0", False),
    ("~> 2.40", "2.99.0", True),
    ("~> 2.40", "2.39.9", False),
    ("~> 2.40", "3.0.0", False),
    ("~> 2", "2.0.0", True),
    ("~> 2", "3.0.0", False),
    ("~>2.40.1", "2.40.1", True),  # no space after the operator
    ("2.40", "2.40.0", True),  # no operator means =
    ("2.40", "2.40.7", False),
    ("= 2.41", "2.41.3", False),
    ("!= 2.40", "2.40.0", False),
    ("!= 2.40", "2.40.5", True),
    ("!= 2.50.0", "2.50.0", False),
    ("> 2.40", "2.40.1", True),
    ("> 2.40.1", "2.40.1", False),
    ("<= 2.41", "2.41.0", True),
    ("<= 2.41", "2.41.3", False),
    ("< 2.41", "2.40.9", True),
    ("< 2.41", "2.41.0", False),
    (">= 2.0, < 2.45", "2.44.0", True),
    (">= 2.0, < 2.45", "2.45.0", False),
    (" >= 2.0 ,< 2.45 ", "1.17.2", False),
    ("< 2.0.0", "2.0.0-rc1", True),  # a pre-release precedes its release
    ("= 2.0.0-rc1", "2.0.0-rc1", True),
    ("2.0-rc1", "2.0.0-rc1", True),
    ("= 2.0.0-rc1", "2.0.0", False),
    ("= 2.41.0+abc", "2.41.0", False),  # releases carry no build metadata
]


@pytest.mark.parametrize(("constraint", "version", "expected"), OPERATOR_CASES)
def test_constraint_operators(constraint: str, version: str, expected: bool) -> None:
    assert allows(constraint, version) is expected


# Each is an "Invalid version constraint" for Terraform too (test_terraform_rejects_them).
REJECTED = [
    "~> banana",
    ">= 2.0,",
    "=> 2.0",
    "~> 2.40.0.1",
    ">= v2.0",
    "*",
    "",
    "  ",
    ">= 2.0 < 2.45",
    "==2.41.0",
    "> = 2.0",
]


@pytest.mark.parametrize("constraint", REJECTED)
def test_constraints_terraform_rejects(constraint: str) -> None:
    with pytest.raises(ConstraintError):
        parse_constraints(constraint)


def test_pre_release_precedence() -> None:
    order = ["1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta", "1.0.0"]
    keys = [parse_version(v).key() for v in order]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def source(text: str, origin: str = "required_providers in versions.tf") -> ConstraintSource:
    return ConstraintSource(text=text, origin=origin)


# id, constraints, selected version (None: none), text the why must contain
SELECTION_CASES = [
    ("none", [], NEWEST, f"provider {NEWEST} (newest release; no version constraint)"),
    ("old pessimistic", ["~> 1.15.0"], "1.15.0", "provider 1.15.x, from `~> 1.15.0`"),
    ("old minor range", ["~> 1.15"], "1.17.2", "provider 1.17.x"),
    ("pinned patch range", ["~> 2.40.0"], "2.40.0", "provider 2.40.x, from `~> 2.40.0`"),
    ("before sbs", [">= 2.0, < 2.45"], "2.44.0", "provider 2.44.x"),
    ("exact", ["= 2.38.1"], "2.38.1", "provider 2.38.1, from `= 2.38.1`"),
    ("bare version", ["2.38.2"], "2.38.2", "provider 2.38.2,"),
    ("partial equals", ["= 2.41"], "2.41.0", "provider 2.41.0, from `= 2.41`"),
    ("partial greater", ["> 2.41", "< 2.42"], "2.41.3", "provider 2.41.x"),
    ("partial at most", ["<= 2.41"], "2.41.0", "provider 2.41.0,"),
    ("excluded newest", [f"!= {NEWEST}", f"~> {NEWEST}"], None, "no release"),
    ("excluded one", ["!= 2.50.0", "~> 2.50"], NEWEST, "from `!= 2.50.0`"),
    ("only excluded", ["!= 2.50.0", "~> 2.50.0"], None, "no release"),
    ("two modules", ["~> 2.40", "< 2.42"], "2.41.3", "`~> 2.40` (required_providers"),
    ("below 2.0 skips rcs", ["< 2.0.0"], "1.17.2", "provider 1.17.x"),
    ("exact pre-release", ["= 2.0.0-rc1"], "2.0.0-rc1", "provider 2.0.0-rc1,"),
    ("bare pre-release", ["2.2.1-rc.3"], "2.2.1-rc.3", "provider 2.2.1-rc.3,"),
    ("partial pre-release", ["2.0-rc1"], "2.0.0-rc1", "provider 2.0.0-rc1,"),
    ("pessimistic pre-release", ["~> 2.0.0-rc1"], "2.0.0", "provider 2.0.x"),
    ("inexact skips rcs", [">= 2.0.0-rc1", "< 2.0.0"], None, "no release"),
    ("pre-release and range", ["= 2.0.0-rc1", ">= 2.1"], None, "no release"),
    ("future", [">= 3.0"], None, "no release of the Scaleway provider satisfies `>= 3.0`"),
    ("build metadata", ["2.41.0+abc"], None, "no release"),
    ("invalid", ["~> banana"], None, 'invalid version constraint "~> banana"'),
    ("empty", [""], None, 'invalid version constraint ""'),
]


@pytest.mark.parametrize(
    ("constraints", "version", "why"),
    [case[1:] for case in SELECTION_CASES],
    ids=[case[0] for case in SELECTION_CASES],
)
def test_select_version(constraints: list[str], version: str | None, why: str) -> None:
    selected = select_version([source(text) for text in constraints])
    assert selected.version == version
    assert why in selected.why


def required_providers(constraints: list[list[str]]) -> str:
    """A module asking for provider example.com/imagelint/pN with the constraints of case N."""
    entries = []
    for index, texts in enumerate(constraints):
        version = f'\n      version = "{", ".join(texts)}"' if texts else ""
        entries.append(f'    p{index} = {{\n      source = "{ORACLE}/p{index}"{version}\n    }}\n')
    return "terraform {\n  required_providers {\n" + "".join(entries) + "  }\n}\n"


ORACLE = "example.com/imagelint"


def terraform_init(tmp_path: Path, constraints: list[list[str]]) -> str:
    """The output of one `terraform init` offered every known release of each provider
    from a local mirror (no network)."""
    terraform = require_terraform()
    tmp_path.mkdir(exist_ok=True)
    env = terraform_environment() | {"TF_CLI_CONFIG_FILE": str(tmp_path / "cli.tfrc")}
    version = subprocess.run(
        [terraform, "version", "-json"], capture_output=True, text=True, env=env, check=True
    )
    platform = json.loads(version.stdout)["platform"]
    mirror = tmp_path / "mirror"
    for index in range(len(constraints)):
        # The packed layout: one zip per version, all of them one file under many names.
        folder = mirror / ORACLE / f"p{index}"
        folder.mkdir(parents=True)
        package = folder / "package.zip"
        with zipfile.ZipFile(package, "w") as archive:
            archive.writestr(f"terraform-provider-p{index}", "")
        for release in releases():
            os.link(package, folder / f"terraform-provider-p{index}_{release}_{platform}.zip")
        package.unlink()
    (tmp_path / "cli.tfrc").write_text(
        f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n'
    )
    (tmp_path / "main.tf").write_text(required_providers(constraints))
    done = subprocess.run(
        [terraform, "init", "-input=false", "-no-color", "-backend=false"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr


def test_selection_is_what_terraform_init_installs(tmp_path: Path) -> None:
    cases = [case for case in SELECTION_CASES if "invalid" not in case[3]]
    output = terraform_init(tmp_path, [constraints for _, constraints, _, _ in cases])
    installed = dict(re.findall(rf"- Installed {ORACLE}/(p\d+) v(\S+)", output))
    refused = set(re.findall(rf"{ORACLE}/(p\d+): no available releases match", output))
    for index, (name, _, version, _) in enumerate(cases):
        if version is None:
            assert f"p{index}" in refused, name
        else:
            assert installed.get(f"p{index}") == version, name


def test_terraform_rejects_them(tmp_path: Path) -> None:
    # Terraform checks the syntax in two passes and reports the second's errors only when
    # the first found none: ask again for the constraints it has not refused yet.
    remaining = list(REJECTED)
    for attempt in range(3):
        output = terraform_init(tmp_path / str(attempt), [[text] for text in remaining])
        lines = re.findall(r"Invalid version constraint\s+on main\.tf line (\d+)", output)
        # Each entry takes 4 lines from line 3; Terraform points at the entry or its version.
        refused = {(int(line) - 3) // 4 for line in lines}
        assert refused, f"terraform accepts {remaining}"
        remaining = [text for index, text in enumerate(remaining) if index not in refused]
        if not remaining:
            break
    assert remaining == []


def test_why_names_every_constraint_with_its_origin() -> None:
    selected = select_version(
        [
            source("~> 2.40", "required_providers in versions.tf"),
            source("< 2.42", "provider block version argument in modules/web/main.tf"),
        ]
    )
    assert selected.why == (
        "provider 2.41.x, from `~> 2.40` (required_providers in versions.tf) and `< 2.42` "
        "(provider block version argument in modules/web/main.tf)"
    )


def span(line: int, column: int, end_column: int, path: str = "versions.tf") -> Span:
    return Span(path=path, line=line, column=column, end_line=line, end_column=end_column)


def test_constraint_locations_become_hops() -> None:
    written = ConstraintSource(text="~> 2.40.0", origin="required_providers", span=span(5, 17, 28))
    selected = select_version([written, source(">= 2.0")])
    assert [(h.span, h.message) for h in selected.hops] == [
        (span(5, 17, 28), "provider version constraint `~> 2.40.0`")
    ]


LOCK = """\
# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/random" {
  version = "3.6.0"
  hashes = [
    "h1:R5Ucn26riKIEijcsiOMBR3uOAjuOMfI1x7XvH4P6B1w=",
  ]
}

provider "registry.terraform.io/scaleway/scaleway" {
  version     = "2.41.0"
  constraints = "~> 2.41"
  hashes = [
    "h1:1Rz7MUHLz5V6EvxBp0+uOxqBL4TfBNTZ0ihNqBdA5P0=",
    "zh:0b7a4c9a9f9b0e1e1c7b8d2e4b2d58c5cfd18b8ffb6d0bba3a5b1c8f2c8f9d3a",
    "zh:1b1c4f0a5c9e0cfd6f0a7f1a3d5f3e0f8a1c2b3d4e5f60718293a4b5c6d7e8f9",
  ]
}
"""
LOCK_PATH = "envs/prod/.terraform.lock.hcl"


def test_read_lock_finds_the_scaleway_pin_and_where_it_is() -> None:
    locked = read_lock(LOCK_PATH, LOCK)
    assert locked == LockedVersion(version="2.41.0", span=span(12, 17, 25, LOCK_PATH))


def test_read_lock_without_scaleway() -> None:
    text = LOCK.replace("registry.terraform.io/scaleway/scaleway", "example.com/acme/cloud")
    assert read_lock(LOCK_PATH, text) is None


def test_read_lock_of_opentofu() -> None:
    text = LOCK.replace("registry.terraform.io/scaleway", "registry.opentofu.org/scaleway")
    locked = read_lock(LOCK_PATH, text)
    assert locked is not None and locked.version == "2.41.0"


@pytest.mark.parametrize("tofu_first", [True, False])
def test_read_lock_prefers_the_terraform_registry(tofu_first: bool) -> None:
    scaleway = LOCK.split("\n\n")[2]
    tofu = scaleway.replace("registry.terraform.io", "registry.opentofu.org")
    tofu = tofu.replace('"2.41.0"', '"2.60.0"')
    text = f"{tofu}\n{LOCK}" if tofu_first else f"{LOCK}\n{tofu}"
    locked = read_lock(LOCK_PATH, text)
    assert locked is not None and locked.version == "2.41.0"


def test_read_lock_rejects_a_computed_version() -> None:
    text = LOCK.replace('version     = "2.41.0"', "version     = var.version")
    with pytest.raises(ParseError) as error:
        read_lock(LOCK_PATH, text)
    assert (error.value.line, error.value.column) == (12, 17)


def locked(version: str) -> LockedVersion:
    return LockedVersion(version=version, span=span(12, 17, 25, LOCK_PATH))


def test_a_lock_pin_beats_newer_releases() -> None:
    selected = select_version([source("~> 2.41")], locked("2.41.0"))
    assert selected.version == "2.41.0"
    assert selected.why == f"provider 2.41.0, pinned in {LOCK_PATH}"
    assert selected.hops[0].message == "provider version 2.41.0 pinned"


def test_a_lock_pin_newer_than_the_known_releases_is_taken() -> None:
    assert select_version([], locked("9.1.0")).version == "9.1.0"


@pytest.mark.parametrize(
    ("constraints", "pin", "why"),
    [
        (["~> 2.40.0"], "2.41.0", "which `~> 2.40.0` (required_providers in versions.tf) does"),
        ([], "latest", 'pins provider version "latest", which is not a version'),
    ],
)
def test_a_lock_pin_terraform_refuses(constraints: list[str], pin: str, why: str) -> None:
    selected = select_version([source(text) for text in constraints], locked(pin))
    assert selected.version is None
    assert why in selected.why


def selected(version: str) -> Selected:
    return Selected(version=version, why=f"provider {version}, from a test")


# version, root volume type, commercial type, image type asked for (MARKETPLACE.md §5.2)
MODEL_CASES = [
    ("1.17.2", None, "DEV1-S", LOCAL_IMAGE),
    ("1.17.2", "sbs_volume", "PRO2-XS", LOCAL_IMAGE),
    ("2.44.0", None, "PRO2-XS", LOCAL_IMAGE),
    ("2.44.0", "sbs_volume", "PRO2-XS", LOCAL_IMAGE),
    ("2.45.0", "sbs_volume", "PRO2-XS", SBS_IMAGE),
    ("2.45.0", None, "PRO2-XS", LOCAL_IMAGE),
    ("2.47.0", "l_ssd", "DEV1-S", LOCAL_IMAGE),
    ("2.47.0", "sbs_volume", "DEV1-S", SBS_IMAGE),
    ("2.47.0", None, "POP2-2C-8G", LOCAL_IMAGE),
    ("2.48.0", None, "DEV1-S", LOCAL_IMAGE),
    ("2.48.0", None, "PRO2-XS", SBS_IMAGE),
    ("2.48.0", None, "VC1S", LOCAL_IMAGE),
    ("2.48.0", None, "X64-15GB", LOCAL_IMAGE),
    ("2.48.0", "sbs_volume", "DEV1-S", SBS_IMAGE),
    ("2.48.0", "l_ssd", "PRO2-XS", LOCAL_IMAGE),
    ("2.49.0", None, "START1-S", LOCAL_IMAGE),
    ("2.49.0", None, "COPARM1-2C-8G", SBS_IMAGE),
    ("2.50.0", None, "DEV1-S", SBS_IMAGE),
    ("2.50.0", "l_ssd", "PRO2-XS", LOCAL_IMAGE),
    ("2.50.0", "b_ssd", "DEV1-S", LOCAL_IMAGE),
    ("2.50.0", "sbs_volume", "DEV1-S", SBS_IMAGE),
    (NEWEST, None, "GP1-XS", SBS_IMAGE),
]


@pytest.mark.parametrize(("version", "volume_type", "commercial_type", "expected"), MODEL_CASES)
def test_server_model_by_version(
    version: str, volume_type: str | None, commercial_type: str, expected: str
) -> None:
    model = model_for(selected(version))
    assert model.image_type_for(volume_type, commercial_type) == expected
    assert (model.rewrite_dashes, model.strip_zone_prefix) == (True, True)
    assert model.name == f"the Terraform provider {version}, from a test"


@pytest.mark.parametrize(
    ("version", "supported", "image_type", "expected"),
    [
        ("2.50.0", False, "instance_sbs", LOCAL_IMAGE),
        ("2.51.0", True, "instance_sbs", SBS_IMAGE),
        ("2.51.0", True, None, LOCAL_IMAGE),
        ("2.51.0", True, "instance_local", LOCAL_IMAGE),
    ],
)
def test_data_source_model_by_version(
    version: str, supported: bool, image_type: str | None, expected: str
) -> None:
    model = data_source_model_for(selected(version))
    assert supports_image_type(selected(version)) is supported
    assert model.image_type_for(image_type, "PRO2-XS") == expected
    assert (model.rewrite_dashes, model.strip_zone_prefix) == (False, False)


def test_no_model_without_a_version() -> None:
    with pytest.raises(ValueError, match="no release"):
        model_for(Selected(version=None, why="no release satisfies `>= 3.0`"))


def test_releases_are_package_data_in_order() -> None:
    known = releases()
    assert known[0] == Version(0, 1, 0)
    assert [v.key() for v in known if not v.pre] == sorted(v.key() for v in known if not v.pre)
    assert {Version(1, 17, 2), Version(2, 44, 0), Version(2, 0, 0, "rc1")} <= set(known)
