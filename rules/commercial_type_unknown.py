"""The commercial type is not one the provider can find.

Why: before any image lookup, the Terraform provider looks the server's `type` up by exact
name in the zone's product list, so a lowercase `pro2-xs`, a typo like `DEV1-SS` or an
alternative name fails at apply with "could not find a server type associated with <type> in
zone <zone>". Known types are those of imagelint's bundled product tables and every type the
catalog's answers list. The hint gives the exact spelling or the closest names. When this
rule fires, no image rule does. A `scaleway_marketplace_image` data source uppercases its
`instance_type`, so only a name that exists in no spelling is reported there.

Options: none.  Default severity: error.

PASS:  type = "PRO2-XS"
FAIL:  type = "pro2-xs"
FAIL:  type = "DEV1-SS"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity

from ._hints import close_names, did_you_mean, is_lookup

ID = "commercial-type-unknown"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    name, zone = resolution.commercial_type, resolution.zone
    if is_lookup(ctx):
        message = (
            f'instance_type "{name}" is not a commercial type: no local image can list it, '
            f"so {ctx.instance.address} fails at plan"
        )
    else:
        in_zone = f" in zone {zone}" if zone else ""
        message = (
            f'commercial type "{name}" is not one the provider finds: it looks types up by '
            f"exact name and fails at apply (could not find a server type associated with "
            f"{name}{in_zone}); the image was not checked"
        )
    yield Draft(
        span=ctx.instance.position_of("type"),
        message=message,
        hint=_spelling(name, ctx.catalog.commercial_types()),
        related=ctx.instance.chain_of("type"),
    )


def _spelling(name: str, known: frozenset[str]) -> str:
    exact = name.strip().upper()
    if exact in known:
        return f'write "{exact}": commercial types are matched exactly, in capitals'
    close = close_names(exact, sorted(known))
    if close:
        return did_you_mean(close)
    return "`scw instance server-type list` lists the commercial types of a zone"
