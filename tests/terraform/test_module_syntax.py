"""A module read from disk: which blocks give instances, odd but valid HCL, and files that
do not parse, located where a user would look."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from imagelint.model import Span
from imagelint.terraform.load import parse_config
from tests.terraform.module_text import (
    HEADER,
    instances,
    only,
    server,
    variable,
    where,
)
from tests.terraform.trees import read, write
from tests.terraform_oracle import fmt_rejects


@pytest.mark.parametrize(
    "text",
    [
        server(),
        server("image = null", "type = null", "root_volume {", "  size_in_gb = 20", "}"),
        server("image = var.image") + variable("image", "null"),
    ],
    ids=["unset", "null", "null-default"],
)
def test_unset_and_null_attributes_are_absent(tmp_path: Path, text: str) -> None:
    # Terraform treats an attribute set to null as not set: the engine decides what
    # absent means, so the keys are left out.
    assert set(only(tmp_path, text).values) == {"zone"}


def test_instance_identity_and_header_span(tmp_path: Path) -> None:
    instance = only(tmp_path, "# servers\n\n" + server('image = "ubuntu_jammy"'))
    assert (instance.source, instance.address, instance.kind) == (
        "terraform",
        "scaleway_instance_server.web",
        "server",
    )
    assert instance.span == Span(path="main.tf", line=3, column=1, end_line=3, end_column=42)
    assert instance.path == "main.tf"


ORDERED = (
    server('image = "a"', "count = 2", name="first")
    + '\nresource "scaleway_instance_ip" "ip" {}\n'
    + '\ndata "scaleway_marketplace_image" "x" {\n  label = "ubuntu_jammy"\n}\n\n'
    + server('image = "b"', name="second")
    + '\nresource "scaleway_instance_server" "none" {\n  for_each = toset([])\n}\n'
)


def test_servers_and_image_lookups_in_file_order_each_instance_once(tmp_path: Path) -> None:
    assert [(i.address, i.values["image"].text) for i in instances(tmp_path, ORDERED)] == [
        ("scaleway_instance_server.first[0]", "a"),
        ("scaleway_instance_server.first[1]", "a"),
        ("scaleway_instance_server.second", "b"),
        ("data.scaleway_marketplace_image.x", "ubuntu_jammy"),
    ]


def test_servers_of_several_files_share_the_module_variables(tmp_path: Path) -> None:
    files = {"servers.tf": server("image = var.image"), "variables.tf": variable("image", '"x"')}
    image = only(tmp_path, files).values["image"]
    assert (image.text, where(image.span)) == ("x", ("variables.tf", 3, 13, 3, 16))
    (hop,) = image.chain
    assert (hop.message, where(hop.span)) == ("var.image", ("servers.tf", 2, 11, 2, 20))


BLOCKS = (
    server("image = var.image", "provider = scaleway.ams", "type = var.type")
    + variable("image", '"ubuntu_jammy"')
    + variable("type")
    + '\nprovider "scaleway" {\n  alias = "ams"\n  zone  = "nl-ams-1"\n}\n'
    + '\nprovider "aws" {\n  region = "eu-west-1"\n}\n'
)


def test_what_the_blocks_of_a_module_give_a_server(tmp_path: Path) -> None:
    instance = only(tmp_path, BLOCKS)
    assert (instance.address, where(instance.span)) == (
        "scaleway_instance_server.web",
        ("main.tf", 1, 1, 1, 42),
    )
    values = instance.values
    assert (values["image"].text, where(values["image"].span)) == (
        "ubuntu_jammy",
        ("main.tf", 8, 13, 8, 27),
    )
    assert (values["type"].kind, where(values["type"].span)) == (
        "no-value",
        ("main.tf", 11, 1, 11, 16),
    )
    assert (values["zone"].text, where(values["zone"].span)) == (
        "nl-ams-1",
        ("main.tf", 15, 11, 15, 21),
    )


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# only\n// comments\n/* and\n a block */\n", "\ufeff# bom\n"],
    ids=["empty", "blank", "comments", "bom"],
)
def test_files_without_blocks_give_nothing(tmp_path: Path, text: str) -> None:
    workspace = read(write(tmp_path, {"empty.tf": text}))
    assert (workspace.files, workspace.instances, workspace.errors) == (1, (), ())


COMMENTS = (
    "/* servers\n   below */\n"
    'resource "scaleway_instance_server" "web" { image = "ubuntu_jammy" } # trailing\n'
    "// another\n"
    'resource "scaleway_instance_server" "db" {\n'
    '  type = /* inline */ "DEV1-S" // why\n'
    '  # image = "commented out"\n'
    "}\n"
)


def test_comments_of_all_kinds_and_one_line_blocks(tmp_path: Path) -> None:
    web, db = instances(tmp_path, COMMENTS)
    assert (web.values["image"].text, where(web.values["image"].span)) == (
        "ubuntu_jammy",
        ("main.tf", 3, 53, 3, 67),
    )
    assert where(web.span) == ("main.tf", 3, 1, 3, 42)
    assert set(db.values) == {"type", "zone"}
    assert where(db.values["type"].span) == ("main.tf", 6, 23, 6, 31)


INLINE_COMMENTS = (
    'resource "scaleway_instance_server" /* the */ "web" {\n'
    '  image     = "${/* label */ var.image}"\n'
    "  user_data = <<-EOT\n"
    '    /* not a comment */ "not a string\n'
    "  EOT\n"
    '  type      = "DEV1-S" /* inline */\n'
    "}\n"
) + variable("image", '"ubuntu_jammy"')


def test_inline_block_comments_and_heredoc_bodies(tmp_path: Path) -> None:
    # A /* */ comment inside an expression or between labels is read as Terraform reads
    # it; a heredoc body is text, whatever it looks like.
    instance = only(tmp_path, INLINE_COMMENTS)
    assert where(instance.span) == ("main.tf", 1, 1, 1, 52)
    image = instance.values["image"]
    assert (image.text, where(image.span)) == ("ubuntu_jammy", ("main.tf", 10, 13, 10, 27))
    assert [where(hop.span) for hop in image.chain] == [("main.tf", 2, 30, 2, 39)]
    assert where(instance.values["type"].span) == ("main.tf", 6, 15, 6, 23)


CRLF = (
    "\ufeff# café ☕\r\n"
    'resource "scaleway_instance_server" "web" {\r\n'
    '\timage = "ubuntu_jammy" # déjà\r\n'
    '\ttype = "DEV1-S"\r\n'
    '  tags = ["ünï", "${var.x}"]\r\n'
    "}\r\n"
)


def test_crlf_bom_tabs_and_unicode_keep_character_columns(tmp_path: Path) -> None:
    instance = only(tmp_path, CRLF)
    assert where(instance.span) == ("main.tf", 2, 1, 2, 42)
    assert (instance.values["image"].text, where(instance.values["image"].span)) == (
        "ubuntu_jammy",
        ("main.tf", 3, 10, 3, 24),
    )
    assert (instance.values["type"].text, where(instance.values["type"].span)) == (
        "DEV1-S",
        ("main.tf", 4, 9, 4, 17),
    )


def test_blocks_imagelint_does_not_check_are_not_read() -> None:
    # Converting every resource body would cost more than parsing a large configuration.
    text = server('image = "x"') + '\nresource "scaleway_instance_ip" "ip" {\n  a = 1\n}\n'
    server_block, ip = parse_config("main.tf", text).blocks
    assert server_block.read and set(server_block.body.attributes) == {"image"}
    assert (ip.read, ip.labels, where(ip.header), ip.body.attributes) == (
        False,
        ("scaleway_instance_ip", "ip"),
        ("main.tf", 5, 1, 5, 37),
        {},
    )


def test_hcl2_is_imported_only_when_a_file_is_parsed(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from imagelint.terraform.load import read_terraform\n"
        f"read_terraform(['.'], cwd=Path({str(tmp_path)!r}), env={{}}, home=Path('/nonexistent'))\n"
        "assert 'hcl2' not in sys.modules and 'lark' not in sys.modules, sorted(sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---- errors: the positions a user would look at, and short messages

# id, text, line, column, a key fragment of the message, whether `terraform fmt` rejects it
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
        "duplicate-server",
        server() + "\n" + server(),
        4,
        1,
        'duplicate resource "scaleway_instance_server" "web" (first declared at bad.tf:1)',
        False,
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), [c[1:5] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_parse_errors(tmp_path: Path, text: str, line: int, column: int, message: str) -> None:
    (error,) = read(write(tmp_path, {"bad.tf": text})).errors
    assert (error.path, error.line, error.column) == ("bad.tf", line, column)
    assert message in error.message
    assert len(error.message) < 100 and "Expected one of" not in error.message
    lines = text.split("\n")
    assert 1 <= error.line <= len(lines) and 1 <= error.column <= len(lines[line - 1]) + 1


def test_the_valid_texts_are_valid_terraform() -> None:
    texts = {
        "ordered": ORDERED,
        "blocks": BLOCKS,
        "comments": COMMENTS,
        "inline-comments": INLINE_COMMENTS,
        "crlf": CRLF.removeprefix("\ufeff"),
    }
    assert fmt_rejects(texts) == set()


def test_terraform_rejects_the_same_syntax_errors() -> None:
    rejected = {c[0]: c[1] for c in ERRORS if c[5]}
    assert fmt_rejects(rejected) == set(rejected)


def test_a_computed_provider_alias_is_an_error(tmp_path: Path) -> None:
    text = 'provider "scaleway" {\n  alias = var.a\n}\n' + variable("a", '"par2"')
    workspace = read(write(tmp_path, {"bad.tf": text, "main.tf": server('image = "x"')}))
    assert [(e.path, e.line, e.column) for e in workspace.errors] == [("bad.tf", 2, 11)]
    assert "a provider alias must be a literal string" in workspace.errors[0].message


def test_parse_error_in_a_given_file(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": server('image = "x"', "root_volume {")[:-2]})
    (error,) = read(tmp_path, "main.tf").errors
    assert str(error).startswith("main.tf:3:15: unclosed '{'")


def test_a_file_that_does_not_parse_costs_its_module_the_zone(tmp_path: Path) -> None:
    files = {"main.tf": server('image = "ubuntu_jammy"'), "providers.tf": "provider {\n"}
    workspace = read(write(tmp_path, files))
    assert [(e.path, e.line) for e in workspace.errors] == [("providers.tf", 1)]
    (instance,) = workspace.instances
    assert instance.values["image"].text == "ubuntu_jammy"
    zone = instance.values["zone"]
    assert zone.kind == "parse-error" and zone.reason is not None
    assert zone.reason.startswith("providers.tf did not parse")
