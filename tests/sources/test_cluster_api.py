"""The Cluster API source: detection, machine fields and their defaults, the zone model
(failure domains, the cluster's region, control planes across zones), references between
files, clusterctl variables, unresolved reasons, malformed files and templates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from imagelint.files import Scope
from imagelint.kube import cluster_api
from imagelint.model import Instance
from imagelint.source_api import Candidate, ReadContext, SourceResult

V2 = "infrastructure.cluster.x-k8s.io/v1alpha2"
V1 = "infrastructure.cluster.x-k8s.io/v1alpha1"


def read(
    root: Path, files: Mapping[str, str], env: Mapping[str, str] | None = None
) -> SourceResult:
    """Write `files` and read those the source claims, as a walk of `root` would."""
    scope = Scope([root], cwd=root, max_file_bytes=5_000_000)
    claimed = []
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        candidate = Candidate(root / name, shown=name, given=False, scope=scope)
        if cluster_api.wants(name) and cluster_api.detect(candidate):
            claimed.append(candidate)
    context = ReadContext(cwd=root, env=dict(env or {}), home=None, scope=scope)
    return cluster_api.read(claimed, context)


def by_address(result: SourceResult) -> dict[str, Instance]:
    assert not result.errors, result.errors
    return {i.address: i for i in result.instances}


def texts(instance: Instance) -> dict[str, str | None]:
    """Each value's text, or "?" and its kind when unknown."""
    return {k: v.text if v.known else f"?{v.kind}" for k, v in instance.values.items()}


def template(name: str, spec: str, api: str = V2, kind: str = "ScalewayMachineTemplate") -> str:
    body = "\n".join(f"      {line}" for line in spec.strip("\n").splitlines())
    if kind == "ScalewayMachine":
        body = "\n".join(f"  {line}" for line in spec.strip("\n").splitlines())
        return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{body}\n"
    return (
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n"
        f"spec:\n  template:\n    spec:\n{body}\n"
    )


def scw_cluster(name: str = "c", region: str = "fr-par", domains: str | None = None) -> str:
    text = f"apiVersion: {V2}\nkind: ScalewayCluster\nmetadata:\n  name: {name}\nspec:\n"
    text += f"  region: {region}\n  scalewaySecretName: {name}\n"
    if domains is not None:
        text += f"  failureDomains: {domains}\n"
    return text


def cluster(name: str = "c", control_plane: str = "c-cp", infra: str = "c") -> str:
    return (
        "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\n"
        f"metadata:\n  name: {name}\nspec:\n"
        "  controlPlaneRef:\n    apiGroup: controlplane.cluster.x-k8s.io\n"
        f"    kind: KubeadmControlPlane\n    name: {control_plane}\n"
        "  infrastructureRef:\n    apiGroup: infrastructure.cluster.x-k8s.io\n"
        f"    kind: ScalewayCluster\n    name: {infra}\n"
    )


def deployment(name: str, machine: str, cluster_name: str = "c", domain: str = "") -> str:
    text = (
        f"apiVersion: cluster.x-k8s.io/v1beta2\nkind: MachineDeployment\nmetadata:\n"
        f"  name: {name}\nspec:\n  clusterName: {cluster_name}\n  template:\n    spec:\n"
        f"      clusterName: {cluster_name}\n"
        "      infrastructureRef:\n        apiGroup: infrastructure.cluster.x-k8s.io\n"
        f"        kind: ScalewayMachineTemplate\n        name: {machine}\n"
    )
    return text + (f"      failureDomain: {domain}\n" if domain else "")


def control_plane(name: str = "c-cp", machine: str = "cp", v1beta1: bool = False) -> str:
    if v1beta1:
        ref = (
            "  machineTemplate:\n    infrastructureRef:\n"
            f"      apiVersion: {V1}\n      kind: ScalewayMachineTemplate\n      name: {machine}\n"
        )
        api = "controlplane.cluster.x-k8s.io/v1beta1"
    else:
        ref = (
            "  machineTemplate:\n    spec:\n      infrastructureRef:\n"
            "        apiGroup: infrastructure.cluster.x-k8s.io\n"
            f"        kind: ScalewayMachineTemplate\n        name: {machine}\n"
        )
        api = "controlplane.cluster.x-k8s.io/v1beta2"
    return f"apiVersion: {api}\nkind: KubeadmControlPlane\nmetadata:\n  name: {name}\nspec:\n{ref}"


