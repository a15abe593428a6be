"""The Terraform reader: what it evaluates, why it leaves values unknown, and where."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imagelint.model import Instance, ParseError, Span, Value
from imagelint.parsers.terraform import (
    TerraformFile,
    build_instances,
    parse_terraform_file,
)

DEFAULT_ZONE = Value.of("fr-par-1", None, origin="provider default")
HEADER = 'resource "scaleway_instance_server" "web" {'


def server(*lines: str, name: str = "web") -> str:
    """A server block whose attribute lines start at line 2, indented by two spaces."""
    body = "".join(f"  {line}\n" for line in lines)
    return f'resource "scaleway_instance_server" "{name}" {{\n{body}}}\n'


def variable(name: str, default: str | None = None) -> str:
    inner = "" if default is None else f"\n  default = {default}\n"
    return f'\nvariable "{name}" {{{inner}}}\n'


def build(*files: tuple[str, str], default_zone: Value = DEFAULT_ZONE) -> list[Instance]:
    parsed = [parse_terraform_file(path, text) for path, text in files]
    return build_instances(parsed, default_zone=default_zone)


def only(text: str) -> Instance:
    (instance,) = build(("main.tf", text))
    return instance


def where(span: Span | None) -> tuple[int, int, int, int]:
    assert span is not None
    return (span.line, span.column, span.end_line, span.end_column)


def terraform_accepts(text: str) -> bool:
    """Whether Terraform's own HCL parser reads the text (formatting differences allowed)."""
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform is not installed")
    result = subprocess.run(
        [terraform, "fmt", "-check", "-"], input=text, capture_output=True, text=True, timeout=60
    )
    return result.returncode in (0, 3)  # 3: valid, but fmt would reformat it


# id, text, attribute, expected text, expected origin, expected span of the value
KNOWN = [
    (
        "string",
        server('image = "ubuntu_jammy"'),
        "image",
        "ubuntu_jammy",
        "resource",
        (2, 11, 2, 25),
    ),
    ("escapes", server(r'image = "a\"b\\c"'), "image", 'a"b\\c', "resource", (2, 11, 2, 20)),
    ("unicode-escape", server(r'image = "\u00e9t\U000000e9"'), "image", "été", "resource", None),
    ("escaped-interpolation", server('image = "$${x}"'), "image", "${x}", "resource", None),
    ("integer", server("type = 12"), "type", "12", "resource", (2, 10, 2, 12)),
    ("decimal", server("type = 1.50"), "type", "1.5", "resource", None),
    ("exponent", server("type = 1e3"), "type", "1000", "resource", None),
    ("bool", server("type = true"), "type", "true", "resource", (2, 10, 2, 14)),
    ("parenthesised", server('type = ("DEV1-S")'), "type", "DEV1-S", "resource", (2, 10, 2, 20)),
    (
        "var-default",
        server("type = var.type") + variable("type", '"DEV1-S"'),
        "type",
        "DEV1-S",
        "var.type default",
        (2, 10, 2, 18),
    ),
    (
        "var-in-quotes",
        server('type = "${var.type}"') + variable("type", '"DEV1-S"'),
        "type",
        "DEV1-S",
        "var.type default",
        (2, 10, 2, 23),
    ),
    (
        "template",
        server('zone = "${var.region}-1"') + variable("region", '"fr-par"'),
        "zone",
        "fr-par-1",
        "var.region default",
        (2, 10, 2, 27),
    ),
    (
        "template-two-vars",
        server('image = "${var.os}_${var.release}"')
        + variable("os", '"ubuntu"')
        + variable("release", '"jammy"'),
        "image",
        "ubuntu_jammy",
        "var.os default, var.release default",
        None,
    ),
    (
        "var-number-default",
        server("type = var.n") + variable("n", "3"),
        "type",
        "3",
        "var.n default",
        None,
    ),
    (
        "var-default-escapes",
        server("image = var.image") + variable("image", r'"ubuntu\u005fjammy"'),
        "image",
        "ubuntu_jammy",
        "var.image default",
        None,
    ),
    (
        "var-map-index",
        server('image = var.images["jammy"]') + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "ubuntu_jammy",
        "var.images default",
        (2, 11, 2, 30),
    ),
    (
        "var-map-attribute",
        server("image = var.images.jammy") + variable("images", '{ "jammy" = "ubuntu_jammy" }'),
        "image",
        "ubuntu_jammy",
        "var.images default",
        None,
    ),
    (
        "var-list-index",
        server("image = var.images[1]") + variable("images", '["a", "ubuntu_noble"]'),
        "image",
        "ubuntu_noble",
        "var.images default",
        None,
    ),
    (
        "volume-type",
        server("root_volume {", '  volume_type = "sbs_volume"', "}"),
        "volume_type",
        "sbs_volume",
        "resource",
        (3, 19, 3, 31),
    ),
    (
        "first-root-volume",
        server('root_volume { volume_type = "l_ssd" }', 'root_volume { volume_type = "b_ssd" }'),
        "volume_type",
        "l_ssd",
        "resource",
        (2, 31, 2, 38),
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "expected", "origin", "span"),
    [c[1:] for c in KNOWN],
    ids=[c[0] for c in KNOWN],
)
def test_known_values(
    text: str, name: str, expected: str, origin: str, span: tuple[int, int, int, int] | None
) -> None:
    value = only(text).values[name]
    assert (value.text, value.reason, value.origin) == (expected, None, origin)
    assert value.span is not None and value.span.path == "main.tf"
    if span is not None:
        assert where(value.span) == span


