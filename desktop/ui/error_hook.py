"""The one place unexpected errors end up (sys.excepthook).

Expected failures (ReviewDeskError) get their friendly Chinese message; any
other exception is logged to a file and shown in a dialog whose details can
be copied and sent to the IT staff. The app keeps running either way.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.errors import ReviewDeskError

log = logging.getLogger("reviewdesk")


def setup_logging(path: Path) -> None:
    """Log to a rotating file next to the user's data; a failure to open it is not fatal."""
    try:
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


class ErrorDialog(QDialog):
    """Message, read-only details and a copy button; never a raw traceback popup."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("评阅台出现意外错误"))
        layout = QVBoxLayout(self)
        text = self.tr("操作没有完成。已提交的修改都已保存在项目文件中。请把下面的详细信息复制给技术人员。")
        if log_file is not None:
            text += "\n" + self.tr("日志文件：") + str(log_file)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 220)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("复制详细信息"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copyDetails")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def _show_dialog(exc: BaseException, details: str, log_file: Path | None) -> None:
    parent = QApplication.activeWindow()
    if isinstance(exc, ReviewDeskError):
        QMessageBox.warning(parent, QCoreApplication.translate("ErrorHook", "无法完成操作"), exc.message)
        return
    ErrorDialog(details, log_file, parent).exec()


#: Seam for tests: called with (exception, details, log file) instead of a modal dialog.
presenter: Callable[[BaseException, str, Path | None], None] = _show_dialog
_busy = False


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
           log_file: Path | None = None) -> None:
    global _busy
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = f"ReviewDesk {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
    details += "".join(traceback.format_exception(exc_type, exc, tb))
    if isinstance(exc, ReviewDeskError):
        log.warning("%s: %s", exc.kind, exc.message)
    else:
        log.error("unexpected error\n%s", details)
    if _busy or QApplication.instance() is None:  # an error inside the dialog: just log it
        sys.__excepthook__(exc_type, exc, tb)
        return
    _busy = True
    try:
        presenter(exc, details, log_file)
    finally:
        _busy = False


def install(log_file: Path | None) -> None:
    """Routes uncaught exceptions (also those raised in Qt slots) to :func:`handle`."""
    if log_file is not None:
        setup_logging(log_file)
    sys.excepthook = lambda t, e, tb: handle(t, e, tb, log_file)