def docs(*texts: str) -> str:
    return "---\n".join(texts)


JAMMY = "image:\n  label: ubuntu_jammy\ncommercialType: DEV1-S\n"
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n"

DETECTION = [  # id, name, text, claimed
    ("machine-template", "t.yaml", template("w", JAMMY), True),
    ("v1alpha1-machine", "m.yml", template("m", JAMMY, V1, "ScalewayMachine"), True),
    ("cluster-only", "c.yaml", scw_cluster(), True),
    ("deployment-using-a-scaleway-template", "md.yaml", deployment("md", "w"), True),
    ("after-other-documents", "all.yaml", docs(*[DEPLOYMENT] * 80, template("w", JAMMY)), True),
    ("kubernetes-deployment", "deploy.yaml", DEPLOYMENT, False),
    (
        "another-provider",
        "aws.yaml",
        "apiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: AWSMachineTemplate\n",
        False,
    ),
    ("crossplane-server", "s.yaml", "apiVersion: instance.scaleway.upbound.io/v1alpha1\n", False),
    ("not-yaml-by-name", "t.json", template("w", JAMMY), False),
]


@pytest.mark.parametrize(
    ("name", "text", "claimed"), [c[1:] for c in DETECTION], ids=[c[0] for c in DETECTION]
)
def test_detection(tmp_path: Path, name: str, text: str, claimed: bool) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    scope = Scope([tmp_path], cwd=tmp_path, max_file_bytes=5_000_000)
    file = Candidate(tmp_path / name, shown=name, given=True, scope=scope)
    assert (cluster_api.wants(name) and cluster_api.detect(file)) is claimed


UUID = "8f1ad6a3-2f3e-4c4e-9d9a-0d6c1c7f0b11"
FIELDS = [  # id, api, kind, spec, {attribute: text or ?kind}
    (
        "label-local",
        V2,
        "ScalewayMachineTemplate",
        JAMMY + "rootVolume:\n  type: local\n",
        {"image": "ubuntu_jammy", "type": "DEV1-S", "volume_type": "local"},
    ),
    (
        "label-verbatim-no-dash-rewrite",
        V2,
        "ScalewayMachineTemplate",
        "image:\n  label: ubuntu-jammy\ncommercialType: PRO2-S\nrootVolume:\n  type: block\n",
        {"image": "ubuntu-jammy", "type": "PRO2-S", "volume_type": "block"},
    ),
    ("root-volume-unset", V2, "ScalewayMachineTemplate", JAMMY, {"image": "ubuntu_jammy"}),
    (
        "image-id",
        V2,
        "ScalewayMachineTemplate",
        f"image:\n  id: {UUID}\ncommercialType: DEV1-S\n",
        {"image": UUID},
    ),
    (
        "image-id-not-a-uuid",
        V2,
        "ScalewayMachineTemplate",
        "image:\n  id: ubuntu_jammy\ncommercialType: DEV1-S\n",
        {"image": "?invalid"},
    ),
    (
        "image-name-is-private",
        V2,
        "ScalewayMachineTemplate",
        "image:\n  name: my-golden-image\ncommercialType: DEV1-S\n",
        {"image": "?data-source"},
    ),
    (
        "two-image-keys",
        V2,
        "ScalewayMachineTemplate",
        f"image:\n  id: {UUID}\n  label: ubuntu_jammy\ncommercialType: DEV1-S\n",
        {"image": "?invalid"},
    ),
    ("no-image", V2, "ScalewayMachineTemplate", "commercialType: DEV1-S\n", {"image": "?invalid"}),
    (
        "v1alpha1-default-commercial-type",
        V1,
        "ScalewayMachineTemplate",
        "image:\n  label: ubuntu_jammy\n",
        {"type": "PRO2-S"},
    ),
    (
        "v1alpha2-commercial-type-required",
        V2,
        "ScalewayMachineTemplate",
        "image:\n  label: ubuntu_jammy\n",
        {"type": "?invalid"},
    ),
    (
        "root-volume-outside-the-enum",
        V2,
        "ScalewayMachineTemplate",
        JAMMY + "rootVolume:\n  type: l_ssd\n",
        {"volume_type": "?invalid"},
    ),
    (
        "standalone-machine",
        V2,
        "ScalewayMachine",
        JAMMY + "rootVolume:\n  type: local\n",
        {"image": "ubuntu_jammy", "type": "DEV1-S", "volume_type": "local"},
    ),
]


