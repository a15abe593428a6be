"""Text from a scanned repository or an API answer cannot forge output lines, colour or retitle
the terminal, or reorder what a reader sees: escaped in the text format and on stderr, exact
in JSON. Unit cases, Hypothesis properties over whole reports, and the real CLI."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.findings import CatalogInfo, Finding, Related, Report, Severity, Summary
from imagelint.reporters.escape import escape_controls, for_terminal, map_text
from imagelint.reporters.json import render as render_json
from imagelint.reporters.json import to_dict
from imagelint.reporters.text import render as render_text
from tests.fakes.marketplace import FakeMarketplace
from tests.test_cli import imagelint, write

# 2,000 by default (what CI runs); IMAGELINT_FUZZ_EXAMPLES asks for more in a longer local run.
FUZZ = settings(
    max_examples=int(os.environ.get("IMAGELINT_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FORGED = "1 file, 1 instance: 1 checked"
HOSTILE = f"x\x1b[31mred\x1b]0;pwned\x07\r\n{FORGED}\u202e"
SUMMARY = re.compile(r"^\d+ files?\b")

# The oracle names the dangerous characters by their Unicode properties, independently of the
# regular expression the helper uses.
BIDI_CONTROLS = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}
INVISIBLE_MARKS = {"\u200e", "\u200f", "\u061c"}  # LRM, RLM, ALM (Trojan Source)


def unsafe(char: str) -> bool:
    return (
        unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"}
        or unicodedata.bidirectional(char) in BIDI_CONTROLS
        or char in INVISIBLE_MARKS
    )


# Every dangerous code point, so generated text hits them often, plus the characters that
# make escapes and summary lines.
DANGEROUS = [chr(c) for c in range(0x10000) if unsafe(chr(c))]
TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from(DANGEROUS), st.sampled_from("\\ nx1:,%")),
    max_size=24,
)

CASES = [  # id, text, shown
    ("plain label", "ubuntu_jammy", "ubuntu_jammy"),
    ("newline", "a\nb", "a\\nb"),
    ("carriage return", "a\rb", "a\\rb"),
    ("tab", "a\tb", "a\\tb"),
    ("escape sequence", "\x1b[31mred", "\\x1b[31mred"),
    ("nul and bell", "\x00\x07", "\\x00\\x07"),
    ("delete", "\x7f", "\\x7f"),
    ("C1 CSI", "\x9b2J", "\\x9b2J"),
    ("C1 next line", "a\x85b", "a\\x85b"),
    ("line separator", "a\u2028b", "a\\u2028b"),
    ("paragraph separator", "a\u2029b", "a\\u2029b"),
    ("right-to-left override", "\u202eexe.tf", "\\u202eexe.tf"),
    ("embedding and pop", "\u202a\u202c", "\\u202a\\u202c"),
    ("isolates", "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    ("marks", "\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),
    ("undecodable file name byte", "bad\udcff.tf", "bad\\udcff.tf"),
    ("backslashes kept", "C:\\n", "C:\\n"),
    ("letters of every script kept", "é日本ü", "é日本ü"),
    ("no-break and zero-width space kept", "a\xa0b\u200bc", "a\xa0b\u200bc"),
]


@pytest.mark.parametrize(("text", "shown"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_escape_controls(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


@FUZZ
@given(TEXT)
def test_escaped_text_is_one_safe_line(text: str) -> None:
    shown = escape_controls(text)
    assert not any(unsafe(c) for c in shown)
    assert len(shown.splitlines()) <= 1
    shown.encode("utf-8")  # strict: a lone surrogate would fail here
    if not any(unsafe(c) for c in text):
        assert shown == text


REPORTS = st.builds(
    Report,
    catalog=st.builds(
        CatalogInfo,
        source=st.sampled_from(["api", "snapshot"]),
        as_of=TEXT,
        api_url=st.none() | TEXT,
        detail=TEXT,
    ),
    summary=st.builds(
        Summary,
        files=st.integers(0, 99),
        instances=st.integers(0, 99),
        checked=st.integers(0, 99),
        unresolved=st.integers(0, 99),
        unresolved_by_kind=st.lists(st.tuples(TEXT, st.integers(1, 9)), max_size=3).map(tuple),
    ),
    findings=st.lists(
        st.builds(
            Finding,
            rule=TEXT,
            severity=st.sampled_from(Severity),
            message=TEXT,
            hint=st.none() | TEXT,
            path=TEXT,
            resource=st.none() | TEXT,
            related=st.lists(st.builds(Related, path=TEXT, message=TEXT), max_size=2).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    warnings=st.lists(TEXT, max_size=3).map(tuple),
)


@FUZZ
@given(REPORTS)
def test_reports_keep_their_shape_whatever_the_texts(report: Report) -> None:
    lines = render_text(report).split("\n")
    assert lines.pop() == ""  # one final newline, nothing after it
    assert not any(unsafe(c) for line in lines for c in line)
    expected = sum(1 + bool(f.hint) + len(f.related) for f in report.findings)
    expected += bool(report.findings) + 3 + len(report.warnings)
    assert len(lines) == expected
    # Run warnings come before the summary, so that a reader of the last lines sees them.
    summary, counts, catalog = lines[-3:]
    assert summary.startswith(f"{report.summary.files} file")
    assert counts.startswith("findings: ") and catalog.startswith("catalog: ")
    document = render_json(report)
    assert document.isascii()  # no raw ESC, C1, bidi control or separator can reach a terminal
    assert json.loads(document) == to_dict(report)  # and the text is exact


def test_json_keeps_the_exact_text() -> None:
    report = Report(
        catalog=CatalogInfo(source="snapshot", as_of="2026-08-21", api_url=None),
        summary=Summary(files=1, instances=1, checked=1, unresolved=0),
        findings=(
            Finding(
                rule="image-unknown",
                severity=Severity.ERROR,
                message=HOSTILE,
                hint=None,
                path=f"bad\udcff{HOSTILE}.tf",
                line=1,
                column=1,
                end_line=1,
                end_column=2,
                resource=None,
            ),
        ),
    )
    (finding,) = json.loads(render_json(report))["findings"]
    assert (finding["message"], finding["path"]) == (HOSTILE, f"bad\udcff{HOSTILE}.tf")


def test_every_field_of_a_report_is_escaped() -> None:
    report = Report(
        catalog=CatalogInfo(source="api", as_of=HOSTILE, api_url=HOSTILE, detail=HOSTILE),
        summary=Summary(
            files=1, instances=1, checked=0, unresolved=1, unresolved_by_kind=((HOSTILE, 1),)
        ),
        findings=(
            Finding(
                rule=HOSTILE,
                severity=Severity.NOTICE,
                message=HOSTILE,
                hint=HOSTILE,
                path=HOSTILE,
                line=1,
                column=1,
                end_line=1,
                end_column=2,
                resource=HOSTILE,
                fingerprint=HOSTILE,
                related=(
                    Related(
                        path=HOSTILE, line=1, column=1, end_line=1, end_column=2, message=HOSTILE
                    ),
                ),
            ),
        ),
        warnings=(HOSTILE,),
    )
    raw, shown = _strings(astuple(report)), _strings(astuple(for_terminal(report)))
    assert raw.count(HOSTILE) == len(raw) - 1 == 13  # all but the catalog source
    assert shown == [escape_controls(s) for s in raw]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _strings(v)]
    return []


@dataclass(frozen=True)
class WithList:
    items: list[str]


@pytest.mark.parametrize("value", [WithList(["a"]), {"a": "b"}, b"bytes"], ids=repr)
def test_a_field_of_an_unknown_type_is_an_error_not_a_bypass(value: object) -> None:
    with pytest.raises(TypeError):
        map_text(value, escape_controls)


# -- the real CLI ------------------------------------------------------------------------------

SERVER = """\
resource "scaleway_instance_server" "{name}" {{
  image = "{image}"
  type  = "{type}"
  zone  = "{zone}"
}}
"""
CLEAN = SERVER.format(name="clean", image="ubuntu_jammy", type="DEV1-S", zone="fr-par-1")
# HCL escapes: the parsed values hold a real ESC, BEL, CR, LF and RLO.
HCL_HOSTILE = "x\\u001b[31mred\\u001b]0;pwned\\u0007\\r\\n" + FORGED + "\\u202e"


def hostile_tree(root: Path, *, hostile: bool) -> Path:
    """A clean server plus one whose label, type and zone carry the text (or plain typos)."""
    text = HCL_HOSTILE if hostile else "x-red-plain"
    return write(
        root,
        {
            "clean.tf": CLEAN,
            "hostile.tf": SERVER.format(name="a", image=text, type="DEV1-S", zone="fr-par-1")
            + SERVER.format(name="b", image="ubuntu_jammy", type=text, zone="fr-par-1")
            + SERVER.format(name="c", image="ubuntu_jammy", type="DEV1-S", zone=text),
        },
    )


def projection(doc: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["resource"], f["line"], f["column"]) for f in doc["findings"]]


def assert_safe(text: str) -> None:
    assert "Traceback" not in text
    assert not any(unsafe(c) for line in text.splitlines() for c in line)
    assert "\x1b" not in text and "\r" not in text


def test_labels_types_and_zones_cannot_forge_lines(tmp_path: Path) -> None:
    plain = hostile_tree(tmp_path / "plain", hostile=False)
    hostile = hostile_tree(tmp_path / "hostile", hostile=True)
    text = imagelint("check", ".", "--catalog", "offline", cwd=hostile)
    assert_safe(text.stdout + text.stderr)
    assert "x\\x1b[31mred\\x1b]0;pwned\\x07\\r\\n" + FORGED + "\\u202e" in text.stdout
    (summary,) = [line for line in text.stdout.splitlines() if SUMMARY.match(line)]
    assert summary.startswith("2 files, 4 instances: ")  # every other file still checked
    hostile_json = imagelint("check", ".", "--catalog", "offline", "--format", "json", cwd=hostile)
    plain_json = imagelint("check", ".", "--catalog", "offline", "--format", "json", cwd=plain)
    assert hostile_json.stdout.isascii() and "Traceback" not in hostile_json.stderr
    doc, reference = json.loads(hostile_json.stdout), json.loads(plain_json.stdout)
    assert any(HOSTILE in (f["message"] + (f["hint"] or "")) for f in doc["findings"])
    # Escaping changes what is shown, never the verdict: as with a plain typo in each field.
    assert projection(doc) == projection(reference) and len(doc["findings"]) >= 3
    assert doc["summary"] == reference["summary"]
    assert (text.returncode, hostile_json.returncode) == (plain_json.returncode,) * 2


@pytest.mark.parametrize(
    "name",
    [
        f"evil\x1b[31m\n{FORGED}\n.tf",
        f"dir\x1b]0;pwned\x07\n{FORGED}/main.tf",
        "\u202efig.tf",
        "bad\udcff\udc9b.tf",  # bytes that are not UTF-8: \x9b is a one-byte CSI
    ],
    ids=["newline-and-escape", "directory", "right-to-left-override", "undecodable-bytes"],
)
def test_file_names_cannot_forge_lines(tmp_path: Path, name: str) -> None:
    write(tmp_path, {"clean.tf": CLEAN})
    bad = SERVER.format(name="web", image="ubuntu_jammy", type="NOPE-1", zone="fr-par-1")
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bad, encoding="utf-8")
    # strict: a lone surrogate written to stdout or stderr would be a crash, not a report
    env = {"PYTHONIOENCODING": "utf-8:strict"}
    text = imagelint("check", ".", "--catalog", "offline", cwd=tmp_path, env=env)
    assert_safe(text.stdout + text.stderr)
    assert text.returncode == 1, text.stderr
    (summary,) = [line for line in text.stdout.splitlines() if SUMMARY.match(line)]
    assert summary.startswith("2 files, 2 instances: 2 checked")
    finding = next(line for line in text.stdout.splitlines() if "[commercial-type-unknown]" in line)
    assert finding.startswith(escape_controls(name) + ":3:11: error")
    result = imagelint(
        "check", ".", "--catalog", "offline", "--format", "json", cwd=tmp_path, env=env
    )
    assert result.stdout.isascii() and "Traceback" not in result.stderr
    (shown,) = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert shown == name


API_MESSAGE = f"bad\x1b[2J\x1b[31m\n{FORGED}\u2028findings: 0 errors\x9b"


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("api", 400, 3), ("api", 500, 3), ("auto", 500, 0)],
    ids=["api-400", "api-500", "auto-fallback"],
)
@pytest.mark.parametrize("output", ["text", "json"])
def test_api_error_messages_cannot_forge_lines(
    tmp_path: Path, marketplace: FakeMarketplace, mode: str, status: int, code: int, output: str
) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    body = json.dumps({"type": "invalid_arguments", "message": API_MESSAGE})
    marketplace.fail_next(status=status, body=body, times=100)
    result = imagelint(
        *("check", ".", "--catalog", mode, "--api-url", marketplace.url),
        *("--retries", "0", "--format", output),
        cwd=tmp_path,
    )
    assert_safe(result.stdout + result.stderr)
    assert result.returncode == code, result.stderr
    assert all(line.startswith("imagelint: ") for line in result.stderr.splitlines())
    shown = result.stdout if output == "text" else result.stderr
    assert escape_controls(API_MESSAGE) in shown  # the message is kept, only made visible
    if output == "text":
        lines = result.stdout.splitlines()
        assert len([line for line in lines if SUMMARY.match(line)]) == 1
        assert len([line for line in lines if line.startswith("findings: ")]) == 1
    else:
        doc = json.loads(result.stdout)
        assert result.stdout.isascii() and doc["summary"]["instances"] == 1
