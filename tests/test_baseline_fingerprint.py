"""Fingerprints: what is wrong (path, resource, rule, the text at the span, which occurrence),
never where it is."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imagelint.findings import Finding, Severity
from imagelint.fingerprint import identity, stamp

TEXT = 'resource "a" "b" {\n  image = "macos"\n}\n'


def at(line: int, column: int, end_line: int, end_column: int, **changes: object) -> Finding:
    base = Finding(
        rule="image-unknown",
        severity=Severity.ERROR,
        message='image "macos" does not exist',
        hint=None,
        path="main.tf",
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        resource="a.b",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def one(finding: Finding, text: str | None) -> str:
    return stamp([finding], lambda path: text)[0].fingerprint


MACOS = at(2, 11, 2, 18)  # "macos" with its quotes

# id, (finding, text), (finding, text), same fingerprint?
PAIRS: list[tuple[str, tuple[Finding, str | None], tuple[Finding, str | None], bool]] = [
    ("lines added above", (MACOS, TEXT), (at(5, 11, 5, 18), "\n\n\n" + TEXT), True),
    ("column moved", (MACOS, TEXT), (at(2, 14, 2, 21), TEXT.replace("image", "image   ")), True),
    ("CRLF line ends", (MACOS, TEXT), (MACOS, TEXT.replace("\n", "\r\n")), True),
    (
        "severity configured",
        (MACOS, TEXT),
        (dataclasses.replace(MACOS, severity=Severity.NOTICE), TEXT),
        True,
    ),
    (
        "message reworded",
        (MACOS, TEXT),
        (dataclasses.replace(MACOS, message="no such image"), TEXT),
        True,
    ),
    ("value changed", (MACOS, TEXT), (at(2, 11, 2, 18), TEXT.replace("macos", "debia")), False),
    ("other path", (MACOS, TEXT), (dataclasses.replace(MACOS, path="other.tf"), TEXT), False),
    ("other resource", (MACOS, TEXT), (dataclasses.replace(MACOS, resource="a.c"), TEXT), False),
    ("no resource", (MACOS, TEXT), (dataclasses.replace(MACOS, resource=None), TEXT), False),
    ("other rule", (MACOS, TEXT), (dataclasses.replace(MACOS, rule="zone-unknown"), TEXT), False),
    # Unreadable: the message keys the finding, without the numbers that edits change.
    (
        "unreadable, numbers differ",
        (dataclasses.replace(MACOS, message="not UTF-8 text (byte 12)"), None),
        (dataclasses.replace(MACOS, message="not UTF-8 text (byte 977)"), None),
        True,
    ),
    (
        "unreadable, words differ",
        (dataclasses.replace(MACOS, message="not UTF-8 text (byte 12)"), None),
        (dataclasses.replace(MACOS, message="too large to check"), None),
        False,
    ),
    ("span past the end: the message", (at(9, 1, 9, 4), TEXT), (at(9, 1, 9, 4), None), True),
    ("blank span: the message", (at(3, 2, 3, 2), TEXT), (at(3, 2, 3, 2), None), True),
]


@pytest.mark.parametrize(("a", "b", "same"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_pairs(a: tuple[Finding, str | None], b: tuple[Finding, str | None], same: bool) -> None:
    assert (one(*a) == one(*b)) is same


# id, finding, the text it keys on
IDENTITIES = [
    ("one line", MACOS, '"macos"'),
    ("whole line, blank kept out", at(2, 1, 2, 18), 'image = "macos"'),
    ("several lines, blanks as one space", at(1, 18, 3, 2), '{ image = "macos" }'),
    ("end before start", at(2, 18, 2, 11), 'image "macos" does not exist'),
    ("column zero", at(2, 0, 2, 4), 'image "macos" does not exist'),
]


@pytest.mark.parametrize(
    ("finding", "key"), [i[1:] for i in IDENTITIES], ids=[i[0] for i in IDENTITIES]
)
def test_identity(finding: Finding, key: str) -> None:
    assert identity(finding, TEXT) == key


def test_numbers_leave_the_message() -> None:
    unreadable = dataclasses.replace(MACOS, message="too large (6,000,000 bytes, limit 5,000,000)")
    assert identity(unreadable, None) == "too large (#,#,# bytes, limit #,#,#)"


TWICE = 'x = "macos"\nx = "macos"\nx = "macos"\n'


def test_occurrences_count_in_file_order() -> None:
    findings = [at(n, 5, n, 12) for n in (1, 2, 3)]
    stamped = stamp(findings, lambda path: TWICE)
    assert len({f.fingerprint for f in stamped}) == 3
    # Whatever order they come in, and the first one's fingerprint moves to the second
    # when the first goes away: the count of identical findings is what is recorded.
    assert [f.fingerprint for f in stamp(findings[::-1], lambda path: TWICE)] == [
        f.fingerprint for f in stamped[::-1]
    ]
    assert [f.fingerprint for f in stamp(findings[1:], lambda path: TWICE)] == [
        f.fingerprint for f in stamped[:2]
    ]


def test_each_file_is_read_once() -> None:
    asked: list[str] = []

    def read(path: str) -> str:
        asked.append(path)
        return TEXT

    stamp([MACOS, MACOS, dataclasses.replace(MACOS, path="b.tf")], read)
    assert asked == ["main.tf", "b.tf"]


def test_stamping_is_idempotent_and_keeps_the_rest() -> None:
    once = stamp([MACOS], lambda path: TEXT)
    assert stamp(once, lambda path: TEXT) == once
    assert dataclasses.replace(once[0], fingerprint="") == MACOS
    assert len(once[0].fingerprint) == 64


@settings(max_examples=200, deadline=None)
@given(before=st.text(), after=st.text())
def test_text_around_the_finding_changes_nothing(before: str, after: str) -> None:
    # Whatever is written above the finding (on lines of its own) or below it.
    shifted = before.count("\n") + 1
    text = f'{before}\n  image = "macos"\n{after}'
    moved = at(1 + shifted, 11, 1 + shifted, 18)
    assert one(moved, text) == one(at(2, 11, 2, 18), TEXT)
