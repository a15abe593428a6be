"""The `imagelint` command: parse options, call app, exit with the code it returns."""

from __future__ import annotations

import re
import sys
from decimal import Decimal

import click

from imagelint import __version__, app

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30}


class ByteSize(click.ParamType):
    """A number of bytes, with an optional unit: 5MB, 512KiB, 1000000."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(value))
        unit = _UNITS.get(match.group(2).lower()) if match else None
        if match is None or unit is None:
            self.fail(f"{value!r} is not a size (examples: 5MB, 512KiB, 1000000)", param, ctx)
        size = int(Decimal(match.group(1)) * unit)
        if size < 1:
            self.fail(f"{value!r} is less than one byte", param, ctx)
        return size


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="imagelint")
def main() -> None:
    """Check Scaleway instance definitions against the Marketplace catalog.

    imagelint reads Scaleway instance definitions from Terraform, Packer, Ansible,
    Crossplane, Cluster API, machine-controller, Pulumi YAML and its own inventory files,
    resolves each image the way the tool that creates the instance does, and reports the
    ones that cannot boot in their zone on their commercial type, before they are applied.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--catalog",
    type=click.Choice(["auto", "api", "offline"]),
    default="auto",
    show_default=True,
    help="auto: live API, bundled snapshot if unreachable; api: live only; "
    "offline: bundled snapshot only, no network.",
)
@click.option(
    "--api-url",
    metavar="URL",
    help="Marketplace API base URL  [default: $SCW_API_URL or https://api.scaleway.com]",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line a finding and a summary; json: a stable, versioned document.",
)
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="A variable definitions file, as terraform plan -var-file (for root modules, "
    "after terraform.tfvars and *.auto.tfvars) or packer build -var-file (*.pkrvars.hcl); "
    "repeatable.",
)
@click.option(
    "--var",
    "var_args",
    multiple=True,
    metavar="NAME=VALUE",
    callback=lambda ctx, param, values: tuple(_assignment(v) for v in values),
    help="A value for a root module variable, as terraform plan -var (repeatable; wins "
    "over --var-file).",
)
@click.option(
    "--source",
    metavar="NAME",
    help="Read the files given as this source's format, whatever their name and content "
    "(imagelint sources lists them); directories are searched for that format only.",
)
@click.option(
    "--default-zone",
    metavar="ZONE",
    callback=lambda ctx, param, value: _zone(value),
    help="The zone of instances whose zone comes from credentials imagelint cannot read "
    "(a Crossplane ProviderConfig), and of imagelint inventory instances that set none.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds to wait for a connection to the Marketplace API.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    show_default=True,
    help="Seconds to wait for each response of the Marketplace API.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=4,
    show_default=True,
    help="Retries on 429, 502, 503, 504 and connection errors.",
)
@click.option(
    "--request-deadline",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a whole Marketplace API request may take: connecting, waiting and "
    "reading the answer.",
)
@click.option(
    "--auto-deadline",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="With --catalog auto: seconds the run may spend on the live API before it falls "
    "back to the bundled snapshot.",
)
@click.option(
    "--allow-insecure-api",
    is_flag=True,
    help="Send SCW_SECRET_KEY (or credentials in the API URL) over plain http to a host "
    "that is not a loopback address.",
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default=app.Options.max_file_size,
    show_default=True,
    metavar="SIZE",
    help="A larger file is an error, not read (a number of bytes, or with a unit: 500KB, "
    "2MiB). It also bounds the tokens (one per 20 bytes) and blocks (one per 250 bytes) "
    "a file may hold, which is what parsing time grows with.",
)
def check(
    paths: tuple[str, ...],
    catalog: str,
    api_url: str | None,
    output_format: str,
    var_files: tuple[str, ...],
    var_args: tuple[str, ...],
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    max_file_size: int,
    request_deadline: float,
    auto_deadline: float,
    allow_insecure_api: bool,
    source: str | None,
    default_zone: str | None,
) -> None:
    """Check the instance definitions in PATHS (default: the current directory).

    Directories are walked recursively, skipping hidden directories; each file is read by
    the source whose format it is, by name and content (YAML and JSON files of no format
    imagelint reads are skipped and counted). Terraform root modules are evaluated with the
    modules they call. A file given on its own (as pre-commit passes them) is evaluated
    with what it belongs to (its whole module, its playbook), and only findings that file
    has a part in are reported.

    \b
    Exit codes:
      0  no error findings
      1  error findings
      2  usage error, or a file that does not parse
      3  the catalog could not be asked: not everything was checked
    """
    options = app.Options(
        paths=paths or (".",),
        catalog=catalog,
        api_url=api_url,
        output_format=output_format,
        var_files=var_files,
        var_args=var_args,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries=retries,
        max_file_size=max_file_size,
        request_deadline=request_deadline,
        auto_deadline=auto_deadline,
        allow_insecure_api=allow_insecure_api,
        source=source,
        default_zone=default_zone,
    )
    sys.exit(app.run(options))


def _zone(value: str | None) -> str | None:
    if value is not None and not app.is_zone(value):
        raise click.BadParameter(f"{value!r} is not a Scaleway zone (fr-par-1, nl-ams-1, ...)")
    return value


def _assignment(text: str) -> str:
    name, equals, _ = text.partition("=")
    if not equals or not name.strip():
        raise click.BadParameter(f"{text!r} is not NAME=VALUE")
    return text


@main.command("rules")
def rules_command() -> None:
    """List the installed rules with their severity."""
    sys.exit(app.list_rules())


@main.command("sources")
def sources_command() -> None:
    """List the installed sources: the formats imagelint reads."""
    sys.exit(app.list_sources())
