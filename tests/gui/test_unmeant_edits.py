"""Issue 9, point 9: edits the reviewer did not mean.

Each test drives the real main window the way a reviewer would (wheel, keys,
the export dialog, a modal message box) and checks the project file, the
undo stack and what is on screen: a wheel over a score box scrolls the pane,
an over-maximum value is refused aloud, Ctrl+Z in a score box reaches the
global undo, a progress dialog never outlives its export, export names carry
unit and year and never replace a file unasked, and unscored reports read
未评 and rank last.
"""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from conftest import REPO, db_rows
from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from desktop.export import summary as export_summary
from desktop.importers.base import ImportedDocument
from desktop.text import canonical_text, detect_sections
from desktop.ui.overview import COL, DocIdRole

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


_db = db_rows


def _pane(window):
    return window.assessment.pane


def _type(spin, text: str) -> None:
    """Clicks into a score box, selects what it shows and types over it."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, text)


def _activate(window, qtbot):
    """Shortcuts only fire in the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# --- a) the wheel over a score box -------------------------------------------------------

def _wheel(widget, dy: int) -> None:
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, dy),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_score_box_scrolls_the_pane(window, seed_doc, qtbot):
    pane = _pane(window)
    bar = pane.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    window.document_view.setFocus()
    spin = pane.cards["measures"].spin
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before = bar.value()
    _wheel(spin, -120)  # one notch down
    assert spin.text() == "未评" and not spin.hasFocus()
    assert _db(window, "SELECT count(*) FROM scores") == [(0,)]
    assert window.context.undo_stack.count() == 0
    assert bar.value() > before  # the pane scrolled instead
    # Once the reviewer has clicked into the box, the wheel steps it as usual.
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, 120)
    assert window.context.project.score(seed_doc, "measures", "测试员").points == 0


# --- b) a value over the maximum ------------------------------------------------------------

def test_value_over_the_maximum_is_refused_aloud_and_not_saved(window, seed_doc, qtbot):
    pane = _pane(window)
    card = pane.cards["weaknesses"]  # out of 10
    edit = card.spin.lineEdit()
    _type(card.spin, "12")
    assert card.spin.text() == "12"  # not cut to 1
    QTest.keyClick(card.spin, Qt.Key.Key_Return)
    assert _db(window, "SELECT count(*) FROM scores") == [(0,)]
    assert window.context.undo_stack.count() == 0
    assert card.refusal.isVisible() and "超过满分 10 分，未保存" in card.refusal.text()
    assert "超过满分 10 分" in window.statusBar().currentMessage()
    assert edit.text() == "12"  # still there to correct
    # Leaving the box shows the stored value again; the message stays.
    window.document_view.setFocus()
    qtbot.waitUntil(lambda: not card.spin.hasFocus())
    assert card.spin.text() == "未评" and card.refusal.isVisible()
    assert _db(window, "SELECT count(*) FROM scores") == [(0,)]
    # A value within the maximum is saved and clears the message.
    _type(card.spin, "9.5")
    QTest.keyClick(card.spin, Qt.Key.Key_Return)
    assert _db(window, "SELECT criterion_id, points FROM scores") == [("weaknesses", 9.5)]
    assert not card.refusal.isVisible()


def test_over_the_maximum_over_a_saved_score_keeps_it(window, seed_doc, qtbot):
    pane = _pane(window)
    pane.set_points("other", 4)  # out of 5
    card = pane.cards["other"]
    _type(card.spin, "50")
    window.document_view.setFocus()  # leaving the box is no commit either
    qtbot.waitUntil(lambda: not card.spin.hasFocus())
    assert _db(window, "SELECT points FROM scores") == [(4.0,)]
    assert card.spin.value() == 4 and "超过满分 5 分，未保存" in card.refusal.text()
    assert window.context.undo_stack.count() == 1


# --- c) Ctrl+Z in a score box ------------------------------------------------------------------

