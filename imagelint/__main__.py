"""`python -m imagelint`: take the working directory off sys.path, then run the command."""

# No `from __future__` and no import but sys and os, which the interpreter has loaded before
# it runs this: `python -m` puts the working directory first on sys.path, so any other import
# made before the clean-up below could load a module a scanned checkout committed.
import os
import sys


def _without_working_directory(path: list[str]) -> list[str]:
    """`path` without the entries that name the working directory ("" is one of them)."""
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # a deleted working directory: only "" can still point at it
        return [entry for entry in path if entry]
    return [entry for entry in path if os.path.realpath(entry or os.curdir) != here]


def main() -> None:
    # imagelint itself is already imported (that is how Python found this file); everything
    # else, click and the rule plugins included, now comes from the installation only.
    sys.path[:] = _without_working_directory(sys.path)
    from imagelint.cli import main as command

    command()


if __name__ == "__main__":
    main()
