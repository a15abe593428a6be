"""run(options) -> exit code: the one place that wires sources, parsers, catalog, engine and
reporters together."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from imagelint.catalog.errors import CatalogConfigError, CatalogRejected
from imagelint.catalog.interface import Catalog
from imagelint.catalog_setup import build_catalog, catalog_warnings
from imagelint.config_keys import DEFAULT_API_URL as DEFAULT_API_URL  # re-exported
from imagelint.config_keys import KEYS
from imagelint.findings import CatalogInfo, Finding, Report, Severity, Summary
from imagelint.model import ParseError
from imagelint.settings import RuleSettings
from imagelint.triage import Exit, exit_code

if TYPE_CHECKING:
    from imagelint.plugins import LoadedRule, Plugins
    from imagelint.run_result import Examined
    from imagelint.workspace import Workspace


FORMATS = ("text", "compact", "json", "sarif", "junit", "github", "gitlab", "checkstyle")


_D = {key.field: key.default for key in KEYS}


@dataclass(frozen=True, kw_only=True)
class Options:
    paths: tuple[str, ...]
    # Defaults of what the configuration may set come from its one table (config_keys).
    catalog: str = cast(str, _D["catalog"])  # auto | api | offline
    api_url: str | None = None  # None: SCW_API_URL, else the public API
    output_format: str = "text"
    # Values for root modules' variables, as terraform plan takes them: files first, then
    # NAME=VALUE pairs, each in command-line order.
    var_files: tuple[str, ...] = ()
    var_args: tuple[str, ...] = ()
    connect_timeout: float = cast(float, _D["connect_timeout"])
    read_timeout: float = cast(float, _D["read_timeout"])
    retries: int = cast(int, _D["retries"])
    # Seconds for a whole API request (connect, wait, body); in auto mode, of live API time
    # before the snapshot.
    request_deadline: float = cast(float, _D["request_deadline"])
    auto_deadline: float = cast(float, _D["auto_deadline"])
    allow_insecure_api: bool = False  # credentials over plain http to a host not loopback
    max_file_size: int = cast(int, _D["max_file_size"])  # bytes; bounds tokens and blocks too
    catalog_concurrency: int = cast(int, _D["catalog_concurrency"])  # requests in flight
    jobs: int = cast(int, _D["jobs"])  # parsing processes for large trees; 0: CPU cores
    cache_ttl: float = cast(float, _D["cache_ttl"])  # seconds a cached answer is fresh
    cache_negative_ttl: float = cast(float, _D["cache_negative_ttl"])  # for a cached 404
    # Keep catalog answers and parsed files in the user's cache directory between runs. Off
    # for library callers and tests (a run's result must not depend on earlier ones): the CLI
    # turns it on.
    use_cache: bool = False
    catalog_file: str | None = None  # an exported snapshot replacing the bundled one
    source: str | None = None  # --source NAME: read the given files as this source's format
    # For tools whose zone comes from credentials imagelint cannot read (Crossplane).
    default_zone: str | None = None
    fail_on: str = cast(str, _D["fail_on"])  # the lowest severity that fails the run
    exclude: tuple[str, ...] = ()  # globs on paths as shown (configuration `exclude`)
    rule_settings: Mapping[str, RuleSettings] = field(default_factory=dict)  # by rule id
    baseline: str | None = None  # hide the findings this baseline file records
    write_baseline: str | None = None  # record this run's findings there
    prune_baseline: bool = False  # with write_baseline: drop entries that matched nothing
    today: date | None = None  # suppression expiry is judged against it (None: today)
    outputs: tuple[tuple[str, str], ...] = ()  # (format, file) written besides stdout
    quiet: bool = False  # findings only
    statistics: bool = False  # counts per rule and per directory
    color: str = "auto"  # auto | always | never
    progress: bool = False  # a progress bar on stderr for long runs (the CLI, on a terminal)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    exit_code: int
    report: Report | None  # None when the run stopped before checking (broken plugin, ...)
    messages: tuple[str, ...] = ()  # for stderr


def run(options: Options, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.output import emit

    outcome = check(options)
    return emit(outcome, options, out=out, err=err)


def check(options: Options, *, catalog: Catalog | None = None) -> Outcome:
    """Read, resolve and lint; `catalog` replaces the one options.catalog would build."""
    from imagelint.engine import RuleCrashed
    from imagelint.plugins import PluginError, discover

    try:
        # Nothing in the working directory or the scanned paths may register a rule.
        plugins = discover(untrusted=(options.cwd, *(options.cwd / p for p in options.paths)))
    except PluginError as error:
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(str(error),))
    from imagelint.triage import configured, rule_infos
    from imagelint.workspace import SourceCrashed

    rules = configured(plugins.rules, options.rule_settings)
    unknown = sorted(set(options.rule_settings) - {r.id for r in plugins.rules})
    if unknown:  # the configuration is checked against the rules; this is a last guard
        message = f"unknown rule id in the configuration: {', '.join(unknown)}"
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(message,))

    if options.source is not None and options.source not in {s.name for s in plugins.sources}:
        known = ", ".join(s.name for s in plugins.sources)
        message = f"unknown source {options.source!r} (--source): the sources are {known}"
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(message,))
    owned = catalog is None
    try:
        # Built before reading (nothing is fetched or connected yet): its queries go out as
        # each module is evaluated, while the rest of the tree is still read.
        catalog = catalog or build_catalog(options)
    except CatalogConfigError as error:
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(str(error),))
    from imagelint.run_cache import examine

    try:
        # Read and lint, or reuse a repeat run's result (imagelint.run_cache; CLI runs only).
        result = examine(options, plugins, catalog, lambda o, c: _examine(o, plugins, rules, c))
        info = _catalog_info(catalog)
    except SourceCrashed as error:
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(str(error),))
    except RuleCrashed as error:
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(str(error),))
    except CatalogRejected as error:
        message = f"the Marketplace API refused the request: {error}"
        return Outcome(exit_code=Exit.UNCHECKED, report=None, messages=(message,))
    finally:
        if owned:
            catalog.close()
    warnings = [
        *result.warnings,  # files not read: FIFOs, devices, links leaving the root
        *plugins.refused,
        *(f"catalog unavailable: {r}" for r in result.catalog_unavailable),
    ]
    if not result.files:
        # A CI gate pointed at the wrong directory must not pass in silence.
        skipped = f" ({result.skipped} other YAML or JSON files skipped)" if result.skipped else ""
        warnings.append(f"no file imagelint reads was found in {', '.join(options.paths)}{skipped}")
    warnings.extend(catalog_warnings(catalog))
    from imagelint.triage import BaselineUsageError, reader, triage

    try:
        triaged = triage(
            result.findings,
            rules=rules,
            files=result.read,
            read=reader(options.cwd, options.max_file_size),
            today=options.today or date.today(),
            baseline=options.cwd / options.baseline if options.baseline else None,
            write_baseline=options.cwd / options.write_baseline if options.write_baseline else None,
            prune=options.prune_baseline,
            given=result.given,
        )
    except BaselineUsageError as error:
        return Outcome(exit_code=Exit.USAGE, report=None, messages=(str(error),))
    if triaged.written:
        warnings.append(triaged.written)
    report = Report(
        catalog=info,
        summary=Summary(
            files=result.files,
            skipped=result.skipped,
            instances=result.instances,
            checked=result.checked,
            unresolved=result.unresolved,
            unresolved_by_kind=result.unresolved_by_kind,
            suppressed=triaged.suppressed,
            baselined=triaged.baselined,
            baseline_stale=triaged.baseline_stale,
        ),
        findings=triaged.findings,
        warnings=tuple(warnings),
        rules=rule_infos(rules),
    )
    code = exit_code(report, unchecked=bool(result.catalog_unavailable), fail_on=options.fail_on)
    return Outcome(exit_code=code, report=report)


def _examine(
    options: Options, plugins: Plugins, rules: Sequence[LoadedRule], catalog: Catalog
) -> Examined:
    """Read the workspace and lint it: what a repeat run on an unchanged tree may reuse.
    Raises SourceCrashed, RuleCrashed or CatalogRejected."""
    from imagelint.engine import lint
    from imagelint.prefetch import listener
    from imagelint.run_result import Examined
    from imagelint.workspace import read

    # The catalog's own request pool, not a recording wrapper: nothing is settled here, lint
    # asks (through `catalog`) for every answer it uses.
    prefetcher = listener(getattr(catalog, "wrapped", catalog))
    try:
        workspace = read(options, plugins.sources, on_instances=prefetcher)
    finally:
        if prefetcher is not None:
            prefetcher.close()  # lint asks for the rest, and finds in flight what was sent
    result = lint(workspace.instances, rules, catalog)
    parse_errors = [_parse_finding(e) for e in workspace.errors]
    return Examined(
        files=workspace.files,
        skipped=workspace.skipped,
        instances=len(workspace.instances),
        read=workspace.read,
        given=workspace.given,
        warnings=workspace.warnings,
        findings=(*parse_errors, *_reported(result.findings, workspace)),
        checked=result.checked,
        unresolved=result.unresolved,
        unresolved_by_kind=result.unresolved_by_kind,
        catalog_unavailable=result.catalog_unavailable,
    )


def _reported(findings: Iterable[Finding], workspace: Workspace) -> list[Finding]:
    """With files given one by one (pre-commit), the findings those files have a part in.
    The workspace kept only the instances a given file touches (its block, a module call on
    its way, a value written or passed through there): every finding of such an instance is
    reported, wherever it points, since the change may be what makes it. A new image
    default in variables.tf that makes main.tf's root volume type wrong is reported at
    main.tf. Findings of no instance (a parse error) are reported in the given files."""
    given = workspace.given
    if given is None:
        return list(findings)
    kept = {i.address for i in workspace.instances}
    return [
        f
        for f in findings
        if f.resource in kept or f.path in given or any(r.path in given for r in f.related)
    ]


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
