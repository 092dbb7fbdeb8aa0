"""GUI test set-up: offscreen Qt, fresh settings per test, a real MainWindow
on a real project file in tmp_path, and dialogs answered by a fake at the
interaction seam (so no modal dialog is ever left open).

Fixtures other GUI tests may use: ``window`` (MainWindow with an open, empty
project), ``fake`` (its FakeInteraction), ``import_files(paths)`` (imports
through the worker and waits), ``seed_doc`` (window with seed 000 shown).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_72cc8833663dde4f.txt"


class FakeInteraction:
    """Answers the window's questions from queues; records every message shown."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self.notes: list[str | None] = []
        self.files: list[list[str]] = []
        self.paths: list[str | None] = []
        self.confirms: list[bool] = []
        self.shown: list[tuple[str, str, str, str]] = []  # (kind, title, text, details)
        self.asked: list[str] = []
        # Issue 9: answers to "locked", "new version?", and the backup/version choosers.
        self.locked: list[str] = []  # "readonly" | "take_over" | "cancel" (default)
        self.new_versions: list[str] = []  # "replace" | "separate" | "cancel" (default)
        self.backups: list = []  # a Path, an int (index into the list offered), or None
        self.versions: list = []  # a version id, an int index as "#0", or None
        self.offered: list = []
        self.report_infos: list = []  # (title, unit, year) answers to 报告信息…, or None  # what each chooser listed: ("backups", [...], reason), …
        # Answers to 拆分汇编: "split" (every part as found), "whole", "cancel", a list of
        # Parts, or a callable (parent, file_name, doc, parts) -> one of those (to drive
        # the real dialog). Unscripted: "whole", the file imported as before.
        self.splits: list = []

    def ask_reviewer_name(self, parent, current=""):
        self.asked.append("name")
        return self.names.pop(0) if self.names else None

    def ask_report_files(self, parent, directory=""):
        self.asked.append("files")
        return self.files.pop(0) if self.files else []

    def _path(self, what):
        self.asked.append(what)
        return self.paths.pop(0) if self.paths else None

    def ask_open_project(self, parent, directory=""):
        return self._path("open_project")

    def ask_new_project(self, parent, directory=""):
        return self._path("new_project")

    def ask_save_copy(self, parent, directory=""):
        return self._path("save_copy")

    def ask_pdf_path(self, parent, path):
        self.offered.append(("pdf", path))
        return self._path("pdf")

    def print_preview(self, parent, printer, paint):
        """Paints as the preview would, onto the printer the test set up; "prints" it."""
        self.asked.append("print")
        paint(printer)
        return True

    def ask_note(self, parent, quote, current):
        self.asked.append("note")
        return self.notes.pop(0) if self.notes else None

    def ask_report_info(self, parent, title, unit, year):
        self.asked.append("report_info")
        self.offered.append(("report_info", title, unit, year))
        return self.report_infos.pop(0) if self.report_infos else None

    def ask_split(self, parent, file_name, doc, parts):
        self.asked.append("split")
        self.offered.append(("split", file_name, list(parts)))
        answer = self.splits.pop(0) if self.splits else "whole"
        if callable(answer):
            answer = answer(parent, file_name, doc, parts)
        return list(parts) if answer == "split" else answer

    def confirm(self, parent, title, text):
        self.asked.append("confirm")
        return self.confirms.pop(0) if self.confirms else False

    def ask_locked(self, parent, holder_text, other_host):
        self.asked.append("locked")
        self.offered.append(("locked", holder_text, other_host))
        return self.locked.pop(0) if self.locked else "cancel"

    def ask_new_version(self, parent, file_name, doc_title, similarity):
        self.asked.append("new_version")
        self.offered.append(("new_version", file_name, doc_title, similarity))
        return self.new_versions.pop(0) if self.new_versions else "cancel"

    def choose_backup(self, parent, backups, reason=""):
        self.asked.append("backup")
        self.offered.append(("backups", list(backups), reason))
        answer = self.backups.pop(0) if self.backups else None
        return backups[answer].path if isinstance(answer, int) else answer

    def choose_version(self, parent, doc_title, versions, can_restore=True):
        self.asked.append("version")
        self.offered.append(("versions", list(versions), doc_title))
        answer = self.versions.pop(0) if self.versions else None
        return versions[int(answer[1:])].id if isinstance(answer, str) else answer

    def info(self, parent, title, text, details=""):
        self.shown.append(("info", title, text, details))

    def warning(self, parent, title, text, details=""):
        self.shown.append(("warning", title, text, details))


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path, qapp):
    """Each test gets its own QSettings folder and AppDataLocation."""
    QCoreApplication.setOrganizationName("ReviewDeskTest")
    QCoreApplication.setApplicationName("ReviewDeskTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QStandardPaths.setTestModeEnabled(True)
    yield tmp_path / "settings"
    _drain_workers()


def _drain_workers() -> None:
    """Background jobs a test's window started (suggestions, flags, exports) are cancelled
    and finished before the next test, so none waits behind another test's leftovers."""
    from PySide6.QtCore import QThreadPool

    from desktop.ui import workers

    for task in list(workers._running):  # noqa: SLF001 - the test harness owns the pool
        task.cancel()
    QThreadPool.globalInstance().waitForDone(30000)
    QCoreApplication.processEvents()


@pytest.fixture
def fake() -> FakeInteraction:
    return FakeInteraction()


@pytest.fixture
def window(qtbot, tmp_path, fake):
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    context = AppContext()
    context.reviewer = "测试员"
    win = MainWindow(context, fake)
    qtbot.addWidget(win)
    assert win.open_project(tmp_path / "round.rdproj")
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.importer.busy:
        win.importer.cancel()
        qtbot.waitUntil(lambda: not win.importer.busy, timeout=30000)
    context.close_project()


@pytest.fixture
def import_files(qtbot, window):
    """Imports files through the real worker and progress dialog; returns the summary."""

    def run(paths):
        with qtbot.waitSignal(window.importer.finished, timeout=60000) as blocker:
            window.import_files([str(p) for p in paths])
        return blocker.args[0]

    return run


@pytest.fixture
def seed_doc(window, import_files):
    summary = import_files([SEED])
    assert summary.imported, summary
    return summary.imported[0].doc_id


def db_rows(window, sql, args=()):
    """Rows straight from the window's project file, through a connection of its own."""
    import sqlite3

    conn = sqlite3.connect(window.context.project.path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
