"""The default zone of the Scaleway CLI configuration profile, which the Terraform provider
reads when neither the environment nor the provider block sets a zone."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from imagelint.files import note_failed, note_read

MAX_CONFIG_BYTES = 1024 * 1024  # a CLI profile file is a few lines
DEFAULT_PROFILE = "default"  # the Go SDK's name for the root profile


class ConfigError(Exception):
    """A configuration file the provider would refuse to load; the message names the file."""


def config_path(env: Mapping[str, str], home: Path | None) -> Path | None:
    """Where the Go SDK looks: $SCW_CONFIG_PATH, else $XDG_CONFIG_HOME/scw/config.yaml,
    else ~/.config/scw/config.yaml (None without a home directory)."""
    if env.get("SCW_CONFIG_PATH"):
        return Path(env["SCW_CONFIG_PATH"])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "scw" / "config.yaml"
    return home / ".config" / "scw" / "config.yaml" if home is not None else None


def profile_zone(env: Mapping[str, str], home: Path | None) -> tuple[str, str] | None:
    """(zone, where it was set) from the active profile's `default_zone`, or None when there
    is no configuration file or no default zone in it.

    The profile is $SCW_PROFILE, else the file's `active_profile`, else the root profile; a
    named profile is merged over the root one, as the Go SDK does. Raises ConfigError for a
    file that is not a YAML mapping, larger than 1 MiB, or names a profile it lacks.
    """
    path = config_path(env, home)
    if path is None:
        return None
    shown = _shown(path, home)
    config = _load(path, shown)
    if config is None:
        return None
    name = env.get("SCW_PROFILE") or _string(config, "active_profile", shown)
    if name == "":
        raise ConfigError(f"{shown}: active_profile is empty")
    root_zone = _string(config, "default_zone", shown)
    root = (root_zone, f"default_zone of the default scw profile in {shown}") if root_zone else None
    if name is None or name == DEFAULT_PROFILE:
        return root
    profiles = config.get("profiles") or {}
    if not isinstance(profiles, dict):
        raise ConfigError(f"{shown}: profiles is not a mapping")
    if name not in profiles:
        raise ConfigError(f"{shown}: scw profile {name} does not exist")
    profile = profiles[name] or {}
    if not isinstance(profile, dict):
        raise ConfigError(f"{shown}: scw profile {name} is not a mapping")
    zone = _string(profile, "default_zone", shown)
    if zone:
        return zone, f"default_zone of scw profile {name} in {shown}"
    return root


def _load(path: Path, shown: str) -> dict[str, Any] | None:
    # Recorded on every call (imagelint.files): the bytes are kept between runs of a process,
    # and a repeat run's cached result must know this run depended on them.
    try:
        stat = path.stat()
    except FileNotFoundError:
        note_failed(path)
        return None
    except OSError as error:
        note_failed(path)
        raise ConfigError(f"{shown}: cannot read: {error.strerror}") from None
    try:
        data = _read(path, shown, stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except ConfigError:
        note_failed(path)
        raise
    note_read(path, stat, data)
    return _parse(data, shown)


# Evaluation asks once per resource that sets no zone: read each file version once.
@functools.lru_cache(maxsize=8)
def _read(path: Path, shown: str, mtime: int, size: int, inode: int) -> bytes:
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown}: larger than 1 MiB, not read")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown}: larger than 1 MiB, not read")
    return data


@functools.lru_cache(maxsize=8)
def _parse(data: bytes, shown: str) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        config = yaml.load(data, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{shown}: not valid YAML{where}") from None
    except (RecursionError, UnicodeDecodeError, ValueError):
        raise ConfigError(f"{shown}: not valid YAML") from None
    if config is None:  # an empty file is an empty configuration
        return {}
    if not isinstance(config, dict):
        raise ConfigError(f"{shown}: not a mapping of settings")
    return config


def _string(mapping: Mapping[str, Any], key: str, shown: str) -> str | None:
    value = mapping.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ConfigError(f"{shown}: {key} is not a string")


def _shown(path: Path, home: Path | None) -> str:
    if home is None:
        return str(path)
    try:
        return "~/" + path.relative_to(home).as_posix()
    except ValueError:
        return str(path)
