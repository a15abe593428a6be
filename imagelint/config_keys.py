"""The one table of configuration keys: default, kind, command-line flag, environment variable."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from imagelint.files import DEFAULT_MAX_FILE_BYTES

DEFAULT_API_URL = "https://api.scaleway.com"
SEVERITIES = ("error", "warning", "notice")

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*")
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class ConfigError(Exception):
    """An unusable configuration (exit 2): the message names the file, line, column and key,
    or the environment variable."""


def parse_size(text: str) -> int:
    """Bytes from `5MB`, `512KiB` or `1000000`, as --max-file-size takes them; ValueError
    saying why not."""
    match = _SIZE.fullmatch(text)
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        raise ValueError(f"{text!r} is not a size (examples: 5MB, 512KiB, 1000000)")
    size = int(Decimal(match.group(1)) * unit)
    if size < 1:
        raise ValueError(f"{text!r} is less than one byte")
    return size


def parse_duration(text: str) -> float:
    """Seconds from `3600`, `90s`, `30m`, `24h` or `7d`; ValueError saying why not."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration (examples: 3600, 30m, 24h, 7d)")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def range_problem(value: float, low: float | None, high: float | None) -> str | None:
    shown = f"{value:g}"
    if not math.isfinite(value):
        return f"{shown} is not a finite number"
    if low is not None and value < low:
        return f"{shown} is less than {low:g}"
    if high is not None and value > high:
        return f"{shown} is more than {high:g}"
    return None


@dataclass(frozen=True, kw_only=True)
class Key:
    name: str  # kebab-case, as written in .imagelint.yaml
    field: str  # the app.Options field it sets
    kind: str  # choice, url, number, integer, size, duration, zone, globs, path or rules
    default: object
    description: str
    flag: str | None = None
    env: str | None = None
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    nullable: bool = False  # `null` in the file means "not set": the default applies

    def from_text(self, text: str) -> object:
        """The value of written text (a string in the file, an environment variable);
        ValueError saying why it is unusable (never quoting credentials)."""
        if self.kind == "choice":
            if text not in self.choices:
                raise ValueError(f"{text!r} is not one of {', '.join(self.choices)}")
            return text
        if self.kind == "url":
            from imagelint.catalog.endpoint import parse_api_url

            return parse_api_url(text).url  # CatalogConfigError is a ValueError, URL masked
        if self.kind in ("number", "integer"):
            if not NUMBER.fullmatch(text.strip()):
                raise ValueError(f"{text!r} is not a number")
            number = float(text)
            if self.kind == "integer" and not number.is_integer():
                raise ValueError(f"{text!r} is not a whole number")
            problem = range_problem(number, self.low, self.high)
            if problem:
                raise ValueError(problem)
            return int(number) if self.kind == "integer" else number
        if self.kind == "size":
            return parse_size(text)
        if self.kind == "duration":
            return parse_duration(text)
        if self.kind == "zone":
            from imagelint.catalog.zones import KNOWN_ZONES

            if text not in KNOWN_ZONES:
                raise ValueError(f"{text!r} is not a Scaleway zone ({', '.join(KNOWN_ZONES)})")
            return text
        if self.kind == "path":
            if not text.strip():
                raise ValueError("expected a file path")
            return text
        raise ValueError(f"expected {self.kind}")


