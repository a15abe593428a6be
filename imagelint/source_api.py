"""All a source plugin imports besides the model: the files it is offered, what it may read,
and what it returns.

A source plugin is a module registered under the `imagelint.sources` entry-point group
(name = its NAME) with these names:

    NAME: str          # "terraform", "packer", ...; what `--source NAME` forces
    SUMMARY: str       # one line for `imagelint sources`
    def wants(name: str) -> bool            # by file name alone: may this file be mine?
    def detect(file: Candidate) -> bool     # by content: is it mine? (cheap; no full parse)
    def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult

Several sources may claim one file (a multi-document YAML file holding a Crossplane Server
and a Cluster API machine): each reads what is its own. A YAML or JSON file no source
claims is skipped and counted; a file that is recognisably a format but malformed is an
error with file and line, returned by `read`. The module itself must stay light: import
its parser inside `read`, so a run over YAML files never imports the HCL parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from imagelint.model import Instance, ParseError

if TYPE_CHECKING:
    from imagelint.files import Scope
    from imagelint.parsers.yaml_tree import YDocument

__all__ = [
    "Candidate",
    "ReadContext",
    "Source",
    "SourceResult",
    "TemplateSkipped",
    "read_each_yaml",
    "yaml_documents",
]

GROUP = "imagelint.sources"


class Candidate:
    """A file offered to the sources. Its text and YAML documents are read once, within the
    run's bounds, whichever sources ask; a failure is a ParseError naming the file."""

    def __init__(self, path: Path, *, shown: str, given: bool, scope: Scope) -> None:
        self.path = path
        self.shown = shown  # as findings name it
        self.given = given  # named on the command line, not found in a directory walk
        self._scope = scope
        self._text: str | ParseError | None = None
        self._yaml: list[YDocument] | ParseError | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def text(self) -> str:
        if self._text is None:
            try:
                self._text = self._scope.read_text(self.path)
            except ParseError as error:
                self._text = error
        if isinstance(self._text, ParseError):
            raise self._text
        return self._text

    def head(self, size: int = 65536) -> str:
        """The start of the text, for detection; "" when the file cannot be read (its
        error is reported by whichever source reads it, or it is skipped). A file past the
        size limit is still recognised by its start, so its source reports it as too large
        rather than it being skipped unseen."""
        if isinstance(self._text, str):
            return self._text[:size]
        from imagelint.files import read_bytes

        try:
            start = read_bytes(self.path, self.shown, limit=size, whole=False)
        except ParseError:
            return ""
        return start.decode("utf-8", errors="replace").removeprefix("\ufeff")

    def yaml(self) -> list[YDocument]:
        if self._yaml is None:
            from imagelint.parsers.yaml_tree import load_yaml

            try:
                self._yaml = load_yaml(
                    self.shown, self.text(), max_nodes=self._scope.bounds.max_tokens
                )
            except ParseError as error:
                self._yaml = error
        if isinstance(self._yaml, ParseError):
            raise self._yaml
        return self._yaml


@dataclass(frozen=True, kw_only=True)
class ReadContext:
    cwd: Path
    env: Mapping[str, str]  # the run's environment (tests pass their own)
    home: Path | None  # for the scw CLI profile; None: no profile is read
    # Read every other file (role defaults, group_vars, pkrvars, modules) through it: it
    # keeps links inside the scanned roots, bounds sizes, and collects skip warnings.
    scope: Scope
    # --default-zone: for tools whose zone comes from credentials imagelint cannot read
    # (a Crossplane ProviderConfig). None: such an instance is unresolved, with the reason.
    default_zone: str | None = None
    var_files: tuple[Path, ...] = ()  # --var-file, in order: each source takes its own kind
    var_args: tuple[str, ...] = ()  # --var NAME=VALUE
    # The paths the user gave (absolute): Terraform evaluates module trees from them.
    paths: tuple[Path, ...] = ()
    walked: bool = True  # False: only files given one by one (a pre-commit call)
    # Processes a source may parse and evaluate in (Options.jobs; 0: one per CPU core). A
    # source decides whether its share of the run is large enough to be worth them.
    jobs: int = 1
    # Called with each batch of instances as soon as they are evaluated (a Terraform root
    # module, a playbook), before the rest is read: the run sends their catalog queries
    # while the other files are still being parsed. None: nobody listens.
    on_instances: Callable[[Sequence[Instance]], None] | None = None


@dataclass(frozen=True, kw_only=True)
class SourceResult:
    instances: tuple[Instance, ...] = ()
    errors: tuple[ParseError, ...] = ()
    # Sentences about the run, shown before the summary: a template skipped until rendered,
    # a vars file that could not be read.
    notices: tuple[str, ...] = ()
    # Files claimed by detection that turned out to hold nothing of this format (counted as
    # skipped unless another source read them).
    not_mine: tuple[str, ...] = ()


class Source(Protocol):
    NAME: str
    SUMMARY: str

    def wants(self, name: str) -> bool: ...

    def detect(self, file: Candidate) -> bool: ...

    def read(self, files: Sequence[Candidate], context: ReadContext) -> SourceResult: ...


class TemplateSkipped(Exception):
    """A file that is not YAML until a template engine renders it (Helm, Go, Jinja)."""

    def __init__(self, shown: str) -> None:
        super().__init__(f"{shown}: a template that is not YAML until rendered: not checked")
        self.notice = str(self)


def yaml_documents(file: Candidate) -> list[YDocument]:
    """The file's YAML documents. A file that does not parse is a ParseError with its line,
    unless it looks like a template: then TemplateSkipped, whose notice the source returns."""
    try:
        return file.yaml()
    except ParseError:
        from imagelint.parsers.yaml_tree import looks_templated

        if looks_templated(file.head(1 << 20)):
            raise TemplateSkipped(file.shown) from None
        raise


# A file's instances and errors, or None when it holds nothing of the source's format.
FileRead = tuple[Sequence[Instance], Sequence[ParseError]] | None


def read_each_yaml(
    files: Sequence[Candidate], read_one: Callable[[Candidate, list[YDocument]], FileRead]
) -> SourceResult:
    """For a source that reads each YAML file on its own: a template is skipped with its
    notice, a file that does not parse is its error, a file `read_one` finds nothing of its
    format in is not mine, and the other files are read still."""
    instances: list[Instance] = []
    errors: list[ParseError] = []
    notices: list[str] = []
    not_mine: list[str] = []
    for file in files:
        try:
            found = read_one(file, yaml_documents(file))
        except TemplateSkipped as skipped:
            notices.append(skipped.notice)
            continue
        except ParseError as error:
            errors.append(error)
            continue
        if found is None:
            not_mine.append(file.shown)
            continue
        instances.extend(found[0])
        errors.extend(found[1])
    return SourceResult(
        instances=tuple(instances),
        errors=tuple(errors),
        notices=tuple(notices),
        not_mine=tuple(not_mine),
    )
