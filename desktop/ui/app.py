"""Starting the GUI: application object, look, translations, error hook,
reviewer name, and the files given on the command line.

Everything a test would need to replace is a parameter or a module seam
(``interaction``), so tests build the same window without dialogs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop import __version__
from desktop.ui import error_hook, fonts, i18n, input_method
from desktop.ui import settings as app_settings
from desktop.ui.context import AppContext
from desktop.ui.icons import app_icon
from desktop.ui.interaction import Interaction
from desktop.ui.main_window import MainWindow
from desktop.ui.paths import default_project_path, is_project_path, log_path, resource

ORG_NAME = APP_NAME = "ReviewDesk"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, style, fonts and translators (reused if one exists)."""
    app = QApplication.instance()
    if app is None:
        input_method.configure()  # QT_IM_MODULE is read when the QApplication is made
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "评阅台"))
    app.setWindowIcon(app_icon())
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")
    fonts.apply_ui_font(app)
    load_stylesheet(app)
    i18n.install_translators(app, i18n.choose_language(QSettings(), QLocale.system()))
    return app


def load_stylesheet(app: QApplication) -> None:
    qss = resource("styles", "app.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def ensure_reviewer(context: AppContext, interaction: Interaction, parent=None) -> None:
    """Asks the reviewer's name once (first start) and keeps it in QSettings."""
    name = app_settings.reviewer_name()
    if not name:
        name = interaction.ask_reviewer_name(parent, "") or ""
        if name:
            app_settings.set_reviewer_name(name)
    context.register_reviewer(name)


def open_from_args(window: MainWindow, files: list[str], project: str | None) -> None:
    """Opens the project named (or the last/default one), then imports report files."""
    projects = [f for f in files if is_project_path(f)]
    reports = [f for f in files if not is_project_path(f)]
    target = project or (projects[-1] if projects else None)
    if target:
        window.open_project(target)
    if window.context.project is None:
        recent = [p for p in app_settings.recent_projects() if Path(p).exists()]
        window.open_project(recent[0] if recent else default_project_path())
    if reports:
        window.import_files([str(Path(r).resolve()) for r in reports])


def run_gui(args: argparse.Namespace) -> int:
    app = make_application()
    error_hook.install(log_path())
    if input_method.last_choice is not None:
        error_hook.log.info(input_method.last_choice.log_line())
    context = AppContext()
    interaction = Interaction()
    window = MainWindow(context, interaction)
    ensure_reviewer(context, interaction, window)
    window.status_parts.refresh()
    window.show()
    files = list(getattr(args, "files", []) or [])
    QTimer.singleShot(0, lambda: open_from_args(window, files, getattr(args, "project", None)))
    code = app.exec()
    context.close_project()
    return code