KEYS: tuple[Key, ...] = (
    Key(
        name="catalog",
        field="catalog",
        kind="choice",
        choices=("auto", "api", "offline"),
        default="auto",
        flag="--catalog",
        env="IMAGELINT_CATALOG",
        description="auto: fresh cached answers, else the live API, else stale cached answers "
        "or the bundled snapshot (with a warning); api: the live API only (its answers are "
        "cached); offline: cached answers of any age, then the bundled snapshot, no network.",
    ),
    Key(
        name="api-url",
        field="api_url",
        kind="url",
        default=DEFAULT_API_URL,
        nullable=True,
        flag="--api-url",
        env="SCW_API_URL",
        description="The Marketplace API base URL.",
    ),
    Key(
        name="connect-timeout",
        field="connect_timeout",
        default=5.0,
        flag="--connect-timeout",
        description="Seconds to wait for a connection to the Marketplace API.",
        kind="number",
        low=0.1,
    ),
    Key(
        name="read-timeout",
        field="read_timeout",
        default=15.0,
        flag="--read-timeout",
        description="Seconds to wait for each response of the Marketplace API.",
        kind="number",
        low=0.1,
    ),
    Key(
        name="retries",
        field="retries",
        kind="integer",
        default=4,
        low=0,
        high=10,
        flag="--retries",
        description="Retries on 429, 502, 503, 504 and connection errors.",
    ),
    Key(
        name="request-deadline",
        field="request_deadline",
        default=30.0,
        flag="--request-deadline",
        description="Seconds a whole Marketplace API request may take: connecting, waiting and "
        "reading the answer.",
        kind="number",
        low=0.1,
    ),
    Key(
        name="auto-deadline",
        field="auto_deadline",
        default=10.0,
        flag="--auto-deadline",
        description="With catalog auto: seconds the run may spend on the live API before it "
        "falls back to the bundled snapshot.",
        kind="number",
        low=0.1,
    ),
    Key(
        name="cache-ttl",
        field="cache_ttl",
        default=86400.0,
        description="How long a cached Marketplace answer stays fresh (seconds, or 30m, 24h, "
        "7d); an older one is used only when the live API cannot answer (with a warning "
        "stating its age), or offline.",
        kind="duration",
    ),
    Key(
        name="cache-negative-ttl",
        field="cache_negative_ttl",
        default=3600.0,
        description="How long a cached 'no such label or image' answer stays fresh (seconds, "
        "or 30m, 1h).",
        kind="duration",
    ),
    Key(
        name="catalog-file",
        field="catalog_file",
        flag="--catalog-file",
        kind="path",
        default=None,
        nullable=True,
        description="A snapshot exported by `imagelint catalog export` (relative to the "
        "configuration file), used instead of the bundled one in every catalog mode.",
    ),
    Key(
        name="catalog-concurrency",
        field="catalog_concurrency",
        kind="integer",
        default=16,
        low=1,
        high=64,
        description="Marketplace API requests in flight at once; a query asked twice is sent once.",
    ),
    Key(
        name="jobs",
        field="jobs",
        kind="integer",
        default=0,
        low=0,
        high=64,
        flag="--jobs",
        description="Processes that parse and evaluate a large tree at once; 0: one per CPU "
        "core. Small runs stay in one process, where starting others would cost more.",
    ),
    Key(
        name="max-file-size",
        field="max_file_size",
        kind="size",
        default=DEFAULT_MAX_FILE_BYTES,
        flag="--max-file-size",
        description="A larger file is an error, not read: a number of bytes, or with a unit "
        "(500KB, 2MiB).",
    ),
    Key(
        name="default-zone",
        field="default_zone",
        kind="zone",
        default=None,
        nullable=True,
        flag="--default-zone",
        description="The zone of instances whose zone comes from credentials imagelint cannot "
        "read (a Crossplane ProviderConfig), and of inventory instances that set none. "
        "SCW_DEFAULT_ZONE is not read for it: the tools read that one themselves.",
    ),
    Key(
        name="fail-on",
        field="fail_on",
        kind="choice",
        choices=SEVERITIES,
        default="error",
        flag="--fail-on",
        description="The lowest severity that makes the run fail (exit 1).",
    ),
    Key(
        name="exclude",
        field="exclude",
        kind="globs",
        default=(),
        flag="--exclude",
        description="Files not read: glob patterns matched against each path as imagelint "
        "shows it (relative to the working directory, / separated) and each of its parent "
        "directories, with fnmatch (a * also crosses /): `modules/legacy` leaves out that "
        "tree, `*.generated.tf` every file so named.",
    ),
    Key(
        name="baseline",
        field="baseline",
        kind="path",
        default=None,
        nullable=True,
        flag="--baseline",
        description="A baseline file (relative to the configuration file): the findings it "
        "records are hidden.",
    ),
    Key(
        name="rules",
        field="rule_settings",
        kind="rules",
        default={},
        description="Per rule id: enabled, severity (error|warning|notice), suppressible "
        "(whether inline comments may hide its findings) and the rule's own options.",
    ),
)

BY_NAME = {key.name: key for key in KEYS}
BY_FIELD = {key.field: key for key in KEYS}
