"""Where the configuration is found, the order in which its sources override each other, and
what `imagelint config` prints: real directory trees, real environment mappings."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import click
import pytest

from imagelint import app, config
from imagelint.cli import ByteSize
from imagelint.config import (
    ConfigError,
    Resolved,
    find_config,
    parse_size,
    repository_api_url,
    resolve,
    show,
)
from imagelint.config_file import MAX_BYTES
from imagelint.config_keys import BY_FIELD, DEFAULT_API_URL, KEYS
from imagelint.plugins import load_rules

RULES = load_rules()


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            target.mkdir(exist_ok=True)
        else:
            target.write_text(text, encoding="utf-8")
    return root


DISCOVERY = [  # files (".git/" a directory), working directory, the file found
    ({".git/": "", ".imagelint.yaml": ""}, ".", ".imagelint.yaml"),
    ({".git/": "", ".imagelint.yml": ""}, ".", ".imagelint.yml"),
    ({".git/": "", ".imagelint.yaml": "", "a/b/x.tf": ""}, "a/b", ".imagelint.yaml"),
    (
        {".git/": "", ".imagelint.yaml": "", "a/.imagelint.yaml": "", "a/b/": ""},
        "a/b",
        "a/.imagelint.yaml",
    ),
    # Above the repository root is someone else's directory.
    ({".imagelint.yaml": "", "repo/.git/": "", "repo/sub/": ""}, "repo/sub", None),
    # A worktree's or submodule's .git is a file: the root all the same.
    ({".imagelint.yaml": "", "repo/.git": "gitdir: ../x", "repo/sub/": ""}, "repo/sub", None),
    (
        {".imagelint.yaml": "", "repo/.git/": "", "repo/.imagelint.yaml": ""},
        "repo",
        "repo/.imagelint.yaml",
    ),
    # Outside any repository only the working directory is searched.
    ({".imagelint.yaml": "", "sub/": ""}, "sub", None),
    ({"sub/.imagelint.yaml": ""}, "sub", "sub/.imagelint.yaml"),
    ({".git/": "", "a/": ""}, "a", None),
    # Other names are not configurations (`fleet.imagelint.yaml` is an inventory).
    ({".git/": "", "fleet.imagelint.yaml": "", "imagelint.yaml": ""}, ".", None),
]


@pytest.mark.parametrize(("files", "cwd", "found"), DISCOVERY)
def test_discovery_upwards_stops_at_the_repository_root(
    tmp_path: Path, files: dict[str, str], cwd: str, found: str | None
) -> None:
    assert not any((p / ".git").exists() for p in tmp_path.parents), "tmp_path is in a repo"
    tree(tmp_path, files)
    result = find_config(tmp_path / cwd)
    assert result == (None if found is None else tmp_path / found)


def test_both_names_in_one_directory_is_an_error(tmp_path: Path) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": "", ".imagelint.yml": ""})
    with pytest.raises(ConfigError, match="both exist: keep one"):
        find_config(tmp_path)


def test_the_file_found_in_a_parent_is_named_relative_to_the_working_directory(
    tmp_path: Path,
) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": "fail-on: notice\nbaseline: ci/b.json\n"})
    (tmp_path / "a" / "b").mkdir(parents=True)
    result = resolve({}, cwd=tmp_path / "a" / "b", env={}, config_file=None, rules=RULES)
    assert result.config_file == "../../.imagelint.yaml"
    assert result.origins["fail_on"] == "../../.imagelint.yaml:1"
    # A path in the file is relative to the file, wherever imagelint runs.
    assert result.values["baseline"] == "../../ci/b.json"


def test_config_option_replaces_discovery(tmp_path: Path) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": "fail-on: notice\n", "ci/lint.yaml": ""})
    (tmp_path / "ci" / "lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    result = resolve({}, cwd=tmp_path, env={}, config_file=Path("ci/lint.yaml"), rules=RULES)
    assert (result.values["fail_on"], result.origins["fail_on"]) == ("warning", "ci/lint.yaml:1")
    assert result.config_file == "ci/lint.yaml"


def config_error(tmp_path: Path, name: str) -> str:
    with pytest.raises(ConfigError) as caught:
        resolve({}, cwd=tmp_path, env={}, config_file=Path(name), rules=RULES)
    return str(caught.value)


def test_config_option_naming_nothing_is_an_error(tmp_path: Path) -> None:
    assert config_error(tmp_path, "missing.yaml") == (
        "missing.yaml:1:1: cannot read: No such file or directory"
    )


def test_a_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    assert "a directory, not a regular file" in config_error(tmp_path, "conf")


def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".imagelint.yaml")
    (tmp_path / ".git").mkdir()
    outcome: list[str] = []

    def attempt() -> None:
        with pytest.raises(ConfigError) as caught:
            resolve({}, cwd=tmp_path, env={}, config_file=None, rules=RULES)
        outcome.append(str(caught.value))

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading a FIFO configuration hung"
    assert outcome == [".imagelint.yaml:1:1: a FIFO, not a regular file: not read"]


def test_a_link_to_a_device_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    assert "a character device, not a regular file" in config_error(tmp_path, "zero.yaml")


def test_a_huge_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    assert "too large to check" in config_error(tmp_path, "big.yaml")


def test_an_alias_bomb_is_an_error(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    (tmp_path / "bomb.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    assert "more than 20,000 YAML nodes" in config_error(tmp_path, "bomb.yaml")


def test_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(b"catalog: caf\xe9\n")
    assert config_error(tmp_path, "latin.yaml") == "latin.yaml:1:1: not UTF-8 text (byte 12)"


PRECEDENCE = [  # file text, environment, command line, expected (value, origin) of catalog
    ("", {}, {}, ("auto", "default")),
    ("catalog: offline", {}, {}, ("offline", ".imagelint.yaml:1")),
    ("catalog: offline", {"IMAGELINT_CATALOG": "api"}, {}, ("api", "IMAGELINT_CATALOG")),
    ("catalog: offline", {"IMAGELINT_CATALOG": ""}, {}, ("offline", ".imagelint.yaml:1")),
    ("", {"IMAGELINT_CATALOG": "offline"}, {}, ("offline", "IMAGELINT_CATALOG")),
    ("catalog: offline", {"IMAGELINT_CATALOG": "api"}, {"catalog": "auto"}, ("auto", "--catalog")),
    ("catalog: offline", {}, {"catalog": "api"}, ("api", "--catalog")),
]


@pytest.mark.parametrize(("text", "env", "cli", "expected"), PRECEDENCE)
def test_precedence_default_file_environment_command_line(
    tmp_path: Path,
    text: str,
    env: dict[str, str],
    cli: dict[str, object],
    expected: tuple[str, str],
) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": text})
    result = resolve(cli, cwd=tmp_path, env=env, config_file=None, rules=RULES)
    assert (result.values["catalog"], result.origins["catalog"]) == expected


API_URL = [  # file text, environment, command line, expected (value, origin) of api_url
    ("", {}, {}, (DEFAULT_API_URL, "default")),
    ("api-url: https://a.example", {}, {}, ("https://a.example", ".imagelint.yaml:1")),
    (
        "api-url: https://a.example",
        {"SCW_API_URL": "https://b.example"},
        {},
        ("https://b.example", "SCW_API_URL"),
    ),
    (
        "api-url: https://a.example",
        {"SCW_API_URL": "https://b.example"},
        {"api_url": "https://c.example"},
        ("https://c.example", "--api-url"),
    ),
]


@pytest.mark.parametrize(("text", "env", "cli", "expected"), API_URL)
def test_api_url_precedence(
    tmp_path: Path,
    text: str,
    env: dict[str, str],
    cli: dict[str, object],
    expected: tuple[str, str],
) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": text})
    result = resolve(cli, cwd=tmp_path, env=env, config_file=None, rules=RULES)
    assert (result.values["api_url"], result.origins["api_url"]) == expected


def test_scw_default_zone_is_not_imagelint_default_zone(tmp_path: Path) -> None:
    env = {"SCW_DEFAULT_ZONE": "nl-ams-1", "IMAGELINT_FAIL_ON": "notice"}
    result = resolve({}, cwd=tmp_path, env=env, config_file=None, rules=RULES)
    assert (result.values["default_zone"], result.origins["default_zone"]) == (None, "default")
    assert (result.values["fail_on"], result.origins["fail_on"]) == ("error", "default")


ENV_INVALID = [  # environment, message
    (
        {"IMAGELINT_CATALOG": "online"},
        "environment variable IMAGELINT_CATALOG: 'online' is not one of auto, api, offline",
    ),
    (
        {"SCW_API_URL": "https://user:s3cret@exa mple.com"},
        "environment variable SCW_API_URL: invalid API URL 'https://***@exa mple.com': it must be "
        "ASCII without spaces",
    ),
    ({"SCW_API_URL": "api.scaleway.com"}, "environment variable SCW_API_URL: invalid API URL"),
]


@pytest.mark.parametrize(("env", "message"), ENV_INVALID)
def test_invalid_environment_names_the_variable(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve({}, cwd=tmp_path, env=env, config_file=None, rules=RULES)
    assert str(caught.value).startswith(message)
    assert "s3cret" not in str(caught.value)


def test_command_line_flags_outside_the_table_pass_through(tmp_path: Path) -> None:
    cli = {"output_format": "json", "allow_insecure_api": True, "fail_on": "notice"}
    result = resolve(cli, cwd=tmp_path, env={}, config_file=None, rules=RULES)
    assert result.values["output_format"] == "json"
    assert result.values["allow_insecure_api"] is True
    assert result.origins["output_format"] == "command line"
    assert result.origins["fail_on"] == "--fail-on"


def test_values_build_app_options(tmp_path: Path) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": "exclude: ['x/**']\nretries: 1\n"})
    result = resolve({}, cwd=tmp_path, env={}, config_file=None, rules=RULES)
    options = app.Options(paths=(".",), **result.values)  # type: ignore[arg-type]
    assert options.exclude == ("x/**",) and options.retries == 1
    assert set(options.rule_settings) == {r.id for r in RULES}


def test_defaults_agree_with_app_options() -> None:
    defaults = {f.name: f for f in dataclasses.fields(app.Options)}
    assert DEFAULT_API_URL == app.DEFAULT_API_URL
    for key in KEYS:
        assert key.field in defaults, key.name
        field = defaults[key.field]
        declared = field.default_factory() if callable(field.default_factory) else field.default
        if key.field == "api_url":
            assert declared is None  # Options: None means SCW_API_URL, then the default URL
        else:
            assert declared == key.default, key.name


SIZES = ["1", "1000000", "5MB", "5mb", "512KiB", "2 MiB", "1.5GB", "0.5KB", " 7 b "]
NOT_SIZES = ["", "0", "5XB", "MB", "-1", "0.1B", "1e3", "5 M B"]


@pytest.mark.parametrize("text", SIZES + NOT_SIZES)
def test_parse_size_reads_sizes_as_the_command_line_does(text: str) -> None:
    try:
        expected: int | str = ByteSize().convert(text, None, None)
    except click.BadParameter as error:
        expected = error.message
    try:
        got: int | str = parse_size(text)
    except ValueError as error:
        got = str(error)
    assert got == expected
    assert isinstance(got, int) == (text in SIZES)


def show_of(tmp_path: Path, text: str, env: dict[str, str], cli: dict[str, object]) -> Resolved:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": text})
    return resolve(cli, cwd=tmp_path, env=env, config_file=None, rules=RULES)


SHOWN = """\
catalog: offline
fail-on: warning
exclude: ['modules/legacy/**', '*.tfvars']
rules:
  value-unresolved:
    severity: warning
    ignore-kinds: [apply-time]
  image-unknown: {enabled: false}
