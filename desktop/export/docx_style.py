"""Government-office layout for python-docx documents, built on a reference template.

Every document starts from ``resources/templates/reviewdesk.docx`` (written by
``scripts/make_docx_template.py``), never from python-docx's own template: the
template holds the page (A4, GB/T 9704 margins: top 3.7 cm, bottom 3.5 cm, left
2.8 cm, right 2.6 cm, footer "- N -"), the styles, the font table, the settings
(Word 2013+ compatibility mode 15, update fields on open) and clean document
properties. The helpers here only pick a style; fonts and sizes live in the
styles, so Word's Navigation Pane, a TOC field and "modify style" all work.

Styles (id → what it is for):

- ``Title`` 方正小标宋简体 二号, centred; ``Subtitle`` 楷体_GB2312 三号, centred.
- ``Heading1`` 黑体 三号, ``Heading2`` 楷体_GB2312 三号, ``Heading3`` 仿宋_GB2312 四号 bold
  (the 一、/（一）/1. hierarchy of GB/T 9704), outline levels 1–3.
- ``BodyText`` 仿宋_GB2312 四号, first line indented two characters, justified.
- ``ReviewNote`` a reviewer's note under a quote, 小四.
- ``TableText`` / ``TableHeading`` 五号 text in table cells (仿宋 / 黑体).
- ``ReviewTable`` the bordered table style; ``Spacer`` the 6 pt gap after a table.
- ``Label`` (character) 黑体 for 「举措」 and 评阅意见： labels.
- ``TOCHeading`` and ``TOC1``–``TOC3`` for the table of contents.

East Asian fonts are named in w:rFonts w:eastAsia (Word and WPS otherwise fall
back to their own default); the font table gives each GB2312 font its plain
Windows/UOS/Kylin name as w:altName (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体,
方正小标宋简体 → 宋体), since Word knows no font fallback lists.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop.resources import resource_path

# Fonts by the names GB/T 9704 uses; FONT_ALT_NAMES is what the font table offers instead.
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
SONG_FONT = "宋体"
LATIN_FONT = "Times New Roman"
FONT_ALT_NAMES = {
    BODY_FONT: "仿宋",
    KAI_FONT: "楷体",
    TITLE_FONT: SONG_FONT,
    HEADING_FONT: "SimHei",
    SONG_FONT: "SimSun",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
}
# Sizes. The body is 四号, not the 三号 of an official letter: this is a dense
# reference summary (rubric tables, quotes, a ranking) read at a meeting, and 三号
# would stretch an 18-page round summary to about 24 pages with the tables'
# 五号 text looking tiny beside it. Headings keep 三号, the title 二号.
BODY_SIZE = Pt(14)  # 四号
NOTE_SIZE = Pt(12)  # 小四
TABLE_SIZE = Pt(10.5)  # 五号
TITLE_SIZE = Pt(22)  # 二号
HEADING_SIZE = Pt(16)  # 三号
BODY_LINE = Pt(24)  # exact line pitch of body text (GB/T 9704's 28 pt for 三号, scaled to 四号)
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
FOOTER_DISTANCE = Cm(2.0)
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]

# Style ids (as in the template's styles.xml) and the names python-docx looks them up by.
STYLES = {
    "Title": "Title",
    "Subtitle": "Subtitle",
    "Heading1": "Heading 1",
    "Heading2": "Heading 2",
    "Heading3": "Heading 3",
    "BodyText": "Body Text",
    "ReviewNote": "评阅意见",
    "TableText": "表格文字",
    "TableHeading": "表格标题",
    "Spacer": "表后空行",
    "TOCHeading": "TOC Heading",
    "ReviewTable": "评阅表格",
    "Label": "标签",
}
TEMPLATE = ("templates", "reviewdesk.docx")
APP_NAME = "ReviewDesk"


def template_path() -> Path:
    """The reference template, in resources/ (inside the bundle when frozen)."""
    return resource_path(*TEMPLATE)


def set_fonts(run: Run, east_asia: str = BODY_FONT, latin: str = LATIN_FONT) -> None:
    """Names the Latin and East Asian font of a run explicitly (direct formatting:
    only for a run that must differ from its paragraph's style)."""
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()  # after w:rStyle, in schema order
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
    later = next((c for c in rpr if c.tag in _AFTER_SHD), None)
    if later is None:
        rpr.append(shd)
    else:
        later.addprevious(shd)  # ECMA-376 CT_RPr order: Word rejects a misplaced child


_AFTER_SHD = {qn(f"w:{n}") for n in ("fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                                      "specVanish", "oMath")}


def add_run(paragraph: Paragraph, text: str, *, font: str | None = None, size: Pt | None = None,
            bold: bool = False, fill: str | None = None, style: str | None = None) -> Run:
    """A run in its paragraph's style; ``font``/``size``/``bold`` only where it
    must differ (direct formatting), ``style`` a character style id (``Label``)."""
    run = paragraph.add_run(text)
    if style is not None:
        run.style = STYLES.get(style, style)
    if font is not None:
        set_fonts(run, font)
    if size is not None:
        run.font.size = size
    if bold:
        run.bold = True
    if fill:
        shade(run, fill)
    return run


def label(paragraph: Paragraph, text: str) -> Run:
    """A 黑体 label such as 「举措」 or 评阅意见： (the character style ``Label``)."""
    return add_run(paragraph, text, style="Label")


def new_document() -> DocxDocument:
    """An empty A4 document on the reference template: office layout, styles,
    footer "- N -", zh-CN, compatibility mode 15."""
    from docx import Document

    path = template_path()
    if not path.is_file():
        raise FileNotFoundError(f"Word 模板缺失：{path}")
    doc = Document(str(path))
    return doc


def app_properties_xml(version: str) -> bytes:
    """docProps/app.xml naming ReviewDesk (python-docx has no API for this part).
    AppVersion must read XX.YYYY: 0.1.0 → 00.0100."""
    nums = [int(n) if n.isdigit() else 0 for n in (version.split(".") + ["0", "0"])[:3]]
    app_version = f"{nums[0]:02d}.{nums[1]:02d}{nums[2]:02d}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<TotalTime>0</TotalTime>"
        f"<Application>{escape(APP_NAME)}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        f"<AppVersion>{app_version}</AppVersion>"
        "</Properties>"
    ).encode("utf-8")


def set_properties(doc: DocxDocument, *, title: str, author: str, subject: str = "",
                   now: datetime | None = None) -> None:
    """Honest document properties: who wrote it (the reviewers), what it is,
    when (now, UTC), and that ReviewDesk made it."""
    from desktop import __version__

    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    props = doc.core_properties
    props.title = title[:255]
    props.author = author[:255]
    props.last_modified_by = author[:255]
    props.subject = subject[:255]
    props.language = "zh-CN"
    props.comments = f"由评阅台 {APP_NAME} {__version__} 导出"
    props.revision = 1
    props.created = now
    props.modified = now
    for part in doc.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = app_properties_xml(__version__)  # type: ignore[attr-defined]


def _styled(doc: DocxDocument, style: str, text: str = "") -> Paragraph:
    p = doc.add_paragraph(style=STYLES[style])
    if text:
        p.add_run(text)
    return p


def title(doc: DocxDocument, text: str) -> Paragraph:
    return _styled(doc, "Title", text)


def subtitle(doc: DocxDocument, text: str) -> Paragraph:
    return _styled(doc, "Subtitle", text)


def gap(doc: DocxDocument) -> None:
    """A 6 pt empty paragraph, so text after a table does not touch its border."""
    _styled(doc, "Spacer")


def heading(doc: DocxDocument, text: str, *, level: int = 1) -> Paragraph:
    """Heading 1–3 (黑体 / 楷体 / 仿宋 bold: the 一、/（一）/1. hierarchy); they keep
    with the next paragraph and appear in the Navigation Pane and the TOC."""
    return _styled(doc, f"Heading{min(max(level, 1), 3)}", text)


def no_indent(p: Paragraph) -> None:
    p.paragraph_format.first_line_indent = Pt(0)


def paragraph(doc: DocxDocument, text: str = "", *, indent: bool = True, size: Pt | None = None) -> Paragraph:
    """A body-text paragraph (style ``BodyText``); ``size`` only to differ from it."""
    p = _styled(doc, "BodyText")
    if not indent:
        no_indent(p)
    if text:
        add_run(p, text, size=size)
    return p


def note_paragraph(doc: DocxDocument) -> Paragraph:
    """A reviewer's note under a quote (style ``ReviewNote``, 小四)."""
    return _styled(doc, "ReviewNote")


def page_break(doc: DocxDocument) -> None:
    """A page break in a 6 pt paragraph, so the next page starts without an empty line."""
    p = _styled(doc, "Spacer")
    p.add_run().add_break(WD_BREAK.PAGE)


def _field_run(paragraph: Paragraph, kind: str, *, dirty: bool = False) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TOC_PLACEHOLDER = ("目录尚未生成：在 Word 中右键单击此处选择“更新域”（或按 F9），"
                   "在 WPS 中选择“引用 ▸ 更新目录”，即按本文的标题生成目录和页码。")


def toc(doc: DocxDocument, heading_text: str = "目录") -> Paragraph:
    """A table of contents of Heading 1–3: a TOC field (dirty, so Word fills it
    on opening) whose result until then is a line telling the reader to update it."""
    _styled(doc, "TOCHeading", heading_text)
    p = _styled(doc, "BodyText")
    _field_run(p, "begin", dirty=True)
    instr_run = p.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {TOC_INSTRUCTION} "
    instr_run._r.append(instr)
    _field_run(p, "separate")
    p.add_run(TOC_PLACEHOLDER)
    _field_run(p, "end")
    return p


def _repeat_header(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: _Row) -> None:
    """Keeps a row on one page (Word still breaks a row taller than a page)."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_with_next(row: _Row) -> None:
    """Keeps ``row`` on the same page as the row after it: Word's way is
    keep-with-next on every paragraph of the row (call once the row is filled)."""
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def keep_together(t: Table) -> None:
    """Keeps a short table on one page: every row but the last keeps with the next."""
    for row in list(t.rows)[:-1]:
        keep_with_next(row)


def _fixed_layout(table: Table) -> None:
    """One w:tblLayout type=fixed, in schema order (``autofit = False`` makes it;
    appending a second one, as this once did, gave Word two)."""
    table.autofit = False
    table._tbl.tblPr.find(qn("w:tblLayout")).set(qn("w:type"), "fixed")


def _look(table: Table, header: bool) -> None:
    """Which conditional parts of the table style apply: the header row's shading only with a header."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    for attr, on in (("firstRow", header), ("lastRow", False), ("firstColumn", False),
                     ("lastColumn", False), ("noHBand", True), ("noVBand", True)):
        look.set(qn(f"w:{attr}"), "1" if on else "0")
    look.set(qn("w:val"), "0620" if header else "0600")  # bits: 0x20 firstRow, 0x200 noHBand, 0x400 noVBand


def table(doc: DocxDocument, header: list[str] | None, widths_cm: list[float]) -> Table:
    """A table in the ``ReviewTable`` style that fits the text width: fixed column
    widths (scaled to the page), autofit off, the header row (if any) repeated on
    every page."""
    scale = TEXT_WIDTH / Cm(sum(widths_cm))
    widths = [int(Cm(w) * scale) for w in widths_cm]
    t = doc.add_table(rows=1 if header else 0, cols=len(widths))
    t.style = STYLES["ReviewTable"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed_layout(t)
    _look(t, bool(header))
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
        cell.paragraphs[0].style = STYLES["TableText"]  # an empty cell too: not Normal's 四号 line
    return list(row.cells)


def cell_text(cell: _Cell, text: str, *, bold: bool = False, font: str = BODY_FONT,
              center: bool = False, fill: str | None = None) -> Paragraph:
    """Replaces the cell's content with one paragraph of table text: style
    ``TableHeading`` (黑体) for ``font=HEADING_FONT``, else ``TableText``."""
    p = cell.paragraphs[0]
    heading_cell = font == HEADING_FONT
    p.style = STYLES["TableHeading" if heading_cell else "TableText"]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        other_font = None if font in (BODY_FONT, HEADING_FONT) else font
        add_run(p, text, font=other_font, bold=bold and not heading_cell, fill=fill)
    return p


def cell_paragraph(cell: _Cell) -> Paragraph:
    """A further paragraph in a cell, in the ``TableText`` style like cell_text's."""
    p = cell.add_paragraph()
    p.style = STYLES["TableText"]
    return p
