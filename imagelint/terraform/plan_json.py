"""Instances of a `terraform show -json` plan: the servers and image lookups of its planned
values (root and child modules), each located at its "address" entry in the file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TypeGuard

from imagelint.catalog.zones import LEGACY_ZONES
from imagelint.model import Instance, ParseError, Span, Value
from imagelint.terraform.json_text import TextPositions
from imagelint.terraform.names import LEGACY_SERVER, MARKETPLACE_IMAGE, SERVER
from imagelint.terraform.phrasing import LOOKUP
from imagelint.terraform.phrasing import SERVER as SERVER_PHRASING
from imagelint.terraform.plan_shape import (
    Json,
    after_unknown,
    as_dict,
    config_address,
    config_index,
    first,
    image_from,
    is_scaleway,
    provider_key,
    resources,
    strip_keys,
    writes_volume_type,
)
from imagelint.terraform.provider_version import (
    ConstraintSource,
    Selected,
    data_source_model_for,
    model_for,
    select_version,
)
from imagelint.terraform.source import looks_like_plan as looks_like_plan  # re-exported
from imagelint.terraform.zone_policy import PROVIDER_ZONE, default_zone

LEGACY_DEPRECATION = (
    "scaleway_server was removed in provider 2.0 (replaced by scaleway_instance_server); "
    "it is checked as if migrated"
)
# The plan proves the provider version that made it had scaleway_server: a 1.x.
_LEGACY_ONLY = ConstraintSource(text="< 2.0.0", origin="scaleway_server exists only in 1.x")

_DATA_DEFAULTS = {"instance_type": "DEV1-S", "image_type": "instance_local"}


def is_plan_json(data: object) -> TypeGuard[Json]:
    return isinstance(data, dict) and "format_version" in data and "planned_values" in data


def load_json(path: str, text: str) -> object:
    """Raises ParseError (1-based position) for text that is not JSON."""
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ParseError(
            path=path, line=error.lineno, column=error.colno, message=f"not JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise ParseError(path=path, line=1, column=1, message="nested too deeply") from None


def read_plan(path: str, text: str, env: Mapping[str, str], home: Path | None) -> list[Instance]:
    """The instances a plan would create or keep, in file order; [] for JSON that is not a
    plan. `env` and `home` feed the zone policy for resources whose zone the plan lacks.
    Entries of the wrong shape are skipped; only text that is not JSON raises ParseError."""
    data = load_json(path, text)
    if not is_plan_json(data):
        return []
    try:
        return _Plan(path, text.removeprefix("\ufeff"), data, env, home).instances()
    except RecursionError:
        raise ParseError(path=path, line=1, column=1, message="nested too deeply") from None


class _Plan:
    def __init__(self, path: str, text: str, data: Json, env: Mapping[str, str], home: Path | None):
        self.path = path
        self.positions = TextPositions(path, text, keys=("address", "version_constraint"))
        self.data = data
        self.env = env
        self.home = home
        configuration = as_dict(data.get("configuration"))
        self.providers = as_dict(configuration.get("provider_config"))
        self.config = config_index(as_dict(configuration.get("root_module")))
        self.unknowns = after_unknown(data.get("resource_changes"))
        self.zones: dict[str, Value] = {}
        constraints = self._constraints()
        selected = _assumed(select_version(constraints), [])
        legacy = _assumed(select_version([*constraints, _LEGACY_ONLY]), [_LEGACY_ONLY])
        # The resources read, by (mode, type), with the resolution model of each.
        self.models = {
            ("managed", SERVER): model_for(selected),
            ("managed", LEGACY_SERVER): model_for(legacy),
            ("data", MARKETPLACE_IMAGE): data_source_model_for(selected),
        }

    def instances(self) -> list[Instance]:
        found: list[Instance] = []
        seen: set[str] = set()
        prior = as_dict(as_dict(self.data.get("prior_state")).get("values"))
        sections = (
            ("planned_values", as_dict(self.data.get("planned_values"))),
            ("prior_state", prior),
        )
        for section, values in sections:
            for module, resource in resources(as_dict(values.get("root_module"))):
                address = resource["address"]
                # A prior-state resource missing from the planned values is being destroyed.
                if address in seen or (section == "prior_state" and resource["mode"] != "data"):
                    continue
                instance = self._instance(section, module, resource)
                if instance is not None:
                    seen.add(address)
                    found.append(instance)
        return found

    def _instance(self, section: str, module: str, resource: Json) -> Instance | None:
        mode, type_, address = resource["mode"], resource["type"], resource["address"]
        if (mode, type_) not in self.models:
            return None
        span = self.positions.find("address", address, after=section)
        config = self.config.get((strip_keys(module), config_address(resource)), {})
        expressions = as_dict(config.get("expressions"))
        reader = _Reader(as_dict(resource.get("values")), self.unknowns.get(address, {}), span)
        zone = reader.text("zone", written="zone" in expressions)
        if zone is None or zone.text == "":
            zone = self._default_zone(module, config, legacy=type_ == LEGACY_SERVER)
        if mode == "data":
            values = {
                "image": reader.text("label"),
                "type": _upper(reader.text("instance_type") or _default("instance_type")),
                "image_type": reader.text("image_type") or _default("image_type"),
            }
        else:
            values = {
                "image": reader.text("image"),
                "type": reader.text("type"),
                "volume_type": reader.volume_type(writes_volume_type(expressions)),
            }
        return Instance(
            source="terraform",
            address=address,
            span=span,
            values={n: v for n, v in {**values, "zone": zone}.items() if v is not None},
            kind="image-lookup" if mode == "data" else "server",
            model=self.models[mode, type_],
            image_from=image_from(module, expressions) if mode == "managed" else None,
            deprecated=LEGACY_DEPRECATION if type_ == LEGACY_SERVER else None,
            phrasing=LOOKUP if mode == "data" else SERVER_PHRASING,
        )

    def _default_zone(self, module: str, config: Json, *, legacy: bool) -> Value:
        key = provider_key(self.providers, module, config)
        if legacy:
            region = self._provider_setting(key, "region")
            if region is not None and region.text in LEGACY_ZONES:
                origin = f'provider region "{region.text}"'
                return Value.of(LEGACY_ZONES[region.text], None, origin=origin)
        if key not in self.zones:
            provider_zone = self._provider_setting(key, "zone")
            self.zones[key] = default_zone(self.env, provider_zone, self.home)
        return self.zones[key]

    def _provider_setting(self, key: str, name: str) -> Value | None:
        expression = as_dict(as_dict(as_dict(self.providers.get(key)).get("expressions")).get(name))
        if not expression:
            return None
        if "constant_value" not in expression:
            reason = f"the plan records the provider {name} only as an expression, not its value"
            return Value.unknown(reason, None, origin=PROVIDER_ZONE, kind="unsupported")
        value = expression["constant_value"]
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return Value.of(value, None, origin=PROVIDER_ZONE)
        reason = f"the provider {name} is not a string"
        return Value.unknown(reason, None, origin=PROVIDER_ZONE, kind="invalid")

    def _constraints(self) -> list[ConstraintSource]:
        found: dict[str, ConstraintSource] = {}
        for key, entry in self.providers.items():
            if not isinstance(entry, dict) or not is_scaleway(entry):
                continue
            text = entry.get("version_constraint")
            if isinstance(text, str) and text.strip() and text not in found:
                span = self.positions.find("version_constraint", text, after="configuration")
                origin = f"version_constraint of provider {key} in {self.path}"
                found[text] = ConstraintSource(text=text, origin=origin, span=span)
        return list(found.values())


class _Reader:
    """Attribute values of one resource: known in "values", or unknown until apply."""

    def __init__(self, values: Json, after_unknown: Json, span: Span) -> None:
        self.values = values
        self.after_unknown = after_unknown
        self.span = span

    def text(self, name: str, *, written: bool = True) -> Value | None:
        value = self.values.get(name)
        if isinstance(value, str):
            return Value.of(value, self.span)
        # `written`: the configuration sets the attribute. A computed one it leaves unset
        # is unknown in the plan too, yet no apply-time value: the provider fills it in
        # from a default (for a zone, the one the caller works out).
        if self.after_unknown.get(name) is True and written:
            return self._unknown(name)
        return None

    def volume_type(self, written: bool) -> Value | None:
        block = first(self.values.get("root_volume"))
        value = block.get("volume_type")
        if isinstance(value, str) and value:
            return Value.of(value, self.span)
        unknown = self.after_unknown.get("root_volume")
        if written and (unknown is True or first(unknown).get("volume_type") is True):
            return self._unknown("root_volume.volume_type")
        return None

    def _unknown(self, name: str) -> Value:
        reason = f"{name} is known only after apply (the plan leaves it unknown)"
        return Value.unknown(reason, self.span, kind="apply-time")


def _assumed(selected: Selected, base: list[ConstraintSource]) -> Selected:
    # The plan was made, so some release satisfied its constraints: one newer than
    # imagelint's list. Assume the newest it knows rather than give up.
    if selected.version is not None:
        return selected
    newest = select_version(base)
    why = f"provider {newest.version} (assumed, as {selected.why})"
    return Selected(version=newest.version, why=why, hops=selected.hops)


def _default(name: str) -> Value:
    return Value.of(_DATA_DEFAULTS[name], None, origin="provider default")


def _upper(value: Value) -> Value:
    # The lookup uppercases the instance type (MARKETPLACE.md §5.1 step 2).
    if value.text is None:
        return value
    return Value.of(value.text.upper(), value.span, origin=value.origin, chain=value.chain)