@pytest.mark.parametrize(
    ("api", "kind", "spec", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS]
)
def test_fields(tmp_path: Path, api: str, kind: str, spec: str, expected: dict[str, str]) -> None:
    result = read(tmp_path, {"m.yaml": docs(scw_cluster(), template("w", spec, api, kind))})
    (instance,) = by_address(result).values()
    assert instance.address == f"{kind}/w@fr-par-1"
    got = texts(instance)
    assert {k: got.get(k) for k in expected} == expected
    assert ("volume_type" in instance.values) is ("rootVolume" in spec)


def test_a_default_commercial_type_is_written_nowhere(tmp_path: Path) -> None:
    text = docs(scw_cluster(), template("w", "image:\n  label: ubuntu_jammy\n", V1))
    (instance,) = by_address(read(tmp_path, {"m.yaml": text})).values()
    value = instance.values["type"]
    assert (value.text, value.span, value.origin) == (
        "PRO2-S",
        None,
        "v1alpha1 default commercialType",
    )


ZONES = [  # id, documents, {address: zone text or ?kind}
    ("only-cluster-region", [scw_cluster(region="nl-ams"), template("w", JAMMY)], {"w@nl-ams-1"}),
    ("no-cluster", [template("w", JAMMY)], {"w"}),
    (
        "two-clusters-nobody-references-it",
        [scw_cluster("a"), scw_cluster("b", "pl-waw"), template("w", JAMMY)],
        {"w"},
    ),
    (
        "failure-domain-of-the-deployment",
        [scw_cluster(), template("w", JAMMY), deployment("md", "w", domain="fr-par-2")],
        {"w@fr-par-2"},
    ),
    (
        "region-of-the-deployment-cluster",
        [
            scw_cluster("a", "nl-ams"),
            scw_cluster("b", "pl-waw"),
            cluster("prod", infra="b"),
            template("w", JAMMY),
            deployment("md", "w", cluster_name="prod"),
        ],
        {"w@pl-waw-1"},
    ),
    (
        "two-deployments-two-zones",
        [
            scw_cluster(),
            template("w", JAMMY),
            deployment("md-a", "w", domain="fr-par-2"),
            deployment("md-b", "w", domain="fr-par-3"),
            deployment("md-c", "w", domain="fr-par-3"),
        ],
        {"w@fr-par-2", "w@fr-par-3"},
    ),
    (
        "control-plane-in-each-failure-domain",
        [
            scw_cluster(domains="[fr-par-1, fr-par-3]"),
            cluster(),
            control_plane(),
            template("cp", JAMMY),
        ],
        {"cp@fr-par-1", "cp@fr-par-3"},
    ),
    (
        "control-plane-failure-domains-block-list",
        [
            scw_cluster(domains="\n    - nl-ams-2\n    - nl-ams-3"),
            control_plane(),
            template("cp", JAMMY),
        ],
        {"cp@nl-ams-2", "cp@nl-ams-3"},
    ),
    (
        "control-plane-without-failure-domains-spreads-over-the-region",
        [scw_cluster(region="pl-waw"), cluster(), control_plane(), template("cp", JAMMY)],
        {"cp@pl-waw-1", "cp@pl-waw-2", "cp@pl-waw-3"},
    ),
    (
        "control-plane-v1beta1-reference",
        [scw_cluster(domains="[fr-par-2]"), control_plane(v1beta1=True), template("cp", JAMMY, V1)],
        {"cp@fr-par-2"},
    ),
    (
        "control-plane-failure-domains-not-a-list",
        [scw_cluster(domains="fr-par-1"), control_plane(), template("cp", JAMMY)],
        {"cp"},
    ),
    (
        "reference-to-another-namespace",
        [
            scw_cluster(),
            template("w", JAMMY).replace("  name: w\n", "  name: w\n  namespace: team-a\n"),
            deployment("md", "w", domain="fr-par-2").replace(
                "  name: md\n", "  name: md\n  namespace: team-b\n"
            ),
        ],
        {"w@fr-par-1"},
    ),
    (
        "machine-and-its-scaleway-machine",
        [
            scw_cluster(),
            template("m", JAMMY, kind="ScalewayMachine"),
            "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Machine\nmetadata:\n  name: m\n"
            "spec:\n  clusterName: c\n  failureDomain: fr-par-3\n  infrastructureRef:\n"
            "    apiGroup: infrastructure.cluster.x-k8s.io\n    kind: ScalewayMachine\n"
            "    name: m\n",
        ],
        {"m@fr-par-3"},
    ),
]


