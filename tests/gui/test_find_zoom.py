"""Find in the shown report (Ctrl+F, F3 / Shift+F3, Esc) and the reading size (Ctrl+= / Ctrl+- / Ctrl+0).

Hits are counted on the canonical text (code points); what is painted is read
back from the ExtraSelections handed to Qt and converted through the pane's
offset map, so a character outside the BMP before a hit is covered.
"""

from __future__ import annotations

import time

import pytest
from files import write_txt
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.ui import settings as app_settings
from desktop.ui.context import AppContext
from desktop.ui.find_bar import FIND_PROPERTY, MAX_MARKS, find_all

ASTRAL = "\U00020BB7"  # 𠮷, outside the BMP: two UTF-16 units


def _find(window, query: str):
    bar = window.find_bar
    window.reader.find.trigger()
    assert bar.isVisible() and bar.edit.hasFocus()
    bar.edit.setText(query)
    return bar


def _painted(window, kind: str) -> list[tuple[int, int]]:
    """The find marks of ``kind`` ("hit" / "current") handed to Qt, in code points."""
    view = window.document_view
    view.flush_highlights()
    cp = view.layer.offsets.to_codepoint
    return sorted((cp(s.cursor.selectionStart()), cp(s.cursor.selectionEnd()))
                  for s in view.extraSelections() if s.format.property(FIND_PROPERTY) == kind)


def _occurrences(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + len(word))
    return out


@pytest.fixture
def astral_doc(window, import_files, tmp_path):
    paragraphs = ["关于依法行政工作情况的报告",
                  f"一、{ASTRAL}{ASTRAL}镇推进法治政府建设，法治宣传覆盖全镇。",
                  f"二、{ASTRAL}村开展 ABC 培训 abc 三次，Abc 考核一次，法治观念增强。",
                  f"三、下一步继续推进{ASTRAL}法治建设。"]
    summary = import_files([write_txt(tmp_path / "astral.txt", paragraphs)])
    assert summary.imported, summary
    return summary.imported[0].doc_id


def test_find_all_counts_like_str_count():
    text = "法治法治法治 aAa AAA"
    assert find_all(text, "法治") == [0, 2, 4]
    assert len(find_all(text, "aa")) == text.lower().count("aa")
    assert find_all(text, "") == [] and find_all(text, "无") == []
    assert find_all(f"{ASTRAL}法治", "法治") == [1]  # code points, not UTF-16 units


def test_hit_count_is_every_occurrence(window, seed_doc):
    text = window.document_view.text
    word = "法治"
    assert text.count(word) >= 5
    bar = _find(window, word)
    assert len(bar.hits) == text.count(word)
    assert bar.count_label.text() == f"第 1/{text.count(word)} 处"
    assert bar.hits == _occurrences(text, word)
    hits = _painted(window, "hit") + _painted(window, "current")
    assert hits and all(text[s:e] == word for s, e in hits)
    bar.edit.setText("这个词不在报告里")
    assert bar.hits == [] and bar.count_label.text() == "未找到"
    assert _painted(window, "hit") == [] and _painted(window, "current") == []


def test_typing_updates_the_hits_one_key_at_a_time(window, seed_doc):
    text = window.document_view.text
    bar = window.find_bar
    window.reader.find.trigger()
    bar.edit.insert("法")  # as an input method commits it (QTest types only ASCII)
    assert len(bar.hits) == text.count("法")
    bar.edit.insert("治")
    assert len(bar.hits) == text.count("法治")
    QTest.keyClick(bar.edit, Qt.Key.Key_Backspace)
    assert len(bar.hits) == text.count("法")


