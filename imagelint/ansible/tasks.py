"""A scaleway_compute task as instance records: its parameters after module_defaults,
Jinja and the items of a loop."""

from __future__ import annotations

from dataclasses import replace

from imagelint.ansible.jinja import Env
from imagelint.ansible.model import ACTION_GROUPS, MODEL, MODULE_NAMES, PHRASING, REQUIRED
from imagelint.ansible.plays import TaskSite
from imagelint.ansible.values import Bound, Known, Omitted, Unknown, scalar_text
from imagelint.model import Hop, Instance, ResolutionModel, Value
from imagelint.parsers.yaml_tree import YMap, YNode, YScalar, YSeq

LOOPS = ("loop", "with_items", "with_list")
SOURCE = "ansible"


def instances(site: TaskSite, playbook: str, model: ResolutionModel = MODEL) -> list[Instance]:
    """One instance per server the task defines (per loop item); none for `state: absent`."""
    named = site.task.get("name")
    label = (
        f'task "{named.text}"'
        if isinstance(named, YScalar) and named.text
        else f"task #{site.index} ({site.module.text})"
    )
    address = f"{playbook}: {label}"
    found = []
    parameters = _parameters(site)
    opaque = _opaque_arguments(site)
    for suffix, env in _iterations(site):
        state = parameters.get("state")
        if state is not None:
            result = env.evaluate(state[0], state[1])
            if isinstance(result, Known) and scalar_text(result) == "absent":
                continue
        values = {
            attribute: _value(site, env, parameter, parameters.get(parameter))
            for parameter, attribute in REQUIRED
        }
        if opaque is not None:
            values = {attribute: opaque for _, attribute in REQUIRED}
        found.append(
            Instance(
                source=SOURCE,
                address=address + suffix,
                span=site.module.span,
                values=values,
                model=model,
                phrasing=PHRASING,
            )
        )
    return found


def _parameters(site: TaskSite) -> dict[str, tuple[YNode, str]]:
    """module_defaults (its group's, then the module's: the later wins), `args`, then the
    module's own arguments, as Ansible merges them."""
    by_action: dict[str, YNode] = {}
    for defaults in site.module_defaults:
        if isinstance(defaults, YMap):
            for key, value in defaults.items:
                if isinstance(key, YScalar):
                    by_action[key.text] = value  # an inner level replaces the whole entry
    merged: dict[str, tuple[YNode, str]] = {}
    ordered = [v for k, v in by_action.items() if k in ACTION_GROUPS]
    ordered += [v for k, v in by_action.items() if k in MODULE_NAMES]
    for defaults in ordered:
        merged.update(_pairs(defaults, "module_defaults"))
    merged.update(_pairs(site.task.get("args"), "task args"))
    merged.update(_pairs(site.params, "task"))
    return merged


def _opaque_arguments(site: TaskSite) -> Value | None:
    """Why the module's arguments cannot be read one by one, if they cannot."""
    for node, what in ((site.params, "module arguments"), (site.task.get("args"), "args")):
        if isinstance(node, YScalar) and node.tag != "null":
            if "{{" in node.text:
                reason = f"{what} given as one template (`{node.text.strip()}`) are not evaluated"
            else:
                reason = f"free-form {what} (name=value) are not read"
            return Value.unknown(reason, node.span, kind="unsupported")
    return None


def _value(site: TaskSite, env: Env, parameter: str, written: tuple[YNode, str] | None) -> Value:
    missing = (
        f"{site.module.text} requires {parameter} (the module fails with "
        f'"missing required arguments: {parameter}")'
    )
    if written is None:
        return Value.unknown(missing, site.module.span, origin="task", kind="no-value")
    node, origin = written
    result = env.evaluate(node, origin)
    chain: tuple[Hop, ...] = ()
    if origin == "module_defaults":
        chain = (Hop(span=site.module.span, message=f"module_defaults {parameter}"),)
    if isinstance(result, Omitted):
        return Value.unknown(missing, result.span, origin=origin, kind="no-value")
    if isinstance(result, Unknown):
        return Value.unknown(
            result.reason,
            result.span,
            origin=origin,
            kind=result.kind,
            chain=(*chain, *result.chain),
        )
    text = scalar_text(result)
    if text is None:
        reason = f"{parameter} is a {'list' if isinstance(result.data, YSeq) else 'mapping'}"
        return Value.unknown(reason, result.span, origin=origin, kind="invalid")
    return Value.of(text, result.span, origin=result.origin, chain=(*chain, *result.chain))


def _iterations(site: TaskSite) -> list[tuple[str, Env]]:
    """("", env) for a task without a loop; ("[item]", env with item bound) per item."""
    loop_key = next((k for k in LOOPS if site.task.get(k) is not None), None)
    keys = [k.text for k, _ in site.task.items if isinstance(k, YScalar)]
    other = next((k for k in keys if k.startswith("with_") and k not in LOOPS), None)
    name = _loop_var(site.task)
    if loop_key is None and other is None:
        return [("", site.env)]
    if loop_key is None:
        reason = f"{name} comes from `{other}`, which imagelint does not evaluate"
        return [("", _runtime(site.env, name, reason))]
    node = site.task.get(loop_key)
    assert node is not None
    result = site.env.evaluate(node, "loop")
    if isinstance(result, Unknown):
        reason = f"{name} comes from a {loop_key} imagelint cannot resolve: {result.reason}"
        return [("", _runtime(site.env, name, reason))]
    if not isinstance(result, Known) or not isinstance(result.data, YSeq):
        reason = f"{name} comes from a {loop_key} that is not a list"
        return [("", _runtime(site.env, name, reason))]
    items = _flatten(result.data.items) if loop_key == "with_items" else result.data.items
    return [
        (f"[{_label(item, position)}]", _bind(site.env, name, item))
        for position, item in enumerate(items)
    ]


def _loop_var(task: YMap) -> str:
    control = task.get("loop_control")
    var = control.get("loop_var") if isinstance(control, YMap) else None
    return var.text if isinstance(var, YScalar) else "item"


def _label(item: YNode, position: int) -> str:
    if isinstance(item, YScalar):
        return item.text
    if isinstance(item, YMap):
        name = item.get("name")
        if isinstance(name, YScalar):
            return name.text
    return str(position)


def _flatten(items: tuple[YNode, ...]) -> tuple[YNode, ...]:
    """with_items flattens one level of nested lists."""
    flat: list[YNode] = []
    for item in items:
        flat.extend(item.items if isinstance(item, YSeq) else (item,))
    return tuple(flat)


def _bind(env: Env, name: str, item: YNode) -> Env:
    runtime = {k: v for k, v in env.runtime.items() if k != name}
    variables = {**env.variables, name: Bound(node=item, origin="loop item")}
    return replace(env, variables=variables, runtime=runtime)


def _runtime(env: Env, name: str, reason: str) -> Env:
    return replace(env, runtime={**env.runtime, name: reason})


def _pairs(node: YNode | None, origin: str) -> dict[str, tuple[YNode, str]]:
    if not isinstance(node, YMap):
        return {}
    return {k.text: (v, origin) for k, v in node.items if isinstance(k, YScalar)}
