"""The cache TTL keys take seconds or a duration ("24h"), in the file and in the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagelint.config import ConfigError, resolve
from imagelint.config_keys import parse_duration
from imagelint.plugins import load_rules

RULES = load_rules()
FILE = ".imagelint.yaml"
SCHEMA = Path(__file__).resolve().parents[1] / "imagelint" / "data" / "config.schema.json"


def values_of(tmp_path: Path, text: str) -> dict[str, object]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return resolve({}, cwd=tmp_path, env={}, config_file=None, rules=RULES).values


VALID = [  # text, Options field, seconds
    ("cache-ttl: 24h", "cache_ttl", 86400.0),
    ("cache-ttl: 90m", "cache_ttl", 5400.0),
    ("cache-ttl: 1d", "cache_ttl", 86400.0),
    ("cache-ttl: 30s", "cache_ttl", 30.0),
    ("cache-ttl: 1.5h", "cache_ttl", 5400.0),
    ("cache-ttl: '2 h'", "cache_ttl", 7200.0),
    ("cache-ttl: 3600", "cache_ttl", 3600.0),  # a YAML number: seconds, as before
    ("cache-ttl: 0.5", "cache_ttl", 0.5),
    ("cache-ttl: '600'", "cache_ttl", 600.0),
    ("cache-ttl: 0", "cache_ttl", 0.0),  # nothing is fresh: every run asks the API
    ("cache-negative-ttl: 10m", "cache_negative_ttl", 600.0),
    ("cache-negative-ttl: 120", "cache_negative_ttl", 120.0),
]


@pytest.mark.parametrize(("text", "field", "seconds"), VALID, ids=[c[0] for c in VALID])
def test_a_duration_is_seconds(tmp_path: Path, text: str, field: str, seconds: float) -> None:
    value = values_of(tmp_path, text)[field]
    assert value == seconds and type(value) is float


def test_unset_ttls_keep_their_defaults(tmp_path: Path) -> None:
    values = values_of(tmp_path, "catalog: auto")
    assert (values["cache_ttl"], values["cache_negative_ttl"]) == (86400.0, 3600.0)


INVALID = [  # text, where and what the message says
    ("cache-ttl: -1", "1:12: cache-ttl: -1 is less than 0"),
    ("cache-ttl: -1h", "1:12: cache-ttl: '-1h' is not a duration (examples: 3600, 30m, 24h"),
    ("cache-ttl: 1w", "1:12: cache-ttl: '1w' is not a duration"),
    ("cache-ttl: 24 hours", "1:12: cache-ttl: '24 hours' is not a duration"),
    ("cache-ttl: 24H", "1:12: cache-ttl: '24H' is not a duration"),
    ("cache-ttl: h", "1:12: cache-ttl: 'h' is not a duration"),
    ("cache-ttl: .inf", "1:12: cache-ttl: expected a number"),
    ("cache-ttl: true", "1:12: cache-ttl: expected a string"),
    ("cache-ttl: [1h]", "1:12: cache-ttl: expected a string"),
    ("cache-negative-ttl: soon", "1:21: cache-negative-ttl: 'soon' is not a duration"),
]


@pytest.mark.parametrize(("text", "expected"), INVALID, ids=[c[0] for c in INVALID])
def test_a_bad_duration_names_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        values_of(tmp_path, text)
    assert str(caught.value).startswith(f"{FILE}:{expected}")


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        *(("24h", True), ("90m", True), ("1d", True), ("30s", True), (" 2 h ", True)),
        *(("3600", True), ("-1h", False), ("1w", False), ("24H", False), ("", False)),
    ],
)
def test_the_schema_pattern_accepts_what_the_loader_accepts(text: str, accepted: bool) -> None:
    import re

    schema = json.loads(SCHEMA.read_text("utf-8"))
    for key in ("cache-ttl", "cache-negative-ttl"):
        pattern = schema["properties"][key]["oneOf"][1]["pattern"]
        assert bool(re.search(pattern, text)) is accepted
    try:
        parse_duration(text)
    except ValueError:
        assert not accepted
    else:
        assert accepted
