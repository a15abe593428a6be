"""The Scaleway CLI profile's default zone, read from real files as the Go SDK reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.terraform.scw_config import ConfigError, profile_zone

CONFIG = """\
access_key: SCWXXXXXXXXXXXXXXXXX
default_organization_id: 11111111-1111-1111-1111-111111111111
default_region: fr-par
default_zone: fr-par-2
active_profile: {active}
profiles:
  prod:
    default_zone: nl-ams-1
  staging:
    default_region: nl-ams
  empty:
"""
ROOT_ORIGIN = "default_zone of the default scw profile in ~/.config/scw/config.yaml"
PROD_ORIGIN = "default_zone of scw profile prod in ~/.config/scw/config.yaml"


def write(home: Path, text: str, relative: str = ".config/scw/config.yaml") -> Path:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# id, active_profile in the file, environment, expected (zone, origin)
PROFILE_CASES = [
    ("active profile", "prod", {}, ("nl-ams-1", PROD_ORIGIN)),
    ("no active profile", "null", {}, ("fr-par-2", ROOT_ORIGIN)),
    ("profile without zone falls back to root", "staging", {}, ("fr-par-2", ROOT_ORIGIN)),
    ("profile with no settings", "empty", {}, ("fr-par-2", ROOT_ORIGIN)),
    (
        "SCW_PROFILE beats active_profile",
        "staging",
        {"SCW_PROFILE": "prod"},
        ("nl-ams-1", PROD_ORIGIN),
    ),
    (
        "SCW_PROFILE default is the root",
        "prod",
        {"SCW_PROFILE": "default"},
        ("fr-par-2", ROOT_ORIGIN),
    ),
    ("empty SCW_PROFILE is unset", "prod", {"SCW_PROFILE": ""}, ("nl-ams-1", PROD_ORIGIN)),
    ("active_profile named default", "default", {}, ("fr-par-2", ROOT_ORIGIN)),
]


@pytest.mark.parametrize(
    ("active", "env", "expected"),
    [case[1:] for case in PROFILE_CASES],
    ids=[case[0] for case in PROFILE_CASES],
)
def test_profile_selection(
    tmp_path: Path, active: str, env: dict[str, str], expected: tuple[str, str]
) -> None:
    write(tmp_path, CONFIG.format(active=active))
    assert profile_zone(env, tmp_path) == expected


def test_no_configuration_file(tmp_path: Path) -> None:
    assert profile_zone({}, tmp_path) is None


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "access_key: SCWXXX\n"])
def test_no_default_zone(tmp_path: Path, text: str) -> None:
    write(tmp_path, text)
    assert profile_zone({}, tmp_path) is None


def test_scw_config_path_beats_xdg(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write(home, "default_zone: fr-par-1\n")
    write(tmp_path, "default_zone: pl-waw-1\n", "xdg/scw/config.yaml")
    elsewhere = write(tmp_path, "default_zone: nl-ams-2\n", "ci/scw.yaml")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert profile_zone(env, home) == (
        "pl-waw-1",
        f"default_zone of the default scw profile in {tmp_path / 'xdg/scw/config.yaml'}",
    )
    assert profile_zone({**env, "SCW_CONFIG_PATH": str(elsewhere)}, home) == (
        "nl-ams-2",
        f"default_zone of the default scw profile in {elsewhere}",
    )


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, "default_zone: fr-par-1\n")
    assert profile_zone({}, tmp_path) == ("fr-par-1", ROOT_ORIGIN)
    path.write_text("default_zone: fr-par-3\n# longer\n", encoding="utf-8")
    assert profile_zone({}, tmp_path) == ("fr-par-3", ROOT_ORIGIN)


# id, file text, environment, words the error must contain
ERROR_CASES = [
    ("not YAML", "default_zone: [fr-par-1\n", {}, "not valid YAML"),
    ("not a mapping", "- fr-par-1\n", {}, "not a mapping"),
    ("scalar document", "fr-par-1\n", {}, "not a mapping"),
    ("missing active profile", "active_profile: prod\n", {}, "scw profile prod does not exist"),
    ("missing SCW_PROFILE", "default_zone: fr-par-1\n", {"SCW_PROFILE": "ci"}, "profile ci"),
    ("profiles not a mapping", "active_profile: a\nprofiles: [a]\n", {}, "profiles is not"),
    ("profile not a mapping", "active_profile: a\nprofiles:\n  a: 3\n", {}, "profile a is not"),
    ("zone not a string", "default_zone: [1]\n", {}, "default_zone is not a string"),
    ("empty active profile", 'active_profile: ""\n', {}, "active_profile is empty"),
    ("too large", "# " + "x" * (1024 * 1024) + "\n", {}, "larger than 1 MiB"),
    ("deeply nested", "zone: " + "[" * 5000 + "]" * 5000, {}, "not valid YAML"),
]


@pytest.mark.parametrize(
    ("text", "env", "words"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_a_file_the_provider_refuses(
    tmp_path: Path, text: str, env: dict[str, str], words: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        profile_zone(env, tmp_path)
    assert str(error.value).startswith("~/.config/scw/config.yaml: ")
    assert words in str(error.value)


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b"default_zone: fr-par-1\xff\xfe\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        profile_zone({}, tmp_path)
