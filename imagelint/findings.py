"""Findings: plain, frozen data that reporters turn into text."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    # Values are GitHub's annotation levels, so reporters can use them as they are.
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


@dataclass(frozen=True, kw_only=True)
class Related:
    """Another place a finding involves: a step of the way the value reached the attribute
    (a module input, a variable, a tfvars entry). Positions are 1-based; the end is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem at one place: where the offending value was written, which may be
    another file than the resource's. Positions are 1-based; the end is exclusive."""

    rule: str
    severity: Severity
    message: str
    hint: str | None
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    resource: str | None  # the instance's address
    related: tuple[Related, ...] = ()  # from the resource attribute to the written value
    # Stable across edits elsewhere in the file: path, resource, rule and the offending
    # text, never the line (imagelint.fingerprint). Baselines and GitLab reports key on it.
    fingerprint: str = ""

    def key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.line, self.column, self.severity.rank, self.rule)


@dataclass(frozen=True, kw_only=True)
class RuleInfo:
    """A rule as reports describe it (SARIF's rule metadata, `imagelint explain`)."""

    id: str
    severity: Severity  # as configured for this run
    summary: str  # the docstring's first line
    doc: str  # the whole docstring: why, options, PASS/FAIL examples


# Findings imagelint itself reports, beside the rules' (they have no plugin).
PARSE_ERROR = RuleInfo(
    id="parse-error",
    severity=Severity.ERROR,
    summary="A file could not be read as its format.",
    doc="A file could not be read as its format.\n\nWhy: a file that does not parse was "
    "not checked; the error says where reading stopped.",
)
UNUSED_SUPPRESSION = RuleInfo(
    id="unused-suppression",
    severity=Severity.NOTICE,
    summary="An inline suppression that suppressed nothing, has expired, or gives no reason.",
    doc="An inline suppression that suppressed nothing, has expired, or gives no reason.\n\n"
    "Why: a suppression that no longer applies hides the next real finding on that line; "
    "one without a reason cannot be reviewed.",
)
BUILTIN_RULES = (PARSE_ERROR, UNUSED_SUPPRESSION)


@dataclass(frozen=True, kw_only=True)
class CatalogInfo:
    source: str  # "api" or "snapshot"
    as_of: str  # ISO date (snapshot) or ISO timestamp of the run (api)
    api_url: str | None
    detail: str = ""  # e.g. why auto mode fell back to the snapshot


@dataclass(frozen=True, kw_only=True)
class Summary:
    files: int
    instances: int
    checked: int
    unresolved: int
    # Unresolved instances by reason kind (imagelint.model.UNKNOWN_KINDS), each counted once.
    unresolved_by_kind: tuple[tuple[str, int], ...] = ()
    skipped: int = 0  # YAML and JSON files of no format imagelint reads
    suppressed: int = 0  # findings hidden by inline suppressions
    baselined: int = 0  # findings hidden by the baseline
    baseline_stale: int = 0  # baseline entries that matched no finding (--prune-baseline)


@dataclass(frozen=True, kw_only=True)
class Report:
    """Everything a reporter needs; reporters see nothing else."""

    catalog: CatalogInfo
    summary: Summary
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...] = ()  # run-level messages (catalog fallback, ...)
    rules: tuple[RuleInfo, ...] = ()  # every rule of the run, built-in ones included

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)
