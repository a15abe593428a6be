"""The CI formats (SARIF, JUnit, GitHub workflow commands, GitLab Code Quality, checkstyle) on
reports built here: SARIF validated against the official 2.1.0 schema, XML read back with
ElementTree, GitLab's documented fields checked one by one."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint.findings import (
    BUILTIN_RULES,
    CatalogInfo,
    Finding,
    Related,
    Report,
    RuleInfo,
    Severity,
    Summary,
)
from imagelint.reporters import REPORTERS, Style
from imagelint.reporters.escape import escape_controls
from imagelint.reporters.sarif import to_sarif
from tests.hostile.test_output import TEXT
from tests.test_reporters import CHAIN, EMPTY, REPORT

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
# What a repository or an API answer could put in a label, a path or a message: line breaks,
# a terminal escape, XML markup, workflow command syntax, a SARIF link, a bidi override.
HOSTILE = 'x\r\n::error::forged%0A,a:b <t a="1">&amp;</t> \x1b[31m[y](1) \\ \u202e\x00\ufffe'
RULES = (
    RuleInfo(
        id="image-unknown",
        severity=Severity.ERROR,
        summary="The image label does not exist in the Scaleway Marketplace.",
        doc="The image label does not exist in the Scaleway Marketplace.\n\nWhy: the provider\n"
        'looks the label up at apply.\n\nOptions: none.\n\nPASS:  image = "ubuntu_jammy"',
    ),
    RuleInfo(id="value-unresolved", severity=Severity.NOTICE, summary="Not checked.", doc=""),
    *BUILTIN_RULES,
)
FULL = replace(
    REPORT,
    rules=RULES,
    findings=tuple(replace(f, fingerprint=f"fp{i}") for i, f in enumerate(REPORT.findings)),
)


def hostile_finding(**changes: Any) -> Finding:
    base = Finding(
        rule="image-unknown",
        severity=Severity.WARNING,
        message=HOSTILE,
        hint=HOSTILE,
        path="dir, x/ma:in #1.tf",
        line=3,
        column=2,
        end_line=3,
        end_column=9,
        resource=HOSTILE,
        related=(replace(CHAIN[0], message=HOSTILE, path=f"m/{HOSTILE}.tf"),),
        fingerprint="f" * 64,
    )
    return replace(base, **changes)


HOSTILE_REPORT = Report(
    catalog=CatalogInfo(source="api", as_of=HOSTILE, api_url=HOSTILE, detail=HOSTILE),
    summary=Summary(files=1, instances=1, checked=1, unresolved=0),
    findings=(hostile_finding(), hostile_finding(path=f"bad\udcff{HOSTILE}.tf")),
    warnings=(HOSTILE,),
    rules=(replace(RULES[0], summary=HOSTILE, doc=HOSTILE),),
)
REPORTS = {"full": FULL, "plain": REPORT, "empty": EMPTY, "hostile": HOSTILE_REPORT}


# -- every format ------------------------------------------------------------------------------


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {
        *("text", "compact", "json", "sarif", "junit", "github", "gitlab", "checkstyle"),
    }


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_every_report_as_safe_text(fmt: str, name: str) -> None:
    report = REPORTS[name]
    out = REPORTERS[fmt](report, Style())
    assert out.endswith("\n") or (out == "" and fmt == "compact" and not report.findings)
    assert out == REPORTERS[fmt](report)  # type: ignore[call-arg]  # the Style is optional
    # No raw control (ESC, NUL, CR), bidi override or undecodable byte reaches a file or log.
    assert escape_controls(out.replace("\n", "")) == out.replace("\n", "")
    out.encode("utf-8")  # strict


# -- SARIF -------------------------------------------------------------------------------------


@functools.cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif(report: Report, *, home: str | None = None) -> dict[str, Any]:
    """The document as written (through json), validated against the official schema."""
    if home is None:
        doc = json.loads(REPORTERS["sarif"](report, Style()))
    else:
        doc = json.loads(json.dumps(to_sarif(report, home=home)))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(doc)]
    assert errors == []
    return doc


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("home", [None, "https://example.test/imagelint"])
def test_sarif_documents_are_valid(name: str, home: str | None) -> None:
    doc = sarif(REPORTS[name], home=home)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_the_schema_rejects_what_it_should() -> None:
    # The validation above could pass vacuously: a broken document must fail it.
    doc = sarif(FULL)
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del doc["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator().iter_errors(doc))) == 2


def test_sarif_rules_come_from_the_report() -> None:
    run = sarif(FULL, home="https://example.test/imagelint")["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == (
        "imagelint",
        "https://example.test/imagelint",
    )
    assert driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == [r.id for r in RULES]
    unknown = rules["image-unknown"]
    assert unknown["shortDescription"] == {"text": RULES[0].summary}
    assert unknown["fullDescription"] == {"text": "Why: the provider looks the label up at apply."}
    assert unknown["help"] == {
        "text": RULES[0].doc,
        # prose unwrapped, examples as code
        "markdown": "The image label does not exist in the Scaleway Marketplace.\n\n"
        "Why: the provider looks the label up at apply.\n\nOptions: none.\n\n"
        '```\nPASS:  image = "ubuntu_jammy"\n```',
    }
    assert unknown["helpUri"] == "https://example.test/imagelint#rules"
    assert rules["value-unresolved"]["defaultConfiguration"] == {"level": "note"}
    assert rules["value-unresolved"]["fullDescription"] == {"text": "Not checked."}
    for result in run["results"]:  # ruleIndex points at the rule the result names
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_help_fences_cannot_be_closed_by_an_example() -> None:
    doc = "S.\n\nPASS:  a = ```\nFAIL:  b = ````x"
    rule = RuleInfo(id="r", severity=Severity.ERROR, summary="S.", doc=doc)
    (descriptor,) = sarif(replace(EMPTY, rules=(rule,)))["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["help"]["markdown"] == "S.\n\n`````\nPASS:  a = ```\nFAIL:  b = ````x\n`````"


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("see [x](1)", "see [x\\](1)"),
        ("[a\\](1)", "[a\\](1)"),  # already escaped: left as it is
        ("[a\\\\](1)", "[a\\\\\\](1)"),  # an escaped backslash, then a link end: escaped
        ("a [b] (c)", "a [b] (c)"),
    ],
    ids=["link", "escaped", "escaped-backslash", "no-link"],
)
def test_sarif_messages_cannot_embed_links(message: str, text: str) -> None:
    finding = replace(REPORT.findings[1], message=message)
    (result,) = sarif(replace(REPORT, findings=(finding,)))["runs"][0]["results"]
    assert result["message"]["text"] == text


def test_sarif_names_rules_missing_from_the_report() -> None:
    driver = sarif(REPORT)["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [
        "image-unknown",
        "parse-error",
        "value-unresolved",
    ]
    assert "informationUri" not in driver or driver["informationUri"].startswith("http")


def test_sarif_results() -> None:
    first, broken, notice = sarif(FULL)["runs"][0]["results"]
    assert (first["ruleId"], first["level"], notice["level"]) == ("image-unknown", "error", "note")
    assert first["message"]["text"] == (
        "m\nHint: h\nThe value comes through: [var.image](1), [terraform.tfvars entry](2)"
    )
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "main.tf", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 25},
            }
        }
    ]
    related = first["relatedLocations"]
    assert [(r["id"], r["message"]["text"]) for r in related] == [
        (1, "var.image"),
        (2, "terraform.tfvars entry"),
    ]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "modules/app/main.tf"
    assert related[1]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 9,
        "endLine": 1,
        "endColumn": 23,
    }
    assert first["partialFingerprints"] == {"imagelint/v1": "fp0"}
    assert first["properties"] == {"hint": "h", "resource": "scaleway_instance_server.web"}
    assert "relatedLocations" not in broken and "properties" not in broken
    assert broken["message"]["text"] == "m"


def test_sarif_without_fingerprints_leaves_them_to_the_uploader() -> None:
    (result, *_) = sarif(REPORT)["runs"][0]["results"]
    assert "partialFingerprints" not in result


def test_sarif_run_warnings_and_summary() -> None:
    run = sarif(FULL)["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["toolExecutionNotifications"] == [
        {"level": "warning", "message": {"text": "something to know"}}
    ]
    assert run["properties"]["summary"]["unresolved"] == 2
    assert run["columnKind"] == "unicodeCodePoints"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("main.tf", "main.tf"),
        ("modules/app/main.tf", "modules/app/main.tf"),
        ("a b/c#d?.tf", "a%20b/c%23d%3F.tf"),
        ("c:drive.tf", "c%3Adrive.tf"),  # not a scheme
        ("é.tf", "%C3%A9.tf"),
        ("bad\udcff.tf", "bad%FF.tf"),  # an undecodable byte is that byte again
        ("x\ny%.tf", "x%0Ay%25.tf"),
    ],
    ids=["plain", "directory", "reserved", "colon", "non-ascii", "undecodable", "control"],
)
def test_sarif_uris_are_percent_encoded_relative_references(path: str, uri: str) -> None:
    finding = replace(REPORT.findings[1], path=path)
    (result,) = sarif(replace(REPORT, findings=(finding,)))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", uri)
    assert unquote_to_bytes(uri) == path.encode("utf-8", "surrogateescape")


def test_sarif_absolute_paths_are_file_uris() -> None:
    finding = replace(REPORT.findings[1], path="/srv/infra/main tf")
    (result,) = sarif(replace(REPORT, findings=(finding,)))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///srv/infra/main%20tf"}


def test_sarif_keeps_hostile_text_exact_but_no_forged_link() -> None:
    doc = sarif(HOSTILE_REPORT)
    (result, _) = doc["runs"][0]["results"]
    text = result["message"]["text"]
    assert text.startswith(HOSTILE.replace("](", "\\]("))  # no backslash before it in HOSTILE
    assert "[y](1)" not in text.split("\nThe value comes through: ")[0]
    # The link text escapes backslashes and brackets (SARIF 3.11.6): one link, to id 1.
    link = text.split("\nThe value comes through: ")[1]
    escaped = HOSTILE.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    assert link == f"[{escaped}](1)"
    assert result["relatedLocations"][0]["message"]["text"] == HOSTILE
    assert result["properties"]["resource"] == HOSTILE
    assert doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"] == {
        "text": HOSTILE
    }


# -- JUnit -------------------------------------------------------------------------------------


def junit(report: Report, style: Style | None = None) -> ET.Element:
    text = REPORTERS["junit"](report, style or Style())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and text.isascii()
    return ET.fromstring(text)


def test_junit_a_suite_per_file_a_failure_per_finding() -> None:
    root = junit(FULL)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["main.tf", "broken.tf", "imagelint"]
    main = suites["main.tf"]
    assert (main.get("tests"), main.get("failures")) == ("2", "2")
    first, notice = main.findall("testcase")
    assert first.attrib == {
        "name": "image-unknown at 2:11",
        "classname": "main.tf",
        "file": "main.tf",
        "line": "2",
    }
    failure = first.find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("error", "m")
    assert (failure.text or "").splitlines() == [
        "main.tf:2:11: error [image-unknown] m",
        "hint: h",
        "via: modules/app/main.tf:4:11: var.image",
        "via: terraform.tfvars:1:9: terraform.tfvars entry",
    ]
    assert notice.find("failure").get("type") == "notice"  # type: ignore[union-attr]


def test_junit_the_run_is_a_passing_case_with_summary_and_warnings() -> None:
    (case,) = junit(FULL).findall("testsuite[@name='imagelint']/testcase")
    assert case.get("name") == "summary" and list(case.iter("failure")) == []
    out, err = case.find("system-out"), case.find("system-err")
    assert out is not None and err is not None
    assert (out.text or "").splitlines()[
        -1
    ] == "catalog: offline snapshot as of 2026-08-21 (recorded)"
    assert err.text == "something to know"


def test_junit_clean_run_passes() -> None:
    root = junit(EMPTY)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert [s.get("name") for s in root.findall("testsuite")] == ["imagelint"]
    assert junit(EMPTY).find(".//system-err") is None


def test_junit_quiet_has_findings_only() -> None:
    root = junit(FULL, Style(quiet=True))
    assert [s.get("name") for s in root.findall("testsuite")] == ["main.tf", "broken.tf"]
    assert root.get("tests") == "3"


def test_junit_hostile_text_is_escaped_once_and_reads_back() -> None:
    root = junit(HOSTILE_REPORT)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites[:2]] == [
        "dir, x/ma:in #1.tf",
        escape_controls(f"bad\udcff{HOSTILE}.tf").replace("\ufffe", "\\ufffe"),
    ]
    failure = suites[0].find("testcase/failure")
    assert failure is not None
    shown = escape_controls(HOSTILE).replace("\ufffe", "\\ufffe")
    assert failure.get("message") == shown  # markup came back as text, controls made visible
    assert '<t a="1">&amp;</t>' in shown


# -- checkstyle --------------------------------------------------------------------------------


def test_checkstyle_files_and_errors() -> None:
    text = REPORTERS["checkstyle"](FULL, Style())
    root = ET.fromstring(text)
    assert (root.tag, root.get("version")) == ("checkstyle", "4.3")
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["main.tf", "broken.tf"]
    assert [e.attrib for e in files[0].findall("error")] == [
        {
            "line": "2",
            "column": "11",
            "severity": "error",
            "message": "m (hint: h)",
            "source": "imagelint.image-unknown",
        },
        {
            "line": "9",
            "column": "11",
            "severity": "info",
            "message": "m (hint: h)",
            "source": "imagelint.value-unresolved",
        },
    ]
    assert files[1].find("error").get("message") == "m"  # type: ignore[union-attr]


def test_checkstyle_severities_and_empty_report() -> None:
    warning = replace(REPORT.findings[1], severity=Severity.WARNING)
    root = ET.fromstring(REPORTERS["checkstyle"](replace(REPORT, findings=(warning,)), Style()))
    assert root.find("file/error").get("severity") == "warning"  # type: ignore[union-attr]
    assert list(ET.fromstring(REPORTERS["checkstyle"](EMPTY, Style()))) == []


def test_checkstyle_hostile_text_reads_back() -> None:
    root = ET.fromstring(REPORTERS["checkstyle"](HOSTILE_REPORT, Style()))
    error = root.find("file/error")
    assert error is not None
    shown = escape_controls(HOSTILE).replace("\ufffe", "\\ufffe")
    assert error.get("message") == f"{shown} (hint: {shown})"


# -- GitHub workflow commands ------------------------------------------------------------------

COMMAND = re.compile(r"::(error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)")


def unescape(text: str) -> str:
    for encoded, char in [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]:
        text = text.replace(encoded, char)
    return text


def commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in out.splitlines():
        match = COMMAND.fullmatch(line)
        if match:
            pairs = (p.split("=", 1) for p in match["props"].split(",")) if match["props"] else ()
            props = {k: unescape(v) for k, v in pairs}
            found.append((match[1], props, unescape(match["data"])))
    return found


def test_github_annotations_and_summary() -> None:
    out = REPORTERS["github"](FULL, Style())
    first, broken, notice, warning = commands(out)
    assert first == (
        "error",
        {
            "file": "main.tf",
            "line": "2",
            "col": "11",
            "endLine": "2",
            "endColumn": "25",
            "title": "imagelint [image-unknown]",
        },
        "m\nhint: h\nvia: modules/app/main.tf:4:11: var.image\n"
        "via: terraform.tfvars:1:9: terraform.tfvars entry",
    )
    assert (broken[2], notice[0]) == ("m", "notice")
    assert warning == ("warning", {"title": "imagelint"}, "something to know")
    assert out.splitlines()[-3:] == [
        "imagelint: 3 files (1 NOT PARSED), 4 instances: 2 checked, "
        "2 NOT CHECKED (unresolved: 1 data-source, 1 no-value)",
        "imagelint: findings: 2 errors, 0 warnings, 1 notice",
        "imagelint: catalog: offline snapshot as of 2026-08-21 (recorded)",
    ]


def test_github_quiet_is_annotations_only() -> None:
    lines = REPORTERS["github"](FULL, Style(quiet=True)).splitlines()
    assert len(lines) == 3 and all(line.startswith("::") for line in lines)
    assert REPORTERS["github"](EMPTY, Style(quiet=True)) == ""


@pytest.mark.parametrize(
    ("path", "encoded"),
    [
        ("a,b.tf", "a%2Cb.tf"),
        ("c:d.tf", "c%3Ad.tf"),
        ("100%.tf", "100%25.tf"),
        ("x\ny.tf", "x\\ny.tf"),  # made visible first: the repository's newline is no break
    ],
    ids=["comma", "colon", "percent", "newline"],
)
def test_github_property_escaping(path: str, encoded: str) -> None:
    finding = replace(REPORT.findings[1], path=path)
    out = REPORTERS["github"](replace(REPORT, findings=(finding,)), Style(quiet=True))
    assert out == (
        f"::error file={encoded},line=1,col=11,endLine=1,endColumn=25,"
        "title=imagelint [parse-error]::m\n"
    )


def test_github_hostile_text_cannot_forge_a_command() -> None:
    out = REPORTERS["github"](HOSTILE_REPORT, Style())
    lines = out.splitlines()
    assert all(line.startswith(("::", "imagelint: ")) for line in lines)
    (first, second, warning) = commands(out)
    shown = escape_controls(HOSTILE)
    assert first[1]["file"] == "dir, x/ma:in #1.tf"
    assert first[2].split("\n") == [shown, f"hint: {shown}", f"via: m/{shown}.tf:4:11: {shown}"]
    assert second[1]["file"] == escape_controls(f"bad\udcff{HOSTILE}.tf")
    assert warning[2] == shown
    # The forged command stays inside the data; its "%0A" is written "%250A", so GitHub reads
    # back the four characters, not a line break.
    assert not any(line.startswith("::error") for line in lines)
    assert "::error::forged%250A,a:b" in lines[0]


# -- GitLab Code Quality -----------------------------------------------------------------------

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab(report: Report) -> list[dict[str, Any]]:
    text = REPORTERS["gitlab"](report, Style())
    assert text.isascii()
    issues = json.loads(text)
    assert isinstance(issues, list)
    for issue in issues:  # GitLab's documented fields, each of its documented type
        assert isinstance(issue["description"], str)
        assert isinstance(issue["check_name"], str)
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    return issues


def test_gitlab_issues() -> None:
    first, broken, notice = gitlab(FULL)
    assert first == {
        "description": "m (hint: h)",
        "check_name": "image-unknown",
        "fingerprint": "fp0",
        "severity": "critical",
        "location": {"path": "main.tf", "lines": {"begin": 2}},
    }
    assert (broken["description"], broken["location"]["path"]) == ("m", "broken.tf")
    assert notice["severity"] == "info"
    warning = replace(REPORT.findings[1], severity=Severity.WARNING)
    assert gitlab(replace(REPORT, findings=(warning,)))[0]["severity"] == "minor"


def test_gitlab_empty_report_is_an_empty_array() -> None:
    assert gitlab(EMPTY) == []


def test_gitlab_fingerprints_stay_unique_and_stable() -> None:
    unstamped = gitlab(REPORT)
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) for i in unstamped)
    assert gitlab(REPORT) == unstamped  # the same report, the same fingerprints
    twice = replace(REPORT, findings=(FULL.findings[0], FULL.findings[0], REPORT.findings[0]))
    first, second, third = (i["fingerprint"] for i in gitlab(twice))
    assert first == "fp0" and second != first and third not in (first, second)


def test_gitlab_keeps_hostile_text_exact() -> None:
    first, second = gitlab(HOSTILE_REPORT)
    assert first["description"] == f"{HOSTILE} (hint: {HOSTILE})"
    assert second["location"]["path"] == f"bad\udcff{HOSTILE}.tf"
    assert first["location"]["path"] == "dir, x/ma:in #1.tf"


# -- real runs ---------------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())


@functools.cache
def sample_report(scenario: str) -> Report:
    from imagelint.app import Options, check

    outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=SAMPLES / scenario))
    assert outcome.report is not None, outcome.messages
    return outcome.report


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_format_of_a_real_run(scenario: str) -> None:
    report = sample_report(scenario)
    doc = sarif(report)
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f.rule for f in report.findings]
    assert sum(len(r.get("relatedLocations", ())) for r in results) == sum(
        len(f.related) for f in report.findings
    )
    cases = junit(report).findall("testsuite/testcase/failure")
    assert len(cases) == len(report.findings)
    errors = ET.fromstring(REPORTERS["checkstyle"](report, Style())).findall("file/error")
    assert len(errors) == len(report.findings)
    stamped = [f.fingerprint for f in report.findings if f.fingerprint]
    assert [i["fingerprint"] for i in gitlab(report)][: len(stamped)] == stamped
    annotations = commands(REPORTERS["github"](report, Style(quiet=True)))
    assert [(a[1]["file"], int(a[1]["line"])) for a in annotations] == [
        (escape_controls(f.path), f.line) for f in report.findings
    ]


def test_real_runs_exercise_related_locations() -> None:
    # The validation above means something only if some sample has a provenance chain.
    chains = [f.related for s in SCENARIOS for f in sample_report(s).findings if f.related]
    assert len(chains) >= 2


def test_the_vendored_schema_is_the_published_one() -> None:
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest in (SCHEMA.parent / "README.md").read_text(encoding="utf-8")
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["id"].startswith(
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
    )


# -- any report --------------------------------------------------------------------------------

POSITIONS = st.integers(1, 10_000)
# Text made of SARIF link syntax, so generated messages try to embed links.
MESSAGE = TEXT | st.text(st.sampled_from("[]()\\1x"), max_size=12)
ANY_REPORT = st.builds(
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
        unresolved_by_kind=st.lists(st.tuples(TEXT, st.integers(1, 9)), max_size=2).map(tuple),
    ),
    findings=st.lists(
        st.builds(
            Finding,
            rule=TEXT,
            severity=st.sampled_from(Severity),
            message=MESSAGE,
            hint=st.none() | MESSAGE,
            path=TEXT,
            line=POSITIONS,
            column=POSITIONS,
            end_line=POSITIONS,
            end_column=POSITIONS,
            resource=st.none() | TEXT,
            related=st.lists(
                st.builds(
                    Related,
                    path=TEXT,
                    message=MESSAGE,
                    line=POSITIONS,
                    column=POSITIONS,
                    end_line=POSITIONS,
                    end_column=POSITIONS,
                ),
                max_size=2,
            ).map(tuple),
            fingerprint=st.sampled_from(["", "a", "b"]),
        ),
        max_size=3,
    ).map(tuple),
    warnings=st.lists(TEXT, max_size=2).map(tuple),
    rules=st.lists(
        st.builds(RuleInfo, id=TEXT, severity=st.sampled_from(Severity), summary=TEXT, doc=TEXT),
        max_size=2,
    ).map(tuple),
)


@settings(
    max_examples=int(os.environ.get("IMAGELINT_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ANY_REPORT)
def test_any_report_gives_valid_documents_and_no_forged_lines(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    assert len(results) == len(report.findings)
    for result in results:  # every embedded link names a related location the result has
        ids = {r["id"] for r in result.get("relatedLocations", ())}
        # A link ends at `](N)` after an even run of backslashes (SARIF 3.11.6).
        links = re.findall(r"(?<!\\)(?:\\\\)*\]\((\d+)\)", result["message"]["text"])
        assert {int(n) for n in links} <= ids
    failures = junit(report).findall("testsuite/testcase/failure")
    assert len(failures) == len(report.findings)
    checkstyle = ET.fromstring(REPORTERS["checkstyle"](report, Style()))
    assert len(checkstyle.findall("file/error")) == len(report.findings)
    assert len(gitlab(report)) == len(report.findings)
    github = REPORTERS["github"](report, Style())
    assert len(commands(github)) == len(report.findings) + len(report.warnings)
    assert all(line.startswith(("::", "imagelint: ")) for line in github.splitlines())
