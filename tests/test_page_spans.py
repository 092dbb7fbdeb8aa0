"""Issue 15: page lines located in the canonical text (desktop.analysis.page_spans)."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.analysis.page_spans import LOW_CONFIDENCE, PageMap, char_extents
from desktop.importers.base import PageLine, PageRecord

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from importer_pdfs import PDF_PARAGRAPHS, make_pdf  # noqa: E402
from page_records import pdf_document  # noqa: E402


def _page(index: int, lines: list[str], conf: list[float] | None = None, source: str = "ocr") -> PageRecord:
    out = []
    for k, text in enumerate(lines):
        top = 60 + 20 * k
        out.append(PageLine(text, 72, top, 72 + 12 * len(text), top + 12, (conf or [1.0] * len(lines))[k]))
    return PageRecord(index, 595, 842, source, 0.9, tuple(out))


def test_a_quote_across_two_lines_gets_a_box_on_each():
    text = "某镇人民政府2024年法治政府建设情况报告\n全面推进依法行政，开展法治培训8场。"
    pages = [_page(0, ["某镇人民政府", "某镇人民政府2024年法治政府建", "设情况报告", "全面推进依法行政，开展法", "治培训8场。", "- 1 -"])]
    m = PageMap(text, [0], pages)
    # the running header (also in the body) is left out, the body lines are found
    assert [ln.line for ln in m.lines[0]] == [1, 2, 3, 4]
    start = text.index("依法行政")
    end = text.index("8场") + 2
    boxes = m.boxes(start, end)
    assert [round(b.top) for b in boxes] == [120, 140]
    line3 = pages[0].lines[3]
    ext = char_extents(line3.text, line3.x0, line3.x1)
    assert boxes[0].x0 == ext[4][0] and boxes[0].x1 == line3.x1  # from 依 to the line's end
    assert boxes[1].x0 == pages[0].lines[4].x0


def test_whitespace_differences_are_ignored():
    text = "全面推进依法行政，开展 法治培训 8 场。"
    pages = [_page(0, ["全 面 推 进 依 法 行 政 ，", "开展法治培训8场。"], source="text")]
    m = PageMap(text, [0], pages)
    assert [ln.line for ln in m.lines[0]] == [0, 1]
    first = m.lines[0][0]
    assert first.offsets[0] == 0 and first.offsets[1] == -1 and first.offsets[2] == 1
    assert m.boxes(text.index("法治"), text.index("培训") + 2)[0].top == pages[0].lines[1].top


def test_repeated_text_takes_the_occurrence_on_the_annotations_page():
    para = "开展法治宣传活动。"
    text = "\n".join([para, "第一页的其他内容。", para, "第二页的其他内容。"])
    starts = [0, text.index(para, 1)]
    pages = [_page(0, [para, "第一页的其他内容。"]), _page(1, [para, "第二页的其他内容。"])]
    m = PageMap(text, starts, pages)
    second = text.index(para, 1)
    boxes = m.boxes(second, second + 4)
    assert [b.page for b in boxes] == [1]
    assert [b.page for b in m.boxes(0, 4)] == [0]


def test_a_drag_on_the_page_gives_the_text_span():
    text = "全面推进依法行政，开展法治培训8场。"
    pages = [_page(0, ["全面推进依法行政，", "开展法治培训8场。"])]
    m = PageMap(text, [0], pages)
    line0 = pages[0].lines[0]
    ext = char_extents(line0.text, line0.x0, line0.x1)
    a = (ext[4][0] + 1, line0.top + 5)   # left part of 依
    b = (ext[7][1] - 1, line0.bottom - 2)  # right part of 政
    assert m.span_between(0, a, b) == (4, 8) and text[4:8] == "依法行政"


def test_low_confidence_lines_of_ocr_pages_are_listed():
    text = "第一行文字内容\n第二行文字内容"
    pages = [_page(0, ["第一行文字内容", "第二行文字内容"], conf=[0.95, 0.62])]
    m = PageMap(text, [0], pages)
    assert m.low_confidence() == [(8, 15, 0.62, 0)] and 0.62 < LOW_CONFIDENCE
    text_pages = [_page(0, ["第一行文字内容", "第二行文字内容"], conf=[0.95, 0.62], source="text")]
    assert PageMap(text, [0], text_pages).low_confidence() == []


def test_a_born_digital_pdf_is_located_line_by_line():
    data = make_pdf(PDF_PARAGRAPHS, lines_per_page=12)
    doc = pdf_document(data)
    m = PageMap(doc.text, doc.page_starts, doc.page_records)
    body = [ln for page in m.lines for ln in page]
    total = sum(len(r.lines) for r in doc.page_records)
    # every line but the running headers and page-number footers
    assert len(body) == total - 2 * len(doc.page_records)
    # every located character is the text's own character
    for ln in body:
        line = doc.page_records[ln.page].lines[ln.line]
        assert all(doc.text[o] == c for c, o in zip(line.text, ln.offsets) if o >= 0)
    # every non-blank character of the text is on some line
    covered = {o for ln in body for o in ln.offsets if o >= 0}
    assert covered == {i for i, c in enumerate(doc.text) if not c.isspace()}
