"""Source plugin: kubermatic machine-controller MachineDeployments on Scaleway."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from imagelint.source_api import Candidate, FileRead, ReadContext, SourceResult, read_each_yaml

if TYPE_CHECKING:
    from imagelint.parsers.yaml_tree import YDocument

NAME = "machine-controller"
SUMMARY = "kubermatic machine-controller MachineDeployments, MachineSets, Machines on Scaleway"


def wants(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))


def detect(file: Candidate) -> bool:
    head = file.head(1 << 16)
    return "cloudProvider" in head and "scaleway" in head


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.kube._k8s import objects
    from imagelint.kube.machine_controller_read import machines

    def read_one(file: Candidate, documents: list[YDocument]) -> FileRead:
        mine = machines(objects(documents))
        return (mine, ()) if mine else None

    return read_each_yaml(files, read_one)
