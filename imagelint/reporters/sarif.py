"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: the rules
with their documentation, and per finding its location, the way its value came (related
locations, linked from the message) and a fingerprint that survives edits elsewhere."""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
from urllib.parse import quote

from imagelint import __version__
from imagelint.findings import Finding, Related, Report, RuleInfo, Severity
from imagelint.reporters.json import to_dict
from imagelint.reporters.style import PLAIN, Style

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
FINGERPRINT = "imagelint/v1"  # a partialFingerprints key of our own, versioned as SARIF asks


def render(report: Report, style: Style = PLAIN) -> str:
    del style  # a document for tools
    # Exact text, ASCII on the wire, as --format json: viewers render it as text.
    return json.dumps(to_sarif(report, home=project_url()), indent=2, ensure_ascii=True) + "\n"


@functools.cache
def project_url() -> str | None:
    """The project's home page from the installed metadata ([project.urls]), if any."""
    try:
        meta = importlib.metadata.metadata("imagelint")
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "documentation", "repository", "source"}:
            return url.strip()
    home = meta.get_all("Home-page") or []
    return home[0] if home else None


def to_sarif(report: Report, *, home: str | None) -> dict[str, object]:
    # One descriptor per id (the first), and one for a finding's rule the list lacks.
    rules: list[RuleInfo] = []
    index: dict[str, int] = {}
    for rule in (*report.rules, *(_unlisted(f) for f in report.findings)):
        if rule.id not in index:
            index[rule.id] = len(rules)
            rules.append(rule)
    driver: dict[str, object] = {
        "name": "imagelint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(r, home) for r in rules],
    }
    if home:
        driver["informationUri"] = home
    notifications = [{"level": "warning", "message": {"text": w}} for w in report.warnings]
    run: dict[str, object] = {
        "tool": {"driver": driver},
        # Our columns count characters (Python's), not UTF-16 code units (SARIF's default).
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": [_result(f, index[f.rule]) for f in report.findings],
        "properties": {"summary": to_dict(report)["summary"]},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _unlisted(f: Finding) -> RuleInfo:
    return RuleInfo(id=f.rule, severity=f.severity, summary=f.rule, doc="")


def _rule(rule: RuleInfo, home: str | None) -> dict[str, object]:
    doc = rule.doc or rule.summary
    descriptor: dict[str, object] = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _why(doc) or rule.summary},  # unwrapped: one paragraph
        "help": {"text": doc, "markdown": _markdown(doc)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
    }
    if home:
        # The README's rule table: the one page that describes every rule.
        descriptor["helpUri"] = f"{home}#rules"
    return descriptor


def _markdown(doc: str) -> str:
    # GitHub shows help.markdown on the alert page: prose unwrapped (the docstring is wrapped
    # at 100 columns), the PASS/FAIL examples as code, where alignment and symbols survive.
    blocks = []
    for paragraph in (p.strip("\n") for p in doc.split("\n\n") if p.strip()):
        lines = paragraph.splitlines()
        if all(line.startswith(("PASS", "FAIL")) for line in lines):
            # A fence longer than any backtick run inside, so no example can close it.
            longest = max((len(run) for run in re.findall("`+", paragraph)), default=0)
            fence = "`" * max(3, longest + 1)
            blocks.append(f"{fence}\n{paragraph}\n{fence}")
        else:
            blocks.append(" ".join(paragraph.split()))
    return "\n\n".join(blocks)


def _why(doc: str) -> str:
    paragraphs = [p.strip() for p in doc.split("\n\n")]
    why = next((p for p in paragraphs if p.startswith("Why:")), "")
    return " ".join(why.split())


def _result(f: Finding, rule_index: int) -> dict[str, object]:
    # SARIF `fixes` must carry artifactChanges with replacements, and GitHub code scanning
    # shows no fixes from SARIF at all: the hint is in the message, which it does show, and
    # in the properties for other tools.
    text = [_plain(f.message)]
    if f.hint:
        text.append(f"Hint: {_plain(f.hint)}")
    if f.related:
        # GitHub links related locations only where the message embeds them: [text](id).
        links = ", ".join(f"[{_link_text(r.message)}]({n})" for n, r in enumerate(f.related, 1))
        text.append(f"The value comes through: {links}")
    result: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": "\n".join(text)},
        "locations": [{"physicalLocation": _physical(f.path, f)}],
    }
    properties = {"hint": f.hint, "resource": f.resource}
    if any(properties.values()):
        result["properties"] = {k: v for k, v in properties.items() if v is not None}
    if f.related:
        result["relatedLocations"] = [
            {"id": n, "physicalLocation": _physical(r.path, r), "message": {"text": r.message}}
            for n, r in enumerate(f.related, 1)
        ]
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT: f.fingerprint}
    return result


def _plain(text: str) -> str:
    # Outside a link, a viewer reads `[x](1)` as one: a repository's text could link to a
    # location or name one the result lacks. A `]` after an odd run of backslashes is escaped
    # (SARIF 3.11.6), so no link ends there; the text stays readable.
    return _LINK_END.sub(_escape_link_end, text)


_LINK_END = re.compile(r"(\\*)\]\(")


def _escape_link_end(match: re.Match[str]) -> str:
    backslashes = match.group(1)
    return backslashes + ("\\" if len(backslashes) % 2 == 0 else "") + "]("


def _link_text(text: str) -> str:
    # SARIF 3.11.6: inside a link's text, backslashes and square brackets are escaped, so a
    # message cannot close the link early or forge one of its own.
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _physical(path: str, span: Finding | Related) -> dict[str, object]:
    line = max(1, span.line)
    end_line = max(line, span.end_line)
    column = max(1, span.column)
    end_column = max(column if end_line == line else 1, span.end_column)
    region = {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    }
    return {"artifactLocation": _artifact(path), "region": region}


def _artifact(path: str) -> dict[str, object]:
    # A URI, not a path: percent-encoded (a ':' or '#' in a file name stays part of it), and a
    # file name's undecodable bytes (surrogate escapes) become the very bytes again.
    uri = quote(_bytes(path), safe="/")
    if path.startswith("/"):
        return {"uri": f"file://{uri}"}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _bytes(path: str) -> bytes:
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte decodes to: kept, though not UTF-8
        return path.encode("utf-8", "surrogatepass")
