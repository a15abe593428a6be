"""YAML documents as positioned, immutable trees, built from libyaml's events with bounds.

Nothing is ever constructed into Python objects (no tag runs code), and the tree is built
from the event stream rather than PyYAML's composer: libyaml's composer recurses in C and
crashes on deep nesting, and its scanner slows quadratically with it, so depth is checked
as events arrive and the parse stops at the first level too deep. An alias reuses the
anchored node (no copy); every node counts once per place it appears towards a budget, so
an alias bomb is an error, not a hang, and any later walk of the tree is bounded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.resolver import Resolver

from imagelint.model import ParseError, Span

MAX_DEPTH = 100
DEFAULT_MAX_NODES = 250_000  # ~ one node per 20 bytes of the default 5 MB file size limit

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 8.7x faster
_RESOLVER = Resolver()
_SHORT = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class YScalar:
    text: str  # as YAML reads it (quotes and block indicators removed)
    tag: str  # "str", "int", "float", "bool", "null", "timestamp", or a custom tag as written
    span: Span
    quoted: bool = False
    weight: int = 1

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, kw_only=True, slots=True)
class YMap:
    items: tuple[tuple[YNode, YNode], ...]
    span: Span
    tag: str = "map"
    weight: int = 1

    def get(self, key: str) -> YNode | None:
        """The value of a plain string key; the last one wins, as every YAML consumer reads
        a duplicated key."""
        found = None
        for k, v in self.items:
            if isinstance(k, YScalar) and k.text == key:
                found = v
        return found

    def key(self, key: str) -> YScalar | None:
        """The key node itself, for positions of the key (a block's first line)."""
        found = None
        for k, _ in self.items:
            if isinstance(k, YScalar) and k.text == key:
                found = k
        return found

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items if isinstance(k, YScalar)]


@dataclass(frozen=True, kw_only=True, slots=True)
class YSeq:
    items: tuple[YNode, ...]
    span: Span
    tag: str = "seq"
    weight: int = 1


YNode = YScalar | YMap | YSeq


@dataclass(frozen=True, kw_only=True, slots=True)
class YDocument:
    root: YNode | None  # None: an empty document
    index: int  # 0-based position in a multi-document file
    span: Span


def load_yaml(shown: str, text: str, *, max_nodes: int = DEFAULT_MAX_NODES) -> list[YDocument]:
    """Every document of a YAML file; ParseError with the file, line and column of the first
    problem: bad syntax, nesting deeper than MAX_DEPTH, an alias to itself, or more than
    `max_nodes` nodes once aliases are counted where they are used."""
    builder = _Builder(shown, max_nodes)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise ParseError(
            path=shown, line=line, column=column, message=f"invalid YAML: {problem}"
        ) from None
    except yaml.YAMLError as error:  # a reader error without a mark (bad bytes)
        raise ParseError(path=shown, line=1, column=1, message=f"invalid YAML: {error}") from None
    return builder.documents


def looks_templated(text: str) -> bool:
    """Go, Helm and Jinja templates are not YAML until rendered."""
    return "{{" in text or "{%" in text


def walk(node: YNode | None) -> Iterator[YNode]:
    """Every node under `node`, aliases included where used (bounded by the load budget)."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current, YMap):
            for k, v in reversed(current.items):
                pending.extend((v, k))
        elif isinstance(current, YSeq):
            pending.extend(reversed(current.items))


def plain(node: YNode | None) -> Any:
    """Python data for a small subtree (strings stay strings: no tag is constructed)."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return None if node.tag == "null" else node.text
    if isinstance(node, YSeq):
        return [plain(item) for item in node.items]
    return {str(plain(k)): plain(v) for k, v in node.items}


def _span(shown: str, start: Any, end: Any) -> Span:
    return Span(
        path=shown,
        line=start.line + 1,
        column=start.column + 1,
        end_line=end.line + 1,
        end_column=end.column + 1,
    )


class _Frame:
    __slots__ = ("anchor", "children", "event", "kind", "tag", "weight")

    def __init__(self, kind: str, event: Any, tag: str) -> None:
        self.kind = kind
        self.event = event
        self.anchor: str | None = event.anchor
        self.tag = tag
        self.children: list[YNode] = []
        self.weight = 1


class _Builder:
    def __init__(self, shown: str, max_nodes: int) -> None:
        self.shown = shown
        self.max_nodes = max_nodes
        self.total = 0
        self.documents: list[YDocument] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, YNode] = {}
        self.open_anchors: set[str] = set()
        self.root: YNode | None = None
        self.document_start: Any = None

    def fail(self, mark: Any, message: str) -> ParseError:
        return ParseError(
            path=self.shown, line=mark.line + 1, column=mark.column + 1, message=message
        )

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.anchors, self.root, self.document_start = {}, None, event.start_mark
        elif isinstance(event, yaml.DocumentEndEvent):
            span = _span(self.shown, self.document_start, event.end_mark)
            root = self.root
            if isinstance(root, YScalar) and root.tag == "null" and not root.text:
                root = None  # `---` with nothing after it
            self.documents.append(YDocument(root=root, index=len(self.documents), span=span))
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            scalar = YScalar(
                text=event.value,
                tag=_SHORT.get(tag, tag),
                span=_span(self.shown, event.start_mark, event.end_mark),
                quoted=event.style in ("'", '"'),
            )
            self.add(scalar, event.anchor, event.start_mark)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise self.fail(event.start_mark, f"alias *{event.anchor} refers to itself")
            target = self.anchors.get(event.anchor or "")
            if target is None:
                raise self.fail(event.start_mark, f"alias *{event.anchor} has no anchor")
            self.add(target, None, event.start_mark)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
            mapping = isinstance(event, yaml.MappingStartEvent)
            default = "map" if mapping else "seq"
            tag = default if event.tag in (None, "!") else _SHORT.get(event.tag, event.tag)
            self.stack.append(_Frame(default, event, tag))
            if event.anchor:
                self.open_anchors.add(event.anchor)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            span = _span(self.shown, frame.event.start_mark, event.end_mark)
            node: YNode
            if frame.kind == "map":
                kids = frame.children
                pairs = tuple(zip(kids[0::2], kids[1::2], strict=True))
                node = YMap(items=pairs, span=span, tag=frame.tag, weight=frame.weight)
            else:
                node = YSeq(
                    items=tuple(frame.children), span=span, tag=frame.tag, weight=frame.weight
                )
            if frame.anchor:
                self.open_anchors.discard(frame.anchor)
            self.add(node, frame.anchor, frame.event.start_mark, counted=True)

    def add(self, node: YNode, anchor: str | None, mark: Any, *, counted: bool = False) -> None:
        # A container's own nodes were counted as they arrived; an alias counts its whole
        # subtree again, since whoever walks the tree visits it again.
        self.total += 1 if counted else node.weight
        if self.total > self.max_nodes:
            raise self.fail(mark, f"more than {self.max_nodes:,} YAML nodes (an alias bomb?)")
        if anchor:
            self.anchors[anchor] = node
        if self.stack:
            parent = self.stack[-1]
            parent.children.append(node)
            parent.weight += node.weight
        else:
            self.root = node
