"""`.imagelint.yaml` read from real files: each key valid and invalid, unknown keys with a
suggestion, rules and their options, errors naming file:line:column and the key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from imagelint.config import ConfigError, Resolved, resolve
from imagelint.findings import Severity
from imagelint.plugins import LoadedRule, load_rules, validate
from imagelint.rule_api import Option
from imagelint.settings import RuleSettings

RULES = load_rules()
FILE = ".imagelint.yaml"


def resolved(tmp_path: Path, text: str) -> Resolved:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return resolve({}, cwd=tmp_path, env={}, config_file=None, rules=RULES)


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        resolved(tmp_path, text)
    return str(caught.value)


VALID = [  # text, Options field, value
    ("catalog: offline", "catalog", "offline"),
    ("catalog: api", "catalog", "api"),
    ("api-url: https://api.example.com/", "api_url", "https://api.example.com"),
    ("api-url: http://127.0.0.1:8080/mp", "api_url", "http://127.0.0.1:8080/mp"),
    ("api-url: null", "api_url", "https://api.scaleway.com"),
    ("connect-timeout: 2.5", "connect_timeout", 2.5),
    ("connect-timeout: 3", "connect_timeout", 3.0),
    ("read-timeout: 0.1", "read_timeout", 0.1),
    ("retries: 0", "retries", 0),
    ("retries: 10", "retries", 10),
    ("request-deadline: 12.5", "request_deadline", 12.5),
    ("auto-deadline: 5", "auto_deadline", 5.0),
    ("max-file-size: 1000", "max_file_size", 1000),
    ("max-file-size: 5MB", "max_file_size", 5_000_000),
    ("max-file-size: 512KiB", "max_file_size", 524_288),
    ('max-file-size: "1.5 MB"', "max_file_size", 1_500_000),
    ("default-zone: nl-ams-1", "default_zone", "nl-ams-1"),
    ("default-zone: null", "default_zone", None),
    ("fail-on: notice", "fail_on", "notice"),
    ("fail-on: warning", "fail_on", "warning"),
    ("exclude: ['modules/legacy/**', '*.tfvars']", "exclude", ("modules/legacy/**", "*.tfvars")),
    ("exclude:\n  - '**/examples/**'\n", "exclude", ("**/examples/**",)),
    ("exclude: []", "exclude", ()),
    ("baseline: ci/baseline.json", "baseline", "ci/baseline.json"),
    ("baseline: null", "baseline", None),
    ("", "catalog", "auto"),
    ("# nothing but a comment\n", "fail_on", "error"),
    ("---\ncatalog: offline\n", "catalog", "offline"),
]


@pytest.mark.parametrize(("text", "field", "value"), VALID, ids=[c[0] or "empty" for c in VALID])
def test_valid_values(tmp_path: Path, text: str, field: str, value: object) -> None:
    result = resolved(tmp_path, text)
    assert result.values[field] == value
    assert type(result.values[field]) is type(value)
    expected_origin = "default" if not text.strip() or text.startswith("#") else f"{FILE}:"
    assert result.origins[field].startswith(expected_origin)


INVALID = [  # text, "line:column: " + what the message says after it
    ("catalog: online", "1:10: catalog: 'online' is not one of auto, api, offline"),
    ("catalog: 1", "1:10: catalog: expected a string (YAML reads 1 as a int: quote it)"),
    ("catalog: [offline]", "1:10: catalog: expected a string"),
    (
        "api-url: ftp://example.com",
        "1:10: api-url: invalid API URL 'ftp://example.com': its scheme",
    ),
    ("api-url: example.com", "1:10: api-url: invalid API URL 'example.com': it has no scheme"),
    ("connect-timeout: 0", "1:18: connect-timeout: 0 is less than 0.1"),
    ("connect-timeout: fast", "1:18: connect-timeout: expected a number"),
    ("connect-timeout: .inf", "1:18: connect-timeout: expected a number"),
    ("read-timeout: '5'", "1:15: read-timeout: expected a number"),
    ("retries: 11", "1:10: retries: 11 is more than 10"),
    ("retries: -1", "1:10: retries: -1 is less than 0"),
    ("retries: 2.5", "1:10: retries: expected a whole number"),
    ("retries: true", "1:10: retries: expected a whole number"),
    ("request-deadline: 0.05", "1:19: request-deadline: 0.05 is less than 0.1"),
    ("auto-deadline: null", "1:16: auto-deadline: expected a number"),
    ("max-file-size: 0", "1:16: max-file-size: 0 is less than 1"),
    ("max-file-size: 5XB", "1:16: max-file-size: '5XB' is not a size"),
    ("max-file-size: 0.1B", "1:16: max-file-size: '0.1B' is less than one byte"),
    ("default-zone: fr-par-9", "1:15: default-zone: 'fr-par-9' is not a Scaleway zone"),
    ("default-zone: par1", "1:15: default-zone: 'par1' is not a Scaleway zone"),
    ("fail-on: warn", "1:10: fail-on: 'warn' is not one of error, warning, notice"),
    ("exclude: modules/**", "1:10: exclude: expected a list of strings"),
    ("exclude: ['/abs/**']", "1:11: exclude: '/abs/**': patterns use / and match paths"),
    ("exclude: [ok, 'a\\b']", "1:15: exclude: 'a\\\\b': patterns use /"),
    ("exclude: ['']", "1:11: exclude: an empty pattern matches nothing"),
    ("exclude: [1]", "1:11: exclude: expected a string"),
    ("baseline: ''", "1:11: baseline: expected a file path"),
    ("baseline: [a]", "1:11: baseline: expected a string"),
    # Tags are refused, never constructed: nothing in a configuration runs.
    ("catalog: !!python/object/apply:os.system [ls]", "1:10: catalog: tag tag:yaml.org,2002:py"),
    ("catalog: !Ref offline", "1:10: catalog: tag !Ref is not allowed"),
    ("!!python/object:os.system {}", "1:1: configuration: tag tag:yaml.org,2002:python/obj"),
    ("- catalog\n- offline\n", "1:1: expected a mapping of names to values"),
    ("offline\n", "1:1: expected a mapping of names to values"),
    ("catalog: auto\ncatalog: api\n", "2:1: 'catalog' is set twice (first at line 1)"),
    ("catalog: auto\n---\ncatalog: api\n", "2:1: a configuration is one document"),
    ("catalog: [\n", "2:1: invalid YAML"),
    ("? [a, b]\n: 1\n", "1:3: keys are plain names"),
    ("1: x\n", "1:1: keys are plain names"),
    ("rules: 5", "1:8: rules: expected a mapping of names to values"),
    ("rules: [image-unknown]", "1:8: rules: expected a mapping of names to values"),
]


@pytest.mark.parametrize(("text", "expected"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_values_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert error_of(tmp_path, text).startswith(f"{FILE}:{expected}")


def test_credentials_in_an_invalid_url_are_never_printed(tmp_path: Path) -> None:
    message = error_of(tmp_path, "api-url: 'https://user:s3cret@exa mple.com'")
    assert message.startswith(f"{FILE}:1:10: api-url: invalid API URL 'https://***@exa mple.com'")
    assert "s3cret" not in message and "user" not in message


UNKNOWN = [  # text, where, what the message says
    ("fail_on: error", "1:1", "unknown key 'fail_on' (did you mean 'fail-on'?)"),
    ("catalogue: offline", "1:1", "unknown key 'catalogue' (did you mean 'catalog'?)"),
    ("catalog: auto\nMax-File-Size: 1", "2:1", "unknown key 'Max-File-Size' (did you mean"),
    ("plugins: [team_rules]", "1:1", "unknown key 'plugins'"),
    ("zzz: 1", "1:1", "unknown key 'zzz'"),
    (
        "rules:\n  image-unknwn: {}",
        "2:3",
        "rules: unknown rule 'image-unknwn' (did you mean "
        "'image-unknown'?); `imagelint rules` lists the installed ones",
    ),
    ("rules:\n  no-such-rule:\n    enabled: false", "2:3", "rules: unknown rule 'no-such-rule';"),
    (
        "rules:\n  image-unknown:\n    enable: false",
        "3:5",
        "rule image-unknown: unknown key 'enable' (did you mean 'enabled'?)",
    ),
    (
        "rules:\n  value-unresolved:\n    ignore-kind: []",
        "3:5",
        "rule value-unresolved: unknown key 'ignore-kind' (did you mean 'ignore-kinds'?)",
    ),
    (
        "rules:\n  image-unknown: {ignore-kinds: []}",
        "2:19",
        "rule image-unknown: unknown key 'ignore-kinds'",
    ),
    (
        "rules:\n  image-unknown: {level: warning}",
        "2:19",
        "rule image-unknown: unknown key 'level'",
    ),
]


@pytest.mark.parametrize(("text", "where", "expected"), UNKNOWN, ids=[c[0] for c in UNKNOWN])
def test_unknown_keys_and_rules_are_errors(
    tmp_path: Path, text: str, where: str, expected: str
) -> None:
    assert error_of(tmp_path, text).startswith(f"{FILE}:{where}: {expected}")


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    assert "did you mean" not in error_of(tmp_path, "zzz: 1")


RULE_VALID = [  # text under rules:, rule id, expected settings
    ("image-unknown: {enabled: false}", "image-unknown", {"enabled": False}),
    ("image-unknown: {severity: warning}", "image-unknown", {"severity": Severity.WARNING}),
    ("resource-deprecated: {severity: error}", "resource-deprecated", {"severity": Severity.ERROR}),
    ("image-unknown: {suppressible: false}", "image-unknown", {"suppressible": False}),
    ("image-unknown:", "image-unknown", {}),
    ("image-unknown: {}", "image-unknown", {}),
    (
        "value-unresolved:\n    ignore-kinds: [apply-time, data-source]",
        "value-unresolved",
        {"options": {"ignore-kinds": ("apply-time", "data-source")}},
    ),
    ("value-unresolved: {ignore-kinds: null}", "value-unresolved", {}),
]


@pytest.mark.parametrize(("text", "rule_id", "changed"), RULE_VALID, ids=[c[0] for c in RULE_VALID])
def test_rule_settings(tmp_path: Path, text: str, rule_id: str, changed: dict[str, object]) -> None:
    result = resolved(tmp_path, f"rules:\n  {text}\n")
    settings = result.values["rule_settings"]
    assert isinstance(settings, dict)
    rule = next(r for r in RULES if r.id == rule_id)
    default = {o.name: o.default for o in rule.options}
    expected = {
        "enabled": True,
        "severity": rule.severity,
        "suppressible": True,
        "options": default,
        **changed,
    }
    assert settings[rule_id] == RuleSettings(**expected)  # type: ignore[arg-type]
    # Every installed rule has settings, the others at their defaults.
    assert set(settings) == {r.id for r in RULES}
    other = next(r for r in RULES if r.id != rule_id)
    assert settings[other.id] == RuleSettings(
        severity=other.severity, options={o.name: o.default for o in other.options}
    )
    assert result.origins[f"rule_settings.{rule_id}"] == f"{FILE}:2"
    assert result.origins["rule_settings"] == f"{FILE}:1"


RULE_INVALID = [  # text under rules:, where, message after it
    (
        "image-unknown: {severity: warn}",
        "2:29",
        "rule image-unknown: severity: 'warn' is not one of error, warning, notice "
        "(did you mean 'warning'?)",
    ),
    ("image-unknown: {severity: 1}", "2:29", "rule image-unknown: severity: expected a string"),
    ("image-unknown: {enabled: no}", "2:28", "rule image-unknown: enabled: expected true or false"),
    ("image-unknown: {enabled: 'false'}", "2:28", "rule image-unknown: enabled: expected true"),
    ("image-unknown: {suppressible: 0}", "2:33", "rule image-unknown: suppressible: expected true"),
    ("image-unknown: false", "2:18", "rule image-unknown: expected a mapping"),
    (
        "value-unresolved: {ignore-kinds: apply-time}",
        "2:36",
        "rule value-unresolved, option ignore-kinds: expected a list of strings",
    ),
    (
        "value-unresolved: {ignore-kinds: [1]}",
        "2:37",
        "rule value-unresolved, option ignore-kinds: expected a string",
    ),
    (
        "image-unknown: {enabled: true, enabled: false}",
        "2:34",
        "rule image-unknown: 'enabled' is set twice",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "expected"), RULE_INVALID, ids=[c[0] for c in RULE_INVALID]
)
def test_rule_errors_name_the_rule_and_the_option(
    tmp_path: Path, text: str, where: str, expected: str
) -> None:
    assert error_of(tmp_path, f"rules:\n  {text}\n").startswith(f"{FILE}:{where}: {expected}")


@dataclass(frozen=True, kw_only=True)
class ChoiceOption(Option):
    """An option with allowed values, as a plugin may declare it (see config_rules)."""

    choices: tuple[str, ...] = ()


def plugin_rule() -> LoadedRule:
    """A third-party rule declaring one option of each kind, loaded as plugins load."""
    module = ModuleType("team_rules.kinds", "Options of every kind.\n\nWhy: to test them.")
    module.ID = "team-kinds"  # type: ignore[attr-defined]
    module.SEVERITY = Severity.WARNING  # type: ignore[attr-defined]
    module.NEEDS_RESOLUTION = False  # type: ignore[attr-defined]
    module.check = lambda ctx: iter(())  # type: ignore[attr-defined]
    module.OPTIONS = (  # type: ignore[attr-defined]
        Option(name="owner", kind="string", default="", description="."),
        Option(name="max-age", kind="integer", default=30, description="."),
        Option(name="ratio", kind="number", default=0.5, description="."),
        Option(name="strict", kind="boolean", default=False, description="."),
        Option(name="labels", kind="string-list", default=(), description="."),
        Option(name="odd", kind="mapping", default={}, description="."),
        ChoiceOption(name="mode", kind="string", default="a", description=".", choices=("a", "b")),
        ChoiceOption(
            name="modes", kind="string-list", default=(), description=".", choices=("a", "b")
        ),
    )
    return validate(module, name="team-kinds", where="test", origin="team_rules.kinds")


OPTION_CASES = [  # option: value, expected value or "line:column: message" of the error
    ("owner: platform", "platform"),
    ("owner: 'null'", "null"),
    ("owner: 5", "3:12: rule team-kinds, option owner: expected a string (YAML reads 5 as a int"),
    ("max-age: 7", 7),
    ("max-age: 7.5", "3:14: rule team-kinds, option max-age: expected a whole number"),
    ("ratio: 2", 2.0),
    ("ratio: 0.25", 0.25),
    ("ratio: lots", "3:12: rule team-kinds, option ratio: expected a number"),
    ("strict: true", True),
    ("strict: yes", "3:13: rule team-kinds, option strict: expected true or false"),
    ("labels: [a, b]", ("a", "b")),
    ("labels: []", ()),
    ("labels: a", "3:13: rule team-kinds, option labels: expected a list of strings"),
    ("owner: null", ""),
    ("odd: {}", "3:10: rule team-kinds, option odd: the rule declares kind 'mapping', not one of"),
    ("mode: b", "b"),
    ("mode: c", "3:11: rule team-kinds, option mode: 'c' is not one of a, b"),
    ("modes: [b, a]", ("b", "a")),
    ("modes: [a, bb]", "3:16: rule team-kinds, option modes: 'bb' is not one of a, b (did you"),
]


@pytest.mark.parametrize(("text", "expected"), OPTION_CASES, ids=[c[0] for c in OPTION_CASES])
def test_plugin_option_kinds(tmp_path: Path, text: str, expected: object) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / FILE).write_text(f"rules:\n  team-kinds:\n    {text}\n", encoding="utf-8")
    rule = plugin_rule()
    name = text.partition(":")[0]
    try:
        result = resolve({}, cwd=tmp_path, env={}, config_file=None, rules=[rule])
    except ConfigError as error:
        assert str(error).startswith(f"{FILE}:{expected}")
        return
    settings = result.values["rule_settings"]
    assert isinstance(settings, dict)
    assert settings["team-kinds"].options[name] == expected
    # The other options keep their declared defaults.
    assert settings["team-kinds"].options["max-age"] == (expected if name == "max-age" else 30)
