"""Government-office layout for python-docx documents.

A4 with the margins of official documents (GB/T 9704: top 3.7 cm, bottom
3.5 cm, left 2.8 cm, right 2.6 cm), body in 仿宋, headings in 黑体, title in
宋体 bold, page numbers "- N -" in the footer. Every run names its East Asian
font (w:rFonts w:eastAsia): without it Word and WPS each fall back to their own
default and the same file looks different in each.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(14)  # 四号: a summary, denser than a 三号 official letter
TABLE_SIZE = Pt(10.5)  # 五号
TITLE_SIZE = Pt(22)  # 二号
HEADING_SIZE = Pt(16)  # 三号
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]


def set_fonts(run: Run, east_asia: str = BODY_FONT, latin: str = LATIN_FONT) -> None:
    """Names the Latin and East Asian font of a run explicitly."""
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def shade(run: Run, fill_hex: str) -> None:
    """Background colour behind a run (w:shd). Unlike w:highlight, which knows
    16 colours, any tag colour survives exactly."""
    rpr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill_hex.lstrip("#").upper())
    rpr.append(shd)


def add_run(paragraph: Paragraph, text: str, *, font: str = BODY_FONT, size: Pt | None = None,
            bold: bool = False, fill: str | None = None) -> Run:
    run = paragraph.add_run(text)
    set_fonts(run, font)
    if size is not None:
        run.font.size = size
    if bold:
        run.bold = True
    if fill:
        shade(run, fill)
    return run


def new_document() -> DocxDocument:
    """An empty A4 document with the office layout, default fonts and footer."""
    from docx import Document

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.line_spacing = 1.25
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Cm(2.0)
    _page_numbers(section.footer.paragraphs[0])
    return doc


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = add_run(paragraph, "", font=LATIN_FONT, size=Pt(14))
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_numbers(paragraph: Paragraph) -> None:
    """Footer "- N -", centred, with a PAGE field Word and LibreOffice both update."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "- ", font=LATIN_FONT, size=Pt(14))
    _field_char(paragraph, "begin")
    instr_run = add_run(paragraph, "", font=LATIN_FONT, size=Pt(14))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    _field_char(paragraph, "separate")
    add_run(paragraph, "1", font=LATIN_FONT, size=Pt(14))
    _field_char(paragraph, "end")
    add_run(paragraph, " -", font=LATIN_FONT, size=Pt(14))


def title(doc: DocxDocument, text: str) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    add_run(p, text, font=TITLE_FONT, size=TITLE_SIZE, bold=True)
    return p


def subtitle(doc: DocxDocument, text: str) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    add_run(p, text, font=BODY_FONT, size=HEADING_SIZE)
    return p


def gap(doc: DocxDocument) -> None:
    """A small empty paragraph, so text after a table does not touch its border."""
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing = 1.0
    add_run(p, "", size=Pt(6))


def heading(doc: DocxDocument, text: str, *, level: int = 1) -> Paragraph:
    """Level 1 in 黑体, level 2 in 楷体-like bold 仿宋 (the usual 一、/（一） hierarchy)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12 if level == 1 else 6)
    p.paragraph_format.space_after = Pt(6)
    p.paragraph_format.keep_with_next = True
    if level == 1:
        add_run(p, text, font=HEADING_FONT, size=HEADING_SIZE)
    else:
        add_run(p, text, font=BODY_FONT, size=BODY_SIZE, bold=True)
    return p


def paragraph(doc: DocxDocument, text: str = "", *, indent: bool = True, size: Pt | None = None) -> Paragraph:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(28)
    if text:
        add_run(p, text, size=size)
    return p


def page_break(doc: DocxDocument) -> None:
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    set_fonts(p.runs[0])


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row) -> None:
    """Keeps a row on one page (Word still breaks a row taller than a page)."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fixed_layout(table: Table) -> None:
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def table(doc: DocxDocument, header: list[str] | None, widths_cm: list[float]) -> Table:
    """A bordered table that fits the text width: fixed column widths (scaled
    to the page), autofit off, the header row (if any) repeated on every page."""
    scale = TEXT_WIDTH / Cm(sum(widths_cm))
    widths = [int(Cm(w) * scale) for w in widths_cm]
    t = doc.add_table(rows=1 if header else 0, cols=len(widths))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed_layout(t)
    for col, w in zip(t.columns, widths):
        col.width = w
    t._widths = widths  # type: ignore[attr-defined]
    if header:
        for cell, text, w in zip(t.rows[0].cells, header, widths):
            cell_text(cell, text, bold=True, font=HEADING_FONT, center=True)
            cell.width = w
        _repeat_header(t.rows[0])
        _cant_split(t.rows[0])
    return t


def add_row(t: Table) -> list[_Cell]:
    row = t.add_row()
    _cant_split(row)
    for cell, w in zip(row.cells, t._widths):  # type: ignore[attr-defined]
        cell.width = w
    return list(row.cells)


def cell_text(cell: _Cell, text: str, *, bold: bool = False, font: str = BODY_FONT,
              center: bool = False, fill: str | None = None) -> Paragraph:
    """Replaces the cell's content with one paragraph of table-size text."""
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        add_run(p, text, font=font, size=TABLE_SIZE, bold=bold, fill=fill)
    return p


def cell_paragraph(cell: _Cell) -> Paragraph:
    """A further paragraph in a cell, formatted like cell_text's."""
    p = cell.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    return p
