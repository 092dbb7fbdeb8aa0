"""Selecting text and pressing 1/2/3 in the real document pane."""

from __future__ import annotations

import pytest
from files import write_txt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from desktop.anchors import CONTEXT
from desktop.tags import TAGS
from desktop.text import section_at


def _select_and_press(window, start: int, end: int, key: str) -> None:
    view = window.document_view
    view.setFocus()
    view.select_span(start, end)
    QTest.keyClick(view, key)


def _rows(project, doc_id):
    return [(a.start, a.end, a.tag) for a in project.annotations(doc_id)]


@pytest.mark.parametrize("tag", TAGS, ids=[t.value for t in TAGS])
def test_key_tags_selection_with_exact_anchor(window, seed_doc, tag):
    project = window.context.project
    text = project.document(seed_doc).text
    quote = "人大代表建议答复率达100%"
    start = text.index(quote)
    end = start + len(quote)
    _select_and_press(window, start, end, tag.key)
    [ann] = project.annotations(seed_doc)
    assert (ann.start, ann.end, ann.tag) == (start, end, tag.value)
    assert ann.quote == quote
    assert ann.prefix == text[start - CONTEXT:start] and len(ann.prefix) == CONTEXT
    assert ann.suffix == text[end:end + CONTEXT]
    assert ann.reviewer == "测试员"
    assert window.document_view.highlight_ranges() == [(start, end, tag.value)]
    assert window.document_view.painted_ranges() == [(start, end, tag.value)]
    assert not window.document_view.textCursor().hasSelection()
    # The annotation pane lists it with its section heading.
    model = window.annotation_pane.model
    assert model.rowCount() == 1
    heading = section_at(project.sections(seed_doc), start)
    assert heading is not None and model.section_title(ann) == heading.title
    assert model.data(model.index(0, 1)) == quote


def test_toolbar_action_tags_and_is_disabled_without_selection(window, seed_doc):
    view = window.document_view
    action = window.acts.tags["weakness"]
    assert not action.isEnabled()
    view.select_span(10, 20)
    assert action.isEnabled()
    action.trigger()
    assert _rows(window.context.project, seed_doc) == [(10, 20, "weakness")]
    assert not action.isEnabled()


def test_key_without_selection_does_nothing(window, seed_doc):
    view = window.document_view
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(50)
    view.setTextCursor(cursor)
    for key in "123":
        QTest.keyClick(view, key)
    assert window.context.project.annotations(seed_doc) == []
    assert view.highlight_ranges() == []


def test_digit_in_filter_box_does_not_tag(window, seed_doc):
    window.document_view.select_span(5, 15)
    edit = window.annotation_pane.filter_edit
    edit.setFocus()
    QTest.keyClick(edit, "1")
    assert edit.text() == "1"
    assert window.context.project.annotations(seed_doc) == []


def test_selection_is_trimmed_of_whitespace_and_newlines(window, seed_doc):
    text = window.context.project.document(seed_doc).text
    nl = text.index("\n")
    _select_and_press(window, nl - 4, nl + 1, "1")
    [ann] = window.context.project.annotations(seed_doc)
    assert (ann.start, ann.end) == (nl - 4, nl)


def test_overlapping_and_nested_spans_all_show(window, seed_doc):
    project = window.context.project
    text = project.document(seed_doc).text
    outer = "推进党务、政务公开工作。2019年,我镇累计主动公开政府信息116条"
    inner = "累计主动公开政府信息116条"
    o = text.index(outer)
    i = text.index(inner, o)
    _select_and_press(window, o, o + len(outer), "1")
    _select_and_press(window, i, i + len(inner), "2")
    # A third span crossing the end of the outer one.
    cross_start = o + len(outer) - 5
    _select_and_press(window, cross_start, cross_start + 12, "3")
    expected = sorted([(o, o + len(outer), "measure"), (i, i + len(inner), "figure"),
                       (cross_start, cross_start + 12, "weakness")])
    assert sorted(_rows(project, seed_doc)) == expected
    view = window.document_view
    assert view.highlight_ranges() == expected
    assert view.painted_ranges() == expected
    depths = {s.tag: s.depth for s in view.layer.spans()}
    assert depths == {"measure": 0, "figure": 1, "weakness": 2}
    # Inner spans are painted after (on top of) the outer one, in a deeper shade.
    order = [sel.format.background().color().name() for sel in view.extraSelections()]
    assert len(order) == 3 and order[0] == "#cfe0ff" and order[1] != "#ffe3a3"


def test_non_bmp_characters_keep_offsets_exact(window, import_files, tmp_path):
    paragraphs = ["𠀀𠀁镇人民政府关于𡈽𡈽年度工作的报告", "一、主要举措", "我镇𠮷村开展普法活动𠀀次，𩸽𩸽参与群众500人。"]
    summary = import_files([write_txt(tmp_path / "astral.txt", paragraphs)])
    doc_id = summary.imported[0].doc_id
    project = window.context.project
    text = project.document(doc_id).text
    quote = "𠮷村开展普法活动𠀀次，𩸽𩸽参与群众500人"
    start = text.index(quote)
    end = start + len(quote)
    # Select as Qt does, in UTF-16 units: each astral character counts two.
    before = text[:start]
    u16_start = len(before.encode("utf-16-le")) // 2
    u16_end = u16_start + len(quote.encode("utf-16-le")) // 2
    assert u16_start > start  # the title's astral characters shift Qt positions
    view = window.document_view
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(u16_start)
    cursor.setPosition(u16_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.textCursor().selectedText() == quote
    QTest.keyClick(view, "2")
    [ann] = project.annotations(doc_id)
    assert (ann.start, ann.end, ann.quote) == (start, end, quote)
    assert ann.prefix == text[max(0, start - CONTEXT):start]
    assert view.highlight_ranges() == [(start, end, "figure")]
    assert view.painted_ranges() == [(start, end, "figure")]  # hands Qt the refresh due this turn
    # What Qt paints covers exactly the quote.
    [sel] = view.extraSelections()
    assert sel.cursor.selectedText() == quote


def test_context_menu_offers_tags_and_annotation_actions(window, seed_doc, qtbot):
    view = window.document_view
    view.select_span(30, 40)
    window.acts.tags["measure"].trigger()
    rect = view.cursorRect(view.textCursor())
    cursor = view.textCursor()
    cursor.setPosition(view.layer.offsets.to_utf16(35))
    pos = view.cursorRect(cursor).center()
    menu = view.build_context_menu(pos)
    texts = [a.text() for a in menu.actions()]
    assert any("举措" in t for t in texts)
    sub = [a for a in menu.actions() if a.menu() is not None]
    assert sub, texts
    retag = [a for a in sub[-1].menu().actions() if "不足" in a.text()][0]
    retag.trigger()
    assert window.context.project.annotations(seed_doc)[0].tag == "weakness"
    assert rect is not None
    menu.deleteLater()
