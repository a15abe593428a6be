"""The Pulumi YAML source: detection, resource tokens, properties, stacks as variants, zone
defaults, interpolation of variables and config, and what stays unresolved."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from imagelint.files import Scope
from imagelint.model import Instance
from imagelint.pulumi import source
from imagelint.source_api import Candidate, ReadContext, SourceResult

PROJECT = "name: edge\nruntime: yaml\n"


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def read(
    root: Path,
    files: Mapping[str, str],
    given: list[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> SourceResult:
    """Write `files` and read `given` of them (default: all) as a check offers them."""
    write(root, files)
    scope = Scope([root], cwd=root, max_file_bytes=5_000_000)
    names = given if given is not None else list(files)
    candidates = [Candidate(root / n, shown=n, given=True, scope=scope) for n in names]
    context = ReadContext(cwd=root, env=dict(env or {}), home=None, scope=scope)
    return source.read(candidates, context)


Seen = tuple[str | None, str | None, int | None, str]


def seen(instance: Instance) -> dict[str, Seen]:
    """Each value as (text, or "?" + kind, file, line, origin)."""
    out: dict[str, Seen] = {}
    for key, value in instance.values.items():
        shown = value.text if value.known else f"?{value.kind}"
        span = value.span
        out[key] = (shown, span.path if span else None, span.line if span else None, value.origin)
    return out


def program(properties: str, extra: str = "", token: str = "scaleway:instance:Server") -> str:
    body = "".join(f"      {line}\n" for line in properties.splitlines())
    return f"{PROJECT}{extra}resources:\n  proxy:\n    type: {token}\n    properties:\n{body}"


DETECTION = [  # id, name, text, claimed
    ("yaml-runtime", "Pulumi.yaml", PROJECT, True),
    ("yml-name", "Pulumi.yml", PROJECT, True),
    ("runtime-object-flow", "Pulumi.yaml", "name: a\nruntime: {name: yaml}\n", True),
    ("runtime-object-block", "Pulumi.yaml", "name: a\nruntime:\n  name: yaml\n", True),
    ("nodejs-runtime", "Pulumi.yaml", "name: a\nruntime: nodejs\n", False),
    ("block-runtime-nodejs", "Pulumi.yaml", "runtime:\n  name: nodejs\n  options: {}\n", False),
    ("stack-file", "Pulumi.prod.yaml", "config:\n  scaleway:zone: fr-par-2\n", True),
    ("stack-file-with-salt-only", "Pulumi.dev.yaml", "encryptionsalt: v1:abc\n", True),
    ("other-yaml", "values.yaml", PROJECT, False),
    ("lowercase-name", "pulumi.yaml", PROJECT, False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"), [c[1:] for c in DETECTION], ids=[c[0] for c in DETECTION]
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    write(tmp_path, {name: text})
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=5_000_000)
    file = Candidate(tmp_path / name, shown=name, given=True, scope=scope)
    assert (source.wants(name) and source.detect(file)) is claimed


DEFAULT_ZONE: Seen = ("fr-par-1", None, None, "provider default")

FIELDS = [  # id, files, {address: {attribute: seen}}
    (
        "literal-properties",
        {
            "Pulumi.yaml": program(
                "image: ubuntu_jammy\ntype: DEV1-S\nzone: fr-par-2\n"
                "rootVolume:\n  volumeType: l_ssd\n  sizeInGb: 20\n"
            )
        },
        {
            "proxy": {
                "image": ("ubuntu_jammy", "Pulumi.yaml", 7, "resource"),
                "type": ("DEV1-S", "Pulumi.yaml", 8, "resource"),
                "zone": ("fr-par-2", "Pulumi.yaml", 9, "resource"),
                "volume_type": ("l_ssd", "Pulumi.yaml", 11, "resource"),
            }
        },
    ),
    (
        "full-token-and-provider-default-zone",
        {"Pulumi.yaml": program("type: DEV1-S\n", token="scaleway:instance/server:Server")},
        {"proxy": {"type": ("DEV1-S", "Pulumi.yaml", 7, "resource"), "zone": DEFAULT_ZONE}},
    ),
    (
        "one-instance-per-stack-file",
        {
            "Pulumi.yaml": program("type: DEV1-S\n"),
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: fr-par-2\n",
            "Pulumi.dev.yaml": "config:\n  edge:other: 1\n",
        },
        {
            "proxy [stack dev]": {
                "type": ("DEV1-S", "Pulumi.yaml", 7, "resource"),
                "zone": DEFAULT_ZONE,
            },
            "proxy [stack prod]": {
                "type": ("DEV1-S", "Pulumi.yaml", 7, "resource"),
                "zone": ("fr-par-2", "Pulumi.prod.yaml", 2, "config scaleway:zone of stack prod"),
            },
        },
    ),
    (
        "project-level-provider-zone",
        {"Pulumi.yaml": program("type: DEV1-S\n", extra="config:\n  scaleway:zone: nl-ams-1\n")},
        {
            "proxy": {
                "type": ("DEV1-S", "Pulumi.yaml", 9, "resource"),
                "zone": ("nl-ams-1", "Pulumi.yaml", 4, "config scaleway:zone in Pulumi.yaml"),
            }
        },
    ),
    (
        "stack-zone-beats-project-zone",
        {
            "Pulumi.yaml": program("image: x\n", extra="config:\n  scaleway:zone: nl-ams-1\n"),
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: pl-waw-1\n",
        },
        {
            "proxy [stack prod]": {
                "image": ("x", "Pulumi.yaml", 9, "resource"),
                "zone": ("pl-waw-1", "Pulumi.prod.yaml", 2, "config scaleway:zone of stack prod"),
            }
        },
    ),
    (
        "explicit-provider-resource",
        {
            "Pulumi.yaml": PROJECT
            + "resources:\n  par2:\n    type: pulumi:providers:scaleway\n"
            + "    properties:\n      zone: fr-par-2\n"
            + "  proxy:\n    type: scaleway:instance:Server\n"
            + "    properties:\n      image: x\n    options:\n      provider: ${par2}\n",
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: pl-waw-1\n",
        },
        {
            "proxy [stack prod]": {
                "image": ("x", "Pulumi.yaml", 11, "resource"),
                "zone": ("fr-par-2", "Pulumi.yaml", 7, "provider par2"),
            }
        },
    ),
    (
        "explicit-provider-without-zone-ignores-stack-config",
        {
            "Pulumi.yaml": PROJECT
            + "resources:\n  plain:\n    type: pulumi:providers:scaleway\n"
            + "  proxy:\n    type: scaleway:instance:Server\n"
            + "    properties:\n      image: x\n    options:\n      provider: ${plain}\n",
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: pl-waw-1\n",
        },
        {
            "proxy [stack prod]": {
                "image": ("x", "Pulumi.yaml", 9, "resource"),
                "zone": DEFAULT_ZONE,
            }
        },
    ),
    (
        "provider-config-key-in-a-property",
        {
            "Pulumi.yaml": program("zone: ${scaleway:zone}\n"),
            "Pulumi.prod.yaml": "config:\n  scaleway:zone: pl-waw-1\n",
        },
        {
            "proxy [stack prod]": {
                "zone": ("pl-waw-1", "Pulumi.prod.yaml", 2, "config scaleway:zone of stack prod")
            }
        },
    ),
    (
        "variables-and-nested-interpolation",
        {
            "Pulumi.yaml": program(
                "image: ${os}\ntype: ${sizes.web}\nzone: ${place[0]}\n",
                extra="variables:\n  release: jammy\n  os: ubuntu_${release}\n"
                "  sizes: {web: DEV1-M}\n  place: [fr-par-3]\n",
            )
        },
        {
            "proxy": {
                "image": ("ubuntu_jammy", "Pulumi.yaml", 5, "variables.os"),
                "type": ("DEV1-M", "Pulumi.yaml", 6, "variables.sizes"),
                "zone": ("fr-par-3", "Pulumi.yaml", 7, "variables.place"),
            }
        },
    ),
    (
        "config-defaults-and-stack-values",
        {
            "Pulumi.yaml": program(
                "image: ${image}\ntype: ${size}\n",
                extra="config:\n  image:\n    type: string\n    default: ubuntu_noble\n"
                "  size:\n    default: DEV1-S\n",
            ),
            "Pulumi.prod.yaml": "config:\n  edge:size: GP1-S\n",
            "Pulumi.dev.yaml": "config:\n  image: ubuntu_focal\n",
        },
        {
            "proxy [stack dev]": {
                "image": ("ubuntu_focal", "Pulumi.dev.yaml", 2, "config image of stack dev"),
                "type": ("DEV1-S", "Pulumi.yaml", 8, "config size default in Pulumi.yaml"),
                "zone": DEFAULT_ZONE,
            },
            "proxy [stack prod]": {
                "image": ("ubuntu_noble", "Pulumi.yaml", 6, "config image default in Pulumi.yaml"),
                "type": ("GP1-S", "Pulumi.prod.yaml", 2, "config edge:size of stack prod"),
                "zone": DEFAULT_ZONE,
            },
        },
    ),
    (
        "pulumi-stack-builtin-and-escape",
        {
            "Pulumi.yaml": program(
                "image: img_${pulumi.stack}\ntype: $${literal}\n",
            ),
            "Pulumi.prod.yaml": "config: {}\n",
        },
        {
            "proxy [stack prod]": {
                "image": ("img_prod", "Pulumi.yaml", 7, "resource"),
                "type": ("${literal}", "Pulumi.yaml", 8, "resource"),
                "zone": DEFAULT_ZONE,
            }
        },
    ),
    (
        "unresolved-reasons",
        {
            "Pulumi.yaml": program(
                "image:\n  fn::invoke:\n    function: scaleway:instance:getImage\n"
                "type: ${ip.id}\nzone: ${nowhere}\nrootVolume:\n  volumeType:\n"
                "    fn::select: [0, [l_ssd]]\n",
                extra="config:\n  secret:\n    type: string\n",
            )
            + "  ip:\n    type: scaleway:instance/ip:Ip\n",
        },
        {
            "proxy": {
                "image": ("?data-source", "Pulumi.yaml", 11, "resource"),
                "type": ("?apply-time", "Pulumi.yaml", 13, "resource"),
                "zone": ("?invalid", "Pulumi.yaml", 14, "resource"),
                "volume_type": ("?unknown-function", "Pulumi.yaml", 17, "resource"),
            }
        },
    ),
    (
        "config-without-value-cycle-secret",
        {
            "Pulumi.yaml": program(
                "image: ${a}\ntype: ${size}\nzone: ${token}\n",
                extra="config:\n  size:\n    type: string\nvariables:\n  a: ${b}\n  b: ${a}\n",
            ),
            "Pulumi.prod.yaml": "config:\n  edge:token:\n    secure: AAABAJ+x\n",
        },
        {
            "proxy [stack prod]": {
                "image": ("?cycle", "Pulumi.yaml", 8, "resource"),
                "type": ("?no-value", "Pulumi.yaml", 5, "resource"),
                "zone": ("?unsupported", "Pulumi.prod.yaml", 3, "config edge:token of stack prod"),
            }
        },
    ),
    (
        "wrong-shapes",
        {"Pulumi.yaml": program("image: [a, b]\nrootVolume:\n  - volumeType: l_ssd\n")},
        {
            "proxy": {
                "image": ("?invalid", "Pulumi.yaml", 7, "resource"),
                "volume_type": ("?invalid", "Pulumi.yaml", 9, "resource"),
                "zone": DEFAULT_ZONE,
            }
        },
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS])
def test_fields(
    tmp_path: Path, files: dict[str, str], expected: dict[str, dict[str, Seen]]
) -> None:
    result = read(tmp_path, files)
    assert result.errors == () and result.not_mine == ()
    assert {i.address: seen(i) for i in result.instances} == expected
