"""Cluster API manifests after clusterctl's substitution, and their values where written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from imagelint.kube._k8s import K8sObject, objects
from imagelint.kube.clusterctl_vars import Placeholders, Substituted, substitute
from imagelint.model import Hop, ParseError, Span, Value
from imagelint.parsers.yaml_tree import YNode, YScalar, load_yaml, looks_templated
from imagelint.source_api import Candidate, TemplateSkipped, yaml_documents


@dataclass(frozen=True)
class Manifest:
    """One file's Kubernetes objects; spans of its nodes are in the substituted text, so
    every position leaves through `span`."""

    shown: str
    objects: tuple[K8sObject, ...]
    placeholders: Placeholders
    substituted: Substituted | None  # None: the file has no `${...}`

    def span(self, span: Span) -> Span:
        return self.substituted.span(span) if self.substituted else span

    def hops(self, span: Span) -> tuple[Hop, ...]:
        return self.substituted.hops(span) if self.substituted else ()

    def text(self, node: YNode | None) -> str | None:
        """A scalar's text after substitution (placeholders kept: they still match the same
        `${...}` written elsewhere)."""
        if isinstance(node, YScalar) and node.tag != "null":
            return node.text
        return None

    def written(self, text: str) -> str:
        """`text` (a name, say) as the file writes it: placeholders back to `${...}`."""
        return self.placeholders.restore(text)

    def value(self, node: YNode, name: str, origin: str = "manifest") -> Value:
        """The value of scalar `node`: unknown when a clusterctl variable in it has none."""
        span = self.span(node.span)
        chain = self.hops(node.span)
        if not isinstance(node, YScalar) or node.tag == "null":
            return Value.unknown(f"{name} is not a string", span, kind="invalid", chain=chain)
        unresolved = self.placeholders.first_reason(node.text)
        if unresolved is not None:
            reason, kind = unresolved
            return Value.unknown(reason, span, origin=origin, kind=kind, chain=chain)
        if chain:
            origin = "clusterctl variable"
        return Value.of(node.text, span, origin=origin, chain=chain)


def load(
    file: Candidate, env: Mapping[str, str], placeholders: Placeholders, *, max_nodes: int
) -> Manifest:
    """ParseError with the line as written, or TemplateSkipped for a Go/Helm template."""
    text = file.text()
    if "$" not in text:
        return Manifest(file.shown, tuple(objects(yaml_documents(file))), placeholders, None)
    substituted = substitute(file.shown, text, env, placeholders)
    try:
        documents = load_yaml(file.shown, substituted.text, max_nodes=max_nodes)
    except ParseError as error:
        if looks_templated(text):
            raise TemplateSkipped(file.shown) from None
        where = substituted.span(
            Span(
                path=file.shown,
                line=error.line,
                column=error.column,
                end_line=error.line,
                end_column=error.column,
            )
        )
        raise ParseError(
            path=file.shown, line=where.line, column=where.column, message=error.message
        ) from None
    return Manifest(file.shown, tuple(objects(documents)), placeholders, substituted)