def test_undo_keys_in_a_score_box_reach_the_global_stack(window, seed_doc, qtbot):
    _activate(window, qtbot)
    pane = _pane(window)
    project = window.context.project
    card = pane.cards["measures"]
    _type(card.spin, "10")
    QTest.keyClick(card.spin, Qt.Key.Key_Return)
    card.spin.lineEdit().selectAll()
    QTest.keyClicks(card.spin, "7")
    QTest.keyClick(card.spin, Qt.Key.Key_Return)
    assert project.score(seed_doc, "measures", "测试员").points == 7
    # Two typed values are two undo steps (arrow clicks merge, typing does not).
    QTest.keyClick(card.spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.score(seed_doc, "measures", "测试员").points == 10
    assert card.spin.value() == 10
    QTest.keyClick(card.spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.scores(seed_doc) == [] and card.spin.text() == "未评"
    QTest.keyClick(card.spin, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert project.score(seed_doc, "measures", "测试员").points == 10
    QTest.keyClick(card.spin, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert project.score(seed_doc, "measures", "测试员").points == 7
    # A pending value (typed, no Enter) is committed first, then undone: back to 7.
    card.spin.lineEdit().selectAll()
    QTest.keyClicks(card.spin, "3")
    QTest.keyClick(card.spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.score(seed_doc, "measures", "测试员").points == 7 and card.spin.value() == 7
    QTest.keyClick(card.spin, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert project.score(seed_doc, "measures", "测试员").points == 3


def test_undo_keys_in_a_comment_box_reach_the_global_stack(window, seed_doc, qtbot):
    _activate(window, qtbot)
    pane = _pane(window)
    project = window.context.project
    pane.set_points("next_year", 8)
    edit = pane.cards["weaknesses"].comment
    edit.setFocus()
    edit.insert("只列问题")  # typed, not yet committed
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The comment was committed as one step and that step undone; the score stays.
    assert project.score(seed_doc, "weaknesses", "测试员") is None
    assert edit.text() == "" and project.score(seed_doc, "next_year", "测试员").points == 8
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.scores(seed_doc) == []
    QTest.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert project.score(seed_doc, "weaknesses", "测试员").comment == "只列问题"
    assert edit.text() == "只列问题"


# --- d) progress dialogs always close ---------------------------------------------------------

def _add_reports(project, n: int) -> None:
    for i in range(n):
        text = canonical_text([f"第{i}镇2024年度法治政府建设情况报告", "一、主要举措和成效", f"办理案件{i}件。"])
        project.import_document(ImportedDocument(text.split("\n")[0], f"{i}.txt", f"{i:064d}", "txt", text,
                                                 detect_sections(text)))


def _visible_progress(window) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_no_progress_dialog_comes_back_after_a_round_export(window, fake, qtbot, tmp_path):
    """The real message box is modal: while the reviewer reads 导出完成, nothing
    may pop up a finished progress dialog that Cancel and Esc cannot close."""
    _add_reports(window.context.project, 4)
    seen = []

    def modal_info(parent, title, text, details=""):
        fake.shown.append(("info", title, text, details))
        loop = QEventLoop()
        QTimer.singleShot(4500, loop.quit)  # QProgressDialog's own show timer is 4 s
        loop.exec()
        seen.extend(_visible_progress(window))

    fake.info = modal_info
    ctl = window.export_controller
    with qtbot.waitSignal(ctl.exportFinished, timeout=30000) as blocker:
        ctl.start_export("docx", str(tmp_path / "round.docx"))
    assert blocker.args == [str(tmp_path / "round.docx")]
    assert seen == [] and _visible_progress(window) == []
    assert ctl.progress is None and ctl.export_action.isEnabled()


@pytest.fixture
def slow_export(monkeypatch):
    real = export_summary.build_report

    def slow(*args, **kwargs):
        time.sleep(0.15)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_summary, "build_report", slow)


@pytest.mark.parametrize("how", ["escape", "button"])
def test_cancel_and_escape_close_the_progress_dialog(window, qtbot, tmp_path, slow_export, how):
    _add_reports(window.context.project, 12)
    ctl = window.export_controller
    out = tmp_path / "round.docx"
    with qtbot.waitSignal(ctl.exportFinished, timeout=30000) as blocker:
        ctl.start_export("docx", str(out))
        dialog = ctl.progress
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        if how == "escape":
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            button = next(b for b in dialog.findChildren(QPushButton) if b.isVisible())
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
    assert blocker.args == [""] and not out.exists()
    qtbot.wait(50)
    assert _visible_progress(window) == []
    assert "导出已取消" in window.statusBar().currentMessage()


def test_failed_export_closes_the_progress_dialog(window, fake, qtbot, tmp_path, slow_export):
    _add_reports(window.context.project, 4)
    ctl = window.export_controller
    target = tmp_path / "gone"
    target.mkdir()
    with qtbot.waitSignal(ctl.exportFinished, timeout=30000) as blocker:
        ctl.start_export("docx", str(target / "round.docx"))
        target.rmdir()  # the folder disappears while the export runs
    assert blocker.args == [""]
    assert fake.shown and fake.shown[-1][0] == "warning"
    qtbot.wait(50)
    assert _visible_progress(window) == [] and ctl.progress is None


# --- e) export file names and replacing a file --------------------------------------------------

def test_export_names_carry_unit_and_year_and_never_replace_unasked(window, fake, import_files, qtbot, tmp_path):
    summary = import_files(SEEDS[:2])
    project = window.context.project
    qtbot.waitUntil(lambda: all(d.unit for d in project.documents()))
    a, b = (o.doc_id for o in summary.imported)
    info_a, info_b = project.document(a), project.document(b)
    ctl = window.export_controller
    window.context.set_current_document(a)
    dialog = ctl.open_dialog()
    assert Path(dialog.path).name == f"{info_a.unit}_{info_a.year}_评阅汇总.docx"
    assert Path(dialog.path).name == "坡头镇_2019_评阅汇总.docx"
    first = Path(dialog.path)
    with qtbot.waitSignal(ctl.exportFinished, timeout=20000):
        dialog.accept()
    assert first.exists() and "confirm" not in fake.asked
    first_bytes = first.read_bytes()
    # The second report proposes its own name.
    window.context.set_current_document(b)
    dialog = ctl.open_dialog()
    assert Path(dialog.path).name == f"{info_b.unit}_{info_b.year}_评阅汇总.docx" != first.name
    # Typing the first report's file name asks before replacing it; "No" keeps the dialog open.
    dialog.path_edit.setText(str(first))
    fake.confirms = [False]
    dialog.accept()
    assert fake.asked.count("confirm") == 1 and dialog.isVisible() and ctl.task is None
    assert first.read_bytes() == first_bytes
    fake.confirms = [True]
    with qtbot.waitSignal(ctl.exportFinished, timeout=20000):
        dialog.accept()
    assert fake.asked.count("confirm") == 2
    assert info_b.unit in "".join(p.text for p in docx.Document(str(first)).paragraphs)
    # The whole round is named after the round.
    project.set_round("2024年度依法治区考评", 2024)
    dialog = ctl.open_dialog()
    dialog.whole_round.setChecked(True)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    assert Path(dialog.path).name == "2024年度依法治区考评_评分表.xlsx"
    project.set_round("依法治区考评", 2024)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("docx"))
    assert Path(dialog.path).name == "依法治区考评_2024_评阅汇总.docx"
    dialog.reject()


# --- f) unscored reports read 未评 and rank last ---------------------------------------------------

def _overview(window):
    proxy = window.overview.table.model()
    return [{name: proxy.index(r, col).data() for name, col in COL.items()} | {"id": proxy.index(r, 0).data(DocIdRole)}
            for r in range(proxy.rowCount())]


def test_unscored_reports_read_not_scored_and_rank_last(window, import_files, qtbot):
    summary = import_files(SEEDS[:3])
    project = window.context.project
    qtbot.waitUntil(lambda: all(d.unit for d in project.documents()))
    a, b, c = (o.doc_id for o in summary.imported)
    project.set_score(a, "measures", "测试员", points=12)
    project.set_score(b, "measures", "测试员", points=0)  # scored, with 0 points
    project.set_score(c, "measures", "测试员", comment="待评")  # a comment is no score
    rows = {r["id"]: r for r in _overview(window)}
    assert rows[a]["total"] == "12" and rows[b]["total"] == "0" and rows[c]["total"] == "未评"
    view = window.overview.table
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        view.sortByColumn(COL["total"], order)
        ids = [r["id"] for r in _overview(window)]
        assert ids[-1] == c, order
    assert [r["id"] for r in _overview(window)] == [b, a, c]
    chart = {r.label: r.total for r in window.overview.chart.rows}
    units = {d.id: d.unit for d in project.documents()}
    assert chart == {units[a]: 12, units[b]: 0, units[c]: None}
    assert [r.label for r in window.overview.chart.rows][-1] == units[c]  # after the scored ones
    window.overview.chart.grab()  # paints an unscored bar without error
    window.context.set_current_document(c)
    assert "总分 未评 / 100" in _pane(window).total_label.text()
    window.context.set_current_document(b)
    assert "总分 0 / 100" in _pane(window).total_label.text()


def test_english_ui_says_not_scored(window, seed_doc, qapp, qtbot):
    from desktop.ui import i18n

    assert i18n.install_translators(qapp, "en")
    try:
        window.overview.model.reload()
        assert _overview(window)[0]["total"] == "Not scored"
        pane = _pane(window)
        pane.refresh()
        assert "Not scored" in pane.total_label.text()
        card = pane.cards["weaknesses"]
        _type(card.spin, "12")
        QTest.keyClick(card.spin, Qt.Key.Key_Return)
        assert "12 points is over the maximum of 10; not saved" in card.refusal.text()
        assert window.context.project.scores(seed_doc) == []
    finally:
        i18n.uninstall_translators(qapp)
