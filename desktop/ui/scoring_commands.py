"""Undoable scoring operations: points, comments and evidence links.

Each is a core operation (desktop.store.operations) in the generic undo
command of desktop.ui.commands, so undo restores the score rows, the
evidence links and the report's status exactly. Consecutive steps of the same
criterion's points (arrows, Up/Down, the wheel) merge into one undo step, so
clicking the spin box arrows five times is undone with one Ctrl+Z; a typed
value is always a step of its own, so Ctrl+Z after typing 10 and then 7
shows 10 again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.store import operations as ops
from desktop.ui.commands import OperationCommand, perform
from desktop.ui.context import AppContext

__all__ = ["SetScore", "SetComment", "AddEvidence", "RemoveEvidence", "perform"]



class SetScore(OperationCommand):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, points: float | None,
                 title: str = "", *, merge: bool = False) -> None:
        self.doc_id, self.criterion_id, self.reviewer = doc_id, criterion_id, context.reviewer
        self.points = points
        self.title = title or criterion_id
        shown = QCoreApplication.translate("ScoringCommands", "未评") if points is None else f"{points:g}"
        super().__init__(context, ops.SetScores((ops.ScoreItem(doc_id, criterion_id, context.reviewer, points),)),
                         QCoreApplication.translate("ScoringCommands", "评分“%1”：%2").replace("%1", self.title).replace("%2", shown),
                         # a step merges with the step before it on the same criterion
                         ("score-step", doc_id, criterion_id, context.reviewer) if merge else None)

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt API
        if not super().mergeWith(other):
            return False
        self.points = other.points
        return True


class SetComment(OperationCommand):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, comment: str,
                 title: str = "") -> None:
        self.doc_id, self.criterion_id, self.comment = doc_id, criterion_id, comment
        super().__init__(context, ops.SetScores((ops.ScoreItem(doc_id, criterion_id, context.reviewer,
                                                               comment=comment),)),
                         QCoreApplication.translate("ScoringCommands", "评语“%1”").replace("%1", title or criterion_id))


class AddEvidence(OperationCommand):
    """Links one or more annotations to a criterion (those already linked are skipped)."""

    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, annotation_ids: list[int],
                 title: str = "") -> None:
        self.doc_id, self.criterion_id = doc_id, criterion_id
        self.annotation_ids = list(dict.fromkeys(annotation_ids))
        super().__init__(context, ops.LinkEvidence(doc_id, criterion_id, tuple(self.annotation_ids),
                                                   context.reviewer),
                         QCoreApplication.translate("ScoringCommands", "添加评分依据“%1”").replace("%1", title or criterion_id))

    @property
    def added(self) -> list[int]:
        if self.applied is None:
            return []
        return [img.key[2] for img in self.applied.inverse.images if img.table == "score_evidence"]


class RemoveEvidence(OperationCommand):
    def __init__(self, context: AppContext, doc_id: int, criterion_id: str, annotation_id: int,
                 title: str = "") -> None:
        self.doc_id, self.criterion_id, self.annotation_id = doc_id, criterion_id, annotation_id
        super().__init__(context, ops.UnlinkEvidence(doc_id, criterion_id, (annotation_id,)),
                         QCoreApplication.translate("ScoringCommands", "移除评分依据“%1”").replace("%1", title or criterion_id))