LONG = "var.a_rather_long_condition_name ? " + '"an_image_label" : "another_image_label_here"'

# id, text, attribute, a key substring of the reason, expected span of the value
UNKNOWN = [
    (
        "var-without-default",
        server("image = var.image") + variable("image"),
        "image",
        "var.image has no default (tfvars, -var and TF_VAR_ are not read yet)",
        (2, 11, 2, 20),
    ),
    (
        "var-not-declared",
        server("image = var.image"),
        "image",
        "var.image is not declared in this directory",
        (2, 11, 2, 20),
    ),
    (
        "var-declared-twice",
        server("image = var.image") + variable("image", '"a"') + variable("image", '"b"'),
        "image",
        'variable "image" is declared 2 times (main.tf:5, main.tf:9)',
        None,
    ),
    ("local", server("image = local.image"), "image", "local.image is not evaluated yet", None),
    (
        "data-source",
        server("image = data.scaleway_marketplace_image.ubuntu.id"),
        "image",
        "data.scaleway_marketplace_image.ubuntu.id is a data source attribute, not evaluated yet",
        (2, 11, 2, 52),
    ),
    (
        "resource-attribute",
        server("image = scaleway_instance_image.custom.id"),
        "image",
        "is an attribute of resource scaleway_instance_image.custom, not evaluated yet",
        None,
    ),
    ("module-output", server("image = module.images.jammy"), "image", "module output", None),
    ("each", server("image = each.value"), "image", "each.value is not evaluated yet", None),
    ("count", server('type = "DEV1-${count.index}"'), "type", "count.index is not", None),
    (
        "bare-word",
        server("image = ubuntu_jammy"),
        "image",
        "ubuntu_jammy is not a valid reference (a string needs quotes)",
        (2, 11, 2, 23),
    ),
    (
        "function",
        server('image = lookup(var.images, "jammy", "x")'),
        "image",
        "function call lookup(...) is not evaluated yet",
        (2, 11, 2, 43),
    ),
    (
        "conditional",
        server('type = var.big ? "GP1-S" : "DEV1-S"'),
        "type",
        'conditional expression is not evaluated yet: var.big ? "GP1-S" : "DEV1-S"',
        (2, 10, 2, 38),
    ),
    (
        "long-source-truncated",
        server(f"type = {LONG}"),
        "type",
        "conditional expression is not evaluated yet: var.a_rather_long_condition_name ? "
        '"an_image_label" : "an...',
        None,
    ),
    (
        "heredoc",
        server("image = <<EOT", "ubuntu_jammy", "  EOT", 'type = "DEV1-S"'),
        "image",
        "heredoc is not evaluated yet: <<EOT ubuntu_jammy EOT",
        (2, 11, 4, 8),
    ),
    ("operator", server('type = "a" == "b"'), "type", "operator expression is not", None),
    ("splat", server("image = var.x[*].id"), "image", "splat expression is not", None),
    ("for", server("image = [for x in var.y : x]"), "image", "for expression is not", None),
    (
        "template-directive",
        server('image = "%{if var.a}x%{endif}"'),
        "image",
        'template directive is not evaluated yet: "%{if var.a}x%{endif}"',
        None,
    ),
    (
        "var-map-not-a-string",
        server("image = var.images") + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "var.images is a map, not a string",
        (2, 11, 2, 21),
    ),
    (
        "var-list-not-a-string",
        server('image = "${var.images}"') + variable("images", '["ubuntu_jammy"]'),
        "image",
        '"${var.images}" is a list, not a string',
        None,
    ),
    (
        "list-in-template",
        server('image = "os-${var.images}"') + variable("images", '["ubuntu_jammy"]'),
        "image",
        "var.images is a list, which a template cannot include",
        None,
    ),
    (
        "missing-key",
        server('image = var.images["noble"]') + variable("images", '{ jammy = "ubuntu_jammy" }'),
        "image",
        "var.images is a map without element 'noble'",
        None,
    ),
    (
        "var-default-function",
        server("image = var.image") + variable("image", 'upper("x")'),
        "image",
        "var.image default: function call upper(...) is not evaluated yet",
        None,
    ),
    (
        "var-default-reference",
        server("image = var.image") + variable("image", "var.other"),
        "image",
        "var.image default: var.other: a variable default cannot refer to other values",
        None,
    ),
    (
        "dynamic-root-volume",
        server('dynamic "root_volume" {', "  for_each = var.v", "  content {}", "}"),
        "volume_type",
        '`dynamic "root_volume"` block is not evaluated yet',
        (2, 3, 2, 24),
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "reason", "span"), [c[1:] for c in UNKNOWN], ids=[c[0] for c in UNKNOWN]
)
def test_unknown_values(
    text: str, name: str, reason: str, span: tuple[int, int, int, int] | None
) -> None:
    value = only(text).values[name]
    assert value.text is None and value.reason is not None
    assert reason in value.reason
    if span is not None:
        assert where(value.span) == span


