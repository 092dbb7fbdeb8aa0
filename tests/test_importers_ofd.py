"""Issue 11: OFD (GB/T 33190) files: the text layer read in order, the rest refused clearly."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop import importers
from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import Limits, import_bytes, is_supported, sniff

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import ofd_files as ofd  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def failure(data: bytes, name: str = "报告.ofd", **kw) -> ImportFailure:
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, name, **kw)
    return err.value


# --- reading -----------------------------------------------------------------------------------

def test_report_is_read_in_order_with_title_headings_and_whole_paragraphs():
    doc = import_bytes(ofd.report_ofd(), "报告.ofd")
    assert doc.format == "ofd" and doc.pages == 2 and doc.warnings == []
    # the two-line centred title is one line; wrapped lines and the page break are joined;
    # the "— N —" page numbers are gone
    assert doc.text.split("\n") == ofd.EXPECTED
    assert doc.title == ofd.TITLE_TEXT
    titles = [s.title for s in doc.sections]
    assert titles[0] == "一、主要工作和成效" and "二、存在的问题" in titles and "三、下一步工作打算" in titles
    assert "（一）加强组织领导，压实第一责任人职责" in titles
    # each page's first paragraph and printed number, as a PDF gives them (compilations are split by them)
    assert doc.page_labels == [1, 2]
    assert doc.page_starts[0] == 0 and doc.text[doc.page_starts[1]:].startswith("三、下一步工作打算")


def test_one_text_object_per_glyph_reads_the_same():
    doc = import_bytes(ofd.report_ofd(per_char=True), "报告.ofd")
    assert doc.text.split("\n") == ofd.EXPECTED


def test_page_transform_and_grouped_advances_place_the_glyphs():
    """A TextObject moved and scaled by its CTM, with DeltaX in "g N v" runs, lands where
    drawn: below the other line (its Boundary alone would put it above), its last glyph
    set 40 mm apart (a table cell, a tab)."""
    obj = ('<ofd:TextObject ID="7" Boundary="20 10 170 20" CTM="2 0 0 2 0 30" Font="3" Size="2.8">'
           '<ofd:TextCode X="0" Y="2.8" DeltaX="g 2 2.8 20">第二行字</ofd:TextCode></ofd:TextObject>'
           '<ofd:TextObject ID="8" Boundary="20 20 170 20" Font="3" Size="5.6">'
           '<ofd:TextCode X="0" Y="5.6" DeltaX="g 3 5.6">第一行字</ofd:TextCode></ofd:TextObject>')
    page = ofd.page_xml([]).replace("</ofd:Layer>", obj + "</ofd:Layer>")
    doc = import_bytes(ofd.package([page]), "x.ofd")
    assert doc.text.split("\n") == ["第一行字", "第二行\t字"]


def test_text_on_a_template_page_is_read_with_the_page_that_uses_it():
    tpl = ofd.page_xml([("（此件公开发布）", 28.0, 150.0, 5.6)], start_id=500)
    page = ofd.page_xml([("某某镇人民政府文件", 28.0, 60.0, 5.6)]).replace(
        "<ofd:Content>", '<ofd:Template TemplateID="50" ZOrder="Background"/><ofd:Content>')
    document = ofd.document_xml(1).replace(
        "</ofd:CommonData>", '<ofd:TemplatePage ID="50" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>')
    data = ofd.package([page], extra={"Doc_0/Document.xml": document, "Doc_0/Tpls/Tpl_0/Content.xml": tpl})
    assert import_bytes(data, "x.ofd").text.split("\n") == ["某某镇人民政府文件", "（此件公开发布）"]


def test_a_text_suffix_does_not_hide_an_ofd_and_the_suffix_is_claimed():
    assert sniff(ofd.report_ofd(), "报告.txt") == "ofd"
    assert ".ofd" in importers.suffixes() and is_supported("某镇/报告.OFD")
    err = failure(ofd.report_ofd(), "报告.docx")
    assert err.kind == "unsupported" and "OFD" in err.message


def test_cancel_stops_the_import():
    with pytest.raises(ImportCancelled):
        import_bytes(ofd.report_ofd(), "x.ofd", cancelled=lambda: True)


# --- refusals ----------------------------------------------------------------------------------

def test_damaged_zip_is_a_damaged_ofd_and_a_damaged_docx_stays_a_damaged_docx():
    cut = ofd.report_ofd()[:-300]
    err = failure(cut, "报告.ofd")
    assert err.kind == "corrupt" and "OFD" in err.message
    err = failure(cut, "报告.docx")
    assert err.kind == "corrupt" and "Word" in err.message


def test_zip_without_ofd_xml_is_not_taken_for_an_ofd():
    err = failure(ofd.not_ofd_zip(), "报告.ofd")
    assert err.kind == "unsupported" and "压缩包" in err.message


def test_package_without_its_document_is_corrupt():
    err = failure(ofd.package([ofd.page_xml(ofd.layout()[0])], root=ofd.ofd_xml("Doc_9/Document.xml")))
    assert err.kind == "corrupt" and "Document.xml" in err.message


def test_dtd_in_a_page_is_refused_as_unsafe():
    err = failure(ofd.doctype_ofd())
    assert err.kind == "unsafe" and "DOCTYPE" in err.message and "Content.xml" in err.message
    assert "Word" not in err.message


def test_dtd_in_a_part_the_reader_never_uses_is_refused_too():
    sneaky = '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'
    pages = [ofd.page_xml(p) for p in ofd.layout()]
    err = failure(ofd.package(pages, extra={"Doc_0/Signs/Signatures.xml": sneaky}))
    assert err.kind == "unsafe"


def test_zip_bomb_part_is_refused():
    pages = [ofd.page_xml(p) for p in ofd.layout()]
    bomb = ofd.page_xml([]).replace("<ofd:Content>", "<ofd:Content>" + " " * (4 * 1024 * 1024))
    err = failure(ofd.package(pages + [bomb]))
    assert err.kind == "unsafe" and "压缩" in err.message


def test_xml_over_the_size_limit_is_too_large():
    err = failure(ofd.report_ofd(), limits=Limits(max_docx_xml_bytes=2000))
    assert err.kind == "too_large" and "Word" not in err.message


def test_scanned_ofd_is_refused_with_ocr_advice():
    err = failure(ofd.scanned_ofd())
    assert err.kind == "scanned" and "OCR" in err.message and "2 页" in err.message


def test_one_scanned_page_is_named_and_the_rest_is_read():
    pages = ofd.layout()
    data = ofd.package([ofd.page_xml(pages[0]), ofd.page_xml([], images=1), ofd.page_xml(pages[1])])
    doc = import_bytes(data, "x.ofd")
    assert doc.text.split("\n") == ofd.EXPECTED
    assert doc.warnings == ["第 2 页没有文字层（可能是扫描页），该页内容未导入。"]


def test_locations_never_leave_the_package():
    pages = [ofd.page_xml(p) for p in ofd.layout()]
    data = ofd.package(pages, extra={"Doc_0/Document.xml": ofd.document_xml(2).replace(
        "Pages/Page_0/Content.xml", "../../Doc_0/Pages/Page_0/Content.xml")})
    doc = import_bytes(data, "x.ofd")
    assert doc.warnings == ["第 1 页没有文字层（可能是扫描页），该页内容未导入。"]
    assert doc.text.startswith("三、下一步工作打算")


# --- command line ------------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_command_line_imports_an_ofd_and_refuses_a_scanned_one(tmp_path):
    good, scan = tmp_path / "报告.ofd", tmp_path / "扫描.ofd"
    good.write_bytes(ofd.report_ofd())
    scan.write_bytes(ofd.scanned_ofd())
    result = cli("import", str(tmp_path / "p.rdproj"), str(good))
    assert result.returncode == 0, result.stderr
    assert ofd.TITLE_TEXT in result.stdout
    result = cli("import", str(tmp_path / "p.rdproj"), str(scan))
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: scanned: ") and "OCR" in line


def test_fixture_is_a_real_zip_with_ofd_xml_at_its_root():
    import io

    with zipfile.ZipFile(io.BytesIO(ofd.report_ofd())) as zf:
        assert zf.testzip() is None
        assert {"OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_1/Content.xml"} <= set(zf.namelist())
