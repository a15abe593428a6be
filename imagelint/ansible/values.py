"""What a Jinja expression comes to: a node or text with where it was written, unknown
with the reason, or omitted; and a variable's definition."""

from __future__ import annotations

from dataclasses import dataclass

from imagelint.model import Hop, Span
from imagelint.parsers.yaml_tree import YNode, YScalar


@dataclass(frozen=True, kw_only=True)
class Known:
    data: YNode | str  # a node as written, or text computed from a template
    span: Span  # where it was written
    origin: str
    chain: tuple[Hop, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Unknown:
    reason: str
    kind: str  # one of imagelint.model.UNKNOWN_KINDS
    span: Span
    chain: tuple[Hop, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Omitted:
    """`| default(omit)` of an undefined variable: the parameter is not passed at all."""

    span: Span


Result = Known | Unknown | Omitted


@dataclass(frozen=True, kw_only=True)
class Bound:
    """A variable's definition: its node as written and which source set it."""

    node: YNode
    origin: str  # "play vars", "group_vars/all.yml", "role scaleway_server defaults", ...


def scalar_text(result: Known) -> str | None:
    if isinstance(result.data, str):
        return result.data
    if isinstance(result.data, YScalar):
        return "" if result.data.tag == "null" else result.data.text
    return None


def with_hop(result: Known | Unknown, hop: Hop) -> Known | Unknown:
    if isinstance(result, Known):
        return Known(
            data=result.data, span=result.span, origin=result.origin, chain=(hop, *result.chain)
        )
    return Unknown(
        reason=result.reason, kind=result.kind, span=result.span, chain=(hop, *result.chain)
    )