@pytest.mark.parametrize("case", KNOWN + UNKNOWN, ids=[c[0] for c in KNOWN + UNKNOWN])
def test_cases_are_valid_terraform(case: tuple[object, ...]) -> None:
    assert terraform_accepts(str(case[1]))


@pytest.mark.parametrize(
    "text",
    [
        server(),
        server("image = null", "type = null", "root_volume {", "  size_in_gb = 20", "}"),
        server("image = var.image") + variable("image", "null"),
    ],
    ids=["unset", "null", "null-default"],
)
def test_unset_and_null_attributes_are_absent(text: str) -> None:
    # Terraform treats an attribute set to null as not set: the engine decides what
    # absent means, so the keys are left out.
    assert set(only(text).values) == {"zone"}


def test_instance_identity_and_header_span() -> None:
    text = "# servers\n\n" + server('image = "ubuntu_jammy"')
    instance = only(text)
    assert (instance.source, instance.address) == ("terraform", "scaleway_instance_server.web")
    assert instance.span == Span(path="main.tf", line=3, column=1, end_line=3, end_column=42)
    assert instance.path == "main.tf"


def test_one_instance_per_server_block_in_file_order() -> None:
    text = (
        server('image = "a"', "count = 3", name="first")
        + '\nresource "scaleway_instance_ip" "ip" {}\n'
        + '\ndata "scaleway_marketplace_image" "x" {\n  label = "ubuntu_jammy"\n}\n\n'
        + server('image = "b"', "for_each = toset([])", name="second")
    )
    assert terraform_accepts(text)
    built = only_all(text)
    assert [i.address for i in built] == [
        "scaleway_instance_server.first",
        "scaleway_instance_server.second",
    ]
    assert [i.values["image"].text for i in built] == ["a", "b"]


def only_all(text: str) -> list[Instance]:
    return build(("main.tf", text))


def test_servers_of_several_files_share_the_directory_variables(tmp_path: Path) -> None:
    (tmp_path / "servers.tf").write_text(server("image = var.image"), encoding="utf-8")
    (tmp_path / "variables.tf").write_text(variable("image", '"ubuntu_noble"'), encoding="utf-8")
    files = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.tf"))]
    (instance,) = build(*files)
    image = instance.values["image"]
    assert (image.text, image.origin, image.span) == (
        "ubuntu_noble",
        "var.image default",
        Span(path="servers.tf", line=2, column=11, end_line=2, end_column=20),
    )


# ---- zone: resource, provider block (possibly aliased, possibly in another file), default


def test_zone_from_the_resource() -> None:
    zone = only(server('zone = "nl-ams-1"')).values["zone"]
    assert (zone.text, zone.origin, where(zone.span)) == ("nl-ams-1", "resource", (2, 10, 2, 20))


