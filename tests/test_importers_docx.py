"""Word import: numbering as Word shows it, tables, what stays out, hostile packages."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.errors import ImportFailure
from desktop.importers import Limits, import_bytes
from desktop.importers.docx_numbering import format_number

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402


@pytest.fixture(scope="module")
def doc():
    return import_bytes(files.make_docx(), "报告.docx")


def test_body_reads_as_word_shows_it(doc):
    assert doc.text.split("\n") == files.DOCX_EXPECTED


def test_headers_footers_notes_comments_fields_and_deletions_stay_out(doc):
    for text in files.DOCX_NOT_IN_BODY:
        assert text not in doc.text


def test_counters_restart_under_a_new_parent_and_honour_overrides(doc):
    lines = doc.text.split("\n")
    # level 3 restarts under the second （…）; level 2 restarts under 二、
    assert lines.index("1.开展执法培训。") > lines.index("（二）规范行政执法")
    assert "（一）宣传方式单一" in lines
    # lvlRestart=0: b) continues although 第二条 advanced the level above
    assert lines.index("b)乙项") == lines.index("第二条分则") + 1
    # startOverride on another num of the same list starts at 五
    assert "五、另起编号" in lines


def test_heading_styles_become_sections_with_their_labels(doc):
    found = {(s.level, s.title) for s in doc.sections}
    assert {(1, "一、主要工作措施及成效"), (2, "（一）强化组织领导"), (2, "（二）规范行政执法"),
            (1, "二、存在的问题"), (3, "落实情况")} <= found
    assert doc.title == "某镇2024年法治政府建设情况报告"


@pytest.mark.parametrize("n,fmt,shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (23, "chineseCounting", "二十三"), (100, "chineseCounting", "一百"),
    (3, "ideographDigital", "三"), (10, "ideographDigital", "一〇"), (2, "chineseLegalSimplified", "贰"),
    (3, "decimalEnclosedParen", "\u2476"), (5, "decimalEnclosedCircleChinese", "\u2464"),
    (27, "lowerLetter", "aa"), (4, "upperRoman", "IV"), (2, "ideographTraditional", "乙"),
    (7, "decimalZero", "07"), (12, "decimal", "12"), (3, "someFutureFormat", "3"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


@pytest.mark.parametrize("kind", ["billion", "external"])
def test_entities_are_refused_as_unsafe(kind):
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.docx_with_entities(kind), "x.docx")
    assert err.value.kind == "unsafe"
    assert "lol" not in err.value.message and "root:" not in err.value.message


def test_zip_bomb_is_refused_as_unsafe():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.docx_zip_bomb(8), "bomb.docx", limits=Limits(max_unzipped_bytes=4 * 1024 * 1024))
    assert err.value.kind == "unsafe"
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.docx_zip_bomb(8), "bomb.docx", limits=Limits(max_compression_ratio=50))
    assert err.value.kind == "unsafe" and "50" in err.value.message


def test_zip_directory_that_lies_about_sizes_is_not_trusted():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.docx_lying_sizes(), "lie.docx", limits=Limits(max_unzipped_bytes=20_000))
    assert err.value.kind in ("unsafe", "corrupt")


def test_malformed_xml_is_corrupt():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.docx_malformed(), "bad.docx")
    assert err.value.kind == "corrupt"


def test_truncated_docx_is_corrupt():
    data = files.make_docx()
    with pytest.raises(ImportFailure) as err:
        import_bytes(data[: len(data) // 2], "half.docx")
    assert err.value.kind == "corrupt"


def test_docx_without_numbering_or_styles_still_reads():
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", files.document_xml(["<w:p><w:r><w:t>只有正文</w:t></w:r></w:p>"]))
    assert import_bytes(buf.getvalue(), "bare.docx").text == "只有正文"


def test_docx_with_only_empty_paragraphs_is_empty():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.make_docx(body=["<w:p/>", "<w:p><w:r><w:t> </w:t></w:r></w:p>"]), "blank.docx")
    assert err.value.kind == "empty"


def test_a_docx_with_the_same_text_as_python_docx_writes(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("一、总体情况", level=1)
    d.add_paragraph("我镇依法行政水平持续提升。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "合并单元格"
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    path = tmp_path / "w.docx"
    d.save(path)
    doc = import_bytes(path.read_bytes(), path.name)
    assert doc.text.split("\n") == ["一、总体情况", "我镇依法行政水平持续提升。", "项目\t数量", "合并单元格"]
    assert [(s.level, s.title) for s in doc.sections] == [(1, "一、总体情况")]


def test_heading_styles_linked_to_a_list_number_themselves():
    """Chinese Word templates link 标题 1/2 (style ids "1", "2") to a multilevel list."""
    styles = files._STYLES.replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>',
    )
    numbering = files.NUMBERING.replace('<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
                                        '<w:lvlText w:val="%1、"/>',
                                        '<w:numFmt w:val="chineseCounting"/><w:pStyle w:val="1"/>'
                                        '<w:suff w:val="nothing"/><w:lvlText w:val="%1、"/>')
    numbering = numbering.replace('<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
                                  '<w:lvlText w:val="（%2）"/>',
                                  '<w:numFmt w:val="chineseCounting"/><w:pStyle w:val="2"/>'
                                  '<w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/>')
    body = [files._p("总标题", style="a3"), files._p("总体情况", style="1"), files._p("组织领导", style="2"),
            files._p("制度建设", style="2"), files._p("存在问题", style="1"), files._p("正文。")]
    data = files.make_docx(body, extra={})
    import io

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            content = src.read(name)
            if name == "word/styles.xml":
                content = styles.encode("utf-8")
            elif name == "word/numbering.xml":
                content = numbering.encode("utf-8")
            zf.writestr(name, content)
    doc = import_bytes(out.getvalue(), "linked.docx")
    assert doc.text.split("\n") == ["总标题", "一、总体情况", "（一）组织领导", "（二）制度建设", "二、存在问题", "正文。"]
    assert doc.title == "总标题"
    assert [(s.level, s.title) for s in doc.sections][1:] == [
        (1, "一、总体情况"), (2, "（一）组织领导"), (2, "（二）制度建设"), (1, "二、存在问题")]


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("seed", sorted(p.name[:3] for p in SEEDS.glob("*.txt")))
def test_each_seed_survives_a_word_round_trip(seed, tmp_path):
    """Seeds written by python-docx (headings as 标题 styles, body as indented Normal)
    come back line for line, with the headings in the outline."""
    docx = pytest.importorskip("docx")
    from desktop.importers import import_file

    (path,) = SEEDS.glob(f"{seed}_*.txt")
    lines = import_file(path).text.split("\n")
    headings = [ln for ln in lines if re.match(r"^[一二三四五六七八九十]+、", ln) and len(ln) < 40]
    d = docx.Document()
    for line in lines:
        if line in headings:
            d.add_heading(line, level=1)
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = docx.shared.Pt(24)
            half = len(line) // 2
            p.add_run(line[:half]).bold = True  # split runs
            p.add_run(line[half:])
    out = tmp_path / f"{seed}.docx"
    d.save(out)
    doc = import_bytes(out.read_bytes(), out.name)
    assert doc.text.split("\n") == lines
    assert [s.title for s in doc.sections if s.level == 1] == headings


def test_an_empty_numbered_paragraph_still_takes_its_number():
    body = [files._p("甲", num=(1, 0)), files._p("", num=(1, 0)), files._p("丙", num=(1, 0))]
    assert import_bytes(files.make_docx(body), "x.docx").text == "一、甲\n三、丙"


def test_rows_and_cells_inside_content_controls_keep_their_order():
    tbl = ("<w:tbl>" + "<w:tr>" + files._tc("甲") + "<w:sdt><w:sdtContent>" + files._tc("乙") +
           "</w:sdtContent></w:sdt>" + files._tc("丙") + "</w:tr>"
           "<w:sdt><w:sdtContent><w:tr>" + files._tc("丁") + files._tc("戊") + "</w:tr></w:sdtContent></w:sdt>"
           "</w:tbl>")
    assert import_bytes(files.make_docx(body=[tbl]), "t.docx").text == "甲\t乙\t丙\n丁\t戊"


def _field(code: str, result: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_fields_mid_paragraph_show_their_result_but_never_their_code_or_page_numbers():
    raw = (files._runs("详见") + _field(" REF _Ref1 \\h ", "附件1") + files._runs("，共")
           + _field(" NUMPAGES ", "9") + files._runs("页，其余内容照常显示。"))
    assert import_bytes(files.make_docx(body=[files._p(raw=raw)]), "f.docx").text == "详见附件1，共页，其余内容照常显示。"


def test_a_title_centred_by_its_style_and_broken_by_a_line_break_is_one_line():
    """Centring inherited from styles.xml counts; a centred unit-and-date block is no title."""
    styles = files._STYLES.replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:styleId="Big"><w:name w:val="大标题"/><w:basedOn w:val="Centred"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Centred"><w:name w:val="居中"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:jc w:val="center"/></w:pPr></w:style></w:styles>',
    )
    br = "<w:r><w:br/></w:r>"
    body = [files._p(style="Big", raw=files._runs("某镇人民政府") + br + files._runs("关于2024年度工作的报告")),
            files._p("正文第一段。"),
            files._p(style="Centred", raw=files._runs("某镇人民政府") + br + files._runs("2025年1月10日"))]
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(files.make_docx(body))) as src, zipfile.ZipFile(buf, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, styles.encode("utf-8") if name == "word/styles.xml" else src.read(name))
    doc = import_bytes(buf.getvalue(), "x.docx")
    assert doc.text.split("\n") == ["某镇人民政府关于2024年度工作的报告", "正文第一段。", "某镇人民政府", "2025年1月10日"]
    assert doc.title == "某镇人民政府关于2024年度工作的报告"
