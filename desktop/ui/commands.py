"""Undo steps: one generic QUndoCommand over the core's operations.

Every change the reviewer makes is an operation of desktop.store.operations;
:class:`OperationCommand` runs it, keeps the exact inverse the store returns
and runs that on undo (whose own inverse is the redo). The first run happens
*before* the command is pushed (see :func:`perform`), so a store error
reaches the caller instead of leaving a half-done command on the stack. Every
redo/undo is one transaction that commits at once: the stack replays
operations, it holds no unsaved state. Undo puts rows back with their ids,
so later commands on the stack still point at them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QUndoCommand

from desktop.errors import ReviewDeskError
from desktop.importers.base import ImportedDocument
from desktop.store import operations as ops
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


class OperationCommand(StoreCommand):
    """Any core operation (desktop.store.operations) as one undo step.

    The first run and every redo run the operation; undo runs the inverse the
    store returned, which restores every row exactly; the inverse of that run
    is the redo. A batch (delete 200 annotations) is one operation, so one
    transaction, one change set and one step. Commands with the same
    ``merge_key`` pushed one after the other become one step (the spin box's
    arrows): their inverses join into one."""

    _MERGE_ID = 4200

    def __init__(self, context: AppContext, op: ops.Operation, text: str, merge_key: object = None) -> None:
        super().__init__(context, text)
        self.op = op
        self.merge_key = merge_key
        self.applied: ops.Applied | None = None
        self._undo: ops.RestoreRows | None = None
        self._redo: ops.Operation | None = None
        self._docs: list[int] = []

    @property
    def result(self):
        """What the first run returned (new ids, an ImportResult…)."""
        return self.applied.result if self.applied else None

    @property
    def changed(self) -> bool:
        return bool(self.applied and self.applied.changes)

    def do(self) -> None:
        applied = self.project().run(self._redo or self.op)
        if self.applied is None:
            self.applied = applied
        self._undo, self._redo = applied.inverse, None
        self._note(applied.changes)

    def undo_store(self) -> None:
        assert self._undo is not None
        applied = self.project().run(self._undo)
        self._redo = applied.inverse
        self._note(applied.changes)

    def _note(self, changes) -> None:
        self._docs = [d for d in dict.fromkeys(c.doc_id for c in changes) if d]

    def target_doc_id(self) -> int:
        current = self.context.current_doc_id
        if not self._docs or current in self._docs:
            return current
        project = self.context.project
        for doc_id in self._docs:
            if project is not None and project.document_info(doc_id) is not None:
                return doc_id
        return current

    def id(self) -> int:  # noqa: A003 - Qt API
        return self._MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, OperationCommand) or other.merge_key is None or \
                other.merge_key != self.merge_key or self._undo is None or other._undo is None:
            return False
        self._undo = ops.joined(self._undo, other._undo)
        self._redo = None
        self.setText(other.text())
        return True



# --- the reviewer's operations on annotations and reports, as undo steps ------------------------


def add_annotation(context: AppContext, doc_id: int, start: int, end: int, tag: str,
                   note: str = "") -> OperationCommand:
    op = ops.AddAnnotations((ops.NewAnnotation(doc_id, start, end, tag, note, context.reviewer),))
    return OperationCommand(context, op, QCoreApplication.translate("UndoCommands", "标注“%1”").replace("%1", tag_label(tag)))


def delete_annotations(context: AppContext, ids: list[int], quote: str = "") -> OperationCommand:
    text = QCoreApplication.translate("UndoCommands", "删除标注") if len(ids) == 1 else QCoreApplication.translate("UndoCommands", "删除 %1 条标注").replace("%1", str(len(ids)))
    if quote and len(ids) == 1:
        text += " " + _short(quote)
    return OperationCommand(context, ops.DeleteAnnotations(tuple(ids)), text)


def retag_annotations(context: AppContext, ids: list[int], tag: str) -> OperationCommand:
    return OperationCommand(context, ops.UpdateAnnotations(tuple(ids), tag=tag),
                            QCoreApplication.translate("UndoCommands", "改为“%1”").replace("%1", tag_label(tag)))


def accept_suggestions(context: AppContext, items: list[ops.SuggestedSpan]) -> OperationCommand:
    """Suggestions made ordinary annotations (recorded as coming from a suggestion): one undo step."""
    op = ops.AcceptSuggestions(tuple(items), context.reviewer)
    if len(items) == 1:
        text = QCoreApplication.translate("UndoCommands", "接受建议“%1”").replace("%1", tag_label(items[0].tag))
    else:
        text = QCoreApplication.translate("UndoCommands", "接受 %1 条建议").replace("%1", str(len(items)))
    return OperationCommand(context, op, text)


def reject_suggestions(context: AppContext, items: list[ops.SuggestedSpan]) -> OperationCommand:
    """Suggestions turned down for the report's current version: one undo step."""
    return OperationCommand(context, ops.RejectSuggestions(tuple(items), context.reviewer),
                            QCoreApplication.translate("UndoCommands", "拒绝 %1 条建议").replace("%1", str(len(items))))


