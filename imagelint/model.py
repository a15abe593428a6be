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

    def through(self, last: Span) -> Span:
        """From this span's start to the end of `last` (a header from its first key to its
        last label)."""
        return Span(
            path=self.path,
            line=self.line,
            column=self.column,
            end_line=last.end_line,
            end_column=last.end_column,
        )


@dataclass(frozen=True, kw_only=True)
class Hop:
    """One step of the way a value reached an attribute: a place and what happens there
    ("var.image", "module input image of module.app", "terraform.tfvars entry")."""

    span: Span
    message: str


# Why a value is unknown, as a short kind (for summaries and JSON) beside the sentence.
UNKNOWN_KINDS = (
    "no-value",  # a variable without value, a missing attribute
    "unknown-function",  # a function imagelint does not evaluate (or an impure one)
    "remote-module",  # a module whose source is not on disk
    "data-source",  # a data source attribute only the provider knows
    "apply-time",  # a resource attribute known only after apply
    "cycle",  # values that refer to each other
    "invalid",  # an expression Terraform itself would reject
    "parse-error",  # the value depends on a file that did not parse
    "unsupported",  # a construct imagelint does not evaluate
    "catalog",  # the catalog had no answer
)


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
    kind: str = "no-value"  # for an unknown: one of UNKNOWN_KINDS
    # From the attribute to the written value: resource attribute, module input in the
    # caller, variable, tfvars entry. Empty when the value was written in the attribute.
    chain: tuple[Hop, ...] = ()

    def __post_init__(self) -> None:
        if (self.text is None) == (self.reason is None):
            raise ValueError("a Value is either known (text) or unknown (reason)")

    @property
    def known(self) -> bool:
        return self.text is not None

    @classmethod
    def of(
        cls, text: str, span: Span | None, origin: str = "resource", chain: tuple[Hop, ...] = ()
    ) -> Value:
        return cls(text=text, span=span, origin=origin, chain=chain)

    @classmethod
    def unknown(
        cls,
        reason: str,
        span: Span | None,
        origin: str = "resource",
        kind: str = "no-value",
        chain: tuple[Hop, ...] = (),
    ) -> Value:
        return cls(reason=reason, span=span, origin=origin, kind=kind, chain=chain)


LOCAL_IMAGE = "instance_local"
SBS_IMAGE = "instance_sbs"


@dataclass(frozen=True, kw_only=True)
class ResolutionModel:
    """How the tool that creates an instance turns its values into a Marketplace query.

    The source supplies it (MARKETPLACE.md §5.6), per instance, since it depends on the
    tool's version: `name` says which tool and version, and why that version, for messages.
    """

    name: str  # "the Terraform provider 2.40.x (from required_providers `~> 2.40.0`)"
    rewrite_dashes: bool  # label `-` -> `_` before the lookup
    strip_zone_prefix: bool = True  # `zone/label`: the prefix is split off and dropped
    volume_image_types: tuple[tuple[str, str], ...] = ()  # root volume type -> image type
    default_image_type: str = SBS_IMAGE  # no root volume type written (or one not mapped)
    # Provider 2.48-2.49: with no root volume type, these commercial type families (the
    # part before the first "-") asked for local images, every other type for SBS ones.
    local_default_families: tuple[str, ...] = ()
    # Root volume types the tool accepts, in the order a fix suggests them.
    volume_types: tuple[str, ...] = ("l_ssd", "sbs_volume")
    # False: `image` must be an image UUID (Ansible's scaleway_compute GETs it); a label is
    # an error of its own, and the label query only finds the UUID a fix would use.
    accepts_labels: bool = True
    # When set, the only zone names the tool accepts, each with the zone it means (Ansible's
    # region codes); else the Scaleway zones, legacy par1/ams1 included.
    zone_names: tuple[tuple[str, str], ...] = ()
    # The tool's own error for a commercial type it cannot find, with `{type}` and `{zone}`
    # in it; empty: the tool's error is not known, and messages say so in plain words.
    unknown_type_error: str = ""

    def image_type_for(self, volume_type: str | None, commercial_type: str = "") -> str:
        key = (volume_type or "").strip().lower()
        mapped = dict(self.volume_image_types).get(key)
        if mapped is not None:
            return mapped
        family = commercial_type.strip().upper().split("-")[0]
        if not key and self.local_default_families:
            return LOCAL_IMAGE if family in self.local_default_families else SBS_IMAGE
        return self.default_image_type


@dataclass(frozen=True, kw_only=True)
class Phrasing:
    """How the instance's source writes each value, so that hints read as a fix in the
    user's own format: `root_volume { volume_type = "l_ssd" }` in Terraform,
    `rootVolume: [{volumeType: l_ssd}]` under a Crossplane Server's forProvider.

    `names` maps an attribute ("image", "type", "zone", "volume_type", "image_type") to
    its name as written; `settings` maps it to a template in which `{}` stands for the
    value. An attribute missing from either is shown as `name: value`.
    """

    names: tuple[tuple[str, str], ...] = ()
    settings: tuple[tuple[str, str], ...] = ()

    def name(self, attribute: str) -> str:
        return dict(self.names).get(attribute, attribute)

    def setting(self, attribute: str, value: str) -> str:
        template = dict(self.settings).get(attribute)
        if template is None:
            return f"{self.name(attribute)}: {value}"
        return template.replace("{}", value)


@dataclass(frozen=True, kw_only=True)
class Instance:
    """One server definition (or image lookup), whatever format it came from.

    `values` maps attribute names to values: "image", "type", "zone" and "volume_type"
    (the root volume type; absent when the source sets none); an image lookup (a Terraform
    `scaleway_marketplace_image` data source) has "image" (its label), "type" (its
    instance type), "zone" and "image_type". `span` covers the block's header, the fallback
    position for findings about attributes that were not written.
    """

    source: str  # the source plugin's NAME: "terraform", "packer", "ansible", ...
    address: str  # e.g. module.app["eu"].scaleway_instance_server.web[0]
    span: Span
    values: dict[str, Value] = field(default_factory=dict)
    kind: str = "server"  # "server" or "image-lookup"
    model: ResolutionModel | None = None  # None: the source kind's default model
    # A server whose image is the local image an image lookup resolved (its address).
    image_from: str | None = None
    deprecated: str | None = None  # why the resource type no longer exists, for a warning
    # Where a module call or expansion put this instance: the module calls from the root.
    callers: tuple[Hop, ...] = ()
    phrasing: Phrasing = field(default_factory=Phrasing)  # how hints write a fix
    # Settings the tool itself rejects (Packer's image_size_in_gb, an operating system
    # machine-controller has no Scaleway image for): reported by `setting-rejected`.
    rejected: tuple[Rejected, ...] = ()

    @property
    def path(self) -> str:
        return self.span.path

    def value(self, name: str) -> Value | None:
        return self.values.get(name)

    def position_of(self, name: str) -> Span:
        """Where a finding about attribute `name` should point: where its value was
        written, which may be another file (a tfvars entry, a module call's input)."""
        value = self.values.get(name)
        if value is not None and value.span is not None:
            return value.span
        return self.span

    def chain_of(self, name: str) -> tuple[Hop, ...]:
        """The way attribute `name`'s value came to it, for a finding's related locations."""
        value = self.values.get(name)
        return value.chain if value is not None else ()


@dataclass(frozen=True, kw_only=True)
class Rejected:
    """A setting the tool would refuse, found by the source while reading."""

    attribute: str  # as written, e.g. "image_size_in_gb"
    span: Span
    message: str
    hint: str | None = None


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
