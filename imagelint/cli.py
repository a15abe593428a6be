"""The `imagelint` command: parse options, call app, exit with the code it returns."""

from __future__ import annotations

import sys

import click

from imagelint import __version__, app


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="imagelint")
def main() -> None:
    """Check Scaleway instance definitions against the Marketplace catalog.

    imagelint reads scaleway_instance_server resources from Terraform files, resolves
    each image the way the Terraform provider does, and reports the ones that cannot boot
    in their zone on their commercial type, before `terraform apply` does.
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
    help="A variable definitions file for root modules, as terraform plan -var-file "
    "(repeatable; after terraform.tfvars and *.auto.tfvars).",
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
) -> None:
    """Check the Terraform configurations in PATHS (default: the current directory).

    Directories are walked recursively, skipping .terraform/ and hidden directories, and
    every root module found is evaluated with the modules it calls. A file given on its own
    (as pre-commit passes them) is evaluated with its whole module, through the root modules
    that call it, and only findings that file has a part in are reported. Plan JSON
    (terraform show -json) is read too.

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
    )
    sys.exit(app.run(options))


def _assignment(text: str) -> str:
    name, equals, _ = text.partition("=")
    if not equals or not name.strip():
        raise click.BadParameter(f"{text!r} is not NAME=VALUE")
    return text


@main.command("rules")
def rules_command() -> None:
    """List the installed rules with their severity."""
    sys.exit(app.list_rules())