def edit_note(context: AppContext, ann_id: int, note: str) -> OperationCommand:
    return OperationCommand(context, ops.UpdateAnnotations((ann_id,), note=note), QCoreApplication.translate("UndoCommands", "编辑批注"))


def import_annotations(context: AppContext, items: list[ops.NewAnnotation]) -> OperationCommand:
    return OperationCommand(context, ops.AddAnnotations(tuple(items)),
                            QCoreApplication.translate("UndoCommands", "导入 %1 条标注").replace("%1", str(len(items))))


def update_documents(context: AppContext, ids: list[int], **fields) -> OperationCommand:
    return OperationCommand(context, ops.UpdateDocuments(tuple(ids), fields), QCoreApplication.translate("UndoCommands", "修改报告信息"))


def remove_documents(context: AppContext, ids: list[int], title: str = "") -> OperationCommand:
    text = QCoreApplication.translate("UndoCommands", "删除报告“%1”").replace("%1", _short(title, 16)) if title else QCoreApplication.translate("UndoCommands", "删除报告")
    return OperationCommand(context, ops.RemoveDocuments(tuple(ids)), text)


def import_document(context: AppContext, imported: ImportedDocument) -> OperationCommand:
    return OperationCommand(context, ops.ImportDocument(imported),
                            QCoreApplication.translate("UndoCommands", "导入报告“%1”").replace("%1", _short(imported.title or imported.source_name, 16)))


def replace_document(context: AppContext, doc_id: int, imported: ImportedDocument, title: str = "") -> OperationCommand:
    """A report's text replaced by a new version the reviewer confirmed: the old
    text is kept as a stored version, annotations re-anchored; undo brings the
    old text and every annotation's place back exactly."""
    op = context.project.replace_operation(doc_id, imported)  # type: ignore[union-attr]
    return OperationCommand(context, op, QCoreApplication.translate("UndoCommands", "替换为新版本“%1”")
                            .replace("%1", _short(title or imported.title or imported.source_name, 16)))


def revert_version(context: AppContext, doc_id: int, version_id: int, label: str = "") -> OperationCommand:
    """Brings back a stored earlier text of a report (the current text is stored in turn)."""
    op = context.project.revert_operation(doc_id, version_id)  # type: ignore[union-attr]
    return OperationCommand(context, op, QCoreApplication.translate("UndoCommands", "恢复历史版本 %1").replace("%1", label).strip())


def set_round(context: AppContext, name: str, year: int | None) -> OperationCommand:
    return OperationCommand(context, ops.SetRound(name, year), QCoreApplication.translate("UndoCommands", "修改评审轮次"))


def set_rubric(context: AppContext, rubric, keep_scores: bool = True) -> OperationCommand:
    from datetime import datetime

    return OperationCommand(context, ops.SetRubric(rubric, keep_scores, datetime.now().strftime("%Y%m%d%H%M%S")),
                            QCoreApplication.translate("UndoCommands", "更换评分细则“%1”").replace("%1", _short(rubric.name, 16)))


def run_unrecorded(context: AppContext, op: ops.Operation) -> ops.Applied:
    """Runs an operation that is deliberately not an undo step (a new report
    imported, unit and year looked at once): the same operation and change
    set as everything else, only nothing on the stack. Errors propagate after
    the context heard of them (a lock taken over makes the window read-only)."""
    project = context.project
    if project is None:
        raise RuntimeError("operation without an open project")
    try:
        return project.run(op)
    except ReviewDeskError as exc:
        context.note_write_failure(exc)
        raise


def perform(context: AppContext, command: StoreCommand) -> StoreCommand:
    """Runs ``command`` once (errors propagate, nothing is pushed) and pushes it;
    an operation that changed nothing is not pushed (no empty undo steps)."""
    command.first()
    if isinstance(command, OperationCommand) and not command.changed:
        return command
    context.undo_stack.push(command)  # its redo() skips the already-done first run
    return command
