"""Who is writing: the per-installation id that keeps two reviewers of one name apart.

A reviewer is their name plus the id of the ReviewDesk installation they
write from (issue 14): two “张三” on two office PCs are two reviewers when
their projects are merged. The id is a random UUID made on first use and kept
in the user's configuration folder; ``REVIEWDESK_INSTALLATION_ID`` overrides
it (tests, or IT staff who image many PCs from one copy and want each to get
its own id by setting it at login). When the folder cannot be written the id
is derived from the computer and user names, so it is at least stable.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import uuid
from pathlib import Path

ENV = "REVIEWDESK_INSTALLATION_ID"
FILE_NAME = "installation-id"


def config_dir() -> Path:
    """The user's ReviewDesk configuration folder (not the project's folder)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")  # pragma: no mutate
        return base / "ReviewDesk"  # pragma: no mutate
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "ReviewDesk"


def _fallback() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no user name at all
        user = ""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{socket.gethostname()}/{user}"))


def installation_id() -> str:
    """This installation's id (made and stored on first call)."""
    forced = os.environ.get(ENV, "").strip()
    if forced:
        return forced
    path = config_dir() / FILE_NAME
    try:
        kept = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        kept = ""
    if kept:
        return kept
    made = str(uuid.uuid4())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(FILE_NAME + ".partial")
        partial.write_text(made + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        return _fallback()
    return made
