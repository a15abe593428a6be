"""What each `imagelint` command does once click has parsed it: the configuration resolved
into Options for `check`, and the commands that describe rules, sources and settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from imagelint.app import Options, run
from imagelint.config_keys import KEYS
from imagelint.triage import Exit

if TYPE_CHECKING:
    from imagelint.config import Resolved
    from imagelint.plugins import Plugins

# Options the configuration file and the environment may set too; the others exist only
# on the command line (what to read, how to show it).
CONFIGURABLE = tuple(key.field for key in KEYS if key.kind != "rules")


def run_command(paths: tuple[str, ...], params: Mapping[str, object], given: set[str]) -> int:
    """`imagelint check`: `params` as click parsed them, `given` the ones the user wrote."""
    options = options_for(paths, params, given)
    return Exit.USAGE if options is None else run(options)


def options_for(
    paths: tuple[str, ...], params: Mapping[str, object], given: set[str]
) -> Options | None:
    """Options from click's `params` (`given`: the ones the user wrote), the configuration
    and the environment; None after printing a usage error. `check` and `catalog` read the
    configuration the same way."""
    env = dict(os.environ)
    cwd = Path.cwd()
    config, cli = _config_file(params), _given(params, given)
    # The roots app.check trusts no plugin from: the rules are discovered once for both.
    untrusted = (cwd, *(cwd / p for p in paths))
    resolved = _resolved(config, cli, env, cwd, err=sys.stderr, untrusted=untrusted)
    if resolved is None:
        return None
    from imagelint.config import repository_api_url

    foreign = repository_api_url(resolved)
    if foreign is not None and env.get("SCW_SECRET_KEY"):
        # A pull request can change the configuration file: the token never goes to a host
        # it names. The Marketplace API answers without it.
        del env["SCW_SECRET_KEY"]
        sys.stderr.write(
            "imagelint: warning: SCW_SECRET_KEY is not sent to the api-url the configuration "
            "file sets; give it with --api-url or SCW_API_URL to send it\n"
        )
    direct = {k: v for k, v in params.items() if k not in CONFIGURABLE and k != "config_file"}
    progress = sys.stderr.isatty() and not params.get("quiet")
    values = {**resolved.values, **direct}
    options = Options(paths=paths, env=env, cwd=cwd, progress=progress, use_cache=True, **values)  # type: ignore[arg-type]
    from imagelint import parse_cache
    from imagelint.cache_dir import cache_root

    parse_cache.activate(cache_root(env) / "parse")
    return options


def show_config(config_file: str | None, out: TextIO = sys.stdout) -> int:
    from imagelint.config import show

    env = dict(os.environ)
    resolved = _resolved(config_file, {}, env, Path.cwd(), err=sys.stderr)
    if resolved is None:
        return Exit.USAGE
    out.write(show(resolved))
    return Exit.CLEAN


def _given(params: Mapping[str, object], given: set[str]) -> dict[str, object]:
    return {k: params[k] for k in CONFIGURABLE if k in given}


def _config_file(params: Mapping[str, object]) -> str | None:
    config_file = params.get("config_file")
    return str(config_file) if config_file else None


def _resolved(
    config_file: str | None,
    cli: Mapping[str, object],
    env: Mapping[str, str],
    cwd: Path,
    *,
    err: TextIO,
    untrusted: tuple[Path, ...] = (),
) -> Resolved | None:
    from imagelint.config import ConfigError, resolve
    from imagelint.plugins import PluginError, discover
    from imagelint.reporters.escape import escape_controls

    try:
        plugins = discover(untrusted=untrusted or (cwd,))
        return resolve(
            cli,
            cwd=cwd,
            env=env,
            config_file=cwd / config_file if config_file else None,
            rules=plugins.rules,
        )
    except (ConfigError, PluginError) as error:
        err.write(f"imagelint: {escape_controls(str(error))}\n")
        return None


def is_zone(name: str) -> bool:
    from imagelint.catalog.zones import KNOWN_ZONES

    return name in KNOWN_ZONES


def list_sources(out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    plugins = _plugins(err)
    if plugins is None:
        return Exit.USAGE
    width = max(len(s.name) for s in plugins.sources)
    for s in plugins.sources:
        out.write(f"{s.name:<{width}}  {_escaped(s.summary)}\n")
    return Exit.CLEAN


def list_rules(fmt: str = "text", out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.reporters import render_rules
    from imagelint.triage import rule_infos

    plugins = _plugins(err)
    if plugins is None:
        return Exit.USAGE
    options = {r.id: r.options for r in plugins.rules}
    infos = rule_infos(plugins.rules)
    text = render_rules(infos, "json", options=options) if fmt == "json" else None
    out.write(text if text is not None else render_rules(infos, "text", options=options))
    return Exit.CLEAN


def explain_rule(rule_id: str, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from imagelint.reporters import explain
    from imagelint.triage import rule_infos

    plugins = _plugins(err)
    if plugins is None:
        return Exit.USAGE
    infos = {r.id: r for r in rule_infos(plugins.rules)}
    if rule_id not in infos:
        known = ", ".join(sorted(infos))
        err.write(f"imagelint: no rule {_escaped(rule_id)!r}; the rules are {known}\n")
        return Exit.USAGE
    declared = next((r.options for r in plugins.rules if r.id == rule_id), ())
    out.write(explain(infos[rule_id], declared))
    return Exit.CLEAN


def _plugins(err: TextIO) -> Plugins | None:
    from imagelint.plugins import PluginError, discover

    try:
        plugins = discover(untrusted=(Path.cwd(),))
    except PluginError as error:
        err.write(f"imagelint: {_escaped(str(error))}\n")
        return None
    for warning in plugins.refused:
        err.write(f"imagelint: warning: {_escaped(warning)}\n")
    return plugins


def _escaped(text: str) -> str:
    from imagelint.reporters.escape import escape_controls

    return escape_controls(text)
