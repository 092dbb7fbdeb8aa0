"""File ▸ 导出为 PDF… and File ▸ 打印… (desktop.ui.print_report), read back with pdfplumber.

The report is written at test time (several pages, headings) and annotated
through the window with nested, overlapping, touching-end and noted spans; the
PDF must carry the report's text in order, a footer "第 N 页 共 M 页" on every
page, a superscript number after each noted span, the numbered end notes, and
each tag's shading and underline.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.export import print_layout
from desktop.tags import BY_VALUE
from desktop.ui import commands
from desktop.ui.print_report import MARGINS_MM

PT_PER_MM = 72 / 25.4
TITLE = "示例县人民政府关于2023年度法治政府建设情况的报告"


def norm(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def report_text() -> str:
    lines = [TITLE, "一、主要举措和成效"]
    for i in range(1, 19):
        lines.append(f"（{i}）第{i}项工作。本县围绕第{i}项重点任务，制定实施方案，明确责任分工，"
                     f"全年办理相关案件{i * 7}件，组织专题培训{i + 2}期，覆盖干部{i * 40}人次，"
                     f"并对照年度目标逐项检查落实情况，形成第{i}份工作台账。")
    lines.append("二、存在的不足和原因")
    lines.append("一些单位学法用法的自觉性不高，执法人员的专业素质有待提升，基层法治力量比较薄弱。")
    return "\n".join(lines) + "\n"


@pytest.fixture
def annotated(window, import_files, tmp_path):
    """The report imported and annotated: (doc id, its text, the annotations as (start, end, tag, note))."""
    source = tmp_path / "示例县报告.txt"
    source.write_text(report_text(), encoding="utf-8")
    summary = import_files([source])
    assert summary.imported, summary
    doc_id = summary.imported[0].doc_id
    window.context.set_current_document(doc_id)
    text = window.context.cache.text(doc_id)

    def at(quote: str, occurrence: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(quote, start + 1)
        return start, start + len(quote)

    m_start, _ = at("本县围绕第2项重点任务")
    _, m_end = at("形成第2份工作台账。")
    wanted = [
        (m_start, m_end, "measure", "需补充方案文号"),  # a whole sentence…
        (*at("全年办理相关案件14件"), "figure", "与上年对比"),  # …a figure inside it…
        (*at("案件14件"), "weakness", "未说明结案率"),  # …and a weakness inside that, ending with it
        (*at("2份工作台账。\n（3）第3项"), "weakness", ""),  # across the measure's end and a paragraph break
        (*at("第5项工作。"), "measure", ""),
        (*at("组织专题培训7期"), "figure", "核实期数"),
        (*at("基层法治力量比较薄弱。"), "weakness", "未提出整改措施\n和时限"),
        (*at("形成第17份工作台账。\n（18）第18项工作。"), "measure", "跨段"),  # across a paragraph break
    ]
    ops = window.ops
    for start, end, tag, note in wanted:
        ann_id = ops.add(doc_id, start, end, tag)
        assert ann_id
        if note:
            ops.run(commands.edit_note(window.context, ann_id, note))
    return doc_id, text, wanted


def export(window, fake, path: Path) -> str:
    fake.paths.append(str(path))
    window.print_controller.pdf_action.trigger()
    assert fake.asked[-1] == "pdf"
    return str(path)


def body_chars(page, small: bool):
    """The page's characters between the header and the footer, in the order drawn:
    the smaller (superscript) ones or the others."""
    top, bottom = MARGINS_MM[1] * PT_PER_MM - 2, page.height - MARGINS_MM[3] * PT_PER_MM + 2
    return [c for c in page.chars if top < c["top"] and c["bottom"] < bottom and (c["size"] < 11) == small]


def test_the_file_menu_has_print_and_pdf_and_ctrl_p_prints(window):
    controller = window.print_controller
    file_menu = window.menu("file")
    assert controller.print_action in file_menu.actions() and controller.pdf_action in file_menu.actions()
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("action_print_report") < names.index("action_quit")
    assert controller.print_action.shortcut().toString() == "Ctrl+P"
    assert not controller.print_action.isEnabled()  # no report shown yet


def test_pdf_of_an_annotated_report(window, fake, annotated, tmp_path):
    doc_id, text, wanted = annotated
    assert window.print_controller.pdf_action.isEnabled()
    out = tmp_path / "out" / "批注稿.pdf"
    out.parent.mkdir()
    umask = os.umask(0o022)
    try:
        export(window, fake, out)
    finally:
        os.umask(umask)
    assert out.is_file()
    assert out.stat().st_mode & 0o777 == 0o644  # colleagues on a shared folder can open it
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind
    assert fake.offered[-1][0] == "pdf" and fake.offered[-1][1].endswith(".pdf")

    layout = print_layout.build(text, window.context.cache.sections(doc_id),
                                window.context.project.annotations(doc_id))
    notes = layout.notes
    unit = window.context.cache.info(doc_id).unit
    assert [n.note for n in notes] == ["与上年对比", "未说明结案率", "需补充方案文号", "核实期数", "跨段",
                                       "未提出整改措施\n和时限"]

    with pdfplumber.open(out) as pdf:
        pages = pdf.pages
        total = len(pages)
        assert total >= 3
        body, marks = "", ""
        for n, page in enumerate(pages, 1):
            words = page.extract_words()
            lowest = max(words, key=lambda w: w["bottom"])
            footer = norm("".join(w["text"] for w in words if abs(w["bottom"] - lowest["bottom"]) < 2))
            assert footer == f"第{n}页共{total}页"
            assert lowest["top"] > page.height - MARGINS_MM[3] * PT_PER_MM  # below the body
            header = norm(page.crop((0, 0, page.width, MARGINS_MM[1] * PT_PER_MM)).extract_text())
            assert header == norm(TITLE + unit + "2023年度")
            body += "".join(c["text"] for c in body_chars(page, small=False))
            marks += "".join(c["text"] for c in body_chars(page, small=True))
        every = norm("".join(c["text"] for page in pages for c in page.chars if c["size"] >= 11))
        # The text as written, not as the radicals the fonts share glyphs with (⼈⺠ for 人民, ⼀ for 一).
        assert not re.search("[\u2e80-\u2fdf]", "".join(c["text"] for page in pages for c in page.chars))
        body = norm(body)
    # Each line once in the whole file: none also drawn (clipped away, but there) beside its page.
    for paragraph in text.split("\n")[1:]:
        assert every.count(norm(paragraph)) == 1, paragraph

    # The legend, then the report's text whole and in order, then the end notes.
    assert body.startswith(norm("标注：举措（单下划线），数据（虚下划线），不足（波浪线）"))
    report = norm(text)
    assert report in body
    assert body.count(norm("形成第2份工作台账。")) == 1  # no line drawn twice across a page break
    # The superscript numbers, in the order they appear (three notes end at 案件14件: 1,2 then 3 later).
    expected_marks = "".join(r.text for b in layout.blocks for r in b.runs if r.mark)
    assert expected_marks == "1,2" + "3" + "4" + "5" + "6"
    assert norm(marks) == expected_marks
    # End notes after the text: number, tag, quote, note, reviewer.
    tail = body[body.index(report) + len(report):]
    assert tail.startswith("批注")
    positions = []
    for note in notes:
        entry = norm(f"{note.number}.〔{ {'measure': '举措', 'figure': '数据', 'weakness': '不足'}[note.tag] }〕")
        assert entry in tail, note
        positions.append(tail.index(entry))
        after = tail[positions[-1]:]
        assert after.index(norm(note.note)) < after.index(norm("（评阅人：测试员）")), note
    assert positions == sorted(positions)


def test_pdf_shades_and_underlines_each_tag(window, fake, annotated, tmp_path):
    out = tmp_path / "look.pdf"
    export(window, fake, out)

    def rgb(colour: str) -> tuple[float, float, float]:
        return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]

    def same(a, b) -> bool:
        return isinstance(a, tuple) and len(a) == 3 and all(abs(x - y) < 0.01 for x, y in zip(a, b))

    with pdfplumber.open(out) as pdf:
        fills = [r["non_stroking_color"] for p in pdf.pages for r in p.rects if r.get("fill")]
        lines = [(ln["stroking_color"], tuple(ln.get("dash") or ((), 0))[0]) for p in pdf.pages for ln in p.lines]
        patterns = [r for p in pdf.pages for r in p.rects if isinstance(r.get("non_stroking_color"), str)]
    for tag in ("measure", "figure", "weakness"):
        assert any(same(f, rgb(BY_VALUE[tag].highlight)) for f in fills), tag
    # Nested: the figure in the measure a step deeper, the weakness in both two steps.
    assert any(same(f, rgb(print_layout.shade("figure", 1))) for f in fills)
    assert any(same(f, rgb(print_layout.shade("weakness", 2))) for f in fills)
    # Underlines: 举措 a solid line, 数据 a dashed one, in the tag's colour; 不足 a wave (a pattern fill).
    measure = [dash for colour, dash in lines if same(colour, rgb(BY_VALUE["measure"].colour))]
    figure = [dash for colour, dash in lines if same(colour, rgb(BY_VALUE["figure"].colour))]
    assert measure and all(not dash for dash in measure)
    assert figure and all(dash for dash in figure)
    assert patterns  # the wave


def test_print_paints_the_same_pages_through_the_preview(window, fake, annotated, tmp_path):
    """File ▸ 打印… hands the preview a painter callback; painted onto a PDF printer it
    gives the pages the export does (the fake preview paints once and "prints")."""
    controller = window.print_controller
    printer = controller.ensure_printer()  # kept by the controller: as if chosen in the preview
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    fake.asked.clear()
    controller.print_action.trigger()
    assert fake.asked == ["print"]
    exported = tmp_path / "exported.pdf"
    export(window, fake, exported)
    with pdfplumber.open(out) as printed, pdfplumber.open(exported) as pdf:
        assert len(printed.pages) == len(pdf.pages)
        assert [norm(p.extract_text()) for p in printed.pages] == [norm(p.extract_text()) for p in pdf.pages]


def test_print_honours_a_page_range(window, fake, annotated, tmp_path):
    controller = window.print_controller
    printer = controller.ensure_printer()
    out = tmp_path / "range.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert controller.print_report()
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        footer = norm(pdf.pages[0].extract_text().splitlines()[-1])
    assert re.fullmatch(r"第2页共\d+页", footer)


def test_a_cancelled_save_writes_nothing_and_a_failed_one_says_why(window, fake, annotated, tmp_path):
    assert window.print_controller.export_pdf() == ""  # the fake answers None: cancelled
    assert not list(tmp_path.glob("*.pdf"))
    fake.paths.append(str(tmp_path / "no such folder" / "x.pdf"))
    assert window.print_controller.export_pdf() == ""
    assert fake.shown and fake.shown[-1][0] == "warning"


def test_the_real_print_is_a_modal_preview_of_the_pages(window, annotated, tmp_path):
    """Interaction.print_preview: a modal QPrintPreviewDialog showing every page the
    painter draws; closed without printing, nothing is printed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
    from PySide6.QtWidgets import QApplication

    from desktop.ui.interaction import Interaction

    fake = window.interaction
    window.interaction = Interaction(window)
    seen: list[tuple[str, int]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QPrintPreviewDialog):
            QTimer.singleShot(20, look)
            return
        preview = box.findChild(QPrintPreviewWidget)
        seen.append((box.windowTitle(), preview.pageCount()))
        box.reject()

    exported = tmp_path / "pages.pdf"
    try:
        QTimer.singleShot(0, look)
        assert window.print_controller.print_report() is False
    finally:
        window.interaction = fake
    export(window, fake, exported)
    with pdfplumber.open(exported) as pdf:
        assert seen == [("打印预览", len(pdf.pages))]
