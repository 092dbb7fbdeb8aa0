"""Read-only mode of the main window: the yellow banner, every editing control
switched off, and a poll that shows what the writer saves meanwhile.

A project opens read-only when another window, command or PC holds its lock,
when its file or folder cannot be written, or when another PC took the lock
over while this window was writing. The store refuses every write then
anyway; switching the controls off says so before the reviewer tries, and
the banner says why. ``AppContext.readonly`` and ``readonlyChanged`` are the
seam extensions follow; the controls of extensions that do not (yet) follow
it are switched off here from outside.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolBar, QWidget

from desktop.errors import ReviewDeskError
from desktop.ui.context import AppContext
from desktop.ui.icons import standard

#: How often a read-only window asks SQLite whether another connection committed.
POLL_MS = 2000


class ReadOnlyBanner(QFrame):
    """"只读：<reason>" across the top of the window, with a button to try
    opening for writing again (the other window may have closed)."""

    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readonlyBanner")
        self.setStyleSheet(
            "#readonlyBanner { background: #fff3c4; border: 1px solid #e0c050; border-radius: 3px; }"
            "#readonlyBanner QLabel { color: #5c4400; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 6, 3)
        icon = QLabel(self)
        icon.setPixmap(standard("SP_MessageBoxWarning").pixmap(22, 22))
        layout.addWidget(icon)
        self.label = QLabel(self)
        self.label.setObjectName("readonlyText")
        self.label.setWordWrap(False)  # wrapped, a QLabel in a tool bar asks for far too much height
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.retry = QPushButton(self.tr("重新以可写方式打开"), self)
        self.retry.setObjectName("readonlyRetry")
        self.retry.setToolTip(self.tr("另一处关闭此项目后，可以在这里重新打开并修改"))
        self.retry.clicked.connect(self.retryRequested)
        layout.addWidget(self.retry)

    def set_reason(self, reason: str) -> None:
        text = self.tr("只读：%1").replace("%1", reason.strip())
        self.label.setText(f"<b>{text}</b><br>" + self.tr("可以阅读、查看评分和导出，不能标注或修改。"))
        self.label.setToolTip(text)

    def text(self) -> str:
        """The banner's words, as plain text (tests and screen readers)."""
        return self.label.toolTip()


class ReadOnlyMode(QObject):
    """Follows ``context.readonlyChanged`` for one window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext = window.context
        self.banner = ReadOnlyBanner(window)
        self.bar = QToolBar(self.tr("只读提示"), window)
        self.bar.setObjectName("readonlyBar")
        self.bar.setMovable(False)
        self.bar.setFloatable(False)
        self.bar.toggleViewAction().setVisible(False)  # not a toolbar the reviewer switches
        self.bar.setStyleSheet("QToolBar#readonlyBar { border: none; padding: 2px 4px; }")
        self.bar.addWidget(self.banner)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        self.banner.retryRequested.connect(self.retry)
        self._version: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.context.readonlyChanged.connect(self.apply)

    # --- state -------------------------------------------------------------------------

    def apply(self, readonly: bool | None = None) -> None:
        """Banner, controls and poll for the context's current state."""
        readonly = self.context.readonly
        if readonly:
            self.banner.set_reason(self.context.readonly_reason)
        self.bar.setVisible(readonly)
        self._switch_controls(not readonly)
        if readonly:
            self._version = self._data_version()
            self.timer.start()
        else:
            self.timer.stop()
            self._version = None

    def _switch_controls(self, writable: bool) -> None:
        w = self.window
        acts = w.acts
        has = w.context.project is not None
        acts.import_files.setEnabled(writable)  # with no project, importing opens the default one
        for action in (acts.delete_annotation, acts.edit_note, acts.restore_backup):
            action.setEnabled(writable and has)
        selection = w.document_view.textCursor().hasSelection()
        for action in acts.tags.values():
            action.setEnabled(writable and selection)
        stack = self.context.undo_stack
        acts.undo.setEnabled(writable and stack.canUndo())
        acts.redo.setEnabled(writable and stack.canRedo())
        w.annotation_pane.delete_action.setEnabled(writable)
        # Extensions (assessment, scoring pane, overview, export) follow readonlyChanged themselves.

    # --- seeing the writer's changes ----------------------------------------------------

    def _data_version(self) -> int | None:
        project = self.context.project
        if project is None:
            return None
        try:
            return project.data_version()
        except ReviewDeskError:  # the writer is committing this very moment: next time
            return self._version

    def poll(self) -> bool:
        """Re-reads the panes when another connection committed; True if it did."""
        if not self.context.readonly:
            self.timer.stop()
            return False
        version = self._data_version()
        if version is None or version == self._version:
            return False
        self._version = version
        try:
            self.context.refresh_from_disk()
        except ReviewDeskError as exc:
            self.window.status_message(exc.message)
        return True

    def retry(self) -> None:
        project = self.context.project
        if project is not None:
            self.window.open_project(project.path)
