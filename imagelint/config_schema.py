"""The JSON Schema of `.imagelint.yaml` and the README's key reference, both from the key table.

`python -m imagelint.config_schema > imagelint/data/config.schema.json` writes the shipped
schema (a test fails when the two differ); `--markdown` prints the reference table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from imagelint.config_keys import KEYS, SEVERITIES, Key

if TYPE_CHECKING:
    from imagelint.plugins import LoadedRule
    from imagelint.rule_api import Option

FIRST_PARTY = "imagelint_rules."  # the entry point value of the rules imagelint ships
# The units config_keys.parse_size reads, in any case: B, KB, MB, GB, KiB, MiB, GiB.
SIZE_PATTERN = r"^\s*[0-9]+(\.[0-9]+)?\s*([bB]|[kKmMgG][iI]?[bB])?\s*$"
DURATION_PATTERN = r"^\s*[0-9]+(\.[0-9]+)?\s*[smhd]?\s*$"
GLOB_PATTERN = r"^[^/\\][^\\]*$"
_OPTION_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def build(rules: Sequence[LoadedRule]) -> dict[str, Any]:
    """The schema: every key of the table; under `rules`, each first-party rule with its
    options, and any other id with the settings every rule takes (plugins add rules)."""
    first_party = sorted((r for r in rules if r.origin.startswith(FIRST_PARTY)), key=lambda r: r.id)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "imagelint configuration (.imagelint.yaml)",
        "description": "Precedence: default < configuration file < environment < command line. "
        "`imagelint config` shows the effective values and where each came from.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {key.name: _key(key, first_party) for key in KEYS},
    }


def _key(key: Key, rules: Sequence[LoadedRule]) -> dict[str, Any]:
    where = [
        f"Command line: {key.flag}." if key.flag else "",
        f"Environment: {key.env}." if key.env else "",
    ]
    described = {"description": " ".join([key.description, *filter(None, where)])}
    return {**_kind(key, rules), **described, "default": _json(key.default)}


def _kind(key: Key, rules: Sequence[LoadedRule]) -> dict[str, Any]:
    nullable = ["null"] if key.nullable else []
    if key.kind == "choice":
        return {"type": "string", "enum": list(key.choices)}
    if key.kind == "url":
        return {"type": ["string", *nullable], "pattern": "^[hH][tT][tT][pP][sS]?://[^\\s]+$"}
    if key.kind in ("number", "integer"):
        bounds = {"minimum": key.low, "maximum": key.high}
        return {"type": key.kind, **{k: v for k, v in bounds.items() if v is not None}}
    if key.kind == "size":
        return {
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": SIZE_PATTERN},
            ]
        }
    if key.kind == "duration":
        return {
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": DURATION_PATTERN},
            ]
        }
    if key.kind == "zone":
        from imagelint.catalog.zones import KNOWN_ZONES

        return {"enum": [*KNOWN_ZONES, *([None] if key.nullable else [])]}
    if key.kind == "globs":
        # Relative and / separated: the loader refuses a leading / and any backslash too.
        return {"type": "array", "items": {"type": "string", "pattern": GLOB_PATTERN}}
    if key.kind == "path":
        return {"type": ["string", *nullable], "minLength": 1}
    if key.kind == "rules":
        return {
            "type": ["object", "null"],
            "properties": {rule.id: _rule(rule) for rule in rules},
            "additionalProperties": _rule(None),
        }
    raise ValueError(f"no schema for kind {key.kind!r}")


def _rule(rule: LoadedRule | None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "enabled": {"type": "boolean", "description": "false: the rule does not run."},
        "severity": {"enum": list(SEVERITIES), "description": "Replaces the rule's own severity."},
        "suppressible": {
            "type": "boolean",
            "description": "false: inline imagelint:ignore comments cannot hide its findings.",
        },
    }
    if rule is None:  # a plugin's rule: its options are checked by imagelint, not here
        return {"type": ["object", "null"], "properties": settings}
    options = {o.name: _option(o) for o in rule.options}
    return {
        "type": ["object", "null"],
        "description": f"{rule.summary} (default severity: {rule.severity.value})",
        "properties": {**settings, **options},
        "additionalProperties": False,
    }


def _option(option: Option) -> dict[str, Any]:
    choices = list(option.choices)
    if option.kind == "string-list":
        items: dict[str, Any] = {"enum": choices} if choices else {"type": "string"}
        kind: dict[str, Any] = {"type": ["array", "null"], "items": items}
    else:
        kind = {"type": [_OPTION_TYPES[option.kind], "null"]}
        if choices:
            kind["enum"] = [*choices, None]
    return {**kind, "description": option.description, "default": _json(option.default)}


def _json(value: object) -> Any:
    return list(value) if isinstance(value, tuple) else value


def markdown() -> str:
    """The configuration reference: one table row a key."""
    rows = ["| Key | Default | Command line | Environment | Meaning |", "|---|---|---|---|---|"]
    for key in KEYS:
        default = json.dumps(_json(key.default)) if key.kind != "rules" else "(each rule's own)"
        cells = [f"`{key.name}`", f"`{default}`", _code(key.flag), _code(key.env)]
        rows.append("| " + " | ".join([*cells, key.description.replace("|", "\\|")]) + " |")
    return "\n".join(rows) + "\n"


def _code(text: str | None) -> str:
    return f"`{text}`" if text else ""


def main() -> None:
    import sys

    from imagelint.plugins import load_rules

    if sys.argv[1:] == ["--markdown"]:
        print(markdown(), end="")
    else:
        print(json.dumps(build(load_rules()), indent=2, sort_keys=False))


if __name__ == "__main__":
    main()