@pytest.mark.parametrize(
    ("documents", "expected"), [c[1:] for c in ZONES], ids=[c[0] for c in ZONES]
)
def test_zone_model(tmp_path: Path, documents: list[str], expected: set[str]) -> None:
    instances = by_address(read(tmp_path, {"all.yaml": docs(*documents)}))
    assert {a.split("/", 1)[1] for a in instances} == expected
    for address, instance in instances.items():
        zone = instance.values["zone"]
        assert zone.known is ("@" in address)
        assert zone.known or zone.reason


UNRESOLVED = [  # id, documents, reason of the unknown zone
    (
        "no-cluster",
        [template("w", JAMMY)],
        "no MachineDeployment, Machine or control plane in the scanned files uses "
        "ScalewayMachineTemplate/w, and they hold 0 ScalewayClusters: its zone is unknown",
    ),
    (
        "deployment-without-its-cluster",
        [scw_cluster("a"), scw_cluster("b"), template("w", JAMMY), deployment("md", "w")],
        "MachineDeployment/md sets no failureDomain and its ScalewayCluster (whose region "
        "gives the zone) is not among the scanned files",
    ),
    (
        "failure-domains-not-a-list",
        [scw_cluster(domains="fr-par-1"), control_plane(), template("cp", JAMMY)],
        "ScalewayCluster/c spec.failureDomains is not a list",
    ),
    (
        "cluster-without-region",
        [scw_cluster().replace("  region: fr-par\n", ""), template("w", JAMMY)],
        "ScalewayCluster/c sets no spec.region (the API server requires it)",
    ),
]


@pytest.mark.parametrize(
    ("documents", "reason"), [c[1:] for c in UNRESOLVED], ids=[c[0] for c in UNRESOLVED]
)
def test_unresolved_zone_reasons(tmp_path: Path, documents: list[str], reason: str) -> None:
    (instance,) = by_address(read(tmp_path, {"all.yaml": docs(*documents)})).values()
    assert instance.values["zone"].reason == reason


def test_zone_positions_and_chain(tmp_path: Path) -> None:
    text = docs(
        scw_cluster(domains="[fr-par-1, fr-par-2]"),  # lines 1-8
        cluster(),  # 10-22
        control_plane(),  # 24-34
        template("cp", JAMMY),  # 36-
    )
    instances = by_address(read(tmp_path, {"all.yaml": text}))
    zone = instances["ScalewayMachineTemplate/cp@fr-par-2"].values["zone"]
    assert zone.span is not None
    assert (zone.span.line, zone.span.column, zone.span.end_column) == (8, 30, 38)
    assert [(h.span.line, h.message) for h in zone.chain] == [
        (34, "KubeadmControlPlane/c-cp spec.machineTemplate.spec.infrastructureRef"),
        (22, "Cluster/c spec.infrastructureRef"),
        (8, "ScalewayCluster/c spec.failureDomains: one control-plane zone"),
    ]
    instance = instances["ScalewayMachineTemplate/cp@fr-par-1"]
    assert (instance.span.line, instance.span.column) == (37, 1)  # its `kind:`


