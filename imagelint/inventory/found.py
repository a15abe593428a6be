"""What reading one inventory file found: its instances, and its errors with their line."""

from __future__ import annotations

from dataclasses import dataclass, field

from imagelint.inventory import fields
from imagelint.model import Instance, ParseError, Span
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq
from imagelint.source_api import ReadContext

MERGE = "tag:yaml.org,2002:merge"  # the `<<` key


@dataclass
class Inventory:
    shown: str
    context: ReadContext
    instances: list[Instance] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    def error(self, span: Span, message: str) -> None:
        self.errors.append(
            ParseError(path=self.shown, line=span.line, column=span.column, message=message)
        )

    def entries(self, node: YMap, allowed: tuple[str, ...], where: str) -> dict[str, YNode]:
        return self.keyed(node, allowed, where)[0]

    def keyed(
        self, node: YMap, allowed: tuple[str, ...], where: str
    ) -> tuple[dict[str, YNode], list[str]]:
        """The mapping's keys that are allowed, each once, and the names of the others,
        each an error. A key written twice is an error: YAML readers silently keep the last
        one. Keys merged in with `<<: *anchor` come after the written ones, the first merged
        first, as YAML 1.1 merges them (and as editors and PyYAML read the file); a stack,
        not recursion, since merges can chain as deep as the node budget allows."""
        found: dict[str, YNode] = {}
        unknown: list[str] = []
        pending = [node]
        while pending:
            current = pending.pop()
            written: dict[str, int] = {}  # key -> its line
            merged: list[YMap] = []
            for key, value in current.items:
                if isinstance(key, YScalar) and key.tag == MERGE:
                    merged += self._mergeable(value, where)
                elif not isinstance(key, YScalar) or key.tag != "str":
                    unknown.append("")
                    self.error(key.span, f"{where}: keys are names, not {fields.kind_of(key)}")
                elif key.text not in allowed:
                    unknown.append(key.text)
                    self.error(key.span, f"{where}: {fields.unknown_key(key.text, allowed)}")
                elif key.text in written:
                    first = written[key.text]
                    self.error(
                        key.span, f'{where}: "{key.text}" is written twice (first at line {first})'
                    )
                else:
                    written[key.text] = key.span.line
                    found.setdefault(key.text, value)
            pending.extend(reversed(merged))
        return found, unknown

    def _mergeable(self, value: YNode, where: str) -> list[YMap]:
        maps = []
        for source in value.items if isinstance(value, YSeq) else (value,):
            if isinstance(source, YMap):
                maps.append(source)
            else:
                self.error(
                    source.span, f"{where}: << merges mappings, not {fields.kind_of(source)}"
                )
        return maps
