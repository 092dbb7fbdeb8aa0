"""Write resources/templates/reviewdesk.docx, the reference template of the Word exports.

Run once after changing a style or a layout constant; the output is committed, so
neither a build machine nor the app ever needs python-docx's own template (whose
properties say python-docx, 2013, Microsoft Macintosh Word, compatibility mode 14):

    python scripts/make_docx_template.py

The package is written part by part from the constants of
:mod:`desktop.export.docx_style` (fonts, sizes, page, margins), with fixed zip
timestamps, so running it twice gives the same bytes:

- styles.xml: docDefaults in 仿宋_GB2312 四号, language zh-CN; Normal, Title,
  Subtitle, Heading 1–3, Body Text, the table-text styles, TOC styles, the
  ReviewTable table style, the Label character style, comment styles.
- settings.xml: compatibility mode 15 (no 兼容模式), updateFields (Word offers to
  fill the TOC on opening), compressed punctuation, zh-CN theme font language.
- fontTable.xml: the 公文 fonts with w:altName (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体,
  方正小标宋简体 → 宋体) plus 黑体, 宋体, 仿宋, 楷体 and Times New Roman.
- document.xml: an empty body whose section is A4 with the GB/T 9704 margins and
  the footer "- N -" (footer1.xml, a PAGE field).
- docProps: core.xml without dates or authors and app.xml naming ReviewDesk
  with AppVersion 00.0000 (each export writes its own dates, authors and version),
  so a version bump needs no new template.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.export import docx_style as st  # noqa: E402

OUT = ROOT / "resources" / "templates" / "reviewdesk.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MSO = "http://schemas.microsoft.com/office/word"
PT6 = 6 * 12700


def twips(length: int) -> int:
    """EMU → twentieths of a point."""
    return round(length / 635)


def half_points(length: int) -> int:
    return round(length / 6350)


def fonts(east_asia: str | None = None, latin: str | None = None) -> str:
    attrs = ""
    if latin:
        attrs += f' w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}"'
    if east_asia:
        attrs += f' w:eastAsia="{east_asia}"'
    return f"<w:rFonts{attrs}/>"


def size(length: int) -> str:
    hp = half_points(length)
    return f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'


def spacing(before: int = 0, after: int = 0, line: int | None = None, rule: str = "auto") -> str:
    """before/after in points; line in twips (rule exact) or 240ths (rule auto)."""
    s = f'<w:spacing w:before="{before * 20}" w:after="{after * 20}"'
    if line is not None:
        s += f' w:line="{line}" w:lineRule="{rule}"'
    return s + "/>"


def style(kind: str, sid: str, name: str, *, based: str | None = None, next_: str | None = None,
          ppr: str = "", rpr: str = "", extra: str = "", default: bool = False, priority: int | None = None,
          qformat: bool = False, hidden: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    out = f'<w:style w:type="{kind}"{flag} w:styleId="{sid}">'
    out += f'<w:name w:val="{name}"/>'
    if based:
        out += f'<w:basedOn w:val="{based}"/>'
    if next_:
        out += f'<w:next w:val="{next_}"/>'
    if priority is not None:
        out += f'<w:uiPriority w:val="{priority}"/>'
    if hidden:
        out += "<w:semiHidden/><w:unhideWhenUsed/>"
    if qformat:
        out += "<w:qFormat/>"
    if ppr:
        out += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        out += f"<w:rPr>{rpr}</w:rPr>"
    return out + extra + "</w:style>"


def styles_xml() -> str:
    text_tab = twips(st.TEXT_WIDTH)
    body_line = twips(st.BODY_LINE)
    heading_line = twips(st.HEADING_SIZE) + 12 * 20  # 28 pt for 三号, as GB/T 9704 sets it
    indent = twips(st.BODY_SIZE) * 2  # two characters
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cell_margins = ('<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                    '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>')
    toc_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_tab}"/></w:tabs>'
    s = [
        style("paragraph", "Normal", "Normal", default=True, qformat=True,
              ppr='<w:widowControl/>' + spacing(0, 0, 300) + '<w:jc w:val="both"/>'),
        style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True, priority=1,
              hidden=True),
        style("table", "TableNormal", "Normal Table", default=True, priority=99, hidden=True,
              extra=('<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                     '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                     '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>')),
        style("paragraph", "Title", "Title", based="Normal", next_="Subtitle", priority=10, qformat=True,
              ppr='<w:keepNext/><w:keepLines/>' + spacing(0, 12, 240) + '<w:jc w:val="center"/>'
                  '<w:outlineLvl w:val="9"/>',
              rpr=fonts(st.TITLE_FONT, st.TITLE_FONT) + size(st.TITLE_SIZE)),
        style("paragraph", "Subtitle", "Subtitle", based="Normal", next_="BodyText", priority=11, qformat=True,
              ppr='<w:keepNext/>' + spacing(0, 12, 240) + '<w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
              rpr=fonts(st.KAI_FONT) + size(st.HEADING_SIZE)),
        style("paragraph", "Heading1", "heading 1", based="Normal", next_="BodyText", priority=9, qformat=True,
              ppr='<w:keepNext/><w:keepLines/>' + spacing(12, 6, heading_line, "exact")
                  + '<w:jc w:val="left"/><w:outlineLvl w:val="0"/>',
              rpr=fonts(st.HEADING_FONT) + '<w:kern w:val="44"/>' + size(st.HEADING_SIZE)),
        style("paragraph", "Heading2", "heading 2", based="Normal", next_="BodyText", priority=9, qformat=True,
              ppr='<w:keepNext/><w:keepLines/>' + spacing(6, 6, heading_line, "exact")
                  + '<w:jc w:val="left"/><w:outlineLvl w:val="1"/>',
              rpr=fonts(st.KAI_FONT) + size(st.HEADING_SIZE)),
        style("paragraph", "Heading3", "heading 3", based="Normal", next_="BodyText", priority=9, qformat=True,
              ppr='<w:keepNext/><w:keepLines/>' + spacing(6, 3, body_line, "exact")
                  + '<w:jc w:val="left"/><w:outlineLvl w:val="2"/>',
              rpr=fonts(st.BODY_FONT) + "<w:b/><w:bCs/>" + size(st.BODY_SIZE)),
        style("paragraph", "BodyText", "Body Text", based="Normal", priority=1, qformat=True,
              ppr=spacing(0, 0, body_line, "exact") + f'<w:ind w:firstLine="{indent}"/><w:jc w:val="both"/>'),
        style("paragraph", "ReviewNote", "评阅意见", based="BodyText", next_="BodyText", qformat=True,
              ppr=spacing(0, 3, twips(st.NOTE_SIZE) + 8 * 20, "exact"),
              rpr=size(st.NOTE_SIZE)),
        style("paragraph", "TableText", "表格文字", based="Normal", qformat=True,
              ppr=spacing(0, 0, 240) + '<w:ind w:firstLine="0"/><w:jc w:val="left"/>',
              rpr=size(st.TABLE_SIZE)),
        style("paragraph", "TableHeading", "表格标题", based="TableText", qformat=True,
              rpr=fonts(st.HEADING_FONT)),
        style("paragraph", "Spacer", "表后空行", based="Normal",
              ppr=spacing(0, 0, 120, "exact"), rpr=size(PT6)),
        style("paragraph", "TOCHeading", "TOC Heading", based="Heading1", next_="Normal", priority=39,
              hidden=True, qformat=True, ppr='<w:jc w:val="center"/><w:outlineLvl w:val="9"/>'),
        style("paragraph", "TOC1", "toc 1", based="Normal", next_="Normal", priority=39, hidden=True,
              ppr=toc_tab + spacing(0, 0, body_line, "exact")),
        style("paragraph", "TOC2", "toc 2", based="Normal", next_="Normal", priority=39, hidden=True,
              ppr=toc_tab + spacing(0, 0, body_line, "exact") + f'<w:ind w:left="{indent // 2}"/>'),
        style("paragraph", "TOC3", "toc 3", based="Normal", next_="Normal", priority=39, hidden=True,
              ppr=toc_tab + spacing(0, 0, body_line, "exact") + f'<w:ind w:left="{indent}"/>'),
        style("paragraph", "Footer", "footer", based="Normal", priority=99, hidden=True,
              ppr=spacing(0, 0, 240) + '<w:jc w:val="center"/>',
              rpr=fonts(st.SONG_FONT, st.SONG_FONT) + size(st.BODY_SIZE)),
        style("paragraph", "CommentText", "annotation text", based="Normal", priority=99, hidden=True,
              ppr=spacing(0, 0, 240) + '<w:jc w:val="left"/>', rpr=size(st.TABLE_SIZE)),
        style("character", "CommentReference", "annotation reference", based="DefaultParagraphFont",
              priority=99, hidden=True, rpr='<w:sz w:val="21"/><w:szCs w:val="21"/>'),
        style("character", "Label", "标签", based="DefaultParagraphFont", qformat=True,
              rpr=fonts(st.HEADING_FONT)),
        style("character", "Hyperlink", "Hyperlink", based="DefaultParagraphFont", priority=99, hidden=True,
              rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        style("table", "TableGrid", "Table Grid", based="TableNormal", priority=39,
              ppr=spacing(0, 0, 240),
              extra=f"<w:tblPr><w:tblBorders>{border}</w:tblBorders></w:tblPr>"),
        style("table", "ReviewTable", "评阅表格", based="TableGrid", qformat=True,
              ppr=spacing(0, 0, 240) + '<w:ind w:firstLine="0"/>',
              rpr=size(st.TABLE_SIZE),
              extra=(f'<w:tblPr><w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders>{cell_margins}'
                     '</w:tblPr>'
                     '<w:tblStylePr w:type="firstRow"><w:rPr>' + fonts(st.HEADING_FONT) + '</w:rPr>'
                     '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr>'
                     '</w:tblStylePr>')),
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + fonts(st.BODY_FONT, st.LATIN_FONT)
        + '<w:kern w:val="2"/>' + size(st.BODY_SIZE)
        + '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return f'{HEAD}<w:styles xmlns:w="{W}">{defaults}{"".join(s)}</w:styles>'


def settings_xml() -> str:
    compat = "".join(f'<w:compatSetting w:name="{name}" w:uri="{MSO}" w:val="{val}"/>'
                     for name, val in (("compatibilityMode", "15"),
                                       ("overrideTableStyleFontSizeAndJustification", "1"),
                                       ("enableOpenTypeFeatures", "1"),
                                       ("doNotFlipMirrorIndents", "1"),
                                       ("differentiateMultirowTableHeaders", "1")))
    return (f'{HEAD}<w:settings xmlns:w="{W}" xmlns:r="{R}">'
            '<w:zoom w:percent="100"/>'
            '<w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            '<w:updateFields w:val="true"/>'
            f"<w:compat>{compat}</w:compat>"
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
            "</w:settings>")


# name -> (charset, family, pitch); altName from docx_style.FONT_ALT_NAMES
FONTS = {
    st.LATIN_FONT: ("00", "roman", "variable"),
    st.SONG_FONT: ("86", "auto", "variable"),
    st.HEADING_FONT: ("86", "modern", "fixed"),
    "仿宋": ("86", "modern", "fixed"),
    "楷体": ("86", "modern", "fixed"),
    st.BODY_FONT: ("86", "modern", "fixed"),
    st.KAI_FONT: ("86", "modern", "fixed"),
    st.TITLE_FONT: ("86", "script", "fixed"),
}


def font_table_xml() -> str:
    entries = []
    for name, (charset, family, pitch) in FONTS.items():
        alt = st.FONT_ALT_NAMES.get(name)
        entries.append(f'<w:font w:name="{name}">'
                       + (f'<w:altName w:val="{alt}"/>' if alt else "")
                       + f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
                       f'<w:pitch w:val="{pitch}"/></w:font>')
    return f'{HEAD}<w:fonts xmlns:w="{W}" xmlns:r="{R}">{"".join(entries)}</w:fonts>'


def document_xml() -> str:
    m = st.MARGINS
    return (f'{HEAD}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:sectPr>'
            '<w:footerReference w:type="default" r:id="rId4"/>'
            f'<w:pgSz w:w="{twips(st.PAGE_WIDTH)}" w:h="{twips(st.PAGE_HEIGHT)}"/>'
            f'<w:pgMar w:top="{twips(m["top"])}" w:right="{twips(m["right"])}" w:bottom="{twips(m["bottom"])}" '
            f'w:left="{twips(m["left"])}" w:header="851" w:footer="{twips(st.FOOTER_DISTANCE)}" w:gutter="0"/>'
            '<w:cols w:space="425"/><w:docGrid w:linePitch="312"/>'
            "</w:sectPr></w:body></w:document>")


def footer_xml() -> str:
    """"- N -" centred, with a PAGE field Word, WPS and LibreOffice all update."""

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    return (f'{HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
            + run('<w:t xml:space="preserve">- </w:t>')
            + run('<w:fldChar w:fldCharType="begin"/>')
            + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
            + run('<w:fldChar w:fldCharType="separate"/>')
            + run("<w:t>1</w:t>")
            + run('<w:fldChar w:fldCharType="end"/>')
            + run('<w:t xml:space="preserve"> -</w:t>')
            + "</w:p></w:ftr>")


def core_xml() -> str:
    return (f'{HEAD}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title></dc:title><dc:creator>{st.APP_NAME}</dc:creator>"
            f"<cp:lastModifiedBy>{st.APP_NAME}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            "<dc:language>zh-CN</dc:language></cp:coreProperties>")


CT = "application/vnd.openxmlformats-officedocument"


def content_types_xml() -> str:
    overrides = {
        "/word/document.xml": f"{CT}.wordprocessingml.document.main+xml",
        "/word/styles.xml": f"{CT}.wordprocessingml.styles+xml",
        "/word/settings.xml": f"{CT}.wordprocessingml.settings+xml",
        "/word/fontTable.xml": f"{CT}.wordprocessingml.fontTable+xml",
        "/word/footer1.xml": f"{CT}.wordprocessingml.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": f"{CT}.extended-properties+xml",
    }
    return (f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
            + "</Types>")


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    return (f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
            + "</Relationships>")


OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts() -> dict[str, str | bytes]:
    return {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": rels_xml([
            ("rId1", f"{OD}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", f"{OD}/extended-properties", "docProps/app.xml"),
        ]),
        "docProps/core.xml": core_xml(),
        # version-free: each export writes the running version (docx_style.set_properties)
        "docProps/app.xml": st.app_properties_xml("0.0.0"),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": rels_xml([
            ("rId1", f"{OD}/styles", "styles.xml"),
            ("rId2", f"{OD}/settings", "settings.xml"),
            ("rId3", f"{OD}/fontTable", "fontTable.xml"),
            ("rId4", f"{OD}/footer", "footer1.xml"),
        ]),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/footer1.xml": footer_xml(),
    }


def write(path: Path = OUT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts().items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


if __name__ == "__main__":
    print(write())
