"""Undoable reviewer operations on annotations (QUndoCommand subclasses).

Each command is small and records what it needs to invert itself. The first
``redo`` happens *before* the command is pushed (see :func:`perform`), so a
store error reaches the caller instead of leaving a half-done command on the
stack. Every redo/undo is one store operation that commits at once, which is
why undo never needs to be switched off: the stack replays operations, it
does not hold unsaved state. Re-adding an annotation restores its old id so
later commands on the stack still point at it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QUndoCommand

from desktop.errors import ReviewDeskError
from desktop.importers.base import ImportedDocument
from desktop.store import Annotation
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label


def _short(quote: str, n: int = 12) -> str:
    quote = quote.replace("\n", " ")
    return quote if len(quote) <= n else quote[: n - 1] + "…"


class StoreCommand(QUndoCommand):
    """Base of every undoable reviewer operation (annotations, scores).

    The first run happens in :meth:`first`, before the push, so a store error
    never leaves a half-done command on the stack; the push's own redo() is then
    skipped. Undo or redo of a change in another document shows that document,
    so the reviewer sees what Ctrl+Z did.
    """

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._done = False

    def project(self):
        if self.context.project is None:
            raise RuntimeError("undo command without an open project")
        return self.context.project

    def redo(self) -> None:  # noqa: D401 - Qt API
        if not self._done:
            self._done = True
            return
        self._replay(self.do)

    def undo(self) -> None:
        self._replay(self.undo_store)

    def _replay(self, step) -> None:
        """Undo or redo from the stack. A refusal (read-only, lock taken over,
        disk full: the store rolled it back) leaves the stack no longer matching
        the project, so the history is dropped once the stack is done with us."""
        try:
            step()
        except ReviewDeskError as exc:
            context, error = self.context, exc  # the stack deletes this command when it clears

            def after() -> None:
                context.undo_stack.clear()
                context.write_failed(error)

            QTimer.singleShot(0, after)
            return
        self._follow()

    def first(self) -> None:
        """Runs the operation the first time; raises on failure (the store rolled
        it back, and :func:`perform` pushes nothing). The context hears of the
        failure first, so a lock another PC took over makes the window read-only."""
        try:
            self.do()
        except ReviewDeskError as exc:
            self.context.note_write_failure(exc)
            raise

    def do(self) -> None:
        raise NotImplementedError

    def undo_store(self) -> None:
        raise NotImplementedError

    def target_doc_id(self) -> int:
        """The document the operation changed."""
        raise NotImplementedError

    def _follow(self) -> None:
        if self.context.current_doc_id != self.target_doc_id():
            self.context.set_current_document(self.target_doc_id())


class AnnotationCommand(StoreCommand):
    """Base of the annotation operations."""

    def doc_id(self) -> int:
        raise NotImplementedError

    def target_doc_id(self) -> int:
        return self.doc_id()


class AddAnnotation(AnnotationCommand):
    def __init__(self, context: AppContext, doc_id: int, start: int, end: int, tag: str,
                 note: str = "") -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "标注“%1”").replace("%1", tag_label(tag)))
        self._doc_id, self.start, self.end, self.tag, self.note = doc_id, start, end, tag, note
        self.annotation: Annotation | None = None
        self._evidence: list[tuple] = []

    def doc_id(self) -> int:
        return self._doc_id

    def do(self) -> None:
        project = self.project()
        if self.annotation is None:
            self.annotation = project.add_annotation(
                self._doc_id, self.start, self.end, self.tag, note=self.note,
                reviewer=self.context.reviewer)
            self.setText(self.text() + " " + _short(self.annotation.quote))
        else:
            project.restore_annotation(self.annotation, self._evidence)

    def undo_store(self) -> None:
        project = self.project()
        assert self.annotation is not None
        self.annotation = project.annotation(self.annotation.id)
        self._evidence = project.evidence_of_annotation(self.annotation.id)
        project.delete_annotation(self.annotation.id)


class DeleteAnnotation(AnnotationCommand):
    def __init__(self, context: AppContext, ann_id: int) -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "删除标注"))
        self.ann_id = ann_id
        self.annotation: Annotation | None = None
        self._evidence: list[tuple] = []

    def doc_id(self) -> int:
        return self.annotation.doc_id if self.annotation else 0

    def do(self) -> None:
        project = self.project()
        self._evidence = project.evidence_of_annotation(self.ann_id)
        self.annotation = project.delete_annotation(self.ann_id)
        self.setText(QCoreApplication.translate("UndoCommands", "删除标注") + " " + _short(self.annotation.quote))

    def undo_store(self) -> None:
        assert self.annotation is not None
        self.project().restore_annotation(self.annotation, self._evidence)


class RetagAnnotation(AnnotationCommand):
    def __init__(self, context: AppContext, ann_id: int, new_tag: str) -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "改为“%1”").replace("%1", tag_label(new_tag)))
        self.ann_id, self.new_tag = ann_id, new_tag
        self.old_tag = ""
        self._doc = 0

    def doc_id(self) -> int:
        return self._doc

    def do(self) -> None:
        project = self.project()
        if not self.old_tag:
            before = project.annotation(self.ann_id)
            self.old_tag, self._doc = before.tag, before.doc_id
        project.update_annotation(self.ann_id, tag=self.new_tag)

    def undo_store(self) -> None:
        self.project().update_annotation(self.ann_id, tag=self.old_tag)


class EditNote(AnnotationCommand):
    def __init__(self, context: AppContext, ann_id: int, new_note: str) -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "编辑批注"))
        self.ann_id, self.new_note = ann_id, new_note
        self.old_note: str | None = None
        self._doc = 0

    def doc_id(self) -> int:
        return self._doc

    def do(self) -> None:
        project = self.project()
        if self.old_note is None:
            before = project.annotation(self.ann_id)
            self.old_note, self._doc = before.note, before.doc_id
        project.update_annotation(self.ann_id, note=self.new_note)

    def undo_store(self) -> None:
        self.project().update_annotation(self.ann_id, note=self.old_note or "")


class ReplaceDocument(StoreCommand):
    """A report's text replaced by a new version the reviewer confirmed: the old
    text is kept as a stored version, annotations re-anchored; undo brings the
    old text and every annotation's place back exactly (Project.undo_replace)."""

    def __init__(self, context: AppContext, doc_id: int, imported: ImportedDocument, title: str = "") -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "替换为新版本“%1”")
                         .replace("%1", _short(title or imported.title or imported.source_name, 16)))
        self.doc_id, self.imported = doc_id, imported
        self.version_id = 0
        self.result = None  # the last ImportResult (moved, orphans)

    def target_doc_id(self) -> int:
        return self.doc_id

    def do(self) -> None:
        self.result = self.project().replace_document(self.doc_id, self.imported)
        self.version_id = self.result.version_id

    def undo_store(self) -> None:
        if self.version_id:
            self.project().undo_replace(self.doc_id, self.version_id)
            self.version_id = 0


class RevertVersion(StoreCommand):
    """Brings back a stored earlier text of a report (the current text is stored
    in turn); undo removes that new version entry and restores what was shown."""

    def __init__(self, context: AppContext, doc_id: int, version_id: int, label: str = "") -> None:
        super().__init__(context, QCoreApplication.translate("UndoCommands", "恢复历史版本 %1")
                         .replace("%1", label).strip())
        self.doc_id, self.source_version_id = doc_id, version_id
        self.version_id = 0
        self.result = None

    def target_doc_id(self) -> int:
        return self.doc_id

    def do(self) -> None:
        self.result = self.project().revert_to_version(self.doc_id, self.source_version_id)
        self.version_id = self.result.version_id

    def undo_store(self) -> None:
        if self.version_id:
            self.project().undo_replace(self.doc_id, self.version_id)
            self.version_id = 0


def perform(context: AppContext, command: StoreCommand) -> StoreCommand:
    """Runs ``command`` once (errors propagate, nothing is pushed) and pushes it."""
    command.first()
    context.undo_stack.push(command)  # its redo() skips the already-done first run
    return command