def test_default_zone_is_passed_through_when_nothing_sets_one() -> None:
    env_zone = Value.of("pl-waw-2", None, origin="SCW_DEFAULT_ZONE")
    (instance,) = build(("main.tf", server('image = "x"')), default_zone=env_zone)
    assert instance.values["zone"] is env_zone


def test_provider_zone_from_another_file_of_the_directory() -> None:
    provider = '# the provider\nprovider "scaleway" {\n  zone = "fr-par-2"\n}\n'
    assert terraform_accepts(provider)
    (instance,) = build(("main.tf", server('image = "x"')), ("providers.tf", provider))
    zone = instance.values["zone"]
    assert (zone.text, zone.origin) == ("fr-par-2", "provider zone")
    assert zone.span == Span(path="providers.tf", line=3, column=10, end_line=3, end_column=20)
    # The finding falls back to the server's header: the zone is written in another file.
    assert instance.position_of("zone") == instance.span


def test_provider_zone_through_a_variable() -> None:
    text = (
        server('image = "x"')
        + '\nprovider "scaleway" {\n  zone = var.zone\n}\n'
        + variable("zone", '"nl-ams-2"')
    )
    zone = only(text).values["zone"]
    assert (zone.text, zone.origin, where(zone.span)) == (
        "nl-ams-2",
        "provider zone",
        (6, 10, 6, 18),
    )


def test_provider_zone_unknown_is_reported_at_the_provider() -> None:
    text = server('image = "x"') + '\nprovider "scaleway" {\n  zone = var.zone\n}\n'
    zone = only(text).values["zone"]
    assert zone.reason == "var.zone is not declared in this directory"
    assert (zone.origin, where(zone.span)) == ("provider zone", (6, 10, 6, 18))


def test_aliased_provider_is_selected_by_the_provider_meta_argument() -> None:
    providers = (
        'provider "scaleway" {\n  zone = "fr-par-1"\n}\n\n'
        'provider "scaleway" {\n  alias = "par2"\n  zone  = "fr-par-2"\n}\n'
    )
    servers = server("provider = scaleway.par2", name="b") + "\n" + server(name="a")
    assert terraform_accepts(providers) and terraform_accepts(servers)
    parsed = parse_terraform_file("providers.tf", providers)
    assert [p.alias for p in parsed.providers] == [None, "par2"]
    b, a = build(("main.tf", servers), ("providers.tf", providers))
    assert (b.values["zone"].text, where(b.values["zone"].span)) == ("fr-par-2", (7, 11, 7, 21))
    assert (a.values["zone"].text, where(a.values["zone"].span)) == ("fr-par-1", (2, 10, 2, 20))


def test_resource_zone_wins_over_the_provider_and_null_falls_back_to_it() -> None:
    provider = '\nprovider "scaleway" {\n  zone = "fr-par-3"\n}\n'
    own = only(server('zone = "nl-ams-1"') + provider).values["zone"]
    null = only(server("zone = null") + provider).values["zone"]
    assert (own.text, own.origin) == ("nl-ams-1", "resource")
    assert (null.text, null.origin) == ("fr-par-3", "provider zone")


@pytest.mark.parametrize(
    "text",
    [
        server("provider = scaleway") + '\nprovider "scaleway" {\n  region = "fr-par"\n}\n',
        server("provider = scaleway.par2") + '\nprovider "scaleway" {\n  alias = "par2"\n}\n',
        server() + '\nprovider "scaleway" {\n  zone = null\n}\n',
    ],
    ids=["explicit-default-provider", "aliased-provider-without-zone", "null-provider-zone"],
)
def test_provider_blocks_without_a_zone_give_the_default_zone(text: str) -> None:
    assert only(text).values["zone"] is DEFAULT_ZONE


@pytest.mark.parametrize(
    ("text", "reason", "span"),
    [
        (
            server("provider = scaleway.par2"),
            'provider scaleway.par2 is not configured in this directory (no provider "scaleway"'
            ' block has alias = "par2"',
            (2, 14, 2, 27),
        ),
        (
            server("provider = google.x"),
            "provider = google.x is not a scaleway provider reference",
            (2, 14, 2, 22),
        ),
        (
            server() + '\nprovider "scaleway" {}\n\nprovider "scaleway" {}\n',
            "provider scaleway is configured 2 times in this directory",
            (6, 1, 6, 20),
        ),
    ],
    ids=["missing-alias", "other-provider", "configured-twice"],
)
def test_unknown_provider_zones(text: str, reason: str, span: tuple[int, int, int, int]) -> None:
    zone = only(text).values["zone"]
    assert zone.reason is not None and reason in zone.reason
    assert (zone.origin, where(zone.span)) == ("provider zone", span)


