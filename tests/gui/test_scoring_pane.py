"""The scoring pane driven in the real main window: points, comments, evidence,
undo, rubric change and the parts check — each checked in the pane, in the
project file and on the undo stack."""

from __future__ import annotations

import json

from conftest import db_rows
from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest

from desktop.ui.scoring_pane import ANNOTATION_MIME, annotation_mime

_db = db_rows


def _pane(window):
    pane = window.assessment.pane
    assert window.assessment.dock.widget() is pane
    return pane


def test_extension_installed(window):
    assert window.extension_errors == {}
    names = [a.objectName() for a in window.menu("tools").actions()]
    assert {"roundSettingsAction", "loadRubricAction", "showOverviewAction"} <= set(names)
    assert window.tabs.tabText(window.tabs.indexOf(window.overview)) == "总览"


def test_points_total_rows_and_undo(window, seed_doc, qtbot):
    pane = _pane(window)
    project = window.context.project
    assert pane.doc_id == seed_doc
    criteria = project.criteria()
    assert list(pane.cards) == [c.id for c in criteria]
    card = pane.cards["measures"]
    assert card.spin.maximum() == 15 and card.spin.text() == "未评"
    assert "总分 未评 / 100" in pane.total_label.text()  # not scored is not 0 points
    # Type 12.5 and press Enter, like a reviewer.
    card.spin.setFocus()
    card.spin.lineEdit().selectAll()
    QTest.keyClicks(card.spin.lineEdit(), "12.5")
    QTest.keyClick(card.spin.lineEdit(), Qt.Key.Key_Return)
    assert "总分 12.5 / 100" in pane.total_label.text()
    rows = _db(window, "SELECT doc_id, criterion_id, reviewer, points, comment, updated_at FROM scores")
    assert [r[:5] for r in rows] == [(seed_doc, "measures", "测试员", 12.5, "")]
    assert rows[0][5]  # time recorded
    assert _db(window, "SELECT status FROM documents WHERE id = ?", (seed_doc,)) == [("in_review",)]
    # A second criterion, through the arrow key: the total follows.
    pane.cards["next_year"].spin.setValue(8)
    assert project.total(seed_doc) == 20.5 and "总分 20.5 / 100" in pane.total_label.text()
    # Above the maximum is impossible in the box.
    pane.cards["other"].spin.setValue(99)
    assert project.score(seed_doc, "other", "测试员").points == 5
    stack = window.context.undo_stack
    window.acts.undo.trigger()  # 其他情况
    window.acts.undo.trigger()  # 下年安排
    assert project.total(seed_doc) == 12.5 and pane.cards["next_year"].spin.text() == "未评"
    window.acts.undo.trigger()  # the first score: the report is 未开始 again
    assert _db(window, "SELECT count(*) FROM scores") == [(0,)]
    assert project.document(seed_doc).status == "not_started"
    assert "总分 未评 / 100" in pane.total_label.text()
    window.acts.redo.trigger()
    assert _db(window, "SELECT points FROM scores") == [(12.5,)]
    assert pane.cards["measures"].spin.value() == 12.5
    assert stack.count() == 3


def test_arrow_clicks_merge_into_one_undo_step(window, seed_doc):
    pane = _pane(window)
    spin = pane.cards["weaknesses"].spin
    for _ in range(4):
        spin.stepUp()  # 未评 -> 0 -> 0.5 -> 1 -> 1.5
    assert window.context.project.total(seed_doc) == 1.5
    assert window.context.undo_stack.count() == 1
    window.acts.undo.trigger()
    assert window.context.project.scores(seed_doc) == []


def test_comment_is_saved_and_undone(window, seed_doc):
    pane = _pane(window)
    edit = pane.cards["weaknesses"].comment
    edit.setFocus()
    edit.insert("只列问题，没有原因")  # QTest.keyClicks types ASCII only
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert _db(window, "SELECT criterion_id, points, comment FROM scores") == [
        ("weaknesses", None, "只列问题，没有原因")]
    window.acts.undo.trigger()
    assert _db(window, "SELECT count(*) FROM scores") == [(0,)]
    assert edit.text() == ""


def _annotate(window, doc_id, quotes):
    text = window.context.project.document(doc_id).text
    ids = []
    for quote, tag in quotes:
        start = text.index(quote)
        ids.append(window.ops.add(doc_id, start, start + len(quote), tag))
    return ids


def test_evidence_from_selected_annotations_click_and_undo(window, seed_doc, qtbot):
    pane = _pane(window)
    a, b = _annotate(window, seed_doc, [("法律顾问实际到村社服务总次数183次", "figure"),
                                        ("人大代表建议答复率达100%", "figure")])
    table = window.annotation_pane.table
    window.annotation_pane.select_annotation(a)
    for row in range(table.model().rowCount()):
        table.selectionModel().select(table.model().index(row, 0),
                                      QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(window.annotation_pane.selected_annotation_ids()) == sorted([a, b])
    card = pane.cards["measures_quality"]
    qtbot.mouseClick(card.add_button, Qt.MouseButton.LeftButton)
    assert sorted(_db(window, "SELECT criterion_id, annotation_id, reviewer FROM score_evidence")) == sorted(
        [("measures_quality", a, "测试员"), ("measures_quality", b, "测试员")])
    assert card.evidence_ids() == [e.annotation_id for e in window.context.project.evidence(seed_doc)]
    assert card.evidence.count() == 2 and "[数据]" in card.evidence.item(0).text()
    # Clicking a link shows the span.
    ann = window.context.project.annotation(card.evidence_ids()[1])
    with qtbot.waitSignal(window.context.revealRequested) as blocker:
        item = card.evidence.item(1)
        qtbot.mouseClick(card.evidence.viewport(), Qt.MouseButton.LeftButton,
                         pos=card.evidence.visualItemRect(item).center())
    assert blocker.args == [seed_doc, ann.start, ann.end]
    # Remove one with the button, then undo both steps.
    card.evidence.setCurrentRow(0)
    removed = card.evidence_ids()[0]
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in _db(window, "SELECT annotation_id FROM score_evidence")] == [
        x for x in (a, b) if x != removed]
    window.acts.undo.trigger()
    assert card.evidence.count() == 2
    window.acts.undo.trigger()
    assert _db(window, "SELECT count(*) FROM score_evidence") == [(0,)] and card.evidence.count() == 0
    window.acts.redo.trigger()
    assert card.evidence.count() == 2


