"""Shared by the screenshot scripts: a real main window on a throwaway project.

Settings and standard paths are redirected into a temporary folder first, so a
screenshot never reads or changes the user's own settings or projects.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def isolated_window(prefix: str, project_name: str, reviewer: str = "李明"):
    """(app, context, window, tmp): a MainWindow with ``project_name`` open in ``tmp``."""
    from PySide6.QtCore import QSettings, QStandardPaths

    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    QStandardPaths.setTestModeEnabled(True)

    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    context = AppContext()
    context.reviewer = reviewer
    window = MainWindow(context)
    window.open_project(tmp / project_name)
    return app, context, window, tmp


def settle(app, turns: int = 5) -> None:
    """Lets the window lay out and paint before a grab."""
    for _ in range(turns):
        app.processEvents()


def shown(app, window, width: int = 1500, height: int = 950) -> None:
    """Shows the window at the screenshots' usual size and lets it settle."""
    window.resize(width, height)
    window.show()
    settle(app)


def save(window, out: str) -> bool:
    """Grabs the window into ``out`` and says so; True when saved."""
    ok = window.grab().save(out)
    print(f"{'saved' if ok else 'FAILED to save'} {out}")
    return ok
