"""The Crossplane source: detection, Server fields (forProvider, initProvider), addresses,
the zone from credentials, Composition bases and their patches, errors and templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagelint.files import Scope
from imagelint.kube import crossplane
from imagelint.model import Instance
from imagelint.source_api import Candidate, ReadContext, SourceResult

CLUSTER = "apiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: Server\n"
NAMESPACED = "apiVersion: instance.scaleway.m.upbound.io/v1alpha1\nkind: Server\n"
DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n"
    "spec:\n  template:\n    spec:\n      containers:\n        - image: nginx:1.27\n"
)


def read(root: Path, files: dict[str, str], *, default_zone: str | None = None) -> SourceResult:
    scope = Scope([root], cwd=root, max_file_bytes=5_000_000)
    candidates = []
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        candidates.append(Candidate(root / name, shown=name, given=True, scope=scope))
    context = ReadContext(cwd=root, env={}, home=None, scope=scope, default_zone=default_zone)
    return crossplane.read(candidates, context)


def by_address(result: SourceResult) -> dict[str, Instance]:
    return {i.address: i for i in result.instances}


Seen = tuple[str | None, int | None, int | None, str]


def seen(instance: Instance) -> dict[str, Seen]:
    """Each value as (text, or "?" + kind when unknown, line, column, origin)."""
    out: dict[str, Seen] = {}
    for key, value in instance.values.items():
        shown = value.text if value.known else f"?{value.kind}"
        span = value.span
        out[key] = (shown, span.line if span else None, span.column if span else None, value.origin)
    return out


DETECTION = [  # id, name, text, claimed
    ("cluster-scoped-server", "servers.yaml", CLUSTER, True),
    ("namespaced-server", "server.yml", NAMESPACED, True),
    (
        "provider-config-mentions-the-group",
        "pc.yaml",
        "apiVersion: scaleway.upbound.io/v1beta1\n",
        True,
    ),
    ("after-other-documents", "all.yaml", DEPLOYMENT * 60 + "---\n" + CLUSTER, True),
    ("kubernetes-deployment", "deploy.yaml", DEPLOYMENT, False),
    ("github-workflow", "ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n", False),
    ("not-yaml-by-name", "server.json", CLUSTER, False),
    ("hidden-file", ".server.yaml", CLUSTER, False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"), [c[1:] for c in DETECTION], ids=[c[0] for c in DETECTION]
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=5_000_000)
    file = Candidate(tmp_path / name, shown=name, given=True, scope=scope)
    assert (crossplane.wants(name) and crossplane.detect(file)) is claimed


CREDENTIALS = "?no-value"

FIELDS = [  # id, text, default zone, {address: {attribute: seen}}
    (
        "every-field-with-its-position",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n    image: ubuntu_jammy\n"
        + "    type: DEV1-S\n    zone: fr-par-2\n    rootVolume:\n      - volumeType: l_ssd\n",
        None,
        {
            "Server/web": {
                "image": ("ubuntu_jammy", 7, 12, "resource"),
                "type": ("DEV1-S", 8, 11, "resource"),
                "zone": ("fr-par-2", 9, 11, "resource"),
                "volume_type": ("l_ssd", 11, 21, "resource"),
            }
        },
    ),
    (
        "namespaced-address",
        NAMESPACED
        + "metadata:\n  name: api\n  namespace: team-a\nspec:\n  forProvider:\n"
        + "    image: ubuntu_jammy\n    type: DEV1-S\n    zone: fr-par-1\n",
        None,
        {
            "Server/team-a/api": {
                "image": ("ubuntu_jammy", 8, 12, "resource"),
                "type": ("DEV1-S", 9, 11, "resource"),
                "zone": ("fr-par-1", 10, 11, "resource"),
            }
        },
    ),
    (
        "init-provider-fills-what-for-provider-lacks",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  initProvider:\n    image: debian_bullseye\n"
        + "    zone: nl-ams-1\n    rootVolume: [{volumeType: sbs_volume}]\n"
        + "  forProvider:\n    image: ubuntu_jammy\n    type: DEV1-S\n",
        None,
        {
            "Server/web": {
                "image": ("ubuntu_jammy", 11, 12, "resource"),
                "type": ("DEV1-S", 12, 11, "resource"),
                "zone": ("nl-ams-1", 8, 11, "spec.initProvider"),
                "volume_type": ("sbs_volume", 9, 31, "spec.initProvider"),
            }
        },
    ),
    (
        "zone-from-provider-config-credentials",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n    image: ubuntu_jammy\n"
        + "    type: DEV1-S\n  providerConfigRef:\n    name: prod\n",
        None,
        {
            "Server/web": {
                "image": ("ubuntu_jammy", 7, 12, "resource"),
                "type": ("DEV1-S", 8, 11, "resource"),
                "zone": (CREDENTIALS, None, None, "ProviderConfig prod"),
            }
        },
    ),
    (
        "default-zone-given",
        CLUSTER + "metadata:\n  name: web\nspec:\n  forProvider:\n    type: DEV1-S\n",
        "pl-waw-1",
        {
            "Server/web": {
                "type": ("DEV1-S", 7, 11, "resource"),
                "zone": ("pl-waw-1", None, None, "--default-zone"),
            }
        },
    ),
    (
        "written-zone-beats-default-zone",
        CLUSTER + "metadata:\n  name: web\nspec:\n  forProvider:\n    zone: fr-par-3\n",
        "pl-waw-1",
        {"Server/web": {"zone": ("fr-par-3", 7, 11, "resource")}},
    ),
    (
        "wrong-shapes-are-invalid-values",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n    image: [ubuntu_jammy]\n"
        + "    zone: fr-par-1\n    rootVolume:\n      volumeType: l_ssd\n",
        None,
        {
            "Server/web": {
                "image": ("?invalid", 7, 12, "resource"),
                "zone": ("fr-par-1", 8, 11, "resource"),
                "volume_type": ("?invalid", 10, 7, "resource"),
            }
        },
    ),
    (
        "template-expression-in-a-value",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n"
        + '    image: "{{ .Values.image }}"\n    zone: fr-par-1\n',
        None,
        {
            "Server/web": {
                "image": ("?unsupported", 7, 12, "resource"),
                "zone": ("fr-par-1", 8, 11, "resource"),
            }
        },
    ),
    (
        "unquoted-template-expression-that-parses",
        CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n"
        + "    image: {{ .Values.image }}\n    zone: fr-par-1\n",
        None,
        {
            "Server/web": {
                "image": ("?unsupported", 7, 12, "resource"),
                "zone": ("fr-par-1", 8, 11, "resource"),
            }
        },
    ),
    (
        "only-instance-servers-among-other-kinds",
        DEPLOYMENT
        + "---\napiVersion: baremetal.scaleway.upbound.io/v1alpha1\nkind: Server\n"
        + "metadata:\n  name: metal\nspec:\n  forProvider:\n    offer: EM-A115X-SSD\n"
        + "---\napiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: IP\n"
        + "metadata:\n  name: ip\n---\n"
        + CLUSTER
        + "metadata:\n  name: web\nspec:\n  forProvider:\n    zone: fr-par-1\n",
        None,
        {"Server/web": {"zone": ("fr-par-1", 30, 11, "resource")}},
    ),
    (
        "unnamed-server",
        CLUSTER + "spec:\n  forProvider:\n    zone: fr-par-1\n",
        None,
        {"Server/(unnamed, document 1)": {"zone": ("fr-par-1", 5, 11, "resource")}},
    ),
]


@pytest.mark.parametrize(
    ("text", "default_zone", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS]
)
def test_fields(
    tmp_path: Path, text: str, default_zone: str | None, expected: dict[str, dict[str, Seen]]
) -> None:
    result = read(tmp_path, {"servers.yaml": text}, default_zone=default_zone)
    assert result.errors == () and result.not_mine == ()
    assert {address: seen(i) for address, i in by_address(result).items()} == expected


def test_instance_record(tmp_path: Path) -> None:
    text = CLUSTER + "metadata:\n  name: web\nspec:\n  forProvider:\n    zone: fr-par-1\n"
    (instance,) = read(tmp_path, {"servers.yaml": text}).instances
    assert (instance.source, instance.span.line, instance.span.column) == ("crossplane", 2, 1)
    assert instance.model is not None and "2.79" in instance.model.name
    assert instance.model.rewrite_dashes
    assert instance.phrasing.name("type") == "spec.forProvider.type"
    assert instance.phrasing.name("volume_type") == "spec.forProvider.rootVolume[0].volumeType"
    assert instance.phrasing.setting("volume_type", "l_ssd") == "rootVolume: [{volumeType: l_ssd}]"
    assert instance.phrasing.setting("image", "ubuntu_noble") == "image: ubuntu_noble"


def test_missing_zone_reason_names_the_provider_config(tmp_path: Path) -> None:
    text = (
        NAMESPACED + "metadata:\n  name: web\n  namespace: a\nspec:\n  forProvider: {}\n"
        "  providerConfigRef:\n    kind: ClusterProviderConfig\n    name: shared\n"
    )
    (instance,) = read(tmp_path, {"s.yaml": text}).instances
    reason = instance.values["zone"].reason or ""
    assert "ClusterProviderConfig shared" in reason and "--default-zone" in reason


@pytest.mark.parametrize(
    ("head", "config"),
    [(CLUSTER, "ProviderConfig default"), (NAMESPACED, "ClusterProviderConfig default")],
    ids=["cluster-scoped", "namespaced"],
)
def test_provider_config_defaults_of_the_crds(tmp_path: Path, head: str, config: str) -> None:
    text = head + "metadata:\n  name: web\nspec:\n  forProvider: {}\n"
    (instance,) = read(tmp_path, {"s.yaml": text}).instances
    assert instance.values["zone"].origin == config
