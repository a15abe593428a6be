"""Whatever main.tf holds, reading its module gives located records or a located ParseError,
and never raises."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.model import Span
from tests.terraform.trees import read

SAMPLE = """\
# servers
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy" // trailing
  type  = var.type
  zone  = "${var.region}-1"
  tags  = ["a", "b\\"c", 1, true, null]
  provider = scaleway.par2
  root_volume { volume_type = "l_ssd" }
  user_data = {
    cloud-init = <<-EOT
      #cloud-config
      packages: [htop]
    EOT
  }
  /* multi
     line */
  count = length(var.names) > 0 ? 2 : 1
}

variable "type" {
  default = "DEV1-S"
}

variable "region" {
  default = "fr-par"
}

variable "names" {
  default = ["a"]
}

provider "scaleway" {
  alias = "par2"
  zone  = "fr-par-2"
}
"""

# Each example reads a module from disk: two hundred keep the file within seconds.
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line_widths(text: str) -> list[int]:
    """Character count of each line, as the parser numbers them (a final newline ends the
    last line, it does not start another)."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return [len(line) for line in lines]


def spans_in(record: object) -> Iterator[Span]:
    if isinstance(record, Span):
        yield record
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for field in dataclasses.fields(record):
            yield from spans_in(getattr(record, field.name))
    elif isinstance(record, dict):
        for item in record.values():
            yield from spans_in(item)
    elif isinstance(record, tuple | list):
        for item in record:
            yield from spans_in(item)


def assert_reads_or_fails_inside(text: str) -> None:
    widths = line_widths(text)
    with tempfile.TemporaryDirectory(prefix="imagelint-fuzz-") as tmp:
        root = Path(tmp)
        # Lone surrogates cannot be UTF-8: the reader must say so, located, like any error.
        (root / "main.tf").write_bytes(text.encode("utf-8", "surrogatepass"))
        workspace = read(root)
    for error in workspace.errors:
        assert error.path == "main.tf"
        assert 1 <= error.line <= len(widths)
        assert 1 <= error.column <= widths[error.line - 1] + 1
        assert error.message and "\n" not in error.message
    for span in spans_in(workspace.instances):
        assert span.path == "main.tf"
        assert 1 <= span.line <= span.end_line <= len(widths)
        assert 1 <= span.column <= widths[span.line - 1] + 1
        assert 1 <= span.end_column <= widths[span.end_line - 1] + 1


@st.composite
def mutations(draw: st.DrawFn) -> str:
    """SAMPLE with a few characters deleted, inserted or replaced."""
    text = SAMPLE
    alphabet = st.sampled_from('{}[]()"$%=#/*\\\n\r\t <>-.:,?ab1é\ufeff') | st.characters()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        edit = draw(st.sampled_from(["delete", "insert", "replace"]))
        char = draw(alphabet)
        if edit == "delete":
            text = text[:at] + text[at + 1 :]
        elif edit == "insert":
            text = text[:at] + char + text[at:]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


def test_the_sample_itself_reads() -> None:
    with tempfile.TemporaryDirectory(prefix="imagelint-fuzz-") as tmp:
        (Path(tmp) / "main.tf").write_text(SAMPLE, encoding="utf-8")
        workspace = read(Path(tmp))
    assert workspace.errors == ()
    expected = {
        "image": "ubuntu_jammy",
        "type": "DEV1-S",
        "zone": "fr-par-1",
        "volume_type": "l_ssd",
    }
    assert {i.address: {n: v.text for n, v in i.values.items()} for i in workspace.instances} == {
        "scaleway_instance_server.web[0]": expected,
        "scaleway_instance_server.web[1]": expected,
    }
    assert_reads_or_fails_inside(SAMPLE)


@FUZZ
@given(st.text())
def test_random_text(text: str) -> None:
    assert_reads_or_fails_inside(text)


@FUZZ
@given(mutations())
def test_mutated_sample(text: str) -> None:
    assert_reads_or_fails_inside(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from('resource"{}=\n #/*ab$%[](),.<EOT>\\-'), max_size=80))
def test_hcl_flavoured_text(text: str) -> None:
    assert_reads_or_fails_inside(text)