def test_f3_cycles_and_wraps_and_shift_f3_goes_back(window, seed_doc):
    view, text = window.document_view, window.document_view.text
    word = "法治"
    bar = _find(window, word)
    starts = _occurrences(text, word)
    assert bar.current_span() == (starts[0], starts[0] + len(word))
    seen = [bar.current_span()[0]]
    for _ in range(len(starts)):
        QTest.keyClick(bar.edit, Qt.Key.Key_F3)
        seen.append(bar.current_span()[0])
    assert seen == starts + [starts[0]]  # every hit in order, then wraps to the first
    assert bar.count_label.text() == f"第 1/{len(starts)} 处"
    QTest.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_span()[0] == starts[-1]  # back past the start: the last
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_span()[0] == starts[-2]
    QTest.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.current_span()[0] == starts[-1]
    # The current hit is in view and the cursor sits at it, unselected (drawn by the find colour).
    cursor = view.textCursor()
    assert not cursor.hasSelection()
    assert view.layer.offsets.to_codepoint(cursor.position()) == starts[-1]
    assert view.viewport().rect().contains(view.cursorRect(cursor).center())
    assert _painted(window, "current") == [(starts[-1], starts[-1] + len(word))]


def test_f3_with_the_focus_in_the_document(window, seed_doc):
    view, text = window.document_view, window.document_view.text
    bar = _find(window, "法治")
    starts = _occurrences(text, "法治")
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F3)
    assert bar.current_span()[0] == starts[1]


def test_current_hit_span_counts_code_points_after_astral_characters(window, astral_doc):
    view = window.document_view
    text = view.text
    for query in ("法治", f"{ASTRAL}法治"):
        bar = _find(window, query)
        starts = _occurrences(text, query)
        assert len(bar.hits) == text.count(query) == len(starts)
        for start in starts:
            assert ASTRAL in text[:start]
            assert bar.current_span() == (start, start + len(query))
            assert _painted(window, "current") == [(start, start + len(query))]
            assert view.layer.offsets.to_codepoint(view.textCursor().position()) == start
            bar.find_next()
        assert set(_painted(window, "hit")) | set(_painted(window, "current")) == {
            (s, s + len(query)) for s in starts}


def test_latin_letters_ignore_case(window, astral_doc):
    text = window.document_view.text
    bar = _find(window, "abc")
    assert len(bar.hits) == text.lower().count("abc") == 3
    assert [text[s:e] for s, e in _painted(window, "hit") + _painted(window, "current")] != []
    assert bar.count_label.text() == "第 1/3 处"


def test_esc_closes_the_bar_and_clears_the_marks(window, seed_doc):
    view = window.document_view
    bar = _find(window, "法治")
    QTest.keyClick(bar.edit, Qt.Key.Key_F3)
    span = bar.current_span()
    assert _painted(window, "hit")
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert _painted(window, "hit") == [] and _painted(window, "current") == []
    assert view.viewportMargins().bottom() == 0
    assert view.selected_span() == span  # ready to copy or tag
    assert view.hasFocus()
    window.reader.find.trigger()  # opens again with the query and its marks
    assert bar.isVisible() and bar.edit.text() == "法治" and _painted(window, "hit")


def test_many_hits_are_counted_but_only_those_in_view_are_marked(window, import_files, tmp_path):
    paragraphs = ["关于很多结果的报告"] + ["法治政府建设，法治宣传，法治观念。" * 20] * 400
    summary = import_files([write_txt(tmp_path / "many.txt", paragraphs)])
    assert summary.imported
    text = window.document_view.text
    started = time.perf_counter()
    bar = _find(window, "法治")
    elapsed = time.perf_counter() - started
    assert len(bar.hits) == text.count("法治") == 24000
    marked = _painted(window, "hit")
    assert 0 < len(marked) <= MAX_MARKS
    assert elapsed < 2.0, elapsed
    QTest.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # wraps to the last
    assert bar.current_span()[0] == bar.hits[-1]
    assert _painted(window, "current") == [(bar.hits[-1], bar.hits[-1] + 2)]
    assert (bar.hits[-2], bar.hits[-2] + 2) in _painted(window, "hit")


def _point_size(window) -> float:
    return window.document_view.document().defaultFont().pointSizeF()