def test_references_across_files(tmp_path: Path) -> None:
    files = {
        "cluster.yaml": docs(scw_cluster(region="nl-ams"), cluster("prod")),
        "workers.yaml": deployment("md", "w", cluster_name="prod"),
        "templates.yaml": template("w", JAMMY),
        "notes.yaml": DEPLOYMENT,
    }
    result = read(tmp_path, files)
    (instance,) = result.instances
    assert instance.address == "ScalewayMachineTemplate/w@nl-ams-1"
    assert [h.span.path for h in instance.values["zone"].chain] == [
        "workers.yaml",
        "cluster.yaml",
        "cluster.yaml",
    ]
    assert result.not_mine == ()  # notes.yaml was never claimed; the others are read


def test_clusterctl_variables_with_defaults_and_from_the_environment(tmp_path: Path) -> None:
    text = docs(
        scw_cluster("${CLUSTER_NAME}", "${SCW_REGION:=fr-par}"),
        template(
            "${CLUSTER_NAME}-md-0",
            "image:\n  label: ${IMAGE:=ubuntu_jammy}\n"
            "commercialType: ${TYPE}\nrootVolume:\n  type: ${VOLUME:=block}\n",
        ),
        deployment("${CLUSTER_NAME}-md-0", "${CLUSTER_NAME}-md-0", "${CLUSTER_NAME}"),
    )
    unset = by_address(read(tmp_path, {"t.yaml": text}))
    (instance,) = unset.values()
    assert instance.address == "ScalewayMachineTemplate/${CLUSTER_NAME}-md-0@fr-par-1"
    assert texts(instance) == {
        "type": "?no-value",
        "image": "ubuntu_jammy",
        "volume_type": "block",
        "zone": "fr-par-1",
    }
    type_ = instance.values["type"]
    assert type_.reason == "clusterctl variable TYPE has no value"
    assert type_.span is not None
    assert (type_.span.line, type_.span.column, type_.span.end_column) == (18, 23, 30)
    image = instance.values["image"]
    assert image.span is not None and image.origin == "clusterctl variable"
    assert (image.span.line, image.span.column, image.span.end_column) == (17, 16, 38)

    env = {"CLUSTER_NAME": "prod", "TYPE": "PRO2-S", "SCW_REGION": "nl-ams"}
    (instance,) = by_address(read(tmp_path, {"t.yaml": text}, env)).values()
    assert instance.address == "ScalewayMachineTemplate/prod-md-0@nl-ams-1"
    assert texts(instance)["type"] == "PRO2-S"


def test_unresolved_names_still_match_across_files(tmp_path: Path) -> None:
    files = {
        "templates.yaml": template("${CLUSTER_NAME}-md-0", JAMMY),
        "deployments.yaml": deployment(
            "${CLUSTER_NAME}-md-0", "${CLUSTER_NAME}-md-0", domain="${ZONE:=fr-par-3}"
        ),
    }
    (instance,) = read(tmp_path, files).instances
    assert instance.address == "ScalewayMachineTemplate/${CLUSTER_NAME}-md-0@fr-par-3"


def test_unresolved_nested_default_points_at_the_expression(tmp_path: Path) -> None:
    text = docs(
        scw_cluster(region="${SCW_REGION}"),
        template("w", JAMMY),
        deployment("md", "w", domain="${WORKER_FAILURE_DOMAIN:=${SCW_REGION}-1}"),
    )
    (instance,) = read(tmp_path, {"t.yaml": text}).instances
    zone = instance.values["zone"]
    assert zone.reason == (
        "clusterctl variable SCW_REGION has no value (in the default of WORKER_FAILURE_DOMAIN)"
    )
    assert zone.span is not None
    assert (zone.span.line, zone.span.column, zone.span.end_column) == (33, 22, 63)


