"""The zone of a resource that sets none: environment, provider block, CLI profile, fr-par-1."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.model import Span, Value
from imagelint.terraform.zone_policy import default_zone

WRITTEN = Span(path="providers.tf", line=3, column=10, end_line=3, end_column=20)
PROVIDER = Value.of("nl-ams-1", WRITTEN, origin="resource")
UNKNOWN_PROVIDER = Value.unknown("var.zone has no value", WRITTEN, kind="no-value")
PROFILE = "default_zone: pl-waw-1\n"
PROFILE_ORIGIN = "default_zone of the default scw profile in ~/.config/scw/config.yaml"

# id, SCW_DEFAULT_ZONE (None: unset), provider zone, profile file, expected text, origin
KNOWN_CASES = [
    ("environment beats provider", "fr-par-2", PROVIDER, PROFILE, "fr-par-2", "SCW_DEFAULT_ZONE"),
    (
        "environment beats unknown",
        "fr-par-2",
        UNKNOWN_PROVIDER,
        None,
        "fr-par-2",
        "SCW_DEFAULT_ZONE",
    ),
    ("provider beats profile", None, PROVIDER, PROFILE, "nl-ams-1", "provider zone"),
    ("empty environment is unset", "", PROVIDER, None, "nl-ams-1", "provider zone"),
    ("profile", None, None, PROFILE, "pl-waw-1", PROFILE_ORIGIN),
    ("empty provider zone is unset", None, Value.of("", None), PROFILE, "pl-waw-1", PROFILE_ORIGIN),
    ("provider default", None, None, None, "fr-par-1", "provider default"),
    (
        "well-formed unknown zone",
        None,
        Value.of("xx-abc-9", None),
        None,
        "xx-abc-9",
        "provider zone",
    ),
]


def home_with(tmp_path: Path, profile: str | None) -> Path:
    if profile is not None:
        path = tmp_path / ".config" / "scw" / "config.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(profile, encoding="utf-8")
    return tmp_path


def env_with(zone: str | None) -> dict[str, str]:
    # A region never gives a zone: it is there to prove it is ignored.
    env = {"SCW_DEFAULT_REGION": "nl-ams", "HOME": "/nonexistent"}
    return env if zone is None else {**env, "SCW_DEFAULT_ZONE": zone}


@pytest.mark.parametrize(
    ("from_env", "provider", "profile", "text", "origin"),
    [case[1:] for case in KNOWN_CASES],
    ids=[case[0] for case in KNOWN_CASES],
)
def test_zone_order(
    tmp_path: Path,
    from_env: str | None,
    provider: Value | None,
    profile: str | None,
    text: str,
    origin: str,
) -> None:
    zone = default_zone(env_with(from_env), provider, home_with(tmp_path, profile))
    assert (zone.text, zone.origin) == (text, origin)


def test_the_provider_zone_keeps_where_it_was_written(tmp_path: Path) -> None:
    zone = default_zone({}, PROVIDER, tmp_path)
    assert zone.span == WRITTEN


def test_an_unknown_provider_zone_stays_unknown(tmp_path: Path) -> None:
    zone = default_zone({}, UNKNOWN_PROVIDER, home_with(tmp_path, PROFILE))
    assert (zone.known, zone.kind, zone.reason) == (False, "no-value", "var.zone has no value")
    assert zone.origin == "provider zone"


# id, SCW_DEFAULT_ZONE, provider zone, profile file, words of the reason
INVALID_CASES = [
    ("legacy environment zone", "par1", None, None, 'SCW_DEFAULT_ZONE "par1" is not a zone'),
    ("legacy provider zone", None, Value.of("ams1", WRITTEN), None, "legacy name"),
    ("legacy profile zone", None, None, "default_zone: par1\n", "invalid default zone format"),
    ("malformed environment", "Paris", PROVIDER, None, '"Paris" is not a zone'),
    ("broken profile file", None, None, "profiles: [\n", "~/.config/scw/config.yaml"),
]


@pytest.mark.parametrize(
    ("from_env", "provider", "profile", "words"),
    [case[1:] for case in INVALID_CASES],
    ids=[case[0] for case in INVALID_CASES],
)
def test_a_default_zone_the_provider_refuses(
    tmp_path: Path, from_env: str | None, provider: Value | None, profile: str | None, words: str
) -> None:
    zone = default_zone(env_with(from_env), provider, home_with(tmp_path, profile))
    assert (zone.known, zone.kind) == (False, "invalid")
    assert zone.reason is not None and words in zone.reason


def test_a_broken_profile_does_not_matter_when_the_environment_decides(tmp_path: Path) -> None:
    zone = default_zone(env_with("fr-par-3"), None, home_with(tmp_path, "profiles: [\n"))
    assert zone.text == "fr-par-3"
