"""Reads the files offered to the Packer source: HCL templates directory by directory (Packer
loads every `*.pkr.hcl` and `*.pkr.json` of a directory as one configuration), legacy JSON
templates one by one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from imagelint.model import Instance, ParseError
from imagelint.packer.source import TEMPLATES, VAR_FILES
from imagelint.source_api import Candidate, ReadContext, SourceResult


def read_files(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    instances: list[Instance] = []
    errors: list[ParseError] = []
    not_mine: list[str] = []
    directories: dict[Path, list[Candidate]] = {}
    for file in files:
        if file.name.endswith((*TEMPLATES, *VAR_FILES)):
            directories.setdefault(file.path.parent, []).append(file)
        else:
            _legacy(file, context, instances, errors, not_mine)
    for directory, offered in directories.items():
        found, problems = _configuration(directory, offered, context)
        instances += found
        errors += problems
        if not found and not problems:
            not_mine += [f.shown for f in offered]
    return SourceResult(
        instances=tuple(instances),
        errors=tuple(errors),
        not_mine=tuple(not_mine),
    )


def _legacy(
    file: Candidate,
    context: ReadContext,
    instances: list[Instance],
    errors: list[ParseError],
    not_mine: list[str],
) -> None:
    from imagelint.packer.legacy import read_template
    from imagelint.parsers.hcl_scan import check_bounds

    try:
        text = file.text()
        check_bounds(file.shown, text, context.scope.bounds, json=True)
        found = read_template(file.shown, text, context)
    except ParseError as error:
        errors.append(error)
        return
    if found is None:
        not_mine.append(file.shown)
    else:
        instances += found


def _configuration(
    directory: Path, offered: list[Candidate], context: ReadContext
) -> tuple[list[Instance], list[ParseError]]:
    """The instances of the directory's configuration that are written in offered files;
    a template that does not parse stops the directory, as it stops Packer."""
    from imagelint.packer import hcl_config
    from imagelint.packer.hcl_instances import instances
    from imagelint.packer.models import plugin_for
    from imagelint.packer.variables import PackerScope, input_values
    from imagelint.parsers.hcl_scan import check_bounds

    given = {f.path: f for f in offered}
    listing = context.scope.listing(
        directory, lambda name: name.endswith(TEMPLATES), base=directory
    )
    errors = list(listing.errors)
    paths = sorted({*listing.files, *(p for p in given if p.name.endswith(TEMPLATES))})
    texts: list[tuple[str, str]] = []
    for path in paths:
        shown = given[path].shown if path in given else context.scope.show(path)
        try:
            text = given[path].text() if path in given else context.scope.read_text(path)
            check_bounds(shown, text, context.scope.bounds, json=path.name.endswith(".json"))
        except ParseError as error:
            errors.append(error)
            continue
        texts.append((shown, text))
    if not texts:
        return [], errors
    config = hcl_config.load(directory, texts)
    errors += config.errors
    if errors:
        return [], errors
    inputs, problems = input_values(config, context)
    if problems:
        return [], problems
    plugin = plugin_for(config.plugin.constraint if config.plugin is not None else None)
    scope = PackerScope(config, inputs, context.cwd)
    # A variable file offered on its own stands for its directory's configuration.
    if all(f.name.endswith(VAR_FILES) for f in offered):
        checked = {shown for shown, _ in texts}
    else:
        checked = {f.shown for f in offered}
    found = instances(config, scope, plugin, env=context.env, home=context.home, offered=checked)
    return list(found), []
