"""The scoring pane: the open report scored criterion by criterion.

Each criterion has a points box bounded by its maximum (the lowest step reads
未评, "not scored yet"), a comment, and evidence links to annotations: add the
annotations selected in the annotation pane with a button, or drag annotation
rows onto the criterion. Clicking a link shows the span in the document.
Every change is an undoable command on the shared stack; what the pane shows
comes from the store's change sets, never from its own edits.

It refreshes only for change sets that touch what it shows of its report
(its scores and evidence links, the annotations linked as evidence, the
report's row and outline) and rebuilds its cards only for a new rubric; each
change set is one refresh, and none while the dock is hidden (it catches up
when shown, desktop.ui.stale). The five parts come from the project cache,
checked once per text version of a report, not at every switch.
"""

from __future__ import annotations

import json
from typing import Callable

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.completeness import PART_KEYS
from desktop.errors import ReviewDeskError
from desktop.rubric import Criterion
from desktop.store import ChangeKind, ChangeSet
from desktop.ui.context import AppContext
from desktop.ui.labels import part_label, tag_label
from desktop.ui.score_inputs import STEP, HistoryKeys, PointsBox
from desktop.ui.scoring_commands import AddEvidence, RemoveEvidence, SetComment, SetScore, perform
from desktop.ui.stale import ChangeFollower

#: What the pane shows: cards per criterion (rubric), the report's points, comments and
#: evidence (scores; the linked annotations' tags and quotes), its title (documents) and
#: its parts (sections, and the text version in documents).
KINDS = (ChangeKind.RUBRIC, ChangeKind.ROUND, ChangeKind.SCORES, ChangeKind.ANNOTATIONS,
         ChangeKind.DOCUMENTS, ChangeKind.SECTIONS)

#: Drag payload of annotation rows: JSON {"doc_id": n, "ids": [..]}.
ANNOTATION_MIME = "application/x-reviewdesk-annotation-ids"
AnnIdRole = Qt.ItemDataRole.UserRole + 1


def annotation_mime(doc_id: int, ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ANNOTATION_MIME, json.dumps({"doc_id": doc_id, "ids": list(ids)}).encode())
    return mime


def ids_from_mime(mime: QMimeData) -> tuple[int, list[int]] | None:
    if not mime.hasFormat(ANNOTATION_MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(ANNOTATION_MIME)).decode())
        return int(data["doc_id"]), [int(i) for i in data["ids"]]
    except (ValueError, KeyError, TypeError):
        return None


def _unbreakable(html: str) -> str:
    """Puts a word joiner (U+2060) between the visible characters of a small HTML snippet."""
    out, in_tag = [], False
    for ch in html:
        if ch == "<":
            in_tag = True
        if not in_tag and out and out[-1] not in (">",):
            out.append("\u2060")
        out.append(ch)
        if ch == ">":
            in_tag = False
    return "".join(out)


def _short(text: str, n: int = 28) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


#: From this length on, a report's parts are first checked right after the switch has painted.
DEFERRED_PARTS_CHARS = 100_000
#: How long after the switch that check starts (the document pane paints first).
DEFERRED_PARTS_MS = 60

