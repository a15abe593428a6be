"""A server's zone as the provider gives it: the resource's own, SCW_DEFAULT_ZONE, the zone
of the provider configuration it uses (possibly aliased, possibly in another file), the
scw CLI profile, fr-par-1."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.terraform.zone_policy import default_zone
from tests.terraform.module_text import (
    Where,
    all_files,
    instances,
    only,
    server,
    variable,
    where,
)
from tests.terraform_oracle import fmt_rejects

PAR3 = '\nprovider "scaleway" {\n  zone = "fr-par-3"\n}\n'
PROVIDERS = (
    'provider "scaleway" {\n  zone = "fr-par-1"\n}\n\n'
    'provider "scaleway" {\n  alias = "par2"\n  zone  = "fr-par-2"\n}\n'
)
PROFILE = {"home/.config/scw/config.yaml": "default_zone: pl-waw-1\n"}
ENV_ZONE = {"SCW_DEFAULT_ZONE": "pl-waw-2"}

# id, module (main.tf, or files by name), environment, expected zone, where it was written
# (None: written nowhere, a default)
KNOWN: list[tuple[str, str | dict[str, str], dict[str, str], str, Where | None]] = [
    ("resource", server('zone = "nl-ams-1"'), {}, "nl-ams-1", ("main.tf", 2, 10, 2, 20)),
    (
        "resource-beats-provider",
        server('zone = "nl-ams-1"') + PAR3,
        {},
        "nl-ams-1",
        ("main.tf", 2, 10, 2, 20),
    ),
    (
        "null-falls-back-to-provider",
        server("zone = null") + PAR3,
        {},
        "fr-par-3",
        ("main.tf", 6, 10, 6, 20),
    ),
    (
        "provider-in-another-file",
        {
            "main.tf": server('image = "x"'),
            "providers.tf": '# the provider\nprovider "scaleway" {\n  zone = "fr-par-2"\n}\n',
        },
        {},
        "fr-par-2",
        ("providers.tf", 3, 10, 3, 20),
    ),
    (
        "provider-zone-from-a-variable",
        server('image = "x"')
        + '\nprovider "scaleway" {\n  zone = var.zone\n}\n'
        + variable("zone", '"nl-ams-2"'),
        {},
        "nl-ams-2",
        ("main.tf", 10, 13, 10, 23),
    ),
    (
        "aliased-provider",
        {"main.tf": server("provider = scaleway.par2"), "providers.tf": PROVIDERS},
        {},
        "fr-par-2",
        ("providers.tf", 7, 11, 7, 21),
    ),
    (
        "default-provider-beside-an-alias",
        {"main.tf": server('image = "x"'), "providers.tf": PROVIDERS},
        {},
        "fr-par-1",
        ("providers.tf", 2, 10, 2, 20),
    ),
    (
        "quoted-legacy-alias",
        {"main.tf": server('provider = "scaleway.par2"'), "providers.tf": PROVIDERS},
        {},
        "fr-par-2",
        ("providers.tf", 7, 11, 7, 21),
    ),
    # The provider merges default < config file < provider block < environment.
    ("environment-beats-provider", server() + PAR3, ENV_ZONE, "pl-waw-2", None),
    (
        "resource-beats-environment",
        server('zone = "nl-ams-1"'),
        ENV_ZONE,
        "nl-ams-1",
        ("main.tf", 2, 10, 2, 20),
    ),
    (
        "environment-beats-an-unknown-provider-zone",
        server() + '\nprovider "scaleway" {\n  zone = var.zone\n}\n' + variable("zone"),
        ENV_ZONE,
        "pl-waw-2",
        None,
    ),
    ("profile", {"main.tf": server(), **PROFILE}, {}, "pl-waw-1", None),
    (
        "provider-beats-profile",
        {"main.tf": server() + PAR3, **PROFILE},
        {},
        "fr-par-3",
        ("main.tf", 5, 10, 5, 20),
    ),
    # A region is no zone, whether in the provider block or the environment.
    (
        "provider-region",
        server() + '\nprovider "scaleway" {\n  region = "nl-ams"\n}\n',
        {"SCW_DEFAULT_REGION": "pl-waw"},
        "fr-par-1",
        None,
    ),
]


@pytest.mark.parametrize(
    ("case", "env", "expected", "written"), [c[1:] for c in KNOWN], ids=[c[0] for c in KNOWN]
)
def test_zones(
    tmp_path: Path,
    case: str | dict[str, str],
    env: dict[str, str],
    expected: str,
    written: Where | None,
) -> None:
    instance = only(tmp_path, case, env)
    zone = instance.values["zone"]
    assert (zone.text, zone.reason) == (expected, None)
    assert (where(zone.span) if zone.span else None) == written
    # A finding points where the zone was written, even in another file; else at the server.
    assert instance.position_of("zone") == (zone.span or instance.span)


@pytest.mark.parametrize(
    "case",
    [
        server(),
        server("provider = scaleway") + '\nprovider "scaleway" {\n  region = "fr-par"\n}\n',
        server("provider = scaleway.par2") + '\nprovider "scaleway" {\n  alias = "par2"\n}\n',
        server() + '\nprovider "scaleway" {\n  zone = null\n}\n',
        server() + '\nprovider "scaleway" {\n  zone = ""\n}\n',
    ],
    ids=["nothing", "explicit-default-provider", "aliased-without-zone", "null-zone", "empty-zone"],
)
def test_provider_blocks_without_a_zone_give_the_default_zone(tmp_path: Path, case: str) -> None:
    zone = only(tmp_path, case).values["zone"]
    assert zone == default_zone({}, None, tmp_path / "home")
    assert (zone.text, zone.span) == ("fr-par-1", None)


def test_the_environment_zone_is_the_default_zone_policy(tmp_path: Path) -> None:
    zone = only(tmp_path, server() + PAR3, ENV_ZONE).values["zone"]
    assert zone == default_zone(ENV_ZONE, None, tmp_path / "home")


def test_each_server_uses_its_own_provider_configuration(tmp_path: Path) -> None:
    servers = server("provider = scaleway.par2", name="b") + "\n" + server(name="a")
    b, a = instances(tmp_path, {"main.tf": servers, "providers.tf": PROVIDERS})
    assert (b.address, b.values["zone"].text) == ("scaleway_instance_server.b", "fr-par-2")
    assert (a.address, a.values["zone"].text) == ("scaleway_instance_server.a", "fr-par-1")


# id, module, kind, a key fragment of the reason, where the unknown is shown
UNKNOWN: list[tuple[str, str, str, str, Where]] = [
    (
        "variable-not-declared",
        server('image = "x"') + '\nprovider "scaleway" {\n  zone = var.zone\n}\n',
        "invalid",
        'var.zone: no variable "zone" is declared',
        ("main.tf", 6, 10, 6, 18),
    ),
    (
        "variable-without-value",
        server('image = "x"')
        + '\nprovider "scaleway" {\n  zone = var.zone\n}\n'
        + variable("zone"),
        "no-value",
        "var.zone has no value",
        ("main.tf", 9, 1, 9, 16),
    ),
    (
        "missing-alias",
        server("provider = scaleway.par2"),
        "invalid",
        "provider scaleway.par2 is not configured in this module",
        ("main.tf", 2, 14, 2, 27),
    ),
    (
        "other-provider",
        server("provider = google.x"),
        "invalid",
        "provider = google.x is not a scaleway provider",
        ("main.tf", 2, 14, 2, 22),
    ),
    (
        "configured-twice",
        server() + '\nprovider "scaleway" {}\n\nprovider "scaleway" {}\n',
        "invalid",
        "provider scaleway is configured twice",
        ("main.tf", 6, 1, 6, 20),
    ),
    (
        "legacy-zone-as-default",
        server() + '\nprovider "scaleway" {\n  zone = "par1"\n}\n',
        "invalid",
        "the legacy name is accepted only in a resource's own zone",
        ("main.tf", 5, 10, 5, 16),
    ),
]


@pytest.mark.parametrize(
    ("case", "kind", "reason", "shown"), [c[1:] for c in UNKNOWN], ids=[c[0] for c in UNKNOWN]
)
def test_unknown_zones(tmp_path: Path, case: str, kind: str, reason: str, shown: Where) -> None:
    zone = only(tmp_path, case).values["zone"]
    assert zone.text is None and zone.reason is not None
    assert (zone.kind, reason in zone.reason) == (kind, True), zone.reason
    assert where(zone.span) == shown


def test_every_case_is_valid_terraform() -> None:
    cases = {c[0]: c[1] for c in [*KNOWN, *UNKNOWN]}
    assert fmt_rejects(all_files(cases)) == set()
