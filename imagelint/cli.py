"""The `imagelint` command: parse options, call app, exit with the code it returns."""

from __future__ import annotations

import sys

import click

from imagelint import __version__, app, cli_catalog, commands
from imagelint.config_keys import BY_FIELD, parse_size


class ByteSize(click.ParamType):
    """A number of bytes, with an optional unit: 5MB, 512KiB, 1000000."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _default(field: str) -> str:
    """The default as `imagelint config` shows it, from the one table of defaults."""
    key = BY_FIELD[field]
    shown = f"{key.default:,} bytes" if field == "max_file_size" else key.default
    return f"  [default: {shown}]"


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
    help="auto: live API, bundled snapshot if unreachable; api: live only; "
    "offline: bundled snapshot only, no network." + _default("catalog"),
)
@click.option(
    "--catalog-file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="A snapshot exported by `imagelint catalog export`, used instead of the bundled one "
    "(the catalog a team's CI last saw, for offline hooks).",
)
@click.option(
    "--api-url",
    metavar="URL",
    help="Marketplace API base URL",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(app.FORMATS),
    default="text",
    show_default=True,
    help="What stdout gets: text (a finding a few lines, then the summary), compact (a "
    "line a finding), json (a stable, versioned document), sarif, junit, github "
    "(workflow annotations), gitlab (Code Quality), checkstyle.",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:FILE",
    callback=lambda ctx, param, values: tuple(_output(v) for v in values),
    help="Also write the report in FORMAT to FILE (repeatable): --output sarif:imagelint.sarif "
    "--output junit:junit.xml.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "notice"]),
    help="The lowest severity that fails the run (exit 1); with notice, an instance that "
    "could not be checked fails it too." + _default("fail_on"),
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out files whose path (relative to the working directory), or one of its "
    "directories, matches GLOB (repeatable; replaces the configuration's `exclude`).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="The configuration file (default: .imagelint.yaml found from the working directory "
    "up to the repository root).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Hide the findings this baseline records; report only new ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record this run's findings (those --baseline hides included) in FILE.",
)
@click.option(
    "--prune-baseline",
    is_flag=True,
    help="With --write-baseline: drop the entries that matched no finding.",
)
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no summary, no warnings.")
@click.option(
    "--statistics", is_flag=True, help="Add counts per rule and per directory (for audits)."
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR "
    "forces it).",
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
    help="Seconds to wait for a connection to the Marketplace API." + _default("connect_timeout"),
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for each response of the Marketplace API." + _default("read_timeout"),
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    help="Retries on 429, 502, 503, 504 and connection errors." + _default("retries"),
)
@click.option(
    "--request-deadline",
    type=click.FloatRange(min=0.1),
    help="Seconds a whole Marketplace API request may take: connecting, waiting and "
    "reading the answer." + _default("request_deadline"),
)
@click.option(
    "--auto-deadline",
    type=click.FloatRange(min=0.1),
    help="With --catalog auto: seconds the run may spend on the live API before it falls "
    "back to the bundled snapshot." + _default("auto_deadline"),
)
@click.option(
    "--allow-insecure-api",
    is_flag=True,
    help="Send SCW_SECRET_KEY (or credentials in the API URL) over plain http to a host "
    "that is not a loopback address.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 64),
    metavar="N",
    help="Processes that parse and evaluate a large tree at once; 0: one per CPU core. "
    "Small runs stay in one process." + _default("jobs"),
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    metavar="SIZE",
    help="A larger file is an error, not read (a number of bytes, or with a unit: 500KB, "
    "2MiB). It also bounds the tokens (one per 20 bytes) and blocks (one per 250 bytes) "
    "a file may hold, which is what parsing time grows with." + _default("max_file_size"),
)
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], **params: object) -> None:
    """Check the instance definitions in PATHS (default: the current directory).

    Directories are walked recursively, skipping hidden directories; each file is read by
    the source whose format it is, by name and content (YAML and JSON files of no format
    imagelint reads are skipped and counted). Terraform root modules are evaluated with the
    modules they call. A file given on its own (as pre-commit passes them) is evaluated
    with what it belongs to (its whole module, its playbook), and only findings that file
    has a part in are reported.

    Settings come from the built-in defaults, then the configuration file, then the
    environment, then these options (`imagelint config` shows the result).

    \b
    Exit codes:
      0  no finding at or above --fail-on
      1  findings at or above --fail-on (error by default)
      2  usage error, bad configuration, or a file that does not parse
      3  the catalog could not be asked: not everything was checked
    """
    given = {
        name
        for name in params
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    }
    sys.exit(commands.run_command(paths or (".",), params, given))


def _zone(value: str | None) -> str | None:
    if value is not None and not commands.is_zone(value):
        raise click.BadParameter(f"{value!r} is not a Scaleway zone (fr-par-1, nl-ams-1, ...)")
    return value


def _output(text: str) -> tuple[str, str]:
    fmt, colon, path = text.partition(":")
    if not colon or not path or fmt not in app.FORMATS:
        raise click.BadParameter(
            f"{text!r} is not FORMAT:FILE with FORMAT one of {', '.join(app.FORMATS)}"
        )
    return fmt, path


def _assignment(text: str) -> str:
    name, equals, _ = text.partition("=")
    if not equals or not name.strip():
        raise click.BadParameter(f"{text!r} is not NAME=VALUE")
    return text


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_command(fmt: str) -> None:
    """List the installed rules with their severity."""
    sys.exit(commands.list_rules(fmt))


@main.command("explain")
@click.argument("rule_id", metavar="RULE")
def explain_command(rule_id: str) -> None:
    """Explain a rule: why it exists, its options, PASS/FAIL examples, how to fix."""
    sys.exit(commands.explain_rule(rule_id))


@main.command("config")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="The configuration file (default: .imagelint.yaml found upwards).",
)
def config_command(config_file: str | None) -> None:
    """Print the effective configuration and where each value comes from."""
    sys.exit(commands.show_config(config_file))


main.add_command(cli_catalog.catalog_group)


@main.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script: eval "$(imagelint completion bash)"."""
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)
    assert completion is not None  # click ships all three
    script = completion(main, {}, "imagelint", "_IMAGELINT_COMPLETE").source()
    click.echo(script)


@main.command("sources")
def sources_command() -> None:
    """List the installed sources: the formats imagelint reads."""
    sys.exit(commands.list_sources())
