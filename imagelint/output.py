"""Writing a run's outcome: the chosen format on stdout, each --output FORMAT:FILE beside it,
and the messages on stderr."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from imagelint.triage import Exit

if TYPE_CHECKING:
    from imagelint.app import Options, Outcome


def emit(outcome: Outcome, options: Options, *, out: TextIO, err: TextIO) -> int:
    from imagelint.reporters import REPORTERS, Style
    from imagelint.reporters.escape import escape_controls

    code = outcome.exit_code
    report = outcome.report
    messages = list(outcome.messages)
    if report is not None:
        style = Style(
            color=use_color(options.color, out, options.env),
            quiet=options.quiet,
            statistics=options.statistics,
        )
        out.write(REPORTERS[options.output_format](report, style))
        # Machine formats keep stdout to themselves; --quiet keeps it to the findings.
        if options.output_format != "text" or options.quiet:
            messages += [f"warning: {w}" for w in report.warnings]
        plain = Style(color=False, quiet=False, statistics=False)
        for fmt, name in options.outputs:
            try:
                write_atomically(options.cwd / name, REPORTERS[fmt](report, plain))
            except OSError as error:
                messages.append(f"cannot write the {fmt} report to {name}: {error.strerror}")
                code = max(code, Exit.USAGE)
    for message in messages:  # they quote paths and API answers: escaped like stdout
        err.write(f"imagelint: {escape_controls(message)}\n")
    return code


def use_color(choice: str, out: TextIO, env: Mapping[str, str]) -> bool:
    """`always` and `never` are the user's word; `auto`: FORCE_COLOR forces colour, NO_COLOR
    (https://no-color.org) turns it off, else a terminal gets it."""
    if choice != "auto":
        return choice == "always"
    if env.get("FORCE_COLOR"):
        return True
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def write_atomically(path: Path, text: str) -> None:
    """A CI step that reads the report never sees half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
