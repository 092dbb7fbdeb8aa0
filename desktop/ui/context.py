"""The one object every pane gets: the open project, the undo stack, the
reviewer and the current document, plus Qt signals that relay the store's
change announcements onto the GUI thread.

Panes never refresh each other by hand: an operation changes the store, the
store announces a :class:`~desktop.store.Change`, ``storeChanged`` carries it
here, and each pane updates what it shows.

A project can be open read-only (another window, command or PC holds its
lock, or the file or folder cannot be written). ``readonly`` says so and
``readonlyChanged`` tells panes and extensions to disable their editing; a
write that fails because another PC took the lock over reopens the project
read-only through :meth:`AppContext.write_failed`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.errors import ProjectLocked, ReviewDeskError
from desktop.store import Change, ChangeSet, Project
from desktop.store.cache import ProjectCache

log = logging.getLogger(__name__)


class AppContext(QObject):
    #: A project was opened or closed (``project`` may be None).
    projectChanged = Signal()
    #: The document shown in the document pane changed (0 = none).
    currentDocumentChanged = Signal(int)
    #: Every committed operation's desktop.store.ChangeSet, once.
    storeChanged = Signal(object)
    #: Ask the document pane to scroll to and flash a span: (doc_id, start, end) in code points.
    revealRequested = Signal(int, int, int)
    #: The annotation selected in any pane (0 = none).
    annotationSelected = Signal(int)
    #: Emitted after ``projectChanged`` and whenever the window switches between
    #: writable and read-only: True while nothing may be edited.
    readonlyChanged = Signal(bool)
    #: A write the store refused (a ReviewDeskError), after it was rolled back;
    #: the window shows it. A ProjectLocked has already made the project read-only.
    writeRefused = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)
        #: What the reviewer columns get: the typed name, or “名（2）” when a
        #: namesake from another installation wrote to this project first.
        self.reviewer: str = ""
        #: The name the reviewer typed (settings); see register_reviewer.
        self.reviewer_name: str = ""
        self.current_doc_id: int = 0
        #: The open project's ProjectCache (counts, infos, per-text results), or None.
        self.cache: ProjectCache | None = None
        self._unsubscribe = None

    # --- project --------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        """True while the open project must not be edited (False with no project)."""
        return self.project is not None and self.project.readonly

    @property
    def readonly_reason(self) -> str:
        return self.project.readonly_reason if self.readonly else ""

    def open_project(self, path: str | Path, readonly: bool = False, take_over: bool = False,
                     reason: str = "") -> Project:
        """Opens (or creates) a project file and makes it current; raises ProjectError
        (ProjectLocked, ProjectReadOnly, CorruptProject…) and then keeps the old one.

        ``readonly`` opens without the writer lock (``reason`` is shown in the
        banner); ``take_over`` takes a lock held from another PC."""
        project = Project(path, readonly=readonly, take_over_lock=take_over, user=self.reviewer)
        if readonly and reason:
            project.readonly_reason = reason
        self.close_project()
        self._attach(project)
        self.projectChanged.emit()
        self.readonlyChanged.emit(project.readonly)
        return project

    def _attach(self, project: Project) -> None:
        """The cache hears of each change set before any pane does."""
        self.project = project
        self.cache = ProjectCache(project)
        self._unsubscribe = project.subscribe(self.storeChanged.emit)
        if self.reviewer_name:
            self.register_reviewer(self.reviewer_name)

    def register_reviewer(self, name: str) -> str:
        """Makes ``name`` the reviewer and records, in a writable project, that
        this installation writes under it (issue 14: reviewers are a name plus
        an installation, so two 张三 on two PCs stay apart when their projects
        are merged). Returns the key written on annotations and scores."""
        from desktop.identity import installation_id
        from desktop.store.merge import RegisterReviewer
        from desktop.ui.commands import run_unrecorded

        self.reviewer_name = self.reviewer = name
        project = self.project
        if project is None or project.readonly or not name:
            return name
        try:
            self.reviewer = run_unrecorded(self, RegisterReviewer(name, installation_id())).result
        except ReviewDeskError as exc:
            log.warning("reviewer not recorded: %s", exc)
        return self.reviewer

    def reopen_readonly(self, reason: str) -> Project | None:
        """The writer lock is gone (another PC took it over): the same project,
        read-only, on the same report; the undo history no longer applies."""
        if self.project is None:
            return None
        path, doc_id = self.project.path, self.current_doc_id
        try:
            project = Project(path, readonly=True, user=self.reviewer)
        except ReviewDeskError:
            self.project.readonly = True  # at least refuse every further write
            self.project.readonly_reason = reason
            self.undo_stack.clear()
            self.readonlyChanged.emit(True)
            return self.project
        project.readonly_reason = reason
        self.close_project()
        self._attach(project)
        self.projectChanged.emit()
        self.readonlyChanged.emit(True)
        if doc_id and project.document_info(doc_id) is not None:
            self.set_current_document(doc_id)
        return project

    def note_write_failure(self, exc: ReviewDeskError) -> None:
        """A write raised ``exc`` and its caller shows the message: when another
        PC took the lock over, the project becomes read-only with that reason."""
        if isinstance(exc, ProjectLocked) and self.project is not None and not self.project.readonly:
            self.reopen_readonly(exc.message)

    def write_failed(self, exc: ReviewDeskError) -> None:
        """A write raised ``exc`` and nobody has shown it: as note_write_failure,
        then ``writeRefused`` lets the window tell the reviewer."""
        self.note_write_failure(exc)
        self.writeRefused.emit(exc)

    def refresh_from_disk(self) -> None:
        """Another program changed the project (a read-only window polls for it):
        every pane re-reads what it shows, keeping the current report and place."""
        project = self.project
        if project is None:
            return
        doc_id = self.current_doc_id
        if doc_id and project.document_info(doc_id) is None:
            self.set_current_document(0)
            doc_id = 0
        # The documents list, the round (scoring pane rebuilds and re-reads its
        # scores), then the current report's text, outline and every annotation.
        if self.cache is not None:  # another program wrote: nothing cached holds
            self.cache.close()
            self.cache = ProjectCache(project)
        changes = [Change("documents", None), Change("round")]
        if doc_id:
            changes += [Change("documents", doc_id, (doc_id,)), Change("annotations", doc_id, ())]
        self.storeChanged.emit(ChangeSet(tuple(changes), "refresh_from_disk"))

    def close_project(self) -> None:
        if self.project is None:
            return
        if self._unsubscribe:
            self._unsubscribe()
        if self.cache is not None:
            self.cache.close()
            self.cache = None
        self.undo_stack.clear()
        self.project.close()
        self.project = None
        self.set_current_document(0)
        self.projectChanged.emit()
        self.readonlyChanged.emit(False)

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
