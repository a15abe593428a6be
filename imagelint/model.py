"""Source-neutral instance records: values that may be unknown, and where they were written."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Span:
    """A region of a source file. Lines and columns are 1-based, as editors show them;
    the end is exclusive (the column just past the last character)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, kw_only=True)
class Value:
    """An attribute's value as the source would evaluate it.

    Exactly one of `text` and `reason` is set: a known value, or why it is unknown.
    `span` is where the value was written (None when it is a built-in default);
    `origin` says where it came from, for messages ("resource", "var.zone default",
    "provider zone", "SCW_DEFAULT_ZONE", "provider default").
    """

    text: str | None = None
    reason: str | None = None
    span: Span | None = None
    origin: str = "resource"

    def __post_init__(self) -> None:
        if (self.text is None) == (self.reason is None):
            raise ValueError("a Value is either known (text) or unknown (reason)")

    @property
    def known(self) -> bool:
        return self.text is not None

    @classmethod
    def of(cls, text: str, span: Span | None, origin: str = "resource") -> Value:
        return cls(text=text, span=span, origin=origin)

    @classmethod
    def unknown(cls, reason: str, span: Span | None, origin: str = "resource") -> Value:
        return cls(reason=reason, span=span, origin=origin)


@dataclass(frozen=True, kw_only=True)
class Instance:
    """One server definition, whatever format it came from.

    `values` maps attribute names to values: "image", "type", "zone" and "volume_type"
    (the root volume type; absent when the source sets none). `span` covers the block's
    header, the fallback position for findings about attributes that were not written.
    """

    source: str  # source kind: "terraform" today; "packer", "yaml" later
    address: str  # e.g. scaleway_instance_server.web
    span: Span
    values: dict[str, Value] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.span.path

    def value(self, name: str) -> Value | None:
        return self.values.get(name)

    def position_of(self, name: str) -> Span:
        """Where a finding about attribute `name` should point."""
        value = self.values.get(name)
        if value is not None and value.span is not None and value.span.path == self.path:
            return value.span
        return self.span


# Not frozen: Python sets __traceback__ on exceptions it propagates (contextmanager does
# so explicitly), which a frozen dataclass refuses with FrozenInstanceError.
@dataclass(kw_only=True, eq=False)
class ParseError(Exception):
    """A file that could not be read as its format; line and column are 1-based."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class SourceFile:
    """What a parser returns for one file."""

    path: str
    instances: tuple[Instance, ...] = ()