# ---- the file record and odd but valid HCL


def test_terraform_file_shape() -> None:
    text = (
        server('image = "x"')
        + variable("image", '"ubuntu_jammy"')
        + variable("type")
        + '\nprovider "scaleway" {\n  alias = "ams"\n  zone  = "nl-ams-1"\n}\n'
        + '\nprovider "aws" {\n  region = "eu-west-1"\n}\n'
    )
    assert terraform_accepts(text)
    parsed = parse_terraform_file("main.tf", text)
    assert isinstance(parsed, TerraformFile) and parsed.path == "main.tf"
    (block,) = parsed.servers
    assert (block.name, block.address, where(block.header)) == (
        "web",
        "scaleway_instance_server.web",
        (1, 1, 1, 42),
    )
    assert set(block.body.attributes) == {"image"}
    assert [(v.name, v.default is not None) for v in parsed.variables] == [
        ("image", True),
        ("type", False),
    ]
    (provider,) = parsed.providers
    assert provider.alias == "ams" and provider.zone is not None
    assert where(provider.zone.expr.span) == (13, 11, 13, 21)


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# only\n// comments\n/* and\n a block */\n", "\ufeff# bom\n"],
    ids=["empty", "blank", "comments", "bom"],
)
def test_files_without_blocks_are_empty(text: str) -> None:
    assert parse_terraform_file("empty.tf", text) == TerraformFile(path="empty.tf")


def test_comments_of_all_kinds_and_one_line_blocks() -> None:
    text = (
        "/* servers\n   below */\n"
        'resource "scaleway_instance_server" "web" { image = "ubuntu_jammy" } # trailing\n'
        "// another\n"
        'resource "scaleway_instance_server" "db" {\n'
        '  type = /* inline */ "DEV1-S" // why\n'
        '  # image = "commented out"\n'
        "}\n"
    )
    assert terraform_accepts(text)
    web, db = only_all(text)
    assert (web.values["image"].text, where(web.values["image"].span)) == (
        "ubuntu_jammy",
        (3, 53, 3, 67),
    )
    assert where(web.span) == (3, 1, 3, 42)
    assert set(db.values) == {"type", "zone"}
    assert where(db.values["type"].span) == (6, 23, 6, 31)


def test_inline_block_comments_and_heredoc_bodies() -> None:
    # python-hcl2 rejects a /* */ comment inside an expression or between labels, where
    # Terraform reads it; a heredoc body is text, whatever it looks like.
    text = (
        'resource "scaleway_instance_server" /* the */ "web" {\n'
        '  image     = "${/* label */ var.image}"\n'
        "  user_data = <<-EOT\n"
        '    /* not a comment */ "not a string\n'
        "  EOT\n"
        '  type      = "DEV1-S" /* inline */\n'
        "}\n"
    ) + variable("image", '"ubuntu_jammy"')
    assert terraform_accepts(text)
    instance = only(text)
    assert where(instance.span) == (1, 1, 1, 52)
    assert (instance.values["image"].text, where(instance.values["image"].span)) == (
        "ubuntu_jammy",
        (2, 15, 2, 41),
    )
    assert where(instance.values["type"].span) == (6, 15, 6, 23)


def test_unknown_values_say_where_they_were_read_from() -> None:
    text = server("image = var.images", "type = var.type") + variable("images", "{}")
    instance = only(text + variable("type"))
    assert instance.values["image"].origin == "var.images default"
    assert instance.values["type"].origin == "resource"


def test_blocks_other_than_servers_variables_and_providers_are_not_read() -> None:
    from imagelint.parsers.hcl_tree import parse_hcl

    text = server('image = "x"') + '\nresource "scaleway_instance_ip" "ip" {\n  a = 1\n}\n'
    body = parse_hcl(
        "main.tf", text, read=lambda type_, labels: labels[0] != "scaleway_instance_ip"
    )
    server_block, ip = body.blocks
    assert server_block.read and set(server_block.body.attributes) == {"image"}
    assert (ip.read, ip.labels, where(ip.header), ip.body.attributes) == (
        False,
        ("scaleway_instance_ip", "ip"),
        (5, 1, 5, 37),
        {},
    )


