"""What a file given one by one (a pre-commit call) has a part in: the instances whose block,
module calls, or values were written in it or passed through it, whatever their format."""

from __future__ import annotations

from collections.abc import Sequence

from imagelint.model import Instance


def touching(instances: Sequence[Instance], given: frozenset[str]) -> list[Instance]:
    """The instances a file given one by one has a part in. A server booting the image a
    data source resolved depends on that data source's values too."""
    lookups = {i.address for i in instances if i.kind == "image-lookup" and touches(i, given)}
    return [i for i in instances if touches(i, given) or i.image_from in lookups]


def touches(instance: Instance, given: frozenset[str]) -> bool:
    """Whether a file given one by one has a part in the instance: its block, a module
    call on its way, a setting the tool refuses, or any place one of its values was written
    or passed through."""
    spans = [instance.span, *(h.span for h in instance.callers)]
    spans.extend(r.span for r in instance.rejected)
    for value in instance.values.values():
        spans.extend(h.span for h in value.chain)
        if value.span is not None:
            spans.append(value.span)
    return any(s.path in given for s in spans)
