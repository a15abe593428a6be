"""The run's settings: built-in defaults < `.imagelint.yaml` < environment < command line.

Every key, its default, flag and environment variable is in config_keys.KEYS; the JSON
Schema (imagelint/data/config.schema.json) is generated from that table. Only two
environment variables are read: SCW_API_URL (api-url, as the Scaleway tools read it) and
IMAGELINT_CATALOG (catalog: `IMAGELINT_CATALOG=offline git commit` on a train, without
editing a committed file). SCW_DEFAULT_ZONE is the tools' own zone source, which the
sources apply where the tool would; it never sets `default-zone`.

A configuration only holds values: it names no code to run (rules come from installed
entry points), its YAML tags are refused, never constructed, and it cannot turn on what
would weaken the run's safety (--allow-insecure-api is a command-line flag only).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.config_keys import BY_FIELD, DEFAULT_API_URL, KEYS, ConfigError, parse_size
from imagelint.findings import Severity
from imagelint.settings import RuleSettings, defaults

if TYPE_CHECKING:
    from imagelint.plugins import LoadedRule

__all__ = [
    "KEYS",
    "NAMES",
    "ConfigError",
    "Resolved",
    "find_config",
    "parse_size",
    "repository_api_url",
    "resolve",
    "show",
]

NAMES = (".imagelint.yaml", ".imagelint.yml")
PRECEDENCE = "default < configuration file < environment < command line"
RULES_FIELD = "rule_settings"
_PLAIN = re.compile(r"[A-Za-z0-9_./@+-][A-Za-z0-9_./@+:*-]*")


@dataclass(frozen=True, kw_only=True)
class Resolved:
    values: dict[str, object]  # by app.Options field
    # By field: "default", ".imagelint.yaml:12", "SCW_API_URL", "--fail-on"; and by
    # "rule_settings.RULE-ID" for each rule the file configures.
    origins: dict[str, str]
    config_file: str | None  # as shown, when one was read


def resolve(
    cli: Mapping[str, object],
    *,
    cwd: Path,
    env: Mapping[str, str],
    config_file: Path | None,
    rules: Sequence[LoadedRule],
) -> Resolved:
    """`cli` holds only the flags the user gave, by Options field (already checked by
    click); values from the file and the environment are checked here. `config_file`
    (--config, relative to `cwd`) replaces the search for `.imagelint.yaml`."""
    values: dict[str, object] = {k.field: k.default for k in KEYS if k.kind != "rules"}
    origins = dict.fromkeys([k.field for k in KEYS], "default")
    path = cwd / config_file if config_file is not None else find_config(cwd)
    shown = None
    settings = {rule.id: defaults(rule) for rule in rules}
    if path is not None:
        from imagelint.config_file import load
        from imagelint.config_rules import rule_settings

        loaded = load(path, cwd=cwd)
        shown = loaded.shown
        values.update(loaded.values)
        origins.update(loaded.origins)
        settings, placed = rule_settings(loaded.rules, rules)
        origins.update({f"{RULES_FIELD}.{rule_id}": where for rule_id, where in placed.items()})
    values[RULES_FIELD] = settings
    for key in KEYS:
        text = env.get(key.env, "") if key.env else ""
        if key.env and text:  # set but empty reads as unset, as the Scaleway tools do
            try:
                values[key.field] = key.from_text(text)
            except ValueError as error:
                raise ConfigError(f"environment variable {key.env}: {error}") from None
            origins[key.field] = key.env
    for name, value in cli.items():
        values[name] = value
        known = BY_FIELD.get(name)
        origins[name] = known.flag if known is not None and known.flag else "command line"
    return Resolved(values=values, origins=origins, config_file=shown)


# Here, not beside the loader (config_file): a run without a configuration file, as most
# pre-commit calls are, does not import it.
def find_config(cwd: Path) -> Path | None:
    """`.imagelint.yaml` (or `.yml`) in the working directory or the nearest parent holding
    one, up to the repository root (a directory holding `.git`). Outside a repository only
    the working directory is searched: a parent such as /tmp or a home directory may hold
    a file that someone else wrote. ConfigError when a directory holds both names."""
    start = Path(os.path.abspath(cwd))
    chain = [start, *start.parents]
    root = next((i for i, d in enumerate(chain) if (d / ".git").exists()), None)
    for directory in chain[: root + 1] if root is not None else chain[:1]:
        found = [directory / name for name in NAMES if (directory / name).exists()]
        if len(found) > 1:
            raise ConfigError(
                f"{found[0]} and {found[1]} both exist: keep one, imagelint would read "
                "only one of them"
            )
        if found:
            return found[0]
    return None


def repository_api_url(resolved: Resolved) -> str | None:
    """The API URL when the configuration file chose one other than Scaleway's: a file a pull
    request can change, so the caller must not send SCW_SECRET_KEY to it (the Marketplace
    API answers without it). None when the URL is the default or came from the environment
    or the command line, which the person running imagelint controls."""
    value = resolved.values.get("api_url")
    origin = resolved.origins.get("api_url", "default")
    from_file = resolved.config_file is not None and origin.startswith(f"{resolved.config_file}:")
    if not from_file or not isinstance(value, str) or value == DEFAULT_API_URL:
        return None
    return value


def show(resolved: Resolved) -> str:
    """The effective configuration as YAML that could be saved as `.imagelint.yaml`, each
    value followed by where it came from."""
    from imagelint.catalog.redact import mask_userinfo

    source = (
        resolved.config_file or "none found (.imagelint.yaml from here up to the repository root)"
    )
    lines = [
        "# imagelint's effective configuration; after each value, where it came from.",
        f"# Precedence: {PRECEDENCE}.",
        f"# Configuration file: {source}",
    ]
    body = []
    for key in KEYS:
        if key.kind == "rules":
            continue
        value = resolved.values.get(key.field, key.default)
        if key.kind == "url" and isinstance(value, str):
            value = mask_userinfo(value)
        body.append((f"{key.name}: {_yaml(value)}", resolved.origins.get(key.field, "default")))
    width = min(max(len(text) for text, _ in body), 48)
    lines += [f"{text:<{width}}  # {origin}" for text, origin in body]
    lines.append(f"rules:  # {resolved.origins.get(RULES_FIELD, 'default')}")
    settings = resolved.values.get(RULES_FIELD, {})
    assert isinstance(settings, Mapping)
    for rule_id in sorted(settings):
        where = resolved.origins.get(f"{RULES_FIELD}.{rule_id}", "default")
        lines.append(f"  {rule_id}: {_rule(settings[rule_id])}  # {where}")
    return "\n".join(lines) + "\n"


def _rule(settings: RuleSettings) -> str:
    fields: dict[str, object] = {
        "enabled": settings.enabled,
        "severity": settings.severity,
        "suppressible": settings.suppressible,
        **settings.options,
    }
    return "{" + ", ".join(f"{name}: {_yaml(value)}" for name, value in fields.items()) + "}"


def _yaml(value: object) -> str:
    """A value as YAML flow text: plain where that reads back as the same string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        from yaml import ScalarNode
        from yaml.resolver import Resolver

        tag = Resolver().resolve(ScalarNode, value, (True, False))
        plain = _PLAIN.fullmatch(value) and tag == "tag:yaml.org,2002:str"
        return value if plain else json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(item) for item in value) + "]"
    return json.dumps(str(value))
