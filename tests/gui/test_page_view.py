"""Issue 15 in the window: the 原版 tab (pages rendered, annotations drawn over
their words, a click selects, a drag and a key tag), low-confidence OCR lines
marked in the text, and the import summary's OCR note said up front."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt

from desktop.analysis.page_spans import char_extents
from desktop.store import operations as ops
from desktop.ui import commands
from desktop.ui.importing import FileOutcome, ImportSummary

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from importer_pdfs import PDF_PARAGRAPHS, make_pdf  # noqa: E402
from page_records import pdf_document  # noqa: E402


def _import(window, doc) -> int:
    doc_id = commands.run_unrecorded(window.context, ops.ImportDocument(doc)).result.doc_id
    window.context.set_current_document(doc_id)
    return doc_id


@pytest.fixture
def pdf_doc(window):
    doc = pdf_document(make_pdf(PDF_PARAGRAPHS, lines_per_page=12), ocr_pages={1: [1.0, 0.55, 0.97]})
    return doc, _import(window, doc)


def _show_pages(qtbot, window):
    view = window.page_view
    index = window.tabs.indexOf(view)
    assert window.tabs.isTabEnabled(index)
    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: view.canvas.data is not None and bool(view.canvas.painted_pages), timeout=5000)
    return view


def _line_rect(view, page: int, needle: str) -> tuple[int, QRectF]:
    record = view.canvas.data.records[page]
    k = next(i for i, ln in enumerate(record.lines) if needle in ln.text)
    line = record.lines[k]
    return k, view.canvas.to_view(page, (line.x0, line.top, line.x1, line.bottom))


def _char_point(view, page: int, needle: str, which: int, right: bool = False) -> QPoint:
    """Canvas point inside character ``which`` of the first line holding ``needle``."""
    record = view.canvas.data.records[page]
    line = next(ln for ln in record.lines if needle in ln.text)
    i = line.text.index(needle) + which
    left, rightx = char_extents(line.text, line.x0, line.x1)[i]
    x = rightx - 0.5 if right else left + 0.5
    rect = view.canvas.to_view(page, (x, line.top, x + 0.1, line.bottom))
    return rect.center().toPoint()


def _scroll_to(qtbot, view, point: QPoint) -> None:
    view.scroll.ensureVisible(point.x(), point.y(), 50, 200)
    qtbot.wait(20)


def test_the_page_view_draws_an_annotation_over_its_words(qtbot, window, pdf_doc):
    doc, doc_id = pdf_doc
    start = doc.text.index("依法行政")
    ann_id = window.ops.add(doc_id, start, start + 4, "measure")
    view = _show_pages(qtbot, window)
    assert view.canvas.pdf is not None and 0 in view.canvas.painted_pages
    drawn = [r for i, tag, p, r in view.canvas.drawn_highlights if i == ann_id]
    assert len(drawn) == 1 and drawn[0].height() > 5
    _k, line = _line_rect(view, 0, "依法行政")
    assert drawn[0].intersects(line) and drawn[0].width() < line.width() / 3
    # over the word itself: its left edge where 依 begins
    assert abs(drawn[0].left() - _char_point(view, 0, "依法行政", 0).x()) <= 3


def test_clicking_a_highlight_selects_its_annotation(qtbot, window, pdf_doc):
    doc, doc_id = pdf_doc
    start = doc.text.index("依法行政")
    ann_id = window.ops.add(doc_id, start, start + 4, "measure")
    other = window.ops.add(doc_id, doc.text.index("培训3期"), doc.text.index("培训3期") + 4, "figure")
    assert other and window.annotation_pane.selected_annotation_ids() != [ann_id]
    view = _show_pages(qtbot, window)
    rect = next(r for i, tag, p, r in view.canvas.drawn_highlights if i == ann_id)
    _scroll_to(qtbot, view, rect.center().toPoint())
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.annotation_pane.selected_annotation_ids() == [ann_id]
    assert view.canvas.selected_annotation == ann_id


def test_a_drag_on_the_page_and_a_key_tag_that_span(qtbot, window, pdf_doc):
    doc, doc_id = pdf_doc
    view = _show_pages(qtbot, window)
    a = _char_point(view, 0, "领导小组", 0)
    b = _char_point(view, 0, "领导小组", 3, right=True)
    _scroll_to(qtbot, view, a)
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(view.canvas, pos=b)
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=b)
    start = doc.text.index("领导小组")
    assert view.canvas.selection == (start, start + 4)
    assert window.document_view.selected_span() == (start, start + 4)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, "2")
    anns = window.context.project.annotations(doc_id)
    assert [(x.start, x.end, x.tag) for x in anns] == [(start, start + 4, "figure")]
    qtbot.waitUntil(lambda: any(tag == "figure" for _i, tag, _p, _r in view.canvas.drawn_highlights), timeout=3000)
    assert view.canvas.selection is None


def test_low_confidence_ocr_lines_are_marked_in_the_text(qtbot, window, pdf_doc):
    doc, doc_id = pdf_doc
    marks = window.ocr_marks
    low = doc.page_records[1].lines[1]
    start = doc.text.index(low.text.replace(" ", "")[:8])
    assert [(s, c) for s, e, c in marks.marked()] == [(start, 0.55)]
    assert marks.label.isVisible() and marks.label.text() == "第 2 页由文字识别得到"
    window.document_view.reveal(doc_id, start, start + 2)
    window.document_view.viewport().repaint()
    assert [(s, c) for s, e, c in marks.drawn] == [(start, 0.55)]
    assert marks.tooltips(window.document_view.layer.offsets.to_utf16(start + 1)) == ["识别可信度 55%，请对照原版核对"]
    # and outlined on the page
    view = _show_pages(qtbot, window)
    view.show_page(2)
    qtbot.waitUntil(lambda: 1 in view.canvas.painted_pages, timeout=3000)
    view.canvas.repaint()
    assert [k for k, _r in view.canvas.drawn_outlines] == [1]


def test_a_text_report_has_no_pages_tab(qtbot, window, seed_doc):
    index = window.tabs.indexOf(window.page_view)
    assert not window.tabs.isTabEnabled(index)
    assert "PDF" in window.tabs.tabToolTip(index)
    assert window.ocr_marks.marked() == [] and not window.ocr_marks.label.isVisible()


def test_the_import_summary_says_the_ocr_note_up_front(window, fake):
    note = "第 3–8 页为扫描件，已识别文字，请核对"
    summary = ImportSummary([FileOutcome("/tmp/扫描件.pdf", True, "已导入", 0, "new", (note,))])
    window._imported(summary)
    kind, _title, text, _details = fake.shown[-1]
    assert kind == "info" and f"扫描件.pdf：{note}" in text
    assert note in window.statusBar().currentMessage()


def test_a_word_version_disables_the_tab_and_undo_brings_the_pages_back(qtbot, window, pdf_doc):
    from desktop.importers import import_bytes

    doc, doc_id = pdf_doc
    view = _show_pages(qtbot, window)
    index = window.tabs.indexOf(view)
    start = doc.text.index("依法行政")
    window.ops.add(doc_id, start, start + 4, "measure")
    qtbot.waitUntil(lambda: len(view.canvas.drawn_highlights) == 1, timeout=3000)
    word = import_bytes((doc.text + "\n补充一段。").encode(), "v2.txt")
    commands.perform(window.context, commands.replace_document(window.context, doc_id, word))
    assert not window.tabs.isTabEnabled(index) and window.tabs.currentWidget() is window.document_view
    window.context.undo_stack.undo()  # the replace
    assert window.tabs.isTabEnabled(index)
    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: view.canvas.data is not None and len(view.canvas.drawn_highlights) == 1, timeout=3000)
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.document_view))
    window.context.undo_stack.undo()  # the annotation
    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not view.canvas.drawn_highlights, timeout=3000)


def test_pages_render_without_pillow_in_the_right_colours(monkeypatch):
    """The bundle leaves Pillow out: a page becomes a QImage straight from
    pdfium's buffer, with red still red (BGR order handled)."""
    import io
    import sys

    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from desktop.ui.page_view import page_image

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 100))
    c.setFillColorRGB(1, 0, 0)
    c.rect(10, 10, 80, 80, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 1)
    c.rect(110, 10, 80, 80, fill=1, stroke=0)
    c.save()
    monkeypatch.setitem(sys.modules, "PIL", None)  # importing Pillow now fails
    image = page_image(pdfium.PdfDocument(buf.getvalue())[0], 2.0)
    assert (image.width(), image.height()) == (400, 200)
    red, blue = image.pixelColor(100, 100), image.pixelColor(300, 100)
    assert (red.red(), red.green(), red.blue()) == (255, 0, 0)
    assert (blue.red(), blue.green(), blue.blue()) == (0, 0, 255)
