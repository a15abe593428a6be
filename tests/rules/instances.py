"""Instance records as a reader produces them, for constructs the file-based cases cannot
write yet (image lookups, servers booting a lookup's image, values written in other files)."""

from __future__ import annotations

from imagelint.model import Hop, Instance, ResolutionModel, Span, Value
from imagelint.terraform import phrasing

SERVER = "scaleway_instance_server.web"
LOOKUP = "data.scaleway_marketplace_image.jammy"


def span(line: int, column: int, width: int = 1, path: str = "main.tf") -> Span:
    return Span(path=path, line=line, column=column, end_line=line, end_column=column + width)


def written(text: str, line: int, path: str = "main.tf", chain: tuple[Hop, ...] = ()) -> Value:
    """A string literal written at column 11 of `line`, as `name  = "text"`."""
    return Value.of(text, span(line, 11, len(text) + 2, path), chain=chain)


def server(
    *,
    image: str | None = "ubuntu_jammy",
    type_: str = "DEV1-S",
    zone: str = "fr-par-1",
    volume: str | None = None,
    image_from: str | None = None,
    model: ResolutionModel | None = None,
    address: str = SERVER,
    deprecated: str | None = None,
) -> Instance:
    """Lines: 1 header, 2 image, 3 type, 4 zone, 5 root volume type."""
    values = {"type": written(type_, 3), "zone": written(zone, 4)}
    if image_from is not None:
        values["image"] = Value.unknown(
            f"{image_from}.id is known only to the provider",
            span(2, 11, len(image_from) + 3),
            kind="data-source",
        )
    elif image is not None:
        values["image"] = written(image, 2)
    if volume is not None:
        values["volume_type"] = written(volume, 5)
    return Instance(
        source="terraform",
        address=address,
        span=span(1, 1, 40),
        values=values,
        image_from=image_from,
        model=model,
        deprecated=deprecated,
        phrasing=phrasing.SERVER,
    )


def lookup(
    *,
    label: str = "ubuntu_jammy",
    instance_type: str | None = None,
    zone: str = "fr-par-1",
    image_type: str | None = None,
    address: str = LOOKUP,
) -> Instance:
    """In lookups.tf. Lines: 1 header, 2 label, 3 instance_type, 4 zone, 5 image_type;
    instance_type and image_type are left out (their defaults apply) when None."""
    values = {"image": written(label, 2, "lookups.tf"), "zone": written(zone, 4, "lookups.tf")}
    if instance_type is not None:
        values["type"] = written(instance_type, 3, "lookups.tf")
    if image_type is not None:
        values["image_type"] = written(image_type, 5, "lookups.tf")
    return Instance(
        source="terraform",
        address=address,
        span=span(1, 1, 40, "lookups.tf"),
        values=values,
        kind="image-lookup",
        phrasing=phrasing.LOOKUP,
    )
