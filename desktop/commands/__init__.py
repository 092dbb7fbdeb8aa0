"""One module per command-line command (see desktop.cli.COMMANDS)."""

import sys
from pathlib import Path

from desktop.errors import ReviewDeskError, escape_for_line


def fail(error: ReviewDeskError, *, context: str = "") -> int:
    """Prints the single ``error: <kind>: ...`` line and returns exit status 2.

    Control characters, newlines and bidi marks (in a file name, say) are
    escaped, so one failure is always exactly one honest line."""
    print(error.cli_line(context), file=sys.stderr)
    return 2


def say(line: str, *, err: bool = False) -> None:
    """Prints one line of progress, escaped like error lines (file names can hold anything)."""
    print(escape_for_line(line), file=sys.stderr if err else sys.stdout)


def open_project(path: str | Path, **kwargs):
    """A project opened for writing from the command line, its opening notes
    (a journal recovered or set aside) printed as warnings."""
    from desktop.store import Project

    project = Project(path, **kwargs)
    for note in project.open_warnings:
        say(f"warning: {note}", err=True)
    return project
