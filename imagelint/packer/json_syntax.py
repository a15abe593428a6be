"""Packer's JSON syntax (`*.pkr.json`): HCL's JSON form read with Packer's block types."""

from __future__ import annotations

from imagelint.parsers.hcl_json_schema import LITERAL, Mode, Schema
from imagelint.parsers.hcl_syntax import Body

_VOLUMES = {"root_volume": Schema(), "block_volume": Schema()}
_SKIPPED = Schema(labels=1, read=False)  # provisioners and post-processors: nothing to check
# hashicorp/packer hcl2template/parser.go: the top-level block types and their labels.
TOP_LEVEL: dict[str, Schema] = {
    "packer": Schema(
        blocks={"required_plugins": LITERAL}, modes={"required_version": Mode.LITERAL}
    ),
    "variable": Schema(
        labels=1,
        blocks={"validation": Schema()},
        default=Mode.LITERAL,
        modes={"type": Mode.EXPRESSION},
    ),
    "variables": Schema(default=Mode.LITERAL),
    "locals": Schema(),
    "local": Schema(labels=1),
    "source": Schema(labels=2, blocks=_VOLUMES),
    "data": Schema(labels=2, read=False),
    "build": Schema(
        blocks={
            "source": Schema(labels=1, blocks=_VOLUMES),
            "provisioner": _SKIPPED,
            "post-processor": _SKIPPED,
            "post-processors": Schema(read=False),
            "error-cleanup-provisioner": _SKIPPED,
            "hcp_packer_registry": Schema(read=False),
        }
    ),
    "hcp_packer_registry": Schema(read=False),
}


def parse_packer_json(path: str, text: str) -> Body:
    """A `.pkr.json` file as the body its `.pkr.hcl` twin would have. Raises ParseError."""
    # The JSON body reader is the Terraform one's, given Packer's block types.
    from imagelint.parsers.hcl_json import parse_json_body

    return parse_json_body(path, text, TOP_LEVEL, "the root of a Packer JSON template")
