"""The Pulumi source's files: which project and stacks a set of files brings in, tokens,
reasons of unresolved values, the zone's precedence, errors with their line, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.test_pulumi import PROJECT, program, read

STACKS = {
    "Pulumi.yaml": program("image: ubuntu_jammy\ntype: DEV1-S\n"),
    "Pulumi.prod.yaml": "config:\n  scaleway:zone: fr-par-2\n",
    "Pulumi.dev.yaml": "config:\n  scaleway:zone: nl-ams-1\n",
}

GIVEN = [  # id, files given, addresses, not mine
    ("project-brings-every-stack", ["Pulumi.yaml"], ["proxy [stack dev]", "proxy [stack prod]"]),
    ("stack-alone-brings-its-project", ["Pulumi.prod.yaml"], ["proxy [stack prod]"]),
    (
        "all-given-once-each",
        ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"],
        ["proxy [stack dev]", "proxy [stack prod]"],
    ),
]


@pytest.mark.parametrize(("given", "addresses"), [c[1:] for c in GIVEN], ids=[c[0] for c in GIVEN])
def test_given_files(tmp_path: Path, given: list[str], addresses: list[str]) -> None:
    result = read(tmp_path, STACKS, given)
    assert sorted(i.address for i in result.instances) == addresses
    assert result.errors == () and result.not_mine == ()


def test_stack_alone_reads_its_own_zone(tmp_path: Path) -> None:
    (instance,) = read(tmp_path, STACKS, ["Pulumi.dev.yaml"]).instances
    zone = instance.values["zone"]
    assert (zone.text, zone.span and zone.span.path) == ("nl-ams-1", "Pulumi.dev.yaml")
    assert instance.span.path == "Pulumi.yaml"


TOKENS = [  # id, token, instance?, deprecated?
    ("short-token", "scaleway:instance:Server", True, False),
    ("full-token", "scaleway:instance/server:Server", True, False),
    ("pre-1.25-token", "scaleway:index/instanceServer:InstanceServer", True, True),
    ("pre-1.25-short-token", "scaleway:index:InstanceServer", True, True),
    ("other-scaleway-resource", "scaleway:instance/ip:Ip", False, False),
    ("baremetal-server", "scaleway:elasticmetal/server:Server", False, False),
]


@pytest.mark.parametrize(
    ("token", "instance", "deprecated"), [c[1:] for c in TOKENS], ids=[c[0] for c in TOKENS]
)
def test_tokens(tmp_path: Path, token: str, instance: bool, deprecated: bool) -> None:
    result = read(tmp_path, {"Pulumi.yaml": program("type: DEV1-S\n", token=token)})
    assert len(result.instances) == int(instance)
    assert result.not_mine == (() if instance else ("Pulumi.yaml",))
    if instance:
        assert (result.instances[0].deprecated is not None) is deprecated


def test_get_reads_an_existing_server(tmp_path: Path) -> None:
    text = (
        PROJECT + "resources:\n  old:\n    type: scaleway:instance:Server\n    get:\n      id: x\n"
    )
    assert read(tmp_path, {"Pulumi.yaml": text}).not_mine == ("Pulumi.yaml",)


REASONS = [  # id, properties, extra, attribute, reason
    (
        "resource-output",
        "type: ${ip.address}\n",
        "",
        "type",
        "${ip.address} is an output of resource ip, known only after `pulumi up`",
    ),
    (
        "invoke",
        "image:\n  fn::invoke:\n    function: scaleway:instance:getImage\n",
        "",
        "image",
        "the result of fn::invoke of scaleway:instance:getImage, a call made when Pulumi runs "
        "the program",
    ),
    (
        "other-function",
        "image:\n  fn::join: ['', [ubuntu, _jammy]]\n",
        "",
        "image",
        "computed by fn::join, which imagelint does not evaluate",
    ),
    (
        "unknown-name",
        "image: ${imag}\n",
        "",
        "image",
        "${imag} names no variable, config key or resource of the program",
    ),
    (
        "config-without-value",
        "type: ${size}\n",
        "config:\n  size:\n    type: string\n",
        "type",
        "config size has no default and no value in any stack",
    ),
    (
        "variable-cycle",
        "image: ${a}\n",
        "variables:\n  a: ${b}\n  b: x${a}\n",
        "image",
        "variables refer to each other: a -> b -> a",
    ),
    (
        "property-of-an-invoke-result",
        "image: ${golden.id}\n",
        "variables:\n  golden:\n    fn::invoke:\n      function: scaleway:instance:getImage\n",
        "image",
        "variable golden is the result of a call made when Pulumi runs",
    ),
    (
        "missing-key-of-a-variable",
        "image: ${os.name}\n",
        "variables:\n  os: {label: ubuntu_jammy}\n",
        "image",
        "variable os has no name",
    ),
    (
        "stack-name-without-stack",
        "image: ${pulumi.stack}\n",
        "",
        "image",
        "${pulumi.stack} names the stack, and the project has no stack file",
    ),
]


@pytest.mark.parametrize(
    ("properties", "extra", "attribute", "reason"),
    [c[1:] for c in REASONS],
    ids=[c[0] for c in REASONS],
)
def test_unresolved_reasons(
    tmp_path: Path, properties: str, extra: str, attribute: str, reason: str
) -> None:
    files = {"Pulumi.yaml": program(properties, extra=extra) + "  ip:\n    type: x:y:Z\n"}
    (instance,) = read(tmp_path, files).instances
    assert instance.values[attribute].reason == reason


ZONES = [  # id, env, stack zone or None, expected zone, origin
    ("stack-config", {}, "fr-par-2", "fr-par-2", "config scaleway:zone of stack prod"),
    # The bridged Terraform provider lets SCW_DEFAULT_ZONE beat its configuration.
    ("environment-beats-stack", {"SCW_DEFAULT_ZONE": "pl-waw-2"}, "fr-par-2", "pl-waw-2", None),
    ("environment-alone", {"SCW_DEFAULT_ZONE": "pl-waw-2"}, None, "pl-waw-2", None),
    ("provider-default", {}, None, "fr-par-1", "provider default"),
]


@pytest.mark.parametrize(
    ("env", "stack_zone", "zone", "origin"), [c[1:] for c in ZONES], ids=[c[0] for c in ZONES]
)
def test_zone_precedence(
    tmp_path: Path, env: dict[str, str], stack_zone: str | None, zone: str, origin: str | None
) -> None:
    config = f"config:\n  scaleway:zone: {stack_zone}\n" if stack_zone else "config: {}\n"
    files = {"Pulumi.yaml": program("type: DEV1-S\n"), "Pulumi.prod.yaml": config}
    (instance,) = read(tmp_path, files, env=env).instances
    value = instance.values["zone"]
    assert value.text == zone
    assert value.origin == (origin or "SCW_DEFAULT_ZONE")


FILES = [  # id, files, given, error (path, line) or None, notice?, not mine
    (
        "malformed-project",
        {"Pulumi.yaml": PROJECT + "resources:\n  proxy: [\n"},
        ["Pulumi.yaml"],
        ("Pulumi.yaml", 5),
        False,
        (),
    ),
    (
        "resources-not-a-mapping",
        {"Pulumi.yaml": PROJECT + "resources:\n  - proxy\n"},
        ["Pulumi.yaml"],
        ("Pulumi.yaml", 4),
        False,
        (),
    ),
    (
        "malformed-stack",
        {"Pulumi.yaml": STACKS["Pulumi.yaml"], "Pulumi.prod.yaml": "config:\n  a: [\n"},
        ["Pulumi.prod.yaml"],
        ("Pulumi.prod.yaml", 3),
        False,
        (),
    ),
    (
        "templated-project",
        {"Pulumi.yaml": PROJECT + "resources:\n{{ range .servers }}\n  x: {}\n{{ end }}\n"},
        ["Pulumi.yaml"],
        None,
        True,
        (),
    ),
    (
        "other-runtime",
        {"Pulumi.yaml": "name: a\nruntime: python\n", "Pulumi.prod.yaml": "config: {}\n"},
        ["Pulumi.prod.yaml"],
        None,
        False,
        ("Pulumi.prod.yaml",),
    ),
    (
        "stack-without-project",
        {"Pulumi.prod.yaml": "config: {}\n"},
        ["Pulumi.prod.yaml"],
        None,
        False,
        ("Pulumi.prod.yaml",),
    ),
    (
        "program-without-servers",
        {"Pulumi.yaml": PROJECT + "resources:\n  b:\n    type: scaleway:object:Bucket\n"},
        ["Pulumi.yaml"],
        None,
        False,
        ("Pulumi.yaml",),
    ),
]


@pytest.mark.parametrize(
    ("files", "given", "error", "notice", "not_mine"),
    [c[1:] for c in FILES],
    ids=[c[0] for c in FILES],
)
def test_files(
    tmp_path: Path,
    files: dict[str, str],
    given: list[str],
    error: tuple[str, int] | None,
    notice: bool,
    not_mine: tuple[str, ...],
) -> None:
    result = read(tmp_path, files, given)
    assert result.instances == ()
    assert [(e.path, e.line) for e in result.errors] == ([error] if error else [])
    assert bool(result.notices) is notice
    assert result.not_mine == not_mine


def test_a_long_chain_of_variables_is_bounded(tmp_path: Path) -> None:
    chain = "".join(f"  v{i}: ${{v{i + 1}}}\n" for i in range(2000)) + "  v2000: x\n"
    files = {"Pulumi.yaml": program("image: ${v0}\n", extra="variables:\n" + chain)}
    (instance,) = read(tmp_path, files).instances
    image = instance.values["image"]
    assert (image.kind, image.reason) == (
        "unsupported",
        "variables refer to variables more than 100 levels deep",
    )
