"""Inline suppressions through `imagelint check`, offline: what a user sees."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import check_json, imagelint, write

# samples/legacy-images, with suppressions of every kind.
MAIN = """\
provider "scaleway" {
  zone = "fr-par-1" # imagelint:ignore[zone-unknown] nothing to hide here
}

# imagelint:ignore[image-unknown] the mac build host is bought elsewhere
resource "scaleway_instance_server" "build_mac" {
  type  = "DEV1-M"
  image = "macos"
}

resource "scaleway_instance_server" "legacy_app" {
  type  = "DEV1-S"
  image = "ubuntu_bionic" # imagelint:ignore[image-volume-type-mismatch] until=2999-12-31 moving
}

resource "scaleway_instance_server" "legacy_arm" {
  type  = "COPARM1-2C-8G"
  image = "ubuntu_bionic" # imagelint:ignore[image-zone-unavailable] until=2000-01-01 moving
}

resource "scaleway_instance_server" "ad" {
  type  = "DEV1-S" # imagelint:ignore[commercial-type-incompatible]
  image = "windows_server_2022"
}

resource "scaleway_instance_server" "label" {
  type  = "DEV1-S"
  image = "macos # imagelint:ignore[image-unknown,value-unresolved] text"
}
"""


def test_check_applies_suppressions_and_reports_their_notices(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": MAIN})
    result, report = check_json(tmp_path, "--catalog", "offline")
    got = sorted((f["rule"], f["line"]) for f in report["findings"])
    assert got == [
        ("commercial-type-incompatible", 22),  # no reason given: not hidden
        ("image-zone-unavailable", 18),  # expired
        ("unused-suppression", 2),
        ("unused-suppression", 18),
        ("unused-suppression", 22),
        ("value-unresolved", 28),  # the "comment" is inside the string
    ], report["findings"]
    assert report["summary"]["suppressed"] == 2
    assert result.returncode == 1


def test_precommit_run_honours_a_suppression_in_another_file_of_the_module(
    tmp_path: Path,
) -> None:
    # pre-commit gives only the changed file; the finding sits at the default it uses.
    write(
        tmp_path,
        {
            "main.tf": 'resource "scaleway_instance_server" "a" {\n'
            '  type  = "DEV1-S"\n  image = var.image\n}\n',
            "variables.tf": 'variable "image" {\n'
            '  default = "macos" # imagelint:ignore[image-unknown] demo machine\n}\n',
        },
    )
    for given in ("main.tf", "variables.tf", "."):
        result = imagelint(
            "check", given, "--catalog", "offline", "--format", "compact", cwd=tmp_path
        )
        assert (result.returncode, result.stdout) == (0, ""), (given, result.stdout)


def test_yaml_suppressions_through_check(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "pulumi-stack"
    texts = {p.name: p.read_text() for p in sample.glob("Pulumi*.yaml")}
    texts["Pulumi.yaml"] = texts["Pulumi.yaml"].replace(
        "  cache:\n", "  # imagelint:ignore[value-unresolved] the golden image is ours\n  cache:\n"
    )
    texts["Pulumi.dev.yaml"] = texts["Pulumi.dev.yaml"].replace(
        "ubuntu_bionic", "ubuntu_bionic # imagelint:ignore[image-volume-type-mismatch] moving"
    )
    texts["Pulumi.prod.yaml"] += "# imagelint:ignore[image-unknown] 'quoted # text'\n"
    write(tmp_path, texts)
    result, report = check_json(tmp_path, "--catalog", "offline")
    got = [(f["path"], f["rule"], f["line"]) for f in report["findings"]]
    last = texts["Pulumi.prod.yaml"].count("\n")
    assert got == [("Pulumi.prod.yaml", "unused-suppression", last)], report["findings"]
    assert report["summary"]["suppressed"] == 3
    assert result.returncode == 0
