"""A comfortable reader (issue 11), in the real window: a note's mark at the end of
its span, touching spans of one tag drawn as two, a selection no tint resembles,
and the sections reached from the keyboard (下一节 / 上一节 / 转到章节…).

Marks are checked twice: in what the pane hands its painter and in the pixels
of the painted viewport, so a mark computed but not drawn fails too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QTextCursor
from PySide6.QtTest import QTest

from desktop.tags import BY_VALUE
from desktop.text import Section
from desktop.ui.highlights import SELECTION_BACKGROUND, SELECTION_TEXT, tint
from desktop.ui.outline import next_section, previous_section

QUOTE = "人大代表建议答复率达100%"


def _painted(view) -> QImage:
    """The viewport as painted now (its paintEvent runs, so drawn_marks is fresh)."""
    view.flush_highlights()
    return view.viewport().grab().toImage()


def _colour_at(image: QImage, x: float, y: float) -> QColor:
    return image.pixelColor(QPoint(round(x), round(y)))


def _count(image: QImage, rect, colour: str) -> int:
    """Pixels of exactly ``colour`` inside ``rect`` (viewport coordinates)."""
    want = QColor(colour).rgb()
    r = rect.toRect() if hasattr(rect, "toRect") else rect
    return sum(1 for x in range(max(r.left(), 0), min(r.right(), image.width() - 1) + 1)
               for y in range(max(r.top(), 0), min(r.bottom(), image.height() - 1) + 1)
               if image.pixel(x, y) == want)


def _near_top(window, doc_id) -> int:
    """Where QUOTE starts, with the pane scrolled so it is in view."""
    text = window.context.project.document(doc_id).text
    start = text.index(QUOTE)
    window.context.reveal(doc_id, start, start)
    return start


def _span_rect(view, start: int, end: int):
    """The rectangle of the first line of text[start:end] in the viewport."""
    to16 = view.layer.offsets.to_utf16
    a, b = QTextCursor(view.document()), QTextCursor(view.document())
    a.setPosition(to16(start))
    b.setPosition(to16(end))
    left, right = view.cursorRect(a), view.cursorRect(b)
    left.setRight(right.left() if right.top() == left.top() else left.left() + 40)
    return left


# --- a note shows in the text -----------------------------------------------------------------

def test_a_note_puts_a_mark_at_the_end_of_its_span_and_goes_with_the_note(window, seed_doc, fake, qtbot):
    view = window.document_view
    start = _near_top(window, seed_doc)
    end = start + len(QUOTE)
    ann_id = window.ops.add(seed_doc, start, end, "figure")
    assert view.marks() == []
    _painted(view)
    assert view.drawn_marks == []
    text_before = view.document().toPlainText()

    fake.notes.append("数据来源请核实")
    window.ops.edit_note(ann_id)
    assert view.marks() == [("note", end, "figure")]
    # Painted by itself: the span's tint is unchanged, so the pane must ask for the repaint.
    qtbot.waitUntil(lambda: [m[:3] for m in view.drawn_marks] == [("note", end, "figure")], timeout=2000)
    image = _painted(view)
    [(kind, pos, tag, rect)] = view.drawn_marks
    assert (kind, pos, tag) == ("note", end, "figure")
    strong = BY_VALUE["figure"].colour
    # The flag is a filled corner in the tag's strong colour at the top right of the last character.
    inside = _colour_at(image, rect.right() - rect.width() * 0.3, rect.top() + rect.height() * 0.25)
    assert inside == QColor(strong)
    assert _count(image, rect, strong) >= 6
    assert view.document().toPlainText() == text_before  # drawn, never written into the text

    fake.notes.append("")  # the note removed: so is the mark
    window.ops.edit_note(ann_id)
    assert view.marks() == []
    qtbot.waitUntil(lambda: view.drawn_marks == [], timeout=2000)
    image = _painted(view)
    assert view.drawn_marks == [] and _count(image, rect, strong) == 0

    window.context.undo_stack.undo()  # the note comes back with undo
    assert view.marks() == [("note", end, "figure")]


def test_only_spans_near_the_viewport_carry_marks(window, seed_doc, fake):
    view = window.document_view
    text = view.text
    start = _near_top(window, seed_doc)
    far = len(text) - 30
    for s, e in ((start, start + len(QUOTE)), (far, far + 10)):
        ann_id = window.ops.add(seed_doc, s, e, "measure")
        fake.notes.append("批注")
        window.ops.edit_note(ann_id)
    lo16, hi16 = view.visible_range16()
    ends = [pos for kind, pos, _t in view.marks() if kind == "note"]
    to16 = view.layer.offsets.to_utf16
    assert ends and all(lo16 <= to16(p) <= hi16 for p in ends)
    if to16(far + 10) > hi16:  # the seed is long enough for the far one to be out of the window
        assert far + 10 not in ends
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert ("note", far + 10, "measure") in view.marks()


def test_hovering_a_noted_span_shows_its_note(window, seed_doc, fake, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    view = window.document_view
    start = _near_top(window, seed_doc)
    outer = window.ops.add(seed_doc, start, start + len(QUOTE), "measure")
    inner = window.ops.add(seed_doc, start + 4, start + 8, "figure")
    fake.notes += ["答复率口径不明", "与上年对比"]
    window.ops.edit_note(outer)
    window.ops.edit_note(inner)
    to16 = view.layer.offsets.to_utf16
    assert view.notes_at(to16(start + 1)) == ["举措：答复率口径不明"]
    assert view.notes_at(to16(start + 5)) == ["举措：答复率口径不明", "数据：与上年对比"]
    assert view.notes_at(to16(start + len(QUOTE) + 2)) == []
    cursor = QTextCursor(view.document())
    cursor.setPosition(to16(start + 5))
    at = view.cursorRect(cursor).center() + QPoint(2, 0)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == "举措：答复率口径不明\n\n数据：与上年对比"
    QToolTip.hideText()


# --- touching spans of one tag read as two ---------------------------------------------------

def test_two_touching_spans_of_one_tag_are_drawn_apart(window, seed_doc):
    view = window.document_view
    start = _near_top(window, seed_doc)
    middle, end = start + 6, start + len(QUOTE)
    window.ops.add(seed_doc, start, middle, "measure")
    window.ops.add(seed_doc, middle, end, "measure")
    assert view.painted_ranges() == [(start, middle, "measure"), (middle, end, "measure")]
    assert view.alternate_spans() == [(middle, end, "measure")]
    assert view.marks() == [("boundary", middle, "measure")]
    image = _painted(view)
    measure = BY_VALUE["measure"]
    page = view.palette().color(QPalette.ColorRole.Base).name()
    plain, alternate = tint(measure.highlight, measure.colour, 0), tint(measure.highlight, measure.colour, 0, True)
    # Inside each span, clear of the line between them.
    first, second = _span_rect(view, start, middle).adjusted(0, 0, -4, 0), _span_rect(view, middle, end).adjusted(4, 0, 0, 0)
    assert _count(image, first, plain) > 20 and _count(image, first, alternate) == 0
    assert _count(image, second, alternate) > 20 and _count(image, second, plain) == 0
    [(_k, _p, _t, line)] = view.drawn_marks
    assert _count(image, line, page) >= line.height() * line.width() * 0.9  # the thin gap between them


def test_touching_spans_of_different_tags_need_nothing_more(window, seed_doc):
    view = window.document_view
    start = _near_top(window, seed_doc)
    window.ops.add(seed_doc, start, start + 6, "measure")
    window.ops.add(seed_doc, start + 6, start + 12, "figure")
    assert view.alternate_spans() == [] and view.marks() == []


def test_retagging_the_neighbour_joins_or_parts_the_run(window, seed_doc):
    view = window.document_view
    start = _near_top(window, seed_doc)
    window.ops.add(seed_doc, start, start + 6, "measure")
    second = window.ops.add(seed_doc, start + 6, start + 12, "figure")
    assert view.marks() == []
    window.ops.retag([second], "measure")
    assert view.marks() == [("boundary", start + 6, "measure")]
    window.context.undo_stack.undo()
    assert view.marks() == [] and view.alternate_spans() == []


# --- the selection is not a tag --------------------------------------------------------------

def test_the_selection_is_saturated_blue_with_white_text_even_under_the_app_style(window, seed_doc, qapp):
    from desktop.ui.app import resource

    view = window.document_view
    old = qapp.styleSheet()
    qapp.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    try:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            assert view.palette().color(group, QPalette.ColorRole.Highlight) == QColor(SELECTION_BACKGROUND)
            assert view.palette().color(group, QPalette.ColorRole.HighlightedText) == QColor(SELECTION_TEXT)
        start = _near_top(window, seed_doc)
        window.ops.add(seed_doc, start, start + len(QUOTE), "measure")
        view.setFocus()
        view.select_span(start, start + 6)  # over a tag: the selection still shows as the selection
        image = _painted(view)
        rect = _span_rect(view, start, start + 6)
        assert _count(image, rect, SELECTION_BACKGROUND) > 20
        assert _count(image, rect, BY_VALUE["measure"].highlight) == 0
    finally:
        qapp.setStyleSheet(old)


# --- sections from the keyboard ---------------------------------------------------------------

def test_next_and_previous_section_helpers():
    sections = [Section(1, 10, 50, "一、甲"), Section(2, 20, 30, "（一）乙"), Section(1, 50, 90, "二、丙")]
    assert next_section(sections, 0) == sections[0]
    assert next_section(sections, 10) == sections[1]  # at a heading: the one after
    assert next_section(sections, 60) is None
    assert previous_section(sections, 25) == sections[1]  # inside: its own heading
    assert previous_section(sections, 20) == sections[0]  # at a heading: the one before
    assert previous_section(sections, 10) is None and previous_section([], 5) is None


def _cursor_cp(view) -> int:
    return view.layer.offsets.to_codepoint(view.textCursor().position())


def test_ctrl_down_and_up_go_from_section_to_section(window, seed_doc):
    view, outline = window.document_view, window.outline
    sections = outline.section_list
    assert len(sections) >= 3
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    first = next_section(sections, 0)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _cursor_cp(view) == first.start
    assert outline.section_at(outline.currentIndex()) == first
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    second = sections[sections.index(first) + 1]
    assert _cursor_cp(view) == second.start
    QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _cursor_cp(view) == first.start
    assert outline.section_at(outline.currentIndex()) == first


def test_next_section_reads_from_the_top_of_the_pane_once_the_cursor_scrolled_away(window, seed_doc):
    view, outline = window.document_view, window.outline
    cursor = view.textCursor()
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = view.reading_position()
    assert top > 0
    outline.next_action.trigger()
    expected = next_section(outline.section_list, top)
    assert expected is not None and _cursor_cp(view) == expected.start


def test_go_to_section_chooser_filters_and_jumps(window, seed_doc, qtbot):
    view, outline = window.document_view, window.outline
    sections = outline.section_list
    target = sections[-1]
    word = target.title[2:6] if len(target.title) > 6 else target.title
    window.activateWindow()
    QTest.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    chooser = outline.chooser
    assert chooser is not None and chooser.isVisible()
    assert chooser.visible_titles() == [s.title for s in sections]
    chooser.edit.insert(word)  # typed (QTest types ASCII only)
    titles = chooser.visible_titles()
    assert target.title in titles and all(word in t for t in titles)
    QTest.keyClick(chooser.edit, Qt.Key.Key_Down)  # moves in the list, from the filter box
    while chooser.list.currentIndex().data().lstrip("\u3000") != target.title:
        QTest.keyClick(chooser.edit, Qt.Key.Key_Down)
    QTest.keyClick(chooser.edit, Qt.Key.Key_Return)
    assert not chooser.isVisible()
    assert _cursor_cp(view) == target.start
    assert outline.section_at(outline.currentIndex()) == target


def test_section_actions_sit_in_the_view_menu(window):
    view_menu = window.menu("view")
    names = [a.objectName() for a in view_menu.actions()]
    for name in ("action_previous_section", "action_next_section", "action_go_to_section"):
        assert name in names
    assert window.outline.next_action.text() == "下一节"
    assert window.outline.previous_action.text() == "上一节"
    assert window.outline.go_to_action.text() == "转到章节…"


def test_no_report_no_jump(window):
    assert window.outline.go_next() is None and window.outline.go_previous() is None
    assert window.outline.choose_section() is None


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Up])
def test_plain_arrows_still_move_the_cursor(window, seed_doc, key):
    view = window.document_view
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(view.layer.offsets.to_utf16(200))
    view.setTextCursor(cursor)
    QTest.keyClick(view, key)
    assert _cursor_cp(view) != 200
