"""Where things live on disk: bundled resources and the user's data folder.

One place for paths so a frozen build (PyInstaller sets ``sys._MEIPASS``) and
a source checkout find the same files, and tests can point AppDataLocation at
a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from desktop.store.integrity import PROJECT_SUFFIXES

PROJECT_FILTER_SUFFIX = ".rdproj"


def resources_dir() -> Path:
    """The ``resources/`` folder of the source tree or of the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def app_data_dir() -> Path:
    """Per-user data folder (logs, the default project); created on demand."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(location or Path.home() / ".reviewdesk")
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_project_path() -> Path:
    """The project used when the reviewer opens reports before choosing one."""
    # ASCII on purpose: the same file whatever the UI language or the system code page.
    return app_data_dir() / f"ReviewDesk{PROJECT_FILTER_SUFFIX}"


def log_path() -> Path:
    logs = app_data_dir() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / "reviewdesk.log"


def is_project_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PROJECT_SUFFIXES


def with_project_suffix(path: str | Path) -> Path:
    """``path`` with .rdproj added when the reviewer typed a name without a suffix."""
    p = Path(path)
    return p if p.suffix else p.with_name(p.name + PROJECT_FILTER_SUFFIX)
