"""From an instance's values to the Marketplace queries its tool would send.

Each source kind has its resolution model (MARKETPLACE.md §5.6); an instance may bring its
own (the Terraform provider's version decides the root volume's default image type; a
source's tool may take its own zone codes, or no label at all). The
Terraform provider (§5.2) splits the `zone/` prefix off `image` (and drops it), turns `-` into
`_` in a label, and picks the local image type from the root volume type. Its
`scaleway_marketplace_image` data source (§5.3) sends its label verbatim, uppercases its
instance type and asks for its own `image_type`. Which outcome the answers lead to is
decided in imagelint.decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagelint.catalog.interface import LOCAL, SBS, IdQuery, LabelQuery, Query
from imagelint.catalog.zones import KNOWN_ZONES, LEGACY_ZONES, normalise_zone
from imagelint.model import Instance, ResolutionModel
from imagelint.provider_models import UNKNOWN_TYPE_ERROR
from imagelint.rule_api import IMAGE_LOOKUP, ImageRef, Target, Unresolved

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

LOOKUP_DEFAULT_TYPE = "DEV1-S"  # the data source's instance_type default
LOOKUP_IMAGE_TYPES = (LOCAL, SBS)  # all its image_type validation lets through

# The current provider's mapping: l_ssd (and the retired b_ssd) ask for local images,
# everything else, unset included, for SBS ones. The reader supplies a versioned model.
TERRAFORM = ResolutionModel(
    name="the Terraform provider",
    rewrite_dashes=True,
    volume_image_types=(("l_ssd", LOCAL), ("b_ssd", LOCAL), ("sbs_volume", SBS)),
    default_image_type=SBS,
    unknown_type_error=UNKNOWN_TYPE_ERROR,
)
DATA_SOURCE = ResolutionModel(
    name="the scaleway_marketplace_image data source",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    default_image_type=LOCAL,
)
MODELS = {"terraform": TERRAFORM}

MISSING = {
    "image": "no image is set (a server booting from root_volume.volume_id is not checked)",
    "label": "no label is set",
    "type": "no commercial type is set",
    "zone": "no zone is set",
}


@dataclass(frozen=True, kw_only=True)
class Plan:
    """An instance's known values and the queries they make, or why they make none."""

    instance: Instance
    model: ResolutionModel
    zone: str | None  # as written, when known
    commercial_type: str | None  # as the tool looks it up, when known
    volume_type: str | None  # the root volume type, when written and known
    target: Target | None  # None: a value is unknown, the zone is none, or image_from is set
    unresolved: tuple[Unresolved, ...]
    # The image as written when it is a label and the model takes UUIDs only: an error
    # whatever the catalog says, decided even when other values are unknown.
    refused_label: ImageRef | None = None

    @property
    def zone_unknown(self) -> bool:
        return self.zone is not None and not zone_known(self.zone, self.model)

    @property
    def effective_zone(self) -> str:
        """The zone the tool uses, normalised; "" when it is unknown or none."""
        if self.zone is None or self.zone_unknown:
            return ""
        return effective_zone(self.zone, self.model)


def is_scaleway_zone(zone: str) -> bool:
    """The Go SDK's zones; legacy par1/ams1 only draw a warning from the provider."""
    return zone in KNOWN_ZONES or zone in LEGACY_ZONES


def zone_known(zone: str, model: ResolutionModel) -> bool:
    """A tool with its own zone codes (Ansible's region table) accepts those alone."""
    if model.zone_names:
        return zone in dict(model.zone_names)
    return is_scaleway_zone(zone)


def effective_zone(zone: str, model: ResolutionModel) -> str:
    """The Scaleway zone a known zone name stands for."""
    if model.zone_names:
        return dict(model.zone_names)[zone]
    return normalise_zone(zone)


def model_of(instance: Instance) -> ResolutionModel | None:
    if instance.kind == IMAGE_LOOKUP:
        return instance.model or DATA_SOURCE
    return instance.model or MODELS.get(instance.source)


def parse_image(written: str, model: ResolutionModel = TERRAFORM) -> ImageRef:
    parts = written.split("/")
    if model.strip_zone_prefix and len(parts) == 2:
        prefix, name = normalise_zone(parts[0]), parts[1]
    else:
        prefix, name = None, written
    if UUID.match(name):
        return ImageRef(written=written, name=name.lower(), is_uuid=True, zone_prefix=prefix)
    label = name.replace("-", "_") if model.rewrite_dashes else name
    return ImageRef(written=written, name=label, is_uuid=False, zone_prefix=prefix)


def plan(instance: Instance) -> Plan:
    lookup = instance.kind == IMAGE_LOOKUP
    model = model_of(instance)
    if model is None:
        reason = f"imagelint has no resolution model for {instance.source} sources"
        unsupported = Unresolved(
            attribute="image", reason=reason, span=instance.span, kind="unsupported"
        )
        return Plan(
            instance=instance,
            model=TERRAFORM,
            zone=None,
            commercial_type=None,
            volume_type=None,
            target=None,
            unresolved=(unsupported,),
        )
    zone = _known(instance, "zone")
    commercial_type = _known(instance, "type")
    if lookup:
        if instance.value("type") is None:
            commercial_type = LOOKUP_DEFAULT_TYPE
        commercial_type = commercial_type.upper() if commercial_type is not None else None
    volume_type = _known(instance, "volume_type")
    problems = _lookup_problems(instance) if lookup else _server_problems(instance)
    target = None
    plannable = zone is not None and zone_known(zone, model) and instance.image_from is None
    if not problems and plannable and zone is not None and commercial_type is not None:
        target = (_lookup_target if lookup else _server_target)(
            instance, model, effective_zone(zone, model), commercial_type, volume_type
        )
    return Plan(
        instance=instance,
        model=model,
        zone=zone,
        commercial_type=commercial_type,
        volume_type=volume_type,
        target=target,
        unresolved=problems,
        refused_label=None if lookup else _refused_label(instance, model),
    )


