"""The resource type no longer exists in the provider.

Why: legacy resources such as `scaleway_server` (provider 1.x) were removed in provider 2.0:
a configuration that still uses them does not plan with a current provider. imagelint still
checks its image as if it had been migrated to `scaleway_instance_server`, and warns.

Options: none.  Default severity: warning.

PASS:  resource "scaleway_instance_server" "web" { ... }
FAIL:  resource "scaleway_server" "web" { ... }
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity

ID = "resource-deprecated"
SEVERITY = Severity.WARNING
NEEDS_RESOLUTION = False


def check(ctx: RuleContext) -> Iterator[Draft]:
    if ctx.instance.deprecated:
        yield Draft(span=ctx.instance.span, message=ctx.instance.deprecated)
