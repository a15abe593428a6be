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
            f'{ctx.instance.phrasing.name("type")} "{name}" is not a commercial type: no local '
            f"image can list it, "
            f"so {ctx.instance.address} fails at plan"
        )
    else:
        message = _unknown(ctx, name, zone)
    yield Draft(
        span=ctx.instance.position_of("type"),
        message=message,
        hint=_spelling(name, ctx.catalog.commercial_types()),
        related=ctx.instance.chain_of("type"),
    )


def _unknown(ctx: RuleContext, name: str, zone: str) -> str:
    model = ctx.instance.model
    error = model.unknown_type_error if model is not None else ""
    if error:
        said = error.replace("{type}", name).replace(
            " in zone {zone}", f" in zone {zone}" * bool(zone)
        )
        return (
            f'commercial type "{name}" is not one the provider finds: it looks types up by '
            f"exact name and fails at apply ({said}); the image was not checked"
        )
    tool = model.name if model is not None else "the tool"
    return (
        f'commercial type "{name}" does not exist: Scaleway matches commercial types by exact '
        f"name, so {tool} fails to create the instance; the image was not checked"
    )


def _spelling(name: str, known: frozenset[str]) -> str:
    exact = name.strip().upper()
    if exact in known:
        return f'write "{exact}": commercial types are matched exactly, in capitals'
    close = close_names(exact, sorted(known))
    if close:
        return did_you_mean(close)
    return "`scw instance server-type list` lists the commercial types of a zone"