def test_zoom_keys_change_the_reading_size_and_keep_highlights(window, seed_doc, qtbot, fake):
    view = window.document_view
    text = view.text
    start = text.find("法治")
    ann = window.ops.add(seed_doc, start, start + 4, "measure")
    assert ann
    base = _point_size(window)
    painted = view.painted_ranges()
    assert (start, start + 4, "measure") in painted
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 110 and _point_size(window) == pytest.approx(base * 1.1)
    assert view.verticalScrollBar().value() == 0  # the start stays in view, with its margin
    assert (start, start + 4, "measure") in view.painted_ranges()
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 90 and _point_size(window) == pytest.approx(base * 0.9)
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 100 and _point_size(window) == pytest.approx(base)
    for _ in range(20):
        window.reader.zoom_in.trigger()
    assert view.zoom == 250 and not window.reader.zoom_in.isEnabled()
    for _ in range(20):
        window.reader.zoom_out.trigger()
    assert view.zoom == 70 and not window.reader.zoom_out.isEnabled()
    assert view.painted_ranges() == painted
    assert view.text == text and view.highlight_ranges() == [(start, start + 4, "measure")]


def test_zoom_keeps_find_marks_and_the_line_in_view(window, seed_doc):
    view = window.document_view
    bar = _find(window, "法治")
    for _ in range(4):
        bar.find_next()
    span = bar.current_span()
    window.reader.zoom_in.trigger()
    window.reader.zoom_in.trigger()
    assert bar.current_span() == span and _painted(window, "current") == [span]
    cursor = view.textCursor()
    assert view.layer.offsets.to_codepoint(cursor.position()) == span[0]
    assert view.viewport().rect().contains(view.cursorRect(cursor).center())


def test_zoom_is_in_the_view_menu_and_remembered_by_a_new_window(window, qtbot, fake, tmp_path):
    view_menu = window.menu("view").actions()
    assert window.reader.zoom_in in view_menu and window.reader.zoom_reset in view_menu
    assert window.reader.find in window.menu("edit").actions()
    base = _point_size(window)
    window.reader.zoom_in.trigger()
    window.reader.zoom_in.trigger()
    assert app_settings.zoom_percent() == 125
    from desktop.ui.main_window import MainWindow

    context = AppContext()
    second = MainWindow(context, fake)
    qtbot.addWidget(second)
    try:
        assert second.document_view.zoom == 125
        assert second.document_view.font().pointSizeF() == pytest.approx(base * 1.25)
    finally:
        context.close_project()
    window.reader.zoom_reset.trigger()
    assert app_settings.zoom_percent() == 100


def test_ctrl_f_takes_the_selection_and_digits_typed_in_the_bar_never_tag(window, seed_doc):
    view, project = window.document_view, window.context.project
    text = view.text
    start = text.find("普法")
    view.setFocus()
    view.select_span(start, start + 2)
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.text() == "普法"
    assert len(bar.hits) == text.count("普法") and bar.current_span() == (start, start + 2)
    QTest.keyClick(bar.edit, Qt.Key.Key_End)
    QTest.keyClick(bar.edit, "1")
    assert bar.edit.text() == "普法1" and project.annotations(seed_doc) == []
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Escape)  # Esc in the document closes the bar too
    assert not bar.isVisible() and _painted(window, "hit") == []


def test_another_report_gets_its_own_hits(window, seed_doc, astral_doc):
    bar = _find(window, "法治")
    assert window.document_view.doc_id == astral_doc
    assert len(bar.hits) == window.document_view.text.count("法治")
    window.context.set_current_document(seed_doc)
    text = window.document_view.text
    assert len(bar.hits) == text.count("法治") and bar.current_span()[0] == text.find("法治")
    assert bar.count_label.text() == f"第 1/{text.count('法治')} 处"
    assert all(window.document_view.text[s:e] == "法治" for s, e in _painted(window, "hit"))
