"""Where Cluster API puts a Scaleway machine: the objects that use it, their failure
domains, and the region of their ScalewayCluster."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from imagelint.catalog.zones import KNOWN_ZONES
from imagelint.kube._k8s import K8sObject, path
from imagelint.kube.cluster_api_files import Manifest
from imagelint.model import Hop, Span, Value
from imagelint.parsers.yaml_tree import YNode, YSeq

INFRA_GROUP = "infrastructure.cluster.x-k8s.io"
CORE_GROUP = "cluster.x-k8s.io"
# Where each kind that creates machines names its infrastructure, and its failure domain.
WORKERS = {
    "MachineDeployment": (("spec", "template", "spec"),),
    "MachineSet": (("spec", "template", "spec"),),
    "Machine": (("spec",),),
}
# A control plane provider's machine template: v1beta1 `machineTemplate.infrastructureRef`,
# v1beta2 `machineTemplate.spec.infrastructureRef` (cluster-api v1.13, KubeadmControlPlane).
CONTROL_PLANE_REFS = (("spec", "machineTemplate"), ("spec", "machineTemplate", "spec"))


@dataclass(frozen=True)
class Obj:
    """A scanned object with its file, through which every position leaves."""

    k: K8sObject
    file: Manifest

    @property
    def address(self) -> str:
        return f"{self.k.kind}/{self.file.written(self.k.name or '(unnamed)')}"

    def at(self, *steps: str) -> YNode | None:
        return path(self.k.node, *steps)

    def refers_to(self, ref: YNode | None, target: Obj) -> bool:
        """Whether reference `ref` (kind, name, optional namespace) names `target`."""
        kind, name = self.file.text(path(ref, "kind")), self.file.text(path(ref, "name"))
        if kind != target.k.kind or name is None or name != target.k.name:
            return False
        namespace = self.file.text(path(ref, "namespace")) or self.k.namespace
        return namespace is None or target.k.namespace is None or namespace == target.k.namespace

    def hop(self, node: YNode | None, message: str) -> Hop:
        span = self.file.span(node.span if node is not None else self.k.header_span)
        return Hop(span=span, message=f"{self.address} {message}")


class Placements:
    """The zones a ScalewayMachine(Template) is created in, from the scanned objects."""

    def __init__(self, objs: Sequence[Obj]) -> None:
        self.objs = objs
        self.scw_clusters = [o for o in objs if _is(o, INFRA_GROUP, "ScalewayCluster")]

    def of(self, machine: Obj, instance_span: Span) -> list[Value]:
        zones: list[Value] = []
        for user in self.objs:
            for steps in WORKERS.get(user.k.kind, ()) if user.k.api_group == CORE_GROUP else ():
                ref = user.at(*steps, "infrastructureRef")
                if user.refers_to(ref, machine):
                    uses = user.hop(path(ref, "name"), f"{_dotted(steps)}.infrastructureRef")
                    zones.append(self._worker_zone(user, steps, uses, instance_span))
            for steps in CONTROL_PLANE_REFS:
                ref = user.at(*steps, "infrastructureRef")
                if user.k.kind.endswith("ControlPlane") and user.refers_to(ref, machine):
                    uses = user.hop(path(ref, "name"), f"{_dotted(steps)}.infrastructureRef")
                    zones.extend(self._control_plane_zones(user, uses, instance_span))
        if zones:
            return _distinct(zones)
        if len(self.scw_clusters) == 1:
            cluster = self.scw_clusters[0]
            only = cluster.hop(None, "is the only ScalewayCluster in the scanned files")
            return [self._default_zone(cluster, (only,), instance_span)]
        reason = (
            f"no MachineDeployment, Machine or control plane in the scanned files uses "
            f"{machine.address}, and they hold {len(self.scw_clusters)} ScalewayClusters: "
            "its zone is unknown"
        )
        return [Value.unknown(reason, instance_span)]

    def _worker_zone(
        self, user: Obj, steps: tuple[str, ...], uses: Hop, instance_span: Span
    ) -> Value:
        domain = user.at(*steps, "failureDomain")
        if domain is not None:  # internal/scope/machine.go: Zone() = GetZoneOrDefault(it)
            return _with_hops(user.file.value(domain, "failureDomain"), (uses,))
        cluster, hops = self._cluster_of(user, control_plane=False)
        if cluster is None:
            return _no_cluster(user, instance_span, (uses,))
        return self._default_zone(cluster, (uses, *hops), instance_span)

    def _control_plane_zones(self, user: Obj, uses: Hop, instance_span: Span) -> list[Value]:
        # The ScalewayCluster's status lists spec.failureDomains, or every Instance zone of
        # the region when none is set (internal/controller/scalewaycluster_reconciler.go,
        # setFailureDomainsForLocation), and the control plane spreads over them.
        cluster, hops = self._cluster_of(user, control_plane=True)
        if cluster is None:
            return [_no_cluster(user, instance_span, (uses,))]
        domains = cluster.at("spec", "failureDomains")
        if isinstance(domains, YSeq):
            spread = cluster.hop(domains, "spec.failureDomains: one control-plane zone")
            return [
                _with_hops(cluster.file.value(item, "failureDomains"), (uses, *hops, spread))
                for item in domains.items
            ]
        if domains is not None:
            value = cluster.file.value(domains, "failureDomains")
            if value.known:  # a scalar where a list belongs: the API server refuses it
                reason = f"{cluster.address} spec.failureDomains is not a list"
                value = Value.unknown(reason, value.span, kind="invalid", chain=value.chain)
            return [_with_hops(value, (uses, *hops))]
        region = self._region(cluster, instance_span)
        if not region.known:
            return [_with_hops(region, (uses, *hops))]
        zones = [z for z in KNOWN_ZONES if z.rsplit("-", 1)[0] == region.text]
        if not zones:  # productZones falls back to the region's first zone
            return [self._default_zone(cluster, (uses, *hops), instance_span)]
        spread = cluster.hop(
            cluster.at("spec", "region"),
            f"sets no failureDomains: the control plane spreads over the zones of {region.text}",
        )
        chain = (uses, *hops, spread, *region.chain)
        return [
            Value.of(z, region.span, origin="ScalewayCluster region", chain=chain) for z in zones
        ]

    def _default_zone(self, cluster: Obj, hops: tuple[Hop, ...], instance_span: Span) -> Value:
        # internal/service/scaleway/client/zones.go: GetZoneOrDefault("") = "<region>-1".
        region = self._region(cluster, instance_span)
        if not region.known:
            return _with_hops(region, hops)
        default = cluster.hop(
            cluster.at("spec", "region"),
            f"region {region.text}: a machine without failureDomain goes to {region.text}-1",
        )
        return Value.of(
            f"{region.text}-1",
            region.span,
            origin="ScalewayCluster region",
            chain=(*hops, default, *region.chain),
        )

    def _region(self, cluster: Obj, instance_span: Span) -> Value:
        node = cluster.at("spec", "region")
        if node is None:
            reason = f"{cluster.address} sets no spec.region (the API server requires it)"
            return Value.unknown(reason, cluster.file.span(cluster.k.header_span), kind="invalid")
        return cluster.file.value(node, "region")

    def _cluster_of(self, user: Obj, *, control_plane: bool) -> tuple[Obj | None, list[Hop]]:
        """The ScalewayCluster of `user`: its Cluster's infrastructureRef, or the only one."""
        for cluster in (o for o in self.objs if _is(o, CORE_GROUP, "Cluster")):
            if control_plane:
                linked = cluster.refers_to(cluster.at("spec", "controlPlaneRef"), user)
            else:
                name = user.file.text(user.at("spec", "clusterName"))
                linked = name is not None and name == cluster.k.name
            if not linked:
                continue
            ref = cluster.at("spec", "infrastructureRef")
            for scw in self.scw_clusters:
                if cluster.refers_to(ref, scw):
                    return scw, [cluster.hop(path(ref, "name"), "spec.infrastructureRef")]
        if len(self.scw_clusters) == 1:
            only = self.scw_clusters[0]
            return only, [only.hop(None, "is the only ScalewayCluster in the scanned files")]
        return None, []


def _is(obj: Obj, group: str, kind: str) -> bool:
    return obj.k.api_group == group and obj.k.kind == kind


def _dotted(steps: tuple[str, ...]) -> str:
    return ".".join(steps)


def _no_cluster(user: Obj, span: Span, hops: tuple[Hop, ...]) -> Value:
    reason = (
        f"{user.address} sets no failureDomain and its ScalewayCluster (whose region gives "
        "the zone) is not among the scanned files"
    )
    return Value.unknown(reason, span, chain=hops)


def _with_hops(value: Value, hops: tuple[Hop, ...]) -> Value:
    chain = (*hops, *value.chain)
    if value.known:
        assert value.text is not None
        return Value.of(value.text, value.span, origin=value.origin, chain=chain)
    return Value.unknown(
        str(value.reason), value.span, origin=value.origin, kind=value.kind, chain=chain
    )


def _distinct(zones: list[Value]) -> list[Value]:
    """One per zone (the first way there), and one per distinct reason it is unknown."""
    seen: dict[str, Value] = {}
    for zone in zones:
        seen.setdefault(f"?{zone.reason}" if zone.text is None else zone.text, zone)
    return list(seen.values())
