"""Resolution models and records of tools other than Terraform, as their sources build them,
for rule tables that run the real engine on instance records."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from imagelint.catalog.interface import ANY_TYPE, LOCAL, SBS
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.engine import EngineResult, lint
from imagelint.model import Instance, Phrasing, Rejected, ResolutionModel, Value
from imagelint.plugins import LoadedRule, load_rules, validate
from tests.rules.instances import span, written

# Like Ansible's scaleway_compute: image UUIDs only, its own region codes, an untyped lookup
# (only to find the UUID a fix would write), no volume parameter.
ANSIBLE = ResolutionModel(
    name="scaleway_compute (test model)",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    default_image_type=ANY_TYPE,
    volume_types=(),
    accepts_labels=False,
    zone_names=(
        ("par1", "fr-par-1"),
        ("EMEA-FR-PAR1", "fr-par-1"),
        ("par2", "fr-par-2"),
        ("par3", "fr-par-3"),
        ("ams1", "nl-ams-1"),
        ("ams3", "nl-ams-3"),
        ("waw1", "pl-waw-1"),
    ),
)
ANSIBLE_PHRASING = Phrasing(
    names=(("image", "image"), ("type", "commercial_type"), ("zone", "region")),
    settings=(("image", "image: {}"), ("type", "commercial_type: {}"), ("zone", "region: {}")),
)

# Like Cluster API's ScalewayMachine: labels verbatim, its own volume type names.
CAPI = ResolutionModel(
    name="cluster-api-provider-scaleway (test model)",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    volume_image_types=(("local", LOCAL), ("block", SBS)),
    default_image_type=SBS,
    volume_types=("local", "block"),
)
CAPI_PHRASING = Phrasing(
    names=(
        ("image", "image.label"),
        ("type", "commercialType"),
        ("zone", "failureDomain"),
        ("volume_type", "rootVolume.type"),
    ),
    settings=(("image", "image: {label: {}}"), ("volume_type", "rootVolume: {type: {}}")),
)

# Like the Packer plugin <= 1.2.1: labels through the SDK's untyped lookup, local first.
UNTYPED = ResolutionModel(
    name="an untyped lookup (test model)",
    rewrite_dashes=False,
    strip_zone_prefix=False,
    default_image_type=ANY_TYPE,
)


def task(
    *,
    image: str | Value | None = "ubuntu_jammy",
    type_: str | Value = "DEV1-S",
    zone: str | Value = "par1",
    volume: str | None = None,
    model: ResolutionModel = ANSIBLE,
    phrasing: Phrasing = ANSIBLE_PHRASING,
    rejected: tuple[Rejected, ...] = (),
) -> Instance:
    """Lines: 1 header, 2 image, 3 type, 4 zone, 5 root volume type, in playbook.yml."""
    values = {
        name: value if isinstance(value, Value) else written(value, line, "playbook.yml")
        for name, value, line in (("image", image, 2), ("type", type_, 3), ("zone", zone, 4))
        if value is not None
    }
    if volume is not None:
        values["volume_type"] = written(volume, 5, "playbook.yml")
    return Instance(
        source="test",
        address='playbook.yml: task "create web"',
        span=span(1, 1, 20, "playbook.yml"),
        values=values,
        model=model,
        phrasing=phrasing,
        rejected=rejected,
    )


def capi(
    *, image: str = "ubuntu_jammy", type_: str = "DEV1-S", volume: str | None = None
) -> Instance:
    return task(
        image=image, type_=type_, zone="fr-par-1", volume=volume, model=CAPI, phrasing=CAPI_PHRASING
    )


# Registered by pyproject.toml once the lead adds their entry points; until then loaded here,
# through the same validation, so the tables run against the installed rules plus these.
NEW_RULES = ("image_label_unsupported", "setting_rejected")


def all_rules() -> tuple[LoadedRule, ...]:
    loaded = {rule.id: rule for rule in load_rules()}
    for name in NEW_RULES:
        origin = f"imagelint_rules.{name}"
        module = importlib.import_module(origin)
        if module.ID not in loaded:
            loaded[module.ID] = validate(module, name=module.ID, where=origin, origin=origin)
    return tuple(sorted(loaded.values(), key=lambda rule: rule.id))


def run(instances: list[Instance], catalog_file: Path) -> EngineResult:
    return lint(instances, all_rules(), SnapshotCatalog(catalog_file))


def add_untyped_answers(path: Path) -> Path:
    """Give a write_catalog file the answers of `type=unknown_type&order_by=type_asc`: the
    label's local images of both types in the zone, instance_local first (MARKETPLACE.md Q6)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    typed = {(q["label"], q["zone"], q["type"]): q for q in data["queries"]}
    for (label, zone, image_type), local in list(typed.items()):
        sbs = typed.get((label, zone, SBS))
        if image_type == LOCAL and sbs is not None:
            images = [*local["local_images"], *sbs["local_images"]]
            data["queries"].append({**local, "type": ANY_TYPE, "local_images": images})
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path
