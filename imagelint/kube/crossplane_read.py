"""Read Crossplane manifests: each Server, and each Server base of a Composition."""

from __future__ import annotations

from collections.abc import Sequence

from imagelint.kube._k8s import K8sObject, objects
from imagelint.kube.crossplane_composition import is_composition, server_bases
from imagelint.kube.crossplane_server import is_server, server_instance
from imagelint.model import Instance, ParseError
from imagelint.parsers.yaml_tree import YDocument
from imagelint.source_api import Candidate, FileRead, ReadContext, SourceResult, read_each_yaml


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    def read_one(file: Candidate, documents: list[YDocument]) -> FileRead:
        found, problems = read_objects(objects(documents), context.default_zone)
        return (found, problems) if found or problems else None

    return read_each_yaml(files, read_one)


def read_objects(
    found: Sequence[K8sObject], default_zone: str | None
) -> tuple[list[Instance], list[ParseError]]:
    """The instances of one file's objects; an object shaped against its CRD is an error,
    and the file's other objects are still read."""
    instances: list[Instance] = []
    errors: list[ParseError] = []
    for obj in found:
        try:
            if is_server(obj):
                instances.append(
                    server_instance(obj, address=server_address(obj), default_zone=default_zone)
                )
            elif is_composition(obj):
                for base in server_bases(obj):
                    address = f"Composition/{obj.name or '?'}: resource {base.name}"
                    instances.append(
                        server_instance(
                            base.obj,
                            address=address,
                            default_zone=default_zone,
                            patched=base.patched,
                        )
                    )
        except ParseError as error:
            errors.append(error)
    return instances, errors


def server_address(obj: K8sObject) -> str:
    name = obj.name or f"(unnamed, document {obj.doc.index + 1})"
    return f"{obj.kind}/{obj.namespace}/{name}" if obj.namespace else f"{obj.kind}/{name}"