ERRORS = [  # id, text, (line, column) of the error as written
    ("malformed", template("w", JAMMY) + "- stray item\n", (11, 1)),
    (
        "malformed-after-substitutions",
        "# ${A:=a-long-default-value-that-is-longer}\n"
        + template("w", JAMMY).replace("DEV1-S", "${T:=DEV1-S}")
        + "- stray item\n",
        (12, 1),
    ),
    (
        "column-after-a-substitution-on-its-line",
        template("w", JAMMY) + "  note: ${V:=1}: 2\n",
        (11, 16),  # the second colon, just after `${V:=1}`
    ),
]


@pytest.mark.parametrize(("text", "where"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_malformed_file_is_an_error_with_its_line(
    tmp_path: Path, text: str, where: tuple[int, int]
) -> None:
    result = read(tmp_path, {"t.yaml": text})
    (error,) = result.errors
    assert (error.path, error.line, error.column) == ("t.yaml", *where)
    assert result.instances == ()


def test_go_template_is_a_notice(tmp_path: Path) -> None:
    text = "{{- if .Values.workers }}\n" + template("w", JAMMY) + "{{- end }}\n"
    result = read(
        tmp_path, {"t.yaml": text.replace("label: ubuntu_jammy", "label: {{ .Values.image }}")}
    )
    assert result.errors == () and result.instances == ()
    assert result.notices == ("t.yaml: a template that is not YAML until rendered: not checked",)


def test_cloud_init_jinja_inside_strings_is_not_a_template(tmp_path: Path) -> None:
    text = template("w", JAMMY) + '  note: "{{ ds.meta_data.zone }}"\n'
    result = read(tmp_path, {"t.yaml": docs(scw_cluster(), text)})
    assert [i.address for i in result.instances] == ["ScalewayMachineTemplate/w@fr-par-1"]


def test_file_with_nothing_of_cluster_api_is_not_mine(tmp_path: Path) -> None:
    # Claimed by its text (a comment names the group and a Scaleway kind), holding neither.
    text = "# infrastructure.cluster.x-k8s.io\n# kind: ScalewayCluster\n" + DEPLOYMENT
    result = read(tmp_path, {"notes.yaml": text})
    assert (result.instances, result.errors, result.not_mine) == ((), (), ("notes.yaml",))


def test_managed_kapsule_objects_are_not_mine(tmp_path: Path) -> None:
    text = (
        "apiVersion: infrastructure.cluster.x-k8s.io/v1alpha2\nkind: ScalewayManagedCluster\n"
        "metadata:\n  name: k\nspec:\n  region: fr-par\n"
    )
    result = read(tmp_path, {"managed.yaml": text})
    assert (result.instances, result.not_mine) == ((), ("managed.yaml",))


def test_model_and_phrasing(tmp_path: Path) -> None:
    text = docs(scw_cluster(), template("w", JAMMY))
    (instance,) = read(tmp_path, {"t.yaml": text}).instances
    model = instance.model
    assert model is not None
    assert (model.rewrite_dashes, model.strip_zone_prefix, model.volume_types) == (
        False,
        False,
        ("local", "block"),
    )
    assert model.image_type_for("local") == "instance_local"
    assert model.image_type_for("block") == model.image_type_for(None) == "instance_sbs"
    phrasing = instance.phrasing
    assert phrasing.name("type") == "spec.template.spec.commercialType"
    assert phrasing.name("volume_type") == "spec.template.spec.rootVolume.type"
    assert phrasing.setting("volume_type", "local") == "rootVolume: {type: local}"
    assert phrasing.setting("image", "ubuntu_noble") == "image: {label: ubuntu_noble}"
    assert phrasing.setting("type", "DEV1-M") == "commercialType: DEV1-M"
