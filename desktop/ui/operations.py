"""Reviewer operations on annotations and reports, shared by every pane.

Each method turns a request (tag this span, delete these rows, …) into one
core operation wrapped in one undo command (desktop.ui.commands): a batch is
one transaction, one change set and one undo step. Expected failures come
back as a friendly message through the interaction seam, so a pane never
needs its own error handling. While the project is read-only nothing is
attempted: the status bar says why (``message``).
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.errors import ReviewDeskError
from desktop.importers.base import ImportedDocument
from desktop.ui import commands
from desktop.ui.context import AppContext
from desktop.ui.interaction import Interaction


class Operations(QObject):
    #: A short note for the status bar (an edit refused in a read-only project).
    message = Signal(str)

    def __init__(self, context: AppContext, interaction: Callable[[], Interaction], parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self._interaction = interaction
        self.parent_widget = parent

    def _fail(self, exc: ReviewDeskError) -> None:
        self._interaction().warning(self.parent_widget, self.tr("无法完成操作"), exc.message)

    def writable(self) -> bool:
        """False (and the status bar says why) while the project is read-only."""
        if self.context.project is None:
            return False
        if self.context.readonly:
            self.message.emit(self.tr("只读：%1").replace("%1", self.context.readonly_reason))
            return False
        return True

    def run(self, command: commands.StoreCommand) -> commands.StoreCommand | None:
        """Runs and pushes one undo command; None (after telling the reviewer) on failure."""
        if not self.writable():
            return None
        try:
            return commands.perform(self.context, command)
        except ReviewDeskError as exc:
            self._fail(exc)
            return None

    def add(self, doc_id: int, start: int, end: int, tag: str) -> int:
        """Tags text[start:end] of a document; returns the new annotation's id (0 on failure)."""
        if not self.writable():
            return 0
        cmd = self.run(commands.add_annotation(self.context, doc_id, start, end, tag))
        return cmd.result[0] if isinstance(cmd, commands.OperationCommand) and cmd.result else 0

    def delete(self, ids: Iterable[int]) -> None:
        """Deletes annotations (and their evidence links): one step however many."""
        ids = list(dict.fromkeys(ids))
        project = self.context.project
        if not ids or project is None or not self.writable():
            return
        quote = ""
        if len(ids) == 1:
            found = project.annotations_by_id(ids)
            quote = found[ids[0]].quote if ids[0] in found else ""
        self.run(commands.delete_annotations(self.context, ids, quote))

    def retag(self, ids: Iterable[int], tag: str) -> None:
        """Gives annotations another tag (those already so are left alone): one step."""
        ids = list(dict.fromkeys(ids))
        if ids and self.writable():
            self.run(commands.retag_annotations(self.context, ids, tag))

    def edit_note(self, ann_id: int) -> None:
        project = self.context.project
        if project is None or not self.writable():
            return
        try:
            ann = project.annotation(ann_id)
        except ReviewDeskError as exc:
            self._fail(exc)
            return
        note = self._interaction().ask_note(self.parent_widget, ann.quote, ann.note)
        if note is None or note == ann.note:
            return
        self.run(commands.edit_note(self.context, ann_id, note))

    def replace_document(self, doc_id: int, imported: ImportedDocument,
                         title: str = "") -> commands.OperationCommand | None:
        """Makes ``imported`` the new version of a report: one undo step (None on failure).
        The command's ``result`` is the ImportResult (moved, orphans)."""
        return self._make_and_run(lambda: commands.replace_document(self.context, doc_id, imported, title))

    def revert_version(self, doc_id: int, version_id: int, label: str = "") -> commands.OperationCommand | None:
        """Brings back a stored earlier text of a report: one undo step (None on failure)."""
        return self._make_and_run(lambda: commands.revert_version(self.context, doc_id, version_id, label))

    def _make_and_run(self, make: Callable[[], commands.OperationCommand]) -> commands.OperationCommand | None:
        """For operations that read the project to be built (re-anchoring a new text)."""
        if not self.writable():
            return None
        try:
            command = make()
        except ReviewDeskError as exc:
            self._fail(exc)
            return None
        return self.run(command)  # type: ignore[return-value]

    def update_documents(self, ids: Iterable[int], **fields) -> bool:
        """Title, unit, year or status of reports: one step. False when refused."""
        ids = list(dict.fromkeys(ids))
        return bool(ids) and self.run(commands.update_documents(self.context, ids, **fields)) is not None

    def remove_documents(self, ids: Iterable[int], title: str = "") -> bool:
        """Removes reports with all their annotations and scores: one undoable step."""
        ids = list(dict.fromkeys(ids))
        return bool(ids) and self.run(commands.remove_documents(self.context, ids, title)) is not None
