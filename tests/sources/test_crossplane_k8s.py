"""The shared Kubernetes-manifest helpers (imagelint.kube._k8s) other kube sources use."""

from __future__ import annotations

import pytest

from imagelint.kube._k8s import identify, objects, path, scalar_text, step_text
from imagelint.parsers.yaml_tree import load_yaml

TEXT = """\
apiVersion: instance.scaleway.m.upbound.io/v1alpha1
kind: Server
metadata:
  name: web
  namespace: team-a
spec:
  forProvider:
    rootVolume:
      - volumeType: l_ssd
      - volumeType: sbs_volume
    image: ~
    tags: [a]
---
- not an object
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: {}
---
kind: NoApiVersion
---
apiVersion: a/b/c
kind: BadApiVersion
---
"""


def test_objects() -> None:
    found = objects(load_yaml("m.yaml", TEXT))
    assert [(o.api_group, o.version, o.kind, o.name, o.namespace) for o in found] == [
        ("instance.scaleway.m.upbound.io", "v1alpha1", "Server", "web", "team-a"),
        ("", "v1", "ConfigMap", "settings", None),
    ]
    server, config_map = found
    span = server.header_span
    assert (span.path, span.line, span.column, span.end_line, span.end_column) == (
        "m.yaml",
        2,
        1,
        2,
        13,
    )
    assert (server.doc.index, config_map.doc.index) == (0, 2)


SERVER = load_yaml("m.yaml", TEXT)[0].root

PATHS = [  # id, steps, scalar text, or None for no node
    ("list-index", ("spec", "forProvider", "rootVolume", 1, "volumeType"), "sbs_volume"),
    ("negative-index", ("spec", "forProvider", "rootVolume", -1, "volumeType"), "sbs_volume"),
    ("index-out-of-range", ("spec", "forProvider", "rootVolume", 2, "volumeType"), None),
    ("index-into-a-mapping", ("spec", 0), None),
    ("key-into-a-list", ("spec", "forProvider", "rootVolume", "volumeType"), None),
    ("missing-key", ("spec", "initProvider", "image"), None),
    ("null-is-none", ("spec", "forProvider", "image"), None),
    ("through-a-scalar", ("metadata", "name", "x"), None),
]


@pytest.mark.parametrize(("steps", "text"), [c[1:] for c in PATHS], ids=[c[0] for c in PATHS])
def test_path(steps: tuple[str | int, ...], text: str | None) -> None:
    assert scalar_text(path(SERVER, *steps)) == text


def test_path_returns_containers_and_the_node_itself() -> None:
    assert scalar_text(path(SERVER, "spec", "forProvider", "tags", 0)) == "a"
    assert path(SERVER) is SERVER
    assert path(None, "spec") is None


def test_identify_an_embedded_object() -> None:
    (document,) = load_yaml("c.yaml", "base:\n  apiVersion: example.org/v1\n  kind: Thing\n")
    obj = identify(path(document.root, "base"), document)
    assert obj is not None and (obj.api_group, obj.kind, obj.header_span.line) == (
        "example.org",
        "Thing",
        3,
    )
    assert identify(document.root, document) is None


def test_step_text() -> None:
    steps = ("spec", "forProvider", "rootVolume", 0, "volumeType")
    assert step_text(steps) == "spec.forProvider.rootVolume[0].volumeType"
