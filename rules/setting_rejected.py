"""A setting the tool itself refuses.

Why: some settings stop the tool before any image is looked up, or make it fail when it
runs: current Packer Scaleway plugins reject `image_size_in_gb`, and kubermatic's
machine-controller has a Scaleway image for `operatingSystem: ubuntu` only. The source
that reads the instance finds them; this rule reports each one where it is written,
whether or not the instance's image could be checked. The message says why the tool
refuses it and the hint what to write instead.

Options: none.  Default severity: error.

PASS:  source "scaleway" "base" { image = "ubuntu_jammy" ... }
FAIL:  source "scaleway" "base" { image = "ubuntu_jammy", image_size_in_gb = 20 ... }
FAIL:  operatingSystem: centos          # machine-controller, cloudProvider: scaleway
"""

from __future__ import annotations

from collections.abc import Iterator

from imagelint.rule_api import Draft, RuleContext, Severity

ID = "setting-rejected"
SEVERITY = Severity.ERROR
NEEDS_RESOLUTION = False  # the tool refuses it whatever the image resolves to


def check(ctx: RuleContext) -> Iterator[Draft]:
    for rejected in ctx.instance.rejected:
        yield Draft(span=rejected.span, message=rejected.message, hint=rejected.hint)