def _refused_label(instance: Instance, model: ResolutionModel) -> ImageRef | None:
    written = _known(instance, "image")
    if model.accepts_labels or written is None or instance.image_from is not None:
        return None
    image = parse_image(written, model)
    return None if image.is_uuid else image


def other_image_type(image_type: str) -> str | None:
    return {LOCAL: SBS, SBS: LOCAL}.get(image_type)


def _server_target(
    instance: Instance,
    model: ResolutionModel,
    zone: str,
    commercial_type: str,
    volume_type: str | None,
) -> Target:
    image = parse_image(_known(instance, "image") or "", model)
    image_type = model.image_type_for(volume_type, commercial_type)
    query: Query
    if image.is_uuid:
        query, other = IdQuery(image_id=image.name), None
    elif not model.accepts_labels:
        # Only to find the UUID a fix would write: the tool itself never looks labels up.
        image_type = model.default_image_type
        query, other = LabelQuery(label=image.name, zone=zone, image_type=image_type), None
    else:
        query = LabelQuery(label=image.name, zone=zone, image_type=image_type)
        other = _other_query(image.name, zone, image_type)
    return Target(
        image=image,
        zone=zone,
        commercial_type=commercial_type,
        image_type=image_type,
        image_type_defaulted=instance.value("volume_type") is None,
        model=model.name,
        query=query,
        other_query=other,
    )


def _lookup_target(
    instance: Instance,
    model: ResolutionModel,
    zone: str,
    commercial_type: str,
    _volume_type: str | None,
) -> Target:
    label = _known(instance, "image") or ""
    image_type = _known(instance, "image_type") or LOCAL
    return Target(
        image=ImageRef(written=label, name=label, is_uuid=False, zone_prefix=None),
        zone=zone,
        commercial_type=commercial_type,
        image_type=image_type,
        image_type_defaulted=instance.value("image_type") is None,
        model=model.name,
        query=LabelQuery(label=label, zone=zone, image_type=image_type),
        other_query=_other_query(label, zone, image_type),
    )


def _other_query(label: str, zone: str, image_type: str) -> LabelQuery | None:
    other = other_image_type(image_type)
    return LabelQuery(label=label, zone=zone, image_type=other) if other else None


def _server_problems(instance: Instance) -> tuple[Unresolved, ...]:
    # A record standing for instances that could not be known (an unknown count, a module
    # not on disk) has that one reason; its other values were never read.
    whole = _problem(instance, "instance", None)
    if whole is not None:
        return (whole,)
    required = ("type", "zone") if instance.image_from else ("image", "type", "zone")
    return tuple(
        p
        # With image_from, `image` is the data source's id: unknown here, and not needed.
        for name in (
            *required,
            "volume_type",
            *_others(instance, "image", *required, "volume_type"),
        )
        if (p := _problem(instance, name, MISSING.get(name))) is not None
    )


def _others(instance: Instance, *named: str) -> list[str]:
    """Any other value the source could not settle (a provider version no release
    satisfies, say) leaves the instance unresolved too: never checked by a guess."""
    return [n for n, v in instance.values.items() if n not in named and not v.known]


def _lookup_problems(instance: Instance) -> tuple[Unresolved, ...]:
    problems = [
        p
        for name, missing in (
            ("image", MISSING["label"]),
            ("type", None),
            ("zone", MISSING["zone"]),
            ("image_type", None),
            *((n, None) for n in _others(instance, "image", "type", "zone", "image_type")),
        )
        if (p := _problem(instance, name, missing)) is not None
    ]
    image_type = _known(instance, "image_type")
    if image_type is not None and image_type not in LOOKUP_IMAGE_TYPES:
        # The provider's validation rejects it at plan: nothing is looked up.
        problems.append(
            _unresolved(
                instance,
                "image_type",
                f'image_type "{image_type}" is neither instance_local nor instance_sbs, '
                "which the provider rejects at plan",
                kind="invalid",
            )
        )
    return tuple(problems)


def _problem(instance: Instance, name: str, missing: str | None) -> Unresolved | None:
    """Why attribute `name` holds no usable value; `missing` None: it may be absent."""
    value = instance.value(name)
    if value is None:
        if missing is None:
            return None
        return Unresolved(attribute=name, reason=missing, span=instance.span, kind="no-value")
    if value.known:
        return None
    return _unresolved(instance, name, str(value.reason), kind=value.kind)


def _unresolved(instance: Instance, name: str, reason: str, *, kind: str) -> Unresolved:
    return Unresolved(
        attribute=name,
        reason=reason,
        span=instance.position_of(name),
        kind=kind,
        chain=instance.chain_of(name),
    )


def _known(instance: Instance, name: str) -> str | None:
    value = instance.value(name)
    return value.text if value is not None else None
