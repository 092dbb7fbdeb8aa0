"""在全部报告中搜索 in the real window: Ctrl+Shift+F opens it, typing lists the
hits of every report, and going to a hit opens its report with exactly that
span selected (a character outside the BMP before the hit included)."""

from __future__ import annotations

from files import write_txt
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from desktop.store.search import fold
from desktop.ui.search_pane import CONTEXT, POSITION, REPORT

ASTRAL = "\U00020BB7"  # 𠮷: two UTF-16 units


def _reports(tmp_path, fake):
    fake.new_versions = ["separate"] * 3  # the second 乙乡 report is another report, not a version
    return [
        write_txt(tmp_path / "甲镇.txt", ["甲镇2024年度法治政府建设情况报告", "一、主要举措",
                                          "开展普法宣传，普法普法活动十场。", "二、存在的不足", "普法形式单一。"]),
        write_txt(tmp_path / "乙乡.txt", ["乙乡2024年度法治政府建设情况报告", "一、主要举措",
                                          f"{ASTRAL}{ASTRAL}村推进ＡＢＣ普法工作。"]),
        # same title as 乙乡's, another text
        write_txt(tmp_path / "乙乡2.txt", ["乙乡2024年度法治政府建设情况报告", "一、主要举措", "没有那个词。"]),
    ]


def _occurrences(texts: dict[int, str], query: str) -> list[tuple[int, int]]:
    q = fold(query)
    out = []
    for doc_id in sorted(texts):
        f = fold(texts[doc_id])
        out += [(doc_id, i) for i in range(len(f)) if f.startswith(q, i)]
    return out


def _type(box, text: str) -> None:
    """Typing, one committed character at a time (QTest cannot send CJK key events)."""
    for ch in text:
        box.insert(ch)


def _open_with_keys(window, qtbot):
    window.activateWindow()
    window.document_view.setFocus()
    QTest.keyClick(window.document_view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.search_pane
    qtbot.waitUntil(lambda: window.search_dock.isVisible() and pane.box.hasFocus(), timeout=5000)
    return pane


def test_ctrl_shift_f_lists_every_hit_and_jumps_to_exactly_one(window, import_files, tmp_path, qtbot, fake):
    summary = import_files(_reports(tmp_path, fake))
    assert len(summary.imported) == 3
    project = window.context.project
    texts = {i.id: project.document_text(i.id) for i in project.documents()}
    assert not window.search_dock.isVisible()
    assert len(window.findChildren(QDockWidget, "searchDock")) == 1  # installed once
    assert window.search_action.shortcut().toString() == "Ctrl+Shift+F"
    pane = _open_with_keys(window, qtbot)

    _type(pane.box, "普法")
    want = _occurrences(texts, "普法")
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(want), timeout=5000)
    hits = pane.model.hits
    assert [(h.doc_id, h.start) for h in hits] == want
    assert len({h.doc_id for h in hits}) == 2
    assert pane.status.text() == f"共 {len(want)} 处，2 份报告"
    model = pane.model
    assert model.index(0, REPORT).data() == "甲镇2024年度法治政府建设情况报告"
    assert model.index(0, POSITION).data() == f"第 {hits[0].start + 1} 字"
    assert "普法" in model.index(0, CONTEXT).data()
    # two reports with one title are told apart
    last = len(hits) - 1
    assert model.index(last, REPORT).data().endswith(f"(#{hits[last].doc_id})")

    # Activating the last hit (in the report with 𠮷𠮷 before it) opens that report, that span selected.
    target = hits[last]
    assert texts[target.doc_id].index(ASTRAL) < target.start
    index = model.index(last, CONTEXT)
    pane.list.setCurrentIndex(index)
    pane.list.activated.emit(index)
    view = window.document_view
    assert window.context.current_doc_id == target.doc_id == view.doc_id
    assert view.selected_span() == (target.start, target.end)
    assert view.textCursor().selectedText() == "普法"
    QTest.qWait(50)
    assert pane.list.height() > 150  # below the document, not squeezed by the side columns' panes

    # A click on another report's hit goes there.
    first = model.index(1, REPORT)
    pane.list.clicked.emit(first)
    assert view.doc_id == hits[1].doc_id and view.selected_span() == (hits[1].start, hits[1].end)


def test_folding_enter_in_the_box_and_updates_after_a_removal(window, import_files, tmp_path, qtbot, fake):
    import_files(_reports(tmp_path, fake))
    pane = _open_with_keys(window, qtbot)
    QTest.keyClicks(pane.box, "abc")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=5000)
    hit = pane.model.hits[0]
    assert window.context.project.document_text(hit.doc_id)[hit.start:hit.end] == "ＡＢＣ"
    QTest.keyClick(pane.box, Qt.Key.Key_Return)
    assert window.document_view.selected_span() == (hit.start, hit.end)

    pane.box.setText("")
    _type(pane.box, "普法")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5, timeout=5000)
    doc = pane.model.hits[-1].doc_id
    window.context.project.delete_document(doc)  # announced: the list follows
    qtbot.waitUntil(lambda: all(h.doc_id != doc for h in pane.model.hits) and pane.model.rowCount() == 4,
                    timeout=5000)
    assert pane.status.text() == "共 4 处，1 份报告"


def test_an_empty_box_lists_nothing(window, import_files, tmp_path, qtbot, fake):
    import_files(_reports(tmp_path, fake))
    pane = _open_with_keys(window, qtbot)
    QTest.keyClicks(pane.box, "   ")
    qtbot.wait(400)
    assert pane.model.rowCount() == 0 and pane.status.text() == ""
    pane.box.setText("没有这样的话")
    qtbot.waitUntil(lambda: pane.status.text() == "没有找到", timeout=5000)
