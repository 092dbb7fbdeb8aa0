"""Reviewer operations on annotations, shared by every pane.

Each method turns a request (tag this span, delete these rows, …) into an
undo command from desktop.ui.commands; several at once form one undo step.
Expected failures come back as a friendly message through the interaction
seam, so a pane never needs its own error handling. While the project is
read-only nothing is attempted: the status bar says why (``message``).
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

    def add(self, doc_id: int, start: int, end: int, tag: str) -> int:
        """Tags text[start:end] of a document; returns the new annotation's id (0 on failure)."""
        if not self.writable():
            return 0
        try:
            cmd = commands.perform(self.context, commands.AddAnnotation(self.context, doc_id, start, end, tag))
        except ReviewDeskError as exc:
            self._fail(exc)
            return 0
        return cmd.annotation.id if cmd.annotation else 0

    def _batch(self, title: str, ids: Iterable[int], make: Callable[[int], commands.AnnotationCommand]) -> None:
        ids = list(dict.fromkeys(ids))
        if not ids or not self.writable():
            return
        stack = self.context.undo_stack
        if len(ids) > 1:
            stack.beginMacro(title)
        try:
            for ann_id in ids:
                commands.perform(self.context, make(ann_id))
        except ReviewDeskError as exc:
            self._fail(exc)
        finally:
            if len(ids) > 1:
                stack.endMacro()

    def delete(self, ids: Iterable[int]) -> None:
        self._batch(self.tr("删除标注"), ids, lambda i: commands.DeleteAnnotation(self.context, i))

    def retag(self, ids: Iterable[int], tag: str) -> None:
        project = self.context.project
        if project is None:
            return
        ids = list(ids)
        found = project.annotations_by_id(ids)
        ids = [i for i in ids if i in found and found[i].tag != tag]
        self._batch(self.tr("更改类型"), ids, lambda i: commands.RetagAnnotation(self.context, i, tag))

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
        self._batch(self.tr("编辑批注"), [ann_id], lambda i: commands.EditNote(self.context, i, note))

    def _run(self, command: commands.StoreCommand) -> commands.StoreCommand | None:
        if not self.writable():
            return None
        try:
            return commands.perform(self.context, command)
        except ReviewDeskError as exc:
            self._fail(exc)
            return None

    def replace_document(self, doc_id: int, imported: ImportedDocument,
                         title: str = "") -> commands.ReplaceDocument | None:
        """Makes ``imported`` the new version of a report: one undo step (None on failure)."""
        return self._run(commands.ReplaceDocument(self.context, doc_id, imported, title))

    def revert_version(self, doc_id: int, version_id: int, label: str = "") -> commands.RevertVersion | None:
        """Brings back a stored earlier text of a report: one undo step (None on failure)."""
        return self._run(commands.RevertVersion(self.context, doc_id, version_id, label))