def test_reading_terraform_does_not_import_hcl2_until_a_file_is_parsed() -> None:
    code = (
        "import sys, imagelint.parsers.terraform\n"
        "assert 'hcl2' not in sys.modules and 'lark' not in sys.modules, sorted(sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_crlf_bom_tabs_and_unicode_keep_character_columns() -> None:
    text = (
        "\ufeff# café ☕\r\n"
        'resource "scaleway_instance_server" "web" {\r\n'
        '\timage = "ubuntu_jammy" # déjà\r\n'
        '\ttype = "DEV1-S"\r\n'
        '  tags = ["ünï", "${var.x}"]\r\n'
        "}\r\n"
    )
    assert terraform_accepts(text.removeprefix("\ufeff"))
    instance = only(text)
    assert where(instance.span) == (2, 1, 2, 42)
    assert (instance.values["image"].text, where(instance.values["image"].span)) == (
        "ubuntu_jammy",
        (3, 10, 3, 24),
    )
    assert (instance.values["type"].text, where(instance.values["type"].span)) == (
        "DEV1-S",
        (4, 9, 4, 17),
    )


# ---- errors: the positions a user would look at, and short messages

# id, text, line, column, a key substring of the message, whether `terraform fmt` rejects it
# too (the others are errors Terraform reports when it loads the configuration)
ERRORS = [
    ("missing-closing-brace", server('image = "x"')[:-2], 1, 43, "unclosed '{'", True),
    (
        "unterminated-string",
        server('image = "ubuntu_jammy', 'type = "DEV1-S"'),
        2,
        11,
        "unterminated string",
        True,
    ),
    ("string-at-end-of-file", 'resource "a" "b" {\n  image = "x', 2, 11, "unterminated", True),
    ("unexpected-brace", server("image = }"), 2, 11, "unexpected '}'", True),
    ("stray-character", server("image = @"), 2, 11, "unexpected '@'", True),
    ("extra-brace", server() + "}\n", 3, 1, "unexpected '}'", True),
    ("unterminated-comment", server() + "/* never closed\n", 3, 1, "unterminated comment", True),
    (
        "unterminated-heredoc",
        server("image = <<EOT", "x", "}"),
        2,
        11,
        "unterminated heredoc",
        True,
    ),
    ("invalid-escape", server(r'image = "a\qb"'), 2, 13, "invalid escape sequence", True),
    (
        "attribute-set-twice",
        server('image = "a"', 'type = "DEV1-S"', 'image = "b"'),
        4,
        3,
        'attribute "image" is set twice (first at line 2)',
        True,
    ),
    (
        "two-attributes-on-a-line",
        HEADER + ' image = "x" type = "y" }\n',
        1,
        57,
        "missing newline after an attribute",
        True,
    ),
    ("unexpected-end", "image =", 1, 8, "unexpected end of file", True),
    ("lone-quote", '"', 1, 1, "unterminated string", True),
    (
        "server-without-name",
        'resource "scaleway_instance_server" {\n}\n',
        1,
        1,
        "a resource block takes 2 labels (type, name), not 1",
        False,
    ),
    ("top-level-attribute", '\nimage = "x"\n', 2, 1, 'unexpected attribute "image"', False),
    (
        "computed-alias",
        'provider "scaleway" {\n  alias = var.a\n}\n',
        2,
        11,
        "a provider alias must be a literal string",
        False,
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), [c[1:5] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_parse_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_terraform_file("bad.tf", text)
    error = caught.value
    assert (error.path, error.line, error.column) == ("bad.tf", line, column)
    assert message in error.message
    assert len(error.message) < 100 and "Expected one of" not in error.message
    lines = text.split("\n")
    assert 1 <= error.line <= len(lines) and 1 <= error.column <= len(lines[line - 1]) + 1


@pytest.mark.parametrize("text", [c[1] for c in ERRORS if c[5]], ids=[c[0] for c in ERRORS if c[5]])
def test_terraform_rejects_the_same_syntax_errors(text: str) -> None:
    assert not terraform_accepts(str(text))


def test_parse_error_in_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(server('image = "x"', "root_volume {")[:-2], encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        parse_terraform_file(str(path), path.read_text(encoding="utf-8"))
    assert (caught.value.line, caught.value.column) == (3, 15)
    assert str(caught.value).startswith(f"{path}:3:15: unclosed '{{'")
