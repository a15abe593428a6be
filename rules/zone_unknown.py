"""The zone is not a Scaleway zone.

Why: the provider accepts any zone at plan (it only warns about one it does not know) and
apply then fails: the Instance API has no such zone, and a zone that is not even of the
form `fr-par-1` is refused outright. The zones are the Go SDK's: fr-par-1..3, nl-ams-1..3,
pl-waw-1..3 and it-mil-1; the legacy names `par1` and `ams1` still work (with a warning) and
are not reported. The hint names the closest zone. No image rule runs for such an instance.

Options: none.  Default severity: error.

PASS:  zone = "fr-par-2"
PASS:  zone = "par1"
FAIL:  zone = "fr-par-4"
FAIL:  zone = "FR-PAR-1"
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.catalog.zones import KNOWN_ZONES
from imagelint.rule_api import Draft, RuleContext, Severity

from ._hints import close_names, did_you_mean

ID = "zone-unknown"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    zone = resolution.zone
    value = ctx.instance.value("zone")
    origin = f" (from {value.origin})" if value is not None and value.origin != "resource" else ""
    close = close_names(zone.strip().lower(), KNOWN_ZONES, n=1)
    yield Draft(
        span=ctx.instance.position_of("zone"),
        message=f'zone "{zone}"{origin} is not a Scaleway zone; the image was not checked',
        hint=did_you_mean(close) if close else f"Scaleway zones: {', '.join(KNOWN_ZONES)}",
        related=ctx.instance.chain_of("zone"),
    )