def test_add_without_selection_says_so(window, seed_doc, qtbot):
    pane = _pane(window)
    with qtbot.waitSignal(pane.message) as blocker:
        qtbot.mouseClick(pane.cards["measures"].add_button, Qt.MouseButton.LeftButton)
    assert "选择" in blocker.args[0]
    assert _db(window, "SELECT count(*) FROM score_evidence") == [(0,)]


def test_dropping_annotation_rows_on_a_criterion(window, seed_doc):
    pane = _pane(window)
    [a] = _annotate(window, seed_doc, [("无因行政决策不当或程序不完善引发重大群体性事件", "measure")])
    card = pane.cards["measures"]
    mime = annotation_mime(seed_doc, [a])
    assert json.loads(bytes(mime.data(ANNOTATION_MIME)).decode()) == {"doc_id": seed_doc, "ids": [a]}
    event = QDropEvent(QPointF(card.rect().center()), Qt.DropAction.LinkAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    card.dropEvent(event)
    assert _db(window, "SELECT criterion_id, annotation_id FROM score_evidence") == [("measures", a)]
    assert card.evidence_ids() == [a]
    # Deleting the annotation removes the link; undoing the delete brings both back.
    window.ops.delete([a])
    assert card.evidence_ids() == []
    window.acts.undo.trigger()
    assert card.evidence_ids() == [a]


def test_parts_line_jumps_to_headings(window, seed_doc, qtbot):
    pane = _pane(window)
    text = pane.parts_label.text().replace("\u2060", "")
    assert "法定部分 4/5" in text and "✗其他情况" in text and "未分析原因" in text
    doc_text = window.context.project.document(seed_doc).text
    start = doc_text.index("二、我镇法治政府建设工作中存在的问题")
    with qtbot.waitSignal(window.context.revealRequested) as blocker:
        pane.parts_label.linkActivated.emit("weaknesses")
    assert blocker.args == [seed_doc, start, start + len("二、我镇法治政府建设工作中存在的问题")]


def test_unit_and_year_detected_on_import(window, seed_doc, qtbot):
    project = window.context.project
    qtbot.waitUntil(lambda: project.document(seed_doc).unit == "坡头镇")
    assert project.document(seed_doc).year == 2019


def test_each_reviewer_sees_own_scores(window, seed_doc):
    pane = _pane(window)
    pane.set_points("measures", 10)
    window.context.reviewer = "第二评阅人"
    pane.refresh()
    assert pane.cards["measures"].spin.text() == "未评"
    pane.set_points("measures", 14)
    assert window.context.project.total(seed_doc) == 12  # the round's mean of two reviewers
    assert "总分 14 / 100" in pane.total_label.text()  # the pane shows this reviewer's own
    assert "平均 12" in pane.total_label.text()
    assert window.context.project.reviewers(seed_doc) == sorted(["测试员", "第二评阅人"])


def test_a_long_reports_parts_are_checked_after_the_switch_has_painted(window, seed_doc, qtbot, monkeypatch):
    from desktop.importers.base import ImportedDocument
    from desktop.text import canonical_text, detect_sections
    from desktop.ui import scoring_pane

    monkeypatch.setattr(scoring_pane, "DEFERRED_PARTS_CHARS", 5_000)
    project = window.context.project
    body = "全年办理行政复议案件十二件，调解纠纷三起。" * 20
    text = canonical_text(["丙镇2024年度法治政府建设情况报告", "一、主要举措和成效", *([body] * 20), "二、存在的不足", "培训不够。"])
    long_id = project.import_document(ImportedDocument("丙镇报告", "c.txt", "c", "txt", text, detect_sections(text))).doc_id
    pane = _pane(window)
    checks = []
    inner = window.context.cache.completeness
    monkeypatch.setattr(window.context.cache, "completeness", lambda d: checks.append(d) or inner(d))
    window.context.set_current_document(long_id)
    assert pane.parts_label.text() == "正在查找法定部分…" and checks == []  # nothing checked during the switch
    qtbot.waitUntil(lambda: pane.parts_label.text() != "正在查找法定部分…", timeout=5000)
    assert checks == [long_id] and window.context.cache.has(long_id, "completeness")
    window.context.set_current_document(seed_doc)
    window.context.set_current_document(long_id)
    assert pane.parts_label.text() != "正在查找法定部分…"  # known now: shown at once
    # Left before the check ran: it still runs, and the next visit shows its result at once.
    project.update_document(long_id, title="改过标题")  # metadata only: the check stays
    text2 = text + "\n三、下一步工作\n继续推进。"
    project.replace_document(long_id, ImportedDocument("丙镇报告", "c2.txt", "c2", "txt", text2, detect_sections(text2)))
    window.context.set_current_document(seed_doc)
    window.context.set_current_document(long_id)
    window.context.set_current_document(seed_doc)
    qtbot.waitUntil(lambda: window.context.cache.has(long_id, "completeness"), timeout=5000)
    window.context.set_current_document(long_id)
    assert pane.parts_label.text() != "正在查找法定部分…"
