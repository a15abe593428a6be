"""run(options) -> exit code: the one place that wires sources, parsers, catalog, engine and
reporters together."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from imagelint.catalog.errors import CatalogConfigError, CatalogRejected
from imagelint.catalog.interface import Catalog
from imagelint.files import DEFAULT_MAX_FILE_BYTES
from imagelint.findings import CatalogInfo, Finding, Report, Severity, Summary
from imagelint.model import ParseError

if TYPE_CHECKING:
    from imagelint.workspace import Workspace

DEFAULT_API_URL = "https://api.scaleway.com"
NOT_CHECKED = "value-unresolved"  # the rule that says an instance was not checked


class Exit:
    CLEAN = 0
    FINDINGS = 1  # error findings
    USAGE = 2  # bad usage, unparsable file, broken plugin
    UNCHECKED = 3  # the catalog could not be asked: the run cannot vouch for its result


@dataclass(frozen=True, kw_only=True)
class Options:
    paths: tuple[str, ...]
    catalog: str = "auto"  # auto | api | offline
    api_url: str | None = None  # None: SCW_API_URL, else the public API
    output_format: str = "text"
    # Values for root modules' variables, as terraform plan takes them: files first, then
    # NAME=VALUE pairs, each in command-line order.
    var_files: tuple[str, ...] = ()
    var_args: tuple[str, ...] = ()
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    retries: int = 4
    request_deadline: float = 30.0  # seconds for a whole API request: connect, wait, body
    auto_deadline: float = 60.0  # auto mode: seconds of live API time before the snapshot
    allow_insecure_api: bool = False  # credentials over plain http to a host not loopback
    max_file_size: int = DEFAULT_MAX_FILE_BYTES  # bytes; it also bounds tokens and blocks
    source: str | None = None  # --source NAME: read the given files as this source's format
    # For tools whose zone comes from credentials imagelint cannot read (Crossplane).
    default_zone: str | None = None
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    exit_code: int
    report: Report | None  # None when the run stopped before checking (broken plugin, ...)
    messages: tuple[str, ...] = ()  # for stderr


def run(options: Options, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.reporters import REPORTERS
    from imagelint.reporters.escape import escape_controls

    outcome = check(options)
    if outcome.report is not None:
        out.write(REPORTERS[options.output_format](outcome.report))
    for message in outcome.messages:  # they quote paths and API answers: escaped like stdout
        err.write(f"imagelint: {escape_controls(message)}\n")
    return outcome.exit_code


def check(options: Options, *, catalog: Catalog | None = None) -> Outcome:
    """Read, resolve and lint; `catalog` replaces the one options.catalog would build."""
    from imagelint.engine import RuleCrashed, lint
    from imagelint.plugins import PluginError, discover

    try:
        # Nothing in the working directory or the scanned paths may register a rule.
        plugins = discover(untrusted=(options.cwd, *(options.cwd / p for p in options.paths)))
    except PluginError as error:
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(str(error),))
    rules = plugins.rules
    from imagelint.workspace import SourceCrashed, read

    if options.source is not None and options.source not in {s.name for s in plugins.sources}:
        known = ", ".join(s.name for s in plugins.sources)
        message = f"unknown source {options.source!r} (--source): the sources are {known}"
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(message,))
    try:
        workspace = read(options, plugins.sources)
    except SourceCrashed as error:
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(str(error),))
    instances = workspace.instances
    parse_errors = [_parse_finding(e) for e in workspace.errors]
    owned = catalog is None
    try:
        catalog = catalog or build_catalog(options)
    except CatalogConfigError as error:
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(str(error),))
    try:
        result = lint(instances, rules, catalog)
        info = _catalog_info(catalog)
    except RuleCrashed as error:
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(str(error),))
    except CatalogRejected as error:
        message = f"the Marketplace API refused the request: {error}"
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(message,))
    finally:
        if owned:
            catalog.close()
    warnings = [
        *workspace.warnings,  # files not read: FIFOs, devices, links leaving the root
        *plugins.refused,
        *(f"catalog unavailable: {r}" for r in result.catalog_unavailable),
    ]
    if not workspace.files:
        # A CI gate pointed at the wrong directory must not pass in silence.
        skipped = (
            f" ({workspace.skipped} other YAML or JSON files skipped)" if workspace.skipped else ""
        )
        warnings.append(f"no file imagelint reads was found in {', '.join(options.paths)}{skipped}")
    fell_back = getattr(catalog, "fell_back_because", None)
    if fell_back:
        warnings.append(
            f"the Marketplace API could not be reached ({fell_back}); "
            f"results come from the offline snapshot as of {info.as_of}"
        )
    report = Report(
        catalog=info,
        summary=Summary(
            files=workspace.files,
            skipped=workspace.skipped,
            instances=len(instances),
            checked=result.checked,
            unresolved=result.unresolved,
            unresolved_by_kind=result.unresolved_by_kind,
        ),
        findings=tuple(
            sorted((*parse_errors, *_reported(result.findings, workspace)), key=Finding.key)
        ),
        warnings=tuple(warnings),
    )
    # The text format prints warnings in its summary; machine formats keep stdout clean.
    shown = () if options.output_format == "text" else tuple(f"warning: {w}" for w in warnings)
    return Outcome(
        exit_code=exit_code(report, unchecked=bool(result.catalog_unavailable)),
        report=report,
        messages=shown,
    )


def _reported(findings: Iterable[Finding], workspace: Workspace) -> list[Finding]:
    """With files given one by one (pre-commit), the findings those files have a part in:
    where the finding points, a place on its chain, or the instance's own block or module
    calls. A variable default changed in variables.tf breaks a server in main.tf: reported."""
    given = workspace.given
    if given is None:
        return list(findings)
    anchored = {
        i.address
        for i in workspace.instances
        if i.path in given or any(h.span.path in given for h in i.callers)
    }
    # The workspace kept only instances the given files have a part in: each one that could
    # not be checked says why, or the summary would count it without a word.
    kept = {i.address for i in workspace.instances}
    return [
        f
        for f in findings
        if f.path in given
        or f.resource in anchored
        or any(r.path in given for r in f.related)
        or (f.rule == NOT_CHECKED and f.resource in kept)
    ]


def exit_code(report: Report, *, unchecked: bool) -> int:
    """The highest that applies: a run that could not check everything never looks like a
    plain finding or a pass."""
    if unchecked:
        return Exit.UNCHECKED
    if any(f.rule == "parse-error" for f in report.findings):
        return Exit.USAGE
    if report.count(Severity.ERROR):
        return Exit.FINDINGS
    return Exit.CLEAN


def build_catalog(options: Options) -> Catalog:
    """CatalogConfigError (a usage error) for a malformed API URL, in every mode, or one that
    would send credentials in clear."""
    from imagelint.catalog.endpoint import check_transport, parse_api_url
    from imagelint.catalog.snapshot import SnapshotCatalog

    # Offline too: a typo in SCW_API_URL must not wait for the first run that needs it.
    endpoint = parse_api_url(options.api_url or options.env.get("SCW_API_URL") or DEFAULT_API_URL)
    if options.catalog == "offline":
        return SnapshotCatalog()
    secret = bool(options.env.get("SCW_SECRET_KEY"))
    check_transport(endpoint, secret=secret, allow_insecure=options.allow_insecure_api)
    from imagelint.catalog.layered import FallbackCatalog
    from imagelint.catalog.lazy import LazyCatalog

    api_url = endpoint.url
    live = LazyCatalog(
        endpoint.shown, lambda: _http_catalog(options, api_url, fallback=options.catalog == "auto")
    )
    if options.catalog == "api":
        return live
    return FallbackCatalog(live, SnapshotCatalog())


def _http_catalog(options: Options, api_url: str, *, fallback: bool) -> Catalog:
    from imagelint.catalog.http import HttpCatalog

    return HttpCatalog(
        base_url=api_url,
        secret_key=options.env.get("SCW_SECRET_KEY") or None,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        request_deadline=options.request_deadline,
        # Past it, auto mode's queries fail fast, and a first batch that failed falls back.
        run_deadline=options.auto_deadline if fallback else None,
        allow_insecure=options.allow_insecure_api,
        retries=options.retries,
        # With the snapshot to fall back on, a host that refuses connections or does not
        # resolve is asked once more, not through the whole backoff: pre-commit offline.
        connect_retries=min(options.retries, 1) if fallback else None,
    )


def _parse_finding(error: ParseError) -> Finding:
    return Finding(
        rule="parse-error",
        severity=Severity.ERROR,
        message=error.message,
        hint=None,
        path=error.path,
        line=error.line,
        column=error.column,
        end_line=error.line,
        end_column=error.column + 1,
        resource=None,
    )


def _catalog_info(catalog: Catalog) -> CatalogInfo:
    source = catalog.source()
    return CatalogInfo(
        source=source.kind, as_of=source.as_of, api_url=source.api_url, detail=source.detail
    )


def is_zone(name: str) -> bool:
    from imagelint.catalog.zones import KNOWN_ZONES

    return name in KNOWN_ZONES


def list_sources(out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.plugins import PluginError, discover
    from imagelint.reporters.escape import escape_controls

    try:
        plugins = discover(untrusted=(Path.cwd(),))
    except PluginError as error:
        err.write(f"imagelint: {escape_controls(str(error))}\n")
        return Exit.USAGE
    width = max(len(s.name) for s in plugins.sources)
    for s in plugins.sources:
        out.write(f"{s.name:<{width}}  {escape_controls(s.summary)}\n")
    return Exit.CLEAN


def list_rules(out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.plugins import PluginError, discover
    from imagelint.reporters.escape import escape_controls

    try:
        plugins = discover(untrusted=(Path.cwd(),))
    except PluginError as error:
        err.write(f"imagelint: {escape_controls(str(error))}\n")
        return Exit.USAGE
    for warning in plugins.refused:
        err.write(f"imagelint: warning: {escape_controls(warning)}\n")
    width = max(len(r.id) for r in plugins.rules)
    for r in plugins.rules:
        out.write(f"{r.id:<{width}}  {r.severity.value:<7}  {escape_controls(r.summary)}\n")
    return Exit.CLEAN
