"""What a suppression says about itself: unused, expired, incomplete, or naming a wrong rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from imagelint.findings import UNUSED_SUPPRESSION, Finding, Severity
from imagelint.suppress_directive import Directive
from imagelint.suppress_layout import Comment


@dataclass(eq=False, kw_only=True)
class Placed:
    """A directive where it stands: the lines it covers, and the rules it hid."""

    path: str
    comment: Comment
    directive: Directive
    first: int  # the lines covered
    last: int
    problem: str | None  # why it does not apply
    used: set[str] = field(default_factory=set)


def active(p: Placed, today: date) -> bool:
    until = p.directive.until
    return p.problem is None and (until is None or today <= until)


def judge(
    p: Placed, today: date, unsuppressible: frozenset[str], known: frozenset[str]
) -> list[Finding]:
    rules = p.directive.rules
    notices = []
    for rule in rules:
        if rule not in known:
            notices.append(
                (
                    f"unknown rule id {rule!r} in the suppression",
                    "`imagelint rules` lists the rule ids",
                )
            )
        elif rule in unsuppressible:
            notices.append(
                (
                    f"rule {rule} is configured as not suppressible, so this comment does not "
                    "hide its findings",
                    f"fix the finding instead, or remove {rule} from the comment",
                )
            )
    until = p.directive.until
    where = "in this file" if p.directive.file_wide else "on " + _lines(p.first, p.last)
    if p.problem is not None:
        notices.append((p.problem, _fix(p)))
    elif until is not None and today > until:
        notices.append(
            (
                f"the suppression of {', '.join(rules)} expired on {until.isoformat()} and no "
                "longer applies",
                "fix the finding, or set a later date with the reason it still holds",
            )
        )
    else:
        unused = [r for r in rules if r in known and r not in unsuppressible and r not in p.used]
        if unused:
            notices.append(
                (
                    f"the suppression of {', '.join(unused)} suppressed nothing {where}",
                    "remove it"
                    if len(unused) == len(rules)
                    else "remove the rule ids it does not need",
                )
            )
    return [notice(p.path, p.comment, message, hint) for message, hint in notices]


def _fix(p: Placed) -> str:
    directive = p.directive
    if directive.problem is None:  # an ignore-file after the code
        return "move it above the first code, or suppress at the lines it means"
    if directive.bad_until:
        return "write the date as YYYY-MM-DD, e.g. until=2026-12-31"
    kind = "ignore-file" if directive.file_wide else "ignore"
    return f"say why after the rule list: imagelint:{kind}[{','.join(directive.rules)}] <why>"


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def notice(path: str, comment: Comment, message: str, hint: str) -> Finding:
    return Finding(
        rule=UNUSED_SUPPRESSION.id,
        severity=Severity.NOTICE,
        message=message,
        hint=hint,
        path=path,
        line=comment.line,
        column=comment.column,
        end_line=comment.end_line,
        end_column=comment.end_column,
        resource=None,
    )