"""


def test_show_prints_every_value_with_its_origin(tmp_path: Path) -> None:
    result = show_of(
        tmp_path, SHOWN, {"SCW_API_URL": "https://user:s3cret@api.example.com"}, {"retries": 2}
    )
    text = show(result)
    lines = text.splitlines()
    assert lines[:3] == [
        "# imagelint's effective configuration; after each value, where it came from.",
        "# Precedence: default < configuration file < environment < command line.",
        "# Configuration file: .imagelint.yaml",
    ]
    expected = {
        "catalog: offline": ".imagelint.yaml:1",
        "api-url: https://***@api.example.com": "SCW_API_URL",
        "retries: 2": "--retries",
        "connect-timeout: 5.0": "default",
        "max-file-size: 5000000": "default",
        "default-zone: null": "default",
        "fail-on: warning": ".imagelint.yaml:2",
        'exclude: [modules/legacy/**, "*.tfvars"]': ".imagelint.yaml:3",
        "baseline: null": "default",
        "rules:": ".imagelint.yaml:4",
        "  image-unknown: {enabled: false, severity: error, suppressible: true}": (
            ".imagelint.yaml:8"
        ),
        "  value-unresolved: {enabled: true, severity: warning, suppressible: true, "
        "ignore-kinds: [apply-time]}": ".imagelint.yaml:5",
        "  zone-unknown: {enabled: true, severity: error, suppressible: true}": "default",
    }
    shown = {line.partition("  # ")[0].rstrip(): line.partition("  # ")[2] for line in lines[3:]}
    for value, origin in expected.items():
        assert shown.get(value) == origin, value
    # One line for each key of the table and each installed rule.
    assert len(lines) == 3 + len(KEYS) + len(RULES)
    assert "s3cret" not in text


def test_show_reads_back_as_the_same_configuration(tmp_path: Path) -> None:
    first = show_of(tmp_path / "a", SHOWN + "default-zone: pl-waw-2\nmax-file-size: 2MiB\n", {}, {})
    again = show_of(tmp_path / "b", show(first), {}, {})
    assert again.values == first.values
    strip = [line.partition("  # ")[0].rstrip() for line in show(first).splitlines()[3:]]
    assert strip == [line.partition("  # ")[0].rstrip() for line in show(again).splitlines()[3:]]


def test_show_without_a_file_says_so(tmp_path: Path) -> None:
    result = resolve({}, cwd=tmp_path, env={}, config_file=None, rules=RULES)
    assert "# Configuration file: none found" in show(result)
    assert set(result.origins.values()) == {"default"}


def test_every_key_is_documented_once() -> None:
    assert len({k.name for k in KEYS}) == len({k.field for k in KEYS}) == len(KEYS)
    assert all(k.description.endswith(".") for k in KEYS)
    assert {k.env for k in KEYS if k.env} == {"SCW_API_URL", "IMAGELINT_CATALOG"}
    assert BY_FIELD["rule_settings"].name == "rules"
    assert config.__doc__ is not None and "IMAGELINT_CATALOG" in config.__doc__


REPOSITORY_URL = [  # file text, environment, command line, the URL a pull request could set
    ("api-url: https://evil.example", {}, {}, "https://evil.example"),
    ("api-url: https://api.scaleway.com/", {}, {}, None),
    ("", {}, {}, None),
    ("", {"SCW_API_URL": "https://mirror.example"}, {}, None),
    ("api-url: https://evil.example", {"SCW_API_URL": "https://mirror.example"}, {}, None),
    ("api-url: https://evil.example", {}, {"api_url": "https://mirror.example"}, None),
]


@pytest.mark.parametrize(("text", "env", "cli", "expected"), REPOSITORY_URL)
def test_an_api_url_from_the_repository_is_named(
    tmp_path: Path, text: str, env: dict[str, str], cli: dict[str, object], expected: str | None
) -> None:
    tree(tmp_path, {".git/": "", ".imagelint.yaml": text})
    result = resolve(cli, cwd=tmp_path, env=env, config_file=None, rules=RULES)
    assert repository_api_url(result) == expected
