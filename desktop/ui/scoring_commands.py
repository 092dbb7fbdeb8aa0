"""Undoable scoring operations: points, comments and evidence links.

Same pattern as desktop.ui.commands: the first run happens before the push
(so a refused score raises to the caller and nothing lands on the stack), and
each redo/undo is one store call that commits at once. Consecutive steps of
the same criterion's points (arrows, Up/Down, the wheel) merge into one undo
step, so clicking the spin box arrows five times is undone with one Ctrl+Z;
a typed value is always a step of its own, so Ctrl+Z after typing 10 and
then 7 shows 10 again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from desktop.store.scoring import Evidence
from desktop.ui.commands import StoreCommand
from desktop.ui.context import AppContext

_MERGE_SET_SCORE = 4101


class ScoringCommand(StoreCommand):
    """Base of the scoring operations: holds the report, criterion and reviewer."""

    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, text: str) -> None:
        super().__init__(context, text)
        self.doc_id, self.criterion_id = doc_id, criterion_id
        self.reviewer = context.reviewer

    def target_doc_id(self) -> int:
        return self.doc_id


class _ScoreField(ScoringCommand):
    """Shared by SetScore and SetComment: remembers the row as it was."""

    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, text: str) -> None:
        super().__init__(context, doc_id, criterion_id, text)
        self._had_row = False
        self._old_points: float | None = None
        self._old_comment = ""
        self._old_status: str | None = None

    def _remember(self) -> None:
        if self._old_status is not None:
            return
        project = self.project()
        old = project.score(self.doc_id, self.criterion_id, self.reviewer)
        self._had_row = old is not None
        self._old_points = old.points if old else None
        self._old_comment = old.comment if old else ""
        self._old_status = project.document(self.doc_id).status

    def undo_store(self) -> None:
        project = self.project()
        if self._had_row:
            project.set_score(self.doc_id, self.criterion_id, self.reviewer,
                              points=self._old_points, comment=self._old_comment)
        else:
            project.clear_score(self.doc_id, self.criterion_id, self.reviewer)
        # The first score moved the report to 评阅中; undoing it moves it back.
        if self._old_status == "not_started" and not project.scores(self.doc_id) \
                and project.document(self.doc_id).status == "in_review":
            project.update_document(self.doc_id, status="not_started")


class SetScore(_ScoreField):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, points: float | None,
                 title: str = "", *, merge: bool = False) -> None:
        super().__init__(context, doc_id, criterion_id, "")
        self.points = points
        self.merge = merge  # a step: merges with the step before it
        self.title = title or criterion_id
        self._label()

    def _label(self) -> None:
        shown = QCoreApplication.translate("ScoringCommands", "未评") if self.points is None else f"{self.points:g}"
        self.setText(QCoreApplication.translate("ScoringCommands", "评分“%1”：%2").replace("%1", self.title).replace("%2", shown))

    def do(self) -> None:
        self._remember()
        self.project().set_score(self.doc_id, self.criterion_id, self.reviewer, points=self.points)

    def id(self) -> int:  # noqa: A003 - Qt API
        return _MERGE_SET_SCORE

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, SetScore) or not (self.merge and other.merge) or (
                other.doc_id, other.criterion_id, other.reviewer) != (self.doc_id, self.criterion_id, self.reviewer):
            return False
        self.points = other.points
        self._label()
        return True


class SetComment(_ScoreField):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, comment: str,
                 title: str = "") -> None:
        super().__init__(context, doc_id, criterion_id,
                         QCoreApplication.translate("ScoringCommands", "评语“%1”").replace("%1", title or criterion_id))
        self.comment = comment

    def do(self) -> None:
        self._remember()
        self.project().set_score(self.doc_id, self.criterion_id, self.reviewer, comment=self.comment)


class AddEvidence(ScoringCommand):
    """Links one or more annotations to a criterion (those already linked are skipped)."""

    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, annotation_ids: list[int],
                 title: str = "") -> None:
        super().__init__(context, doc_id, criterion_id,
                         QCoreApplication.translate("ScoringCommands", "添加评分依据“%1”").replace("%1", title or criterion_id))
        self.annotation_ids = list(dict.fromkeys(annotation_ids))
        self._added: list[int] | None = None

    def do(self) -> None:
        project = self.project()
        if self._added is None:
            linked = {e.annotation_id for e in project.evidence(self.doc_id, self.criterion_id)}
            self._added = [a for a in self.annotation_ids if a not in linked]
        for ann_id in self._added:
            project.add_evidence(self.doc_id, self.criterion_id, ann_id, self.reviewer)

    def undo_store(self) -> None:
        for ann_id in self._added or []:
            self.project().remove_evidence(self.doc_id, self.criterion_id, ann_id)

    @property
    def added(self) -> list[int]:
        return list(self._added or [])


class RemoveEvidence(ScoringCommand):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, annotation_id: int,
                 title: str = "") -> None:
        super().__init__(context, doc_id, criterion_id,
                         QCoreApplication.translate("ScoringCommands", "移除评分依据“%1”").replace("%1", title or criterion_id))
        self.annotation_id = annotation_id
        self._removed: Evidence | None = None

    def do(self) -> None:
        self._removed = self.project().remove_evidence(self.doc_id, self.criterion_id, self.annotation_id)

    def undo_store(self) -> None:
        if self._removed is not None:
            self.project().restore_evidence(self._removed)


def perform(context: AppContext, command: ScoringCommand) -> ScoringCommand:
    """Runs ``command`` once (a ProjectError propagates, nothing is pushed) and pushes it."""
    command.first()
    context.undo_stack.push(command)
    return command
