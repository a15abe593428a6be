"""What the configuration says of a rule, once validated (imagelint.config makes these)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from imagelint.findings import Severity

if TYPE_CHECKING:
    from imagelint.plugins import LoadedRule


@dataclass(frozen=True, kw_only=True)
class RuleSettings:
    enabled: bool = True
    severity: Severity | None = None  # None: the rule's own
    suppressible: bool = True  # False: inline comments cannot hide its findings
    options: Mapping[str, object] = field(default_factory=dict)  # validated values


def defaults(rule: LoadedRule) -> RuleSettings:
    """A rule nobody configured: enabled, its own severity, its declared option defaults."""
    return RuleSettings(
        enabled=True,
        severity=rule.severity,
        suppressible=True,
        options={option.name: option.default for option in rule.options},
    )
