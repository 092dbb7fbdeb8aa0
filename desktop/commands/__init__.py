"""One module per command-line command (see desktop.cli.COMMANDS)."""

import sys

from desktop.errors import ReviewDeskError


def fail(error: ReviewDeskError, *, context: str = "") -> int:
    """Prints the single ``error: <kind>: ...`` line and returns exit status 2."""
    line = error.cli_line()
    if context:
        line = f"error: {error.kind}: {context}: {error.message}"
    print(line, file=sys.stderr)
    return 2