class CriterionCard(QFrame):
    """One criterion: points, comment, evidence. Emits requests; never touches the store."""

    pointsEdited = Signal(str, object, bool)  # criterion id, float | None, by a step (merges)
    pointsRefused = Signal(str, str)  # criterion id, reason
    commentEdited = Signal(str, str)
    addSelectedRequested = Signal(str)
    annotationsDropped = Signal(str, int, list)  # criterion id, doc id, annotation ids
    evidenceActivated = Signal(int)  # annotation id
    evidenceRemoveRequested = Signal(str, int)

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setObjectName(f"criterion_{criterion.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.setProperty("dropTarget", False)
        self._stored: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.title_label = QLabel(f"<b>{criterion.title}</b>", self)
        self.title_label.setWordWrap(True)
        tip = "\n".join(t for t in (criterion.description, criterion.deduction and
                                    self.tr("扣分规则：") + criterion.deduction) if t)
        self.title_label.setToolTip(tip)
        top.addWidget(self.title_label, 1)
        self.spin = PointsBox(criterion.max_points, self)
        self.spin.valueChanged.connect(self._points_changed)
        self.spin.refused.connect(self._refused)
        top.addWidget(self.spin)
        self.max_label = QLabel(self.tr("/ %1 分").replace("%1", f"{criterion.max_points:g}"), self)
        top.addWidget(self.max_label)
        layout.addLayout(top)
        # A refused value is said here, next to its box, until a value is saved.
        self.refusal = QLabel(self)
        self.refusal.setObjectName("pointsRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.refusal.hide()
        layout.addWidget(self.refusal)
        if criterion.deduction:
            rule = QLabel(criterion.deduction, self)
            rule.setWordWrap(True)
            rule.setStyleSheet("color: #666; font-size: 11px;")
            layout.addWidget(rule)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("comment")
        self.comment.setPlaceholderText(self.tr("评语"))
        self.comment.editingFinished.connect(self._comment_finished)
        layout.addWidget(self.comment)
        self.evidence = QListWidget(self)
        self.evidence.setObjectName("evidence")
        self.evidence.setMaximumHeight(76)
        self.evidence.setToolTip(self.tr("单击跳转到原文；按 Delete 移除依据"))
        self.evidence.itemClicked.connect(lambda item: self.evidenceActivated.emit(item.data(AnnIdRole)))
        self.evidence.itemActivated.connect(lambda item: self.evidenceActivated.emit(item.data(AnnIdRole)))
        self.evidence.installEventFilter(self)
        layout.addWidget(self.evidence)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加所选标注为依据"), self)
        self.add_button.setObjectName("addEvidence")
        self.add_button.clicked.connect(lambda: self.addSelectedRequested.emit(criterion.id))
        buttons.addWidget(self.add_button)
        self.remove_button = QPushButton(self.tr("移除依据"), self)
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.clicked.connect(self._remove_current)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    # --- showing ------------------------------------------------------------------

    def points(self) -> float | None:
        return self.spin.points()

    def show_values(self, points: float | None, comment: str, evidence: list[tuple[int, str]]) -> None:
        """Shows stored values without emitting edits."""
        self._stored = points
        self.spin.show_points(points)
        if self.comment.text() != comment:
            self.comment.setText(comment)
        self.evidence.clear()
        for ann_id, label in evidence:
            item = QListWidgetItem(label, self.evidence)
            item.setData(AnnIdRole, ann_id)
        self.evidence.setVisible(bool(evidence))
        self.remove_button.setVisible(bool(evidence))

    def evidence_ids(self) -> list[int]:
        return [self.evidence.item(i).data(AnnIdRole) for i in range(self.evidence.count())]

    # --- edits ------------------------------------------------------------------------

    def _points_changed(self, _value: float) -> None:
        points = self.points()
        if points == self._stored:
            return  # Enter on an unchanged value is no edit
        self.clear_refusal()
        self.pointsEdited.emit(self.criterion.id, points, self.spin.stepping)

    def _refused(self, reason: str) -> None:
        self.refusal.setText("⚠ " + reason)
        self.refusal.show()
        self.pointsRefused.emit(self.criterion.id, reason)

    def clear_refusal(self) -> None:
        self.refusal.hide()
        self.refusal.clear()

    def commit_pending(self) -> None:
        """Saves what is typed in the points and comment boxes (before an undo)."""
        self.spin.commit()
        self._comment_finished()

    def _comment_finished(self) -> None:
        self.commentEdited.emit(self.criterion.id, self.comment.text())

    def _remove_current(self) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            self.evidenceRemoveRequested.emit(self.criterion.id, item.data(AnnIdRole))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.evidence and event.type() == event.Type.KeyPress and (
                event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace):
            self._remove_current()
            return True
        return super().eventFilter(obj, event)

    # --- drops ------------------------------------------------------------------------

    def _set_drop_highlight(self, on: bool) -> None:
        self.setStyleSheet("CriterionCard { border: 2px dashed #2f6fdb; }" if on else "")

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if ids_from_mime(event.mimeData()) is not None:
            self._set_drop_highlight(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._set_drop_highlight(False)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._set_drop_highlight(False)
        payload = ids_from_mime(event.mimeData())
        if payload is not None:
            self.annotationsDropped.emit(self.criterion.id, payload[0], payload[1])
            event.acceptProposedAction()


class ScoringPane(QWidget):
    """The dock's widget. ``selected_ids`` gives the annotation pane's selection."""

    #: A store refusal, in Chinese, for the status bar.
    message = Signal(str)

    def __init__(self, context: AppContext, selected_ids: Callable[[], list[int]] | None = None,
                 parent: QWidget | None = None, mark_done: Callable[[int, bool], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoringPane")
        self.context = context
        self.selected_ids = selected_ids or (lambda: [])
        self.mark_done = mark_done
        self.doc_id = 0
        self.cards: dict[str, CriterionCard] = {}
        self._criteria_key: tuple = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("scoringTitle")
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("scoringTotal")
        self.total_label.setStyleSheet("font-size: 16px; font-weight: bold; color: #1d4f91;")
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_label, 1)
        # The report's status (已完成 or back to 评阅中): one undoable step, done by the window.
        self.done_button = QPushButton(self.tr("标为已完成"), self)
        self.done_button.setObjectName("markDoneButton")
        self.done_button.clicked.connect(self._toggle_done)
        total_row.addWidget(self.done_button)
        layout.addLayout(total_row)
        self.parts_label = QLabel(self)
        self.parts_label.setObjectName("scoringParts")
        self.parts_label.setWordWrap(True)
        self.parts_label.setTextFormat(Qt.TextFormat.RichText)
        self.parts_label.linkActivated.connect(self._part_link)
        layout.addWidget(self.parts_label)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)
        self.placeholder = QLabel(self.tr("打开一份报告后在此评分。"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #777;")
        layout.addWidget(self.placeholder)
        self._parts: dict[str, tuple[int, int]] = {}
        self._parts_shown: tuple[int, object] | None = None  # (doc id, the cached check shown)
        self._reviewer = context.reviewer
        # Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y in a points or comment box: the global stack.
        self.history = HistoryKeys(context.undo_stack, self._commit_editor, self)
        # A points box shows its saved value at once (the reviewer reads it back), so
        # each change set is applied when it arrives; while hidden, only noted.
        self.follower = ChangeFollower(self, KINDS, lambda cs: self._on_store_changed(cs),
                                       lambda: self._reload(), deferred=False)
        context.currentDocumentChanged.connect(self.show_document)
        context.projectChanged.connect(lambda: self.show_document(context.current_doc_id, force=True))
        context.storeChanged.connect(self.follower.follow)
        # Read-only: the criteria cards live in the viewport; the scroll bars stay usable.
        context.readonlyChanged.connect(lambda ro: self.scroll.viewport().setEnabled(not ro))
        self.show_document(context.current_doc_id, force=True)

    # --- building ---------------------------------------------------------------------

    def _rebuild(self) -> None:
        project = self.context.project
        criteria = project.criteria() if project is not None else []
        key = tuple(criteria)
        if key == self._criteria_key and self.cards:
            return
        self._criteria_key = key
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.cards = {}
        group = None
        for criterion in criteria:
            if criterion.group and criterion.group != group:
                group = criterion.group
                header = QLabel(group, container)
                header.setStyleSheet("font-weight: bold; color: #444; margin-top: 4px;")
                box.addWidget(header)
            card = CriterionCard(criterion, container)
            card.pointsEdited.connect(self._set_points)
            card.pointsRefused.connect(self._points_refused)
            self.history.watch(card.spin, card.spin.lineEdit(), card.comment)
            card.commentEdited.connect(self._set_comment)
            card.addSelectedRequested.connect(lambda cid: self.add_evidence(cid, self.selected_ids()))
            card.annotationsDropped.connect(self._dropped)
            card.evidenceActivated.connect(self._reveal_annotation)
            card.evidenceRemoveRequested.connect(self.remove_evidence)
            box.addWidget(card)
            self.cards[criterion.id] = card
        box.addStretch(1)
        container.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.scroll.setWidget(container)

    def show_document(self, doc_id: int, force: bool = False) -> None:
        """Shows another report (``force``: another project; the cards are built again)."""
        if doc_id == self.doc_id and not force:
            return
        self.doc_id = doc_id if self.context.project is not None else 0
        if force:
            self._criteria_key = ()
        for card in self.cards.values():
            card.clear_refusal()  # said about the report shown before
        self.follower.invalidate()  # now if shown, else when shown

    def _toggle_done(self) -> None:
        cache = self.context.cache
        info = cache.info(self.doc_id) if cache is not None and self.doc_id else None
        if info is not None and self.mark_done is not None:
            self.mark_done(self.doc_id, info.status != "done")

    def _reload(self) -> None:
        self._rebuild()
        self.refresh()

    def enterEvent(self, event) -> None:  # noqa: N802 - Qt API
        # AppContext has no signal for a new reviewer name: show that reviewer's
        # scores the moment the pointer comes back to the pane.
        if self.context.reviewer != self._reviewer:
            self.refresh()
        super().enterEvent(event)

    # --- reacting to the store ----------------------------------------------------------

    def _on_store_changed(self, changes: ChangeSet) -> None:
        """One change set (of the kinds in KINDS): one refresh, or none when it
        touches nothing shown here."""
        kinds = changes.kinds()
        if kinds & {ChangeKind.RUBRIC, ChangeKind.ROUND}:
            self._reload()
            return
        doc_id = self.doc_id
        if not doc_id:
            return
        if changes.touches(ChangeKind.DOCUMENTS, doc_id):
            cache, project = self.context.cache, self.context.project
            gone = (cache.info(doc_id) if cache is not None else project.document_info(doc_id)) is None
            if gone:
                self.doc_id = 0  # the report was deleted
            self.refresh()
            return
        if changes.touches(ChangeKind.SCORES, doc_id) or changes.touches(ChangeKind.SECTIONS, doc_id) \
                or self._touches_evidence(changes):
            self.refresh()

    def _touches_evidence(self, changes: ChangeSet) -> bool:
        """True when an annotation shown as evidence was changed (re-tagged, moved):
        a new annotation or one not linked shows nowhere in this pane. Removing a
        linked one removes its link too, which is a change of scores."""
        if not changes.touches(ChangeKind.ANNOTATIONS, self.doc_id):
            return False
        if changes.whole(ChangeKind.ANNOTATIONS, self.doc_id):
            return True
        linked = {i for card in self.cards.values() for i in card.evidence_ids()}
        return bool(linked & changes.ids(ChangeKind.ANNOTATIONS, self.doc_id))

    def refresh(self) -> None:
        """Shows the stored points, comments, evidence, total and parts of the report."""
        project, doc_id = self.context.project, self.doc_id
        has_doc = project is not None and bool(doc_id)
        self.scroll.setVisible(has_doc)
        self.done_button.setVisible(has_doc and self.mark_done is not None)
        self.placeholder.setVisible(not has_doc)
        if not has_doc:
            self.title_label.setText("")
            self.total_label.setText("")
            self.parts_label.setText("")
            self._parts_shown = None
            return
        cache = self.context.cache
        doc = cache.info(doc_id) if cache is not None else project.document_info(doc_id)
        if doc is None:
            return
        reviewer = self._reviewer = self.context.reviewer
        self.title_label.setText(doc.title)
        self.done_button.setText(self.tr("标为评阅中") if doc.status == "done" else self.tr("标为已完成"))
        self.done_button.setEnabled(not self.context.readonly)
        scores = {s.criterion_id: s for s in project.scores(doc_id, reviewer)}
        evidence = project.evidence(doc_id)
        anns = project.annotations_by_id(ev.annotation_id for ev in evidence)  # not all 5,000
        links: dict[str, list[tuple[int, str]]] = {}
        for ev in evidence:
            ann = anns.get(ev.annotation_id)
            if ann is not None:
                label = f"[{tag_label(ann.tag)}] {_short(ann.quote)}"
                links.setdefault(ev.criterion_id, []).append((ann.id, label))
        for cid, card in self.cards.items():
            s = scores.get(cid)
            card.show_values(s.points if s else None, s.comment if s else "", links.get(cid, []))
        scored = sum(s.points is not None for s in scores.values())
        self._show_total(project.scored_total(doc_id, reviewer), project.rubric().total_max, scored)
        mean = project.scored_total(doc_id)
        if mean is not None and len({s.reviewer for s in project.scores(doc_id)}) > 1:  # the overview shows the mean
            self.total_label.setText(self.total_label.text() + self.tr(" · 各评阅人平均 %1")
                                     .replace("%1", f"{mean:g}"))
        # The parts depend on the text and outline alone: the cache checks them once per
        # text version (and again after a new outline), also across switches back and forth.
        if cache is not None and doc.chars >= DEFERRED_PARTS_CHARS and not cache.has(doc_id, "completeness"):
            # A long report's first check takes tens of ms: after the switch has painted.
            if self._parts_shown is None or self._parts_shown[0] != doc_id:
                self._parts_shown = None
                self.parts_label.setText(self.tr("正在查找法定部分…"))
            QTimer.singleShot(DEFERRED_PARTS_MS, lambda d=doc_id: self._fill_parts(d))
            return
        self._fill_parts(doc_id)

    def _fill_parts(self, doc_id: int) -> None:
        project, cache = self.context.project, self.context.cache
        if project is None or (cache is not None and cache.info(doc_id) is None):
            return
        result = cache.completeness(doc_id) if cache is not None else project.completeness(doc_id)
        if doc_id != self.doc_id:
            return  # another report by now: the check is kept for when this one comes back
        if self._parts_shown is None or self._parts_shown[0] != doc_id or self._parts_shown[1] is not result:
            self._parts_shown = (doc_id, result)
            self._show_parts(result)

    def _show_total(self, total: float | None, maximum: float, scored: int) -> None:
        shown = self.tr("未评") if total is None else f"{total:g}"
        self.total_label.setText(self.tr("总分 %1 / %2（已评 %3/%4 项）")
                                 .replace("%1", shown).replace("%2", f"{maximum:g}")
                                 .replace("%3", str(scored)).replace("%4", str(len(self.cards))))

    def _show_parts(self, result) -> None:
        # Short names keep the five parts on one or two lines; the tooltip has the statutory wording.
        short = {"measures": self.tr("举措成效"), "weaknesses": self.tr("不足原因"),
                 "leaders_duty": self.tr("第一责任人职责"), "next_year": self.tr("下年安排"),
                 "other": self.tr("其他情况")}
        self._parts = {}
        bits, tips = [], []
        for key in PART_KEYS:
            part = result.parts[key]
            if part.found:
                self._parts[key] = (part.start, part.start + len(part.heading))
                bits.append(f'<a href="{key}" style="color:#237a3b; text-decoration:none; white-space:nowrap;">'
                            f'✓{short[key]}</a>')
                tips.append("✓ " + self.tr("%1：%2").replace("%1", part_label(key)).replace("%2", part.heading))
            else:
                bits.append(f'<span style="color:#c0392b; white-space:nowrap;">✗{short[key]}</span>')
                tips.append("✗ " + self.tr("缺少：%1").replace("%1", part_label(key)))
        if result.parts["weaknesses"].found and not result.weakness_causes:
            no_causes = self.tr("！未分析原因")
            bits.append(f'<span style="color:#b9770e; white-space:nowrap;">{no_causes}</span>')
            tips.append(self.tr("“存在的不足”部分只列问题，没有分析原因"))
        head = self.tr("法定部分 %1/5：").replace("%1", str(result.found_count))
        # Qt's rich text ignores white-space:nowrap on spans; word joiners keep ✗其他情况 whole.
        bits = [_unbreakable(b) for b in bits]
        self.parts_label.setText(head + "&nbsp; ".join(bits))
        self.parts_label.setToolTip("\n".join(tips) + "\n" + self.tr("单击已找到的部分可跳转到原文"))

    def _part_link(self, key: str) -> None:
        if key in self._parts and self.doc_id:
            self.context.reveal(self.doc_id, *self._parts[key])

    # --- requests -> undoable commands --------------------------------------------------------

    def _title(self, cid: str) -> str:
        card = self.cards.get(cid)
        return card.criterion.title if card else cid

    def _perform(self, command) -> bool:
        try:
            perform(self.context, command)
        except ReviewDeskError as exc:
            self.message.emit(exc.message)
            self.refresh()  # show the stored value again
            return False
        return True

    def _set_points(self, cid: str, points: float | None, stepped: bool = False) -> None:
        if self.context.project is None or not self.doc_id:
            return
        self._perform(SetScore(self.context, self.doc_id, cid, points, self._title(cid), merge=stepped))

    def _points_refused(self, cid: str, reason: str) -> None:
        self.message.emit(self.tr("“%1”：%2").replace("%1", self._title(cid)).replace("%2", reason))

    def _commit_editor(self, editor) -> None:
        for card in self.cards.values():
            if editor in (card.spin, card.spin.lineEdit(), card.comment):
                card.commit_pending()
                return

    def set_points(self, cid: str, points: float | None) -> None:
        """As if the reviewer typed ``points`` into the criterion's box."""
        self.cards[cid].spin.setValue(-STEP if points is None else points)

    def _set_comment(self, cid: str, comment: str) -> None:
        project = self.context.project
        if project is None or not self.doc_id:
            return
        old = project.score(self.doc_id, cid, self.context.reviewer)
        if comment == (old.comment if old else ""):
            return
        self._perform(SetComment(self.context, self.doc_id, cid, comment, self._title(cid)))

    def add_evidence(self, cid: str, annotation_ids: list[int]) -> bool:
        if self.context.project is None or not self.doc_id:
            return False
        if not annotation_ids:
            self.message.emit(self.tr("请先在标注列表中选择要作为依据的标注。"))
            return False
        return self._perform(AddEvidence(self.context, self.doc_id, cid, annotation_ids, self._title(cid)))

    def _dropped(self, cid: str, doc_id: int, ids: list[int]) -> None:
        if doc_id != self.doc_id:
            self.message.emit(self.tr("只能引用本文档中的标注作为评分依据。"))
            return
        self.add_evidence(cid, ids)

    def remove_evidence(self, cid: str, ann_id: int) -> None:
        if self.context.project is not None and self.doc_id:
            self._perform(RemoveEvidence(self.context, self.doc_id, cid, ann_id, self._title(cid)))

    def _reveal_annotation(self, ann_id: int) -> None:
        project = self.context.project
        if project is None:
            return
        ann = project.annotation(ann_id)
        self.context.reveal(ann.doc_id, ann.start, ann.end)
        self.context.annotationSelected.emit(ann_id)

