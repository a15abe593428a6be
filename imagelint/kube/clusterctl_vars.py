"""clusterctl's `${VAR}` substitution in a template's raw text, with positions mapped back."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from imagelint.model import Hop, Span

# clusterctl (cmd/clusterctl/client/yamlprocessor/simple_processor.go) substitutes with
# github.com/drone/envsubst/v2 (parse/parse.go, funcs.go @1790424): only `${...}` is a
# variable (a bare `$VAR` stays as written), `$$` is a `$`, and every default operator
# (`=`, `:=`, `:-`, and even `:?` and `:+`) is `toDefault`: the value when it is non-empty,
# else the default, which may hold further `${...}`.
DEFAULT_OPERATORS = (":=", ":-", ":?", ":+", "=")
_NAME = re.compile(r"\w+")
_PLACEHOLDER = re.compile(r"__clusterctl_unresolved_(\d+)__")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True, kw_only=True)
class Expansion:
    """One top-level `${...}` of the template, or a `$$` escape (no variable)."""

    start: int  # offsets of `${...}` in the original text
    end: int
    out_start: int  # offsets of what replaced it in the substituted text
    out_end: int
    written: str  # the expression as written
    value: str | None  # None: unresolved (a placeholder stands in the substituted text)
    reason: str | None = None
    steps: tuple[str, ...] = ()  # how each variable got its value, outermost first


@dataclass
class Placeholders:
    """Shared by the files of one run, so that `${CLUSTER_NAME}-md-0` written in two files
    (an unresolved name and the reference to it) still match after substitution."""

    written: list[str] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (sentence, UNKNOWN_KINDS)

    def token(self, written: str, reason: str, kind: str) -> str:
        if written not in self.written:
            self.written.append(written)
            self.reasons.append((reason, kind))
        return f"__clusterctl_unresolved_{self.written.index(written)}__"

    def first_reason(self, text: str) -> tuple[str, str] | None:
        """Why `text` is unknown, and the kind of unknown, when a placeholder is in it."""
        match = _PLACEHOLDER.search(text)
        return self.reasons[int(match[1])] if match else None

    def restore(self, text: str) -> str:
        """`text` as written: each placeholder back to its `${...}`."""
        return _PLACEHOLDER.sub(lambda m: self.written[int(m[1])], text)


@dataclass(frozen=True)
class Substituted:
    shown: str
    original: str
    text: str
    expansions: tuple[Expansion, ...]

    @cached_property
    def _out_lines(self) -> list[int]:
        return _line_starts(self.text)

    @cached_property
    def _lines(self) -> list[int]:
        return _line_starts(self.original)

    @cached_property
    def _out_starts(self) -> list[int]:
        return [e.out_start for e in self.expansions]

    def offset(self, out: int, *, end: bool = False) -> int:
        """The original offset of substituted offset `out` (an exclusive end with `end`):
        anywhere inside an expansion maps to the whole `${...}`."""
        index = (bisect.bisect_left if end else bisect.bisect_right)(self._out_starts, out) - 1
        if index < 0:
            return out
        expansion = self.expansions[index]
        inside = out <= expansion.out_end if end else out < expansion.out_end
        if inside:
            return expansion.end if end else expansion.start
        return out + expansion.end - expansion.out_end

    def span(self, span: Span) -> Span:
        """A span of the substituted text (as the YAML parser reports it) in the original."""
        start = self.offset(_to_offset(self._out_lines, span.line, span.column))
        end = self.offset(_to_offset(self._out_lines, span.end_line, span.end_column), end=True)
        return self._original(start, max(end, start))

    def hops(self, span: Span) -> tuple[Hop, ...]:
        """Where the variables inside substituted `span` were written, and how each got
        its value."""
        low = _to_offset(self._out_lines, span.line, span.column)
        high = max(_to_offset(self._out_lines, span.end_line, span.end_column), low + 1)
        return tuple(
            Hop(
                span=self._original(e.start, e.end),
                message=f"clusterctl {e.written}: {'; '.join(e.steps)}",
            )
            for e in self.expansions
            if e.steps and e.out_start < high and e.out_end > low
        )

    def _original(self, start: int, end: int) -> Span:
        line, column = _to_position(self._lines, start)
        end_line, end_column = _to_position(self._lines, end)
        return Span(
            path=self.shown, line=line, column=column, end_line=end_line, end_column=end_column
        )


def substitute(
    shown: str, text: str, env: Mapping[str, str], placeholders: Placeholders
) -> Substituted:
    """`text` with every `${...}` replaced as clusterctl would, an unresolved one by a
    placeholder token that `Placeholders.first_reason` explains."""
    out: list[str] = []
    expansions: list[Expansion] = []
    size = 0
    pos = 0
    while (found := text.find("$", pos)) >= 0:
        if text.startswith("$$", found):
            parsed: _Parsed | None = _Parsed(end=found + 2, value="$")
        elif text.startswith("${", found):
            parsed = _parse(text, found, env)
        else:
            parsed = None
        if parsed is None:  # not an expression (or never closed): left as written
            out.append(text[pos : found + 1])
            size += found + 1 - pos
            pos = found + 1
            continue
        out.append(text[pos:found])
        size += found - pos
        written = text[found : parsed.end]
        if parsed.value is None:
            reason = parsed.reason or f"{written} has no value"
            replacement = placeholders.token(written, reason, parsed.kind)
        else:
            reason, replacement = None, parsed.value
        expansions.append(
            Expansion(
                start=found,
                end=parsed.end,
                out_start=size,
                out_end=size + len(replacement),
                written=written,
                value=parsed.value,
                reason=reason,
                steps=parsed.steps,
            )
        )
        out.append(replacement)
        size += len(replacement)
        pos = parsed.end
    out.append(text[pos:])
    return Substituted(shown, text, "".join(out), tuple(expansions))


@dataclass(frozen=True, kw_only=True)
class _Parsed:
    end: int  # just past the closing `}`
    value: str | None
    reason: str | None = None
    kind: str = "no-value"  # of an unresolved one, as model.UNKNOWN_KINDS says
    steps: tuple[str, ...] = ()


def _parse(text: str, start: int, env: Mapping[str, str]) -> _Parsed | None:
    """The `${...}` at `start` evaluated, or None when it never closes."""
    name_match = _NAME.match(text, start + 2)
    close = _closing(text, start + 2)
    if close is None:
        return None
    if name_match is None:
        return _unsupported(text[start : close + 1], close + 1)
    name, after = name_match[0], name_match.end()
    value = env.get(name)
    if text.startswith("}", after):
        if value is None:
            return _Parsed(
                end=after + 1, value=None, reason=f"clusterctl variable {name} has no value"
            )
        return _Parsed(end=after + 1, value=value, steps=(_from_env(name, value),))
    operator = next((op for op in DEFAULT_OPERATORS if text.startswith(op, after)), None)
    if operator is None:
        written = text[start : close + 1]
        if text[after] in ":,^/#%":  # substrings, case changes, replacements, trims
            return _unsupported(written, close + 1)
        reason = f"clusterctl rejects {written}: drone/envsubst cannot parse it"
        return _Parsed(end=close + 1, value=None, reason=reason, kind="invalid")
    if value:
        return _Parsed(end=close + 1, value=value, steps=(_from_env(name, value),))
    default = _default(text, after + len(operator), env)
    if default is None:
        return None
    if default.value is None:
        reason = _within(default.reason or "", name)
        return _Parsed(end=default.end, value=None, reason=reason, kind=default.kind)
    step = f"{name} is not set, so its default {default.value!r}"
    return _Parsed(end=default.end, value=default.value, steps=(step, *default.steps))


def _default(text: str, pos: int, env: Mapping[str, str]) -> _Parsed | None:
    """The default up to the `}` closing its expression: text and nested `${...}`."""
    parts: list[str] = []
    steps: list[str] = []
    while pos < len(text):
        if text[pos] == "}":
            return _Parsed(end=pos + 1, value="".join(parts), steps=tuple(steps))
        if text.startswith("${", pos):
            inner = _parse(text, pos, env)
            if inner is None:
                return None
            if inner.value is None:
                close = _closing(text, inner.end)
                if close is None:
                    return None
                return _Parsed(end=close + 1, value=None, reason=inner.reason, kind=inner.kind)
            parts.append(inner.value)
            steps.extend(inner.steps)
            pos = inner.end
        else:
            parts.append(text[pos])
            pos += 1
    return None


def _closing(text: str, pos: int) -> int | None:
    """The `}` closing the expression whose body starts at `pos`, nested ones skipped."""
    depth = 0
    while pos < len(text):
        if text.startswith("${", pos):
            depth += 1
            pos += 2
            continue
        if text[pos] == "}":
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    return None


def _within(reason: str, name: str) -> str:
    """An inner variable's reason, said of the default of variable `name` holding it."""
    if reason.endswith(")") and "(in the default of " in reason:
        return f"{reason[:-1]}, in the default of {name})"
    return f"{reason} (in the default of {name})"


def _from_env(name: str, value: str) -> str:
    return f"{name} = {value!r} from the environment"


def _unsupported(written: str, end: int) -> _Parsed:
    reason = f"clusterctl expression {written} is not evaluated by imagelint"
    return _Parsed(end=end, value=None, reason=reason, kind="unsupported")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _to_offset(starts: list[int], line: int, column: int) -> int:
    return starts[min(line, len(starts)) - 1] + column - 1


def _to_position(starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1
