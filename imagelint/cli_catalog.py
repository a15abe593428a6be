"""`imagelint catalog`: fill the catalog cache, see what it holds, export it, empty it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from imagelint import commands

F = Callable[..., Any]


def _given(ctx: click.Context, params: dict[str, object]) -> set[str]:
    return {
        name
        for name in params
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    }


def _options(ctx: click.Context, paths: tuple[str, ...], params: dict[str, object]) -> Any:
    options = commands.options_for(paths, params, _given(ctx, params))
    if options is None:
        sys.exit(2)
    return options


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    """--labels a,b --labels c: repeatable and comma-separated."""
    return tuple(n.strip() for v in values for n in v.split(",") if n.strip())


def _zones(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    zones = _names(values)
    for zone in zones:
        if not commands.is_zone(zone):
            raise click.BadParameter(f"{zone!r} is not a Scaleway zone (fr-par-1, nl-ams-1, ...)")
    return zones


def _catalog_options(f: F) -> F:
    """Where the catalog is and how to reach it: what `check` takes, for `catalog` commands."""
    for option in reversed(
        [
            click.option("--api-url", metavar="URL", help="Marketplace API base URL"),
            click.option(
                "--config",
                "config_file",
                type=click.Path(exists=True, dir_okay=False),
                metavar="FILE",
                help="The configuration file (default: .imagelint.yaml found upwards).",
            ),
        ]
    ):
        f = option(f)
    return f


def _network_options(f: F) -> F:
    for option in reversed(
        [
            click.option("--connect-timeout", type=click.FloatRange(min=0.1)),
            click.option("--read-timeout", type=click.FloatRange(min=0.1)),
            click.option("--retries", type=click.IntRange(min=0, max=10)),
            click.option("--request-deadline", type=click.FloatRange(min=0.1)),
            click.option(
                "--allow-insecure-api",
                is_flag=True,
                help="Send SCW_SECRET_KEY over plain http to a host that is not loopback.",
            ),
        ]
    ):
        f = option(f)
    return f


@click.group("catalog")
def catalog_group() -> None:
    """The catalog cache: fill it, see what it holds, export it as a snapshot, empty it.

    A check asks the cache first (fresh answers), then the live API, then stale cache
    entries, then the snapshot. `catalog update` fills the cache ahead of time, so a
    pre-commit hook never waits on the network; `catalog export` turns it into a snapshot a
    team commits and gives to every hook with --catalog-file (or `catalog-file:`).
    """


@catalog_group.command("update")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--labels",
    multiple=True,
    metavar="LABEL[,LABEL...]",
    help="Fetch these Marketplace labels too (repeatable, comma-separated), in --zones.",
)
@click.option(
    "--zones",
    multiple=True,
    metavar="ZONE[,ZONE...]",
    callback=_zones,
    help="The zones of --labels (default: every Scaleway zone).",
)
@_catalog_options
@_network_options
@click.option(
    "--var-file", "var_files", multiple=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option("--var", "var_args", multiple=True, metavar="NAME=VALUE")
@click.option("--source", metavar="NAME")
@click.option("--default-zone", metavar="ZONE")
@click.option("--exclude", multiple=True, metavar="GLOB")
@click.pass_context
def catalog_update(
    ctx: click.Context,
    paths: tuple[str, ...],
    labels: tuple[str, ...],
    zones: tuple[str, ...],
    **params: object,
) -> None:
    """Fetch from the live API what PATHS need (every query a check of them asks) and the
    --labels in --zones (both volume types), and record the answers in the cache.

    \b
    Exit codes:
      0  every answer fetched and cached
      2  usage error
      3  some queries could not be answered (the others are cached)
    """
    from imagelint import catalog_commands

    options = _options(ctx, paths, params)
    sys.exit(catalog_commands.update(paths, _names(labels), zones, options))


@catalog_group.command("show")
@click.argument("label", required=False)
@click.option(
    "--zone", metavar="ZONE", callback=lambda c, p, v: _zones(c, p, (v,))[0] if v else None
)
@_catalog_options
@click.pass_context
def catalog_show(ctx: click.Context, label: str | None, zone: str | None, **params: object) -> None:
    """Without LABEL: what the cache holds, per API URL, and how old. With LABEL: where it
    boots, zone by zone, volume type by volume type, architecture by architecture, with the
    commercial types of each, from the cache or else the bundled snapshot (exit 3 when
    neither knows the label there)."""
    from imagelint import catalog_commands

    options = _options(ctx, (), params)
    sys.exit(catalog_commands.show(label, zone, options=options))


@catalog_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@_catalog_options
@click.pass_context
def catalog_export(ctx: click.Context, file: str, **params: object) -> None:
    """Write the cached answers of the API URL in use to FILE as a snapshot in the bundled
    format (for --catalog-file): a team commits it, or gives it to an air-gapped CI."""
    from pathlib import Path

    from imagelint import catalog_commands

    options = _options(ctx, (), params)
    sys.exit(catalog_commands.export(Path(file), options=options))


@catalog_group.command("clear")
@click.pass_context
def catalog_clear(ctx: click.Context) -> None:
    """Remove every cached catalog answer."""
    from imagelint import catalog_commands

    options = _options(ctx, (), {})
    sys.exit(catalog_commands.clear(options=options))
