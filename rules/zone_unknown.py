"""The zone is not one the tool accepts.

Why: the Terraform provider accepts any zone at plan (it only warns about one it does not
know) and apply then fails: the Instance API has no such zone, and a zone that is not even of
the form `fr-par-1` is refused outright. The zones are the Go SDK's: fr-par-1..3, nl-ams-1..3,
pl-waw-1..3 and it-mil-1; the legacy names `par1` and `ams1` still work (with a warning) and
are not reported. The hint names the closest zone. No image rule runs for such an instance.

Some tools take their own zone codes instead: Ansible's `scaleway_compute` takes a `region`
among `par1`, `EMEA-FR-PAR1`, `par2`, ..., `waw3` and refuses anything else, a modern zone
name included. The hint then names the tool's code for the zone written, or the closest
codes.

Options: none.  Default severity: error.

PASS:  zone = "fr-par-2"
PASS:  zone = "par1"
FAIL:  zone = "fr-par-4"
FAIL:  zone = "FR-PAR-1"
PASS:  region: par1                 # Ansible scaleway_compute
FAIL:  region: fr-par-1             # Ansible scaleway_compute: write region: par1
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.catalog.zones import KNOWN_ZONES, normalise_zone
from imagelint.model import Instance
from imagelint.rule_api import Draft, RuleContext, Severity

from ._hints import close_names, did_you_mean

ID = "zone-unknown"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = True


def check(ctx: RuleContext) -> Iterator[Draft]:
    resolution = ctx.outcome_is(ID)
    if resolution is None:
        return
    instance = ctx.instance
    zone = resolution.zone
    value = instance.value("zone")
    origin = f" (from {value.origin})" if value is not None and value.origin != "resource" else ""
    written = f'{instance.phrasing.name("zone")} "{zone}"{origin}'
    model = instance.model
    if model is not None and model.zone_names:
        message = f"{written} is not a zone code {model.name} accepts"
        hint = _code_hint(instance, zone, model.zone_names)
    else:
        close = close_names(zone.strip().lower(), KNOWN_ZONES, n=1)
        message = f"{written} is not a Scaleway zone"
        hint = did_you_mean(close) if close else f"Scaleway zones: {', '.join(KNOWN_ZONES)}"
    yield Draft(
        span=instance.position_of("zone"),
        message=f"{message}; the image was not checked",
        hint=hint,
        related=instance.chain_of("zone"),
    )


def _code_hint(instance: Instance, zone: str, names: tuple[tuple[str, str], ...]) -> str:
    """The tool's code for the zone written (its first, in the tool's table order), else
    the closest codes, else them all."""
    codes = [code for code, _ in names]
    wanted = zone.strip()
    same = [c for c in codes if c.lower() == wanted.lower()]
    meant = normalise_zone(wanted)
    code = same[0] if same else next((c for c, z in names if z == meant), None)
    if code is not None:
        return f"write {instance.phrasing.setting('zone', code)} (zone {dict(names)[code]})"
    close = close_names(wanted, codes)
    if close:
        return did_you_mean(close)
    return "zone codes: " + ", ".join(codes)
