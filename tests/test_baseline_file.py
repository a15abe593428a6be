"""The baseline file: every way it can be broken gives one line naming it; writing it is
atomic (a failed write leaves the old file as it was, and no temporary file behind)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagelint import baseline
from imagelint.findings import Finding, Severity

FINGERPRINT = "ab" * 32
ENTRY = {
    "path": "main.tf",
    "resource": "scaleway_instance_server.web",
    "rule": "image-unknown",
    "value": '"macos"',
    "fingerprint": FINGERPRINT,
    "message": 'image "macos" does not exist in the Marketplace',
}


def document(**changes: object) -> str:
    return json.dumps({"version": 1, "tool": "imagelint", "entries": [ENTRY], **changes})


def entry(**changes: object) -> str:
    return document(entries=[{**ENTRY, **changes}])


# id, the file's bytes (None: no file; "dir": a directory), what the one line says
BROKEN: list[tuple[str, bytes | str | None, str]] = [
    ("missing", None, "cannot read: No such file or directory"),
    ("a directory", "dir", "a directory, not a regular file"),
    ("empty", b"", "not JSON (line 1, column 1: Expecting value)"),
    ("cut short", document().encode()[:40], "not JSON (line 1, column "),
    ("not UTF-8", b'{"tool": "\xff"}', "not UTF-8 text (byte 10)"),
    ("nested too deeply", b"[" * 200_000, "nested too deeply"),
    ("a list", b"[]", 'not an imagelint baseline (no "tool": "imagelint")'),
    ("another tool's", json.dumps({"tool": "ruff", "version": 1}).encode(), "not an imagelint"),
    ("newer version", document(version=2).encode(), "version 2: this imagelint reads version 1"),
    ("version as text", document(version="1").encode(), "version '1'"),
    ("version as boolean", document(version=True).encode(), "version True"),
    ("no entries", json.dumps({"version": 1, "tool": "imagelint"}).encode(), 'no "entries" list'),
    ("unknown key", document(comment="x").encode(), "unknown key 'comment'"),
    ("entries not a list", document(entries={}).encode(), '"entries" is not a list'),
    ("entry not an object", document(entries=[ENTRY, "x"]).encode(), "entry 2 is not an object"),
    (
        "entry without fingerprint",
        document(entries=[{k: v for k, v in ENTRY.items() if k != "fingerprint"}]).encode(),
        "entry 1 has no 'fingerprint'",
    ),
    ("entry with unknown key", entry(line=3).encode(), "entry 1: unknown key 'line'"),
    ("resource a number", entry(resource=3).encode(), "entry 1: 'resource' is not a string"),
    ("rule null", entry(rule=None).encode(), "entry 1: 'rule' is not a string"),
    ("short fingerprint", entry(fingerprint="abc").encode(), "not 64 lowercase hex digits"),
    ("upper-case fingerprint", entry(fingerprint="AB" * 32).encode(), "not 64 lowercase hex"),
    ("key given twice", b'{"version": 1, "version": 1}', "key 'version' given twice"),
    ("huge number", b'{"version": ' + b"9" * 5000 + b"}", "baseline "),
]


@pytest.mark.parametrize(("content", "says"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_files(tmp_path: Path, content: bytes | str | None, says: str) -> None:
    file = tmp_path / "baseline.json"
    if content == "dir":
        file.mkdir()
    elif isinstance(content, bytes):
        file.write_bytes(content)
    with pytest.raises(baseline.BaselineError) as raised:
        baseline.load(file)
    message = str(raised.value)
    assert says in message
    assert message.startswith(f"baseline {file}: ")
    assert "\n" not in message


def test_reading_is_bounded(tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    with file.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(baseline.MAX_BYTES + 1)
    with pytest.raises(baseline.BaselineError, match="larger than 50,000,000 bytes"):
        baseline.load(file)


def test_a_valid_file_loads(tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    file.write_text(entry(resource=None))
    (loaded,) = baseline.load(file).entries
    assert (loaded.resource, loaded.fingerprint, loaded.value) == (None, FINGERPRINT, '"macos"')


def finding(n: int, message: str = "image does not exist") -> Finding:
    return Finding(
        rule="image-unknown",
        severity=Severity.ERROR,
        message=message,
        hint=None,
        path="main.tf",
        line=n,
        column=1,
        end_line=n,
        end_column=2,
        resource=f"scaleway_instance_server.s{n}",
        fingerprint=f"{n:064x}",
    )


def test_long_texts_are_cut(tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    long = dataclasses.replace(finding(1, message="m" * 5000), end_column=5001)
    baseline.write(file, (long,), previous=None, prune=False, read=lambda path: "x" * 5000)
    (written,) = baseline.load(file).entries
    assert (len(written.value), len(written.message)) == (baseline.MAX_VALUE, baseline.MAX_MESSAGE)
    assert written.value.endswith("...")


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_failed_rename_leaves_the_target_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    target.mkdir()
    (target / "kept").write_text("x")
    with pytest.raises(baseline.BaselineError, match=f"^cannot write baseline {target}: "):
        baseline.write(target, (finding(1),), previous=None, prune=False)
    assert (target / "kept").read_text() == "x"
    assert leftovers(tmp_path) == []


def test_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "no" / "baseline.json"
    with pytest.raises(baseline.BaselineError, match="No such file or directory"):
        baseline.write(target, (finding(1),), previous=None, prune=False)


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    # The write fails half-way for real: the process may not make files larger than 4 KB
    # (a full disk would do the same). RLIMIT_FSIZE binds root as well, unlike permissions.
    target = tmp_path / "baseline.json"
    baseline.write(target, (finding(1),), previous=None, prune=False)
    old = target.read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from imagelint import baseline
        from tests.test_baseline_file import finding
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            baseline.write(Path({str(target)!r}), [finding(n) for n in range(1, 200)],
                           previous=None, prune=False)
        except baseline.BaselineError as error:
            sys.exit(str(error))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"cannot write baseline {target}: File too large"
    assert target.read_bytes() == old
    assert leftovers(tmp_path) == []


def test_mode_of_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("{}")
    target.chmod(0o640)
    baseline.write(target, (finding(1),), previous=None, prune=False)
    assert (os.stat(target).st_mode & 0o777, leftovers(tmp_path)) == (0o640, [])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), min_size=1, max_size=5),
    resource=st.one_of(st.none(), st.text(max_size=20)),
)
def test_any_text_round_trips(
    tmp_path: Path, texts: list[tuple[str, str]], resource: str | None
) -> None:
    # Paths, addresses and messages may hold any character, invisible ones and lone
    # surrogates included: the file stays ASCII and gives them back as they were.
    findings = [
        dataclasses.replace(finding(n), path=path, message=message, resource=resource)
        for n, (path, message) in enumerate(texts, start=1)
    ]
    target = tmp_path / "baseline.json"
    baseline.write(target, findings, previous=None, prune=False)
    target.read_bytes().decode("ascii")
    loaded = baseline.load(target)
    assert sorted((e.path, e.resource, e.message, e.fingerprint) for e in loaded.entries) == sorted(
        (f.path, f.resource, f.message, f.fingerprint) for f in findings
    )
    assert baseline.dumps(loaded.entries) == target.read_text()
