"""Override files merged as Terraform merges them (language/files/override)."""

from __future__ import annotations

from dataclasses import replace

from imagelint.parsers.hcl_syntax import Block, Body

# Nested blocks merged argument by argument instead of replaced wholesale.
_MERGED_NESTED = ("lifecycle", "required_providers")


def merge_block(original: Block, override: Block) -> Block:
    """`original` with `override` merged in: each attribute of the override replaces the
    original's; each nested block type the override writes replaces all the original's
    blocks of that type (lifecycle and required_providers merge by argument). The header
    stays the original's, where the block is declared."""
    return replace(original, body=merge_body(original.body, override.body))


def merge_body(original: Body, override: Body) -> Body:
    attributes = {**original.attributes, **override.attributes}
    replaced = {b.type for b in override.blocks}
    blocks = [b for b in original.blocks if b.type not in replaced]
    for block in override.blocks:
        if block.type in _MERGED_NESTED:
            first = next((b for b in original.blocks if b.type == block.type), None)
            blocks.append(block if first is None else merge_block(first, block))
        else:
            blocks.append(block)
    return Body(attributes=attributes, blocks=tuple(blocks))
