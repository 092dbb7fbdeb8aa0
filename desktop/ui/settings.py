"""Typed access to the few QSettings keys the window keeps.

Keys are spelled once here so the Settings dialog (issue 6) and the window
agree; QSettings() picks up the organisation and application name set in
app.py ("ReviewDesk"), tests give each run its own folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
KEY_REVIEWER = "reviewer/name"
KEY_RECENT = "projects/recent"
KEY_LANGUAGE = "ui/language"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_LAST_DIR = "files/last_dir"
KEY_ZOOM = "reader/zoom"
#: The document pane's reading size, in percent of the reading font.
ZOOM_MIN, ZOOM_DEFAULT, ZOOM_MAX = 70, 100, 250


def settings() -> QSettings:
    return QSettings()


def _as_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def recent_projects(s: QSettings | None = None) -> list[str]:
    s = s or settings()
    return _as_list(s.value(KEY_RECENT, []))


def add_recent_project(path: str | Path, s: QSettings | None = None) -> list[str]:
    """Moves ``path`` to the top of the recent list and returns the new list."""
    s = s or settings()
    path = str(Path(path).resolve())
    items = [p for p in recent_projects(s) if p != path]
    items.insert(0, path)
    del items[MAX_RECENT:]
    s.setValue(KEY_RECENT, items)
    return items


def remove_recent_project(path: str, s: QSettings | None = None) -> None:
    s = s or settings()
    s.setValue(KEY_RECENT, [p for p in recent_projects(s) if p != path])


def reviewer_name(s: QSettings | None = None) -> str:
    return str((s or settings()).value(KEY_REVIEWER, "") or "")


def set_reviewer_name(name: str, s: QSettings | None = None) -> None:
    (s or settings()).setValue(KEY_REVIEWER, name)


def last_dir(s: QSettings | None = None) -> str:
    return str((s or settings()).value(KEY_LAST_DIR, "") or "")


def set_last_dir(path: str | Path, s: QSettings | None = None) -> None:
    p = Path(path)
    (s or settings()).setValue(KEY_LAST_DIR, str(p if p.is_dir() else p.parent))


def window_layout(s: QSettings | None = None) -> tuple[QByteArray | None, QByteArray | None]:
    s = s or settings()
    geometry = s.value(KEY_GEOMETRY)
    state = s.value(KEY_STATE)
    return (geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None)


def save_window_layout(geometry: QByteArray, state: QByteArray, s: QSettings | None = None) -> None:
    s = s or settings()
    s.setValue(KEY_GEOMETRY, geometry)
    s.setValue(KEY_STATE, state)


def zoom_percent(s: QSettings | None = None) -> int:
    """The reading size last chosen (ZOOM_DEFAULT if none or unreadable), within the range."""
    try:
        value = int((s or settings()).value(KEY_ZOOM, ZOOM_DEFAULT))
    except (TypeError, ValueError):
        return ZOOM_DEFAULT
    return max(ZOOM_MIN, min(ZOOM_MAX, value))


def set_zoom_percent(percent: int, s: QSettings | None = None) -> None:
    (s or settings()).setValue(KEY_ZOOM, int(percent))


KEY_SUGGESTIONS = "reader/show_suggestions"


def show_suggestions(s: QSettings | None = None) -> bool:
    """Whether annotation suggestions are shown (in the text and under 建议); on unless turned off."""
    value = (s or settings()).value(KEY_SUGGESTIONS, True)
    return value not in (False, "false", "0", 0)


def set_show_suggestions(on: bool, s: QSettings | None = None) -> None:
    (s or settings()).setValue(KEY_SUGGESTIONS, bool(on))
