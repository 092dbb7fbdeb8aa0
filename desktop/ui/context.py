"""The one object every pane gets: the open project, the undo stack, the
reviewer and the current document, plus Qt signals that relay the store's
change announcements onto the GUI thread.

Panes never refresh each other by hand: an operation changes the store, the
store announces a :class:`~desktop.store.Change`, ``storeChanged`` carries it
here, and each pane updates what it shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.store import Change, Project


class AppContext(QObject):
    #: A project was opened or closed (``project`` may be None).
    projectChanged = Signal()
    #: The document shown in the document pane changed (0 = none).
    currentDocumentChanged = Signal(int)
    #: Any committed change in the store (a desktop.store.Change).
    storeChanged = Signal(object)
    #: Ask the document pane to scroll to and flash a span: (doc_id, start, end) in code points.
    revealRequested = Signal(int, int, int)
    #: The annotation selected in any pane (0 = none).
    annotationSelected = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)
        self.reviewer: str = ""
        self.current_doc_id: int = 0
        self._unsubscribe = None

    # --- project --------------------------------------------------------------

    def open_project(self, path: str | Path) -> Project:
        """Opens (or creates) a project file and makes it current; raises ProjectError."""
        project = Project(path)
        self.close_project()
        self.project = project
        self._unsubscribe = project.subscribe(self.storeChanged.emit)
        self.projectChanged.emit()
        return project

    def close_project(self) -> None:
        if self.project is None:
            return
        if self._unsubscribe:
            self._unsubscribe()
        self.undo_stack.clear()
        self.project.close()
        self.project = None
        self.set_current_document(0)
        self.projectChanged.emit()

    # --- current document -------------------------------------------------------

    def set_current_document(self, doc_id: int) -> None:
        if doc_id != self.current_doc_id:
            self.current_doc_id = doc_id
            self.currentDocumentChanged.emit(doc_id)

    def reveal(self, doc_id: int, start: int, end: int) -> None:
        """Show a span: switches document if needed, then scrolls and flashes."""
        self.set_current_document(doc_id)
        self.revealRequested.emit(doc_id, start, end)

    @staticmethod
    def is_change(change: Change, *whats: str) -> bool:
        return change.what in whats
