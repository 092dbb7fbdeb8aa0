"""The Word summaries are Word-native (issue 12): written on the reference template
resources/templates/reviewdesk.docx, with real styles (Title, Heading 1–3, body,
table), a TOC field in the round summary, honest document properties, zh-CN,
compatibility mode 15, the 公文 fonts with their alternative names, evidence
quotes one per paragraph with their tag's name, and the 合计 row kept with its
table. Every check reads the written file back (python-docx, and lxml on the
package's parts)."""

from __future__ import annotations

import builtins
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from desktop import __version__
from desktop.export import docx_style as st
from desktop.export import export
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.tags import TAGS, tag
from desktop.text import canonical_text, detect_sections

REPO = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
A_TEXT = canonical_text([
    "甲镇2024年度法治政府建设情况报告",
    "一、主要举措和成效",
    "全年共办理行政复议案件12件，村调解纠纷3起。",
    "健全重大行政决策程序，建立合法性审查机制。",
    "二、存在的不足和原因",
    "普法形式单一，原因是经费不足。",
    "三、下一年度主要安排",
    "加强执法人员培训。",
])
B_TEXT = canonical_text(["乙乡2024年法治政府建设工作报告", "一、工作举措", "完善法律顾问制度，覆盖全部村居。"])
ROUND = "2024年度乡镇评审"


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


@pytest.fixture
def project(tmp_path) -> Path:
    """Two reports: 甲镇 reviewed by 王审 and 李审, with three evidence quotes of
    three tags under the first criterion; 乙乡 by 李审."""
    path = tmp_path / "round.rdproj"
    with Project(path) as p:
        p.set_round(ROUND, 2024)
        a = p.import_document(ImportedDocument(A_TEXT.split("\n")[0], "a.txt", "a" * 64, "txt", A_TEXT,
                                               detect_sections(A_TEXT)), unit="甲镇", year=2024).doc_id
        b = p.import_document(ImportedDocument(B_TEXT.split("\n")[0], "b.txt", "b" * 64, "txt", B_TEXT,
                                               detect_sections(B_TEXT)), unit="乙乡", year=2024).doc_id
        fig = p.add_annotation(a, *span(A_TEXT, "村调解纠纷3起"), "figure", note="核实数字", reviewer="王审")
        mea = p.add_annotation(a, *span(A_TEXT, "健全重大行政决策程序"), "measure", reviewer="王审")
        weak = p.add_annotation(a, *span(A_TEXT, "普法形式单一"), "weakness", note="原因？", reviewer="李审")
        p.add_annotation(b, *span(B_TEXT, "完善法律顾问制度"), "measure", reviewer="李审")
        crit = p.criteria()
        for c in crit:
            p.set_score(a, c.id, "王审", points=c.max_points - 1)
        p.set_score(a, crit[0].id, "李审", points=crit[0].max_points - 2, comment="举措具体")
        for ann in (mea, fig, weak):
            p.add_evidence(a, crit[0].id, ann.id, "王审")
        p.set_score(b, crit[0].id, "李审", points=crit[0].max_points)
    return path


@pytest.fixture
def round_docx(project, tmp_path) -> Path:
    with Project(project) as p:
        return export(p, "docx", tmp_path / "round.docx")


@pytest.fixture
def report_docx(project, tmp_path) -> Path:
    with Project(project) as p:
        return export(p, "docx", tmp_path / "report.docx", doc_id=1)


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style_of(p) -> str:
    return p.style.style_id


def body_paragraphs(d) -> list:
    """Paragraphs outside tables, in order."""
    return list(d.paragraphs)


# --- styles -----------------------------------------------------------------


def test_report_summary_uses_title_headings_and_body_styles(report_docx):
    d = docx.Document(str(report_docx))
    styles = {p.text: style_of(p) for p in body_paragraphs(d) if p.text}
    assert styles["法治政府建设年度报告评阅汇总"] == "Title"
    assert styles["甲镇　2024年度"] == "Subtitle"
    for text in ("一、评分情况", "二、报告完整性", "三、标注摘录"):
        assert styles[text] == "Heading1"
    for i, t in enumerate(TAGS):
        assert next(s for text, s in styles.items() if text.startswith(f"（{'一二三'[i]}）{t.label}")) == "Heading2"
    assert styles[next(t for t in styles if t.startswith("共标注"))] == "BodyText"
    # Every paragraph outside the tables is in one of the template's styles, none in
    # Normal with direct fonts: the fonts come from the styles.
    allowed = {"Title", "Subtitle", "Heading1", "Heading2", "Heading3", "BodyText", "ReviewNote", "Spacer"}
    assert {style_of(p) for p in body_paragraphs(d)} <= allowed
    assert not d.element.body.xpath(".//w:rFonts")


def test_round_summary_outline_lists_each_report_by_unit(round_docx):
    d = docx.Document(str(round_docx))
    outline = [(style_of(p), p.text) for p in body_paragraphs(d) if style_of(p).startswith("Heading")]
    assert outline[0] == ("Heading1", "评阅结果排名")
    units = [text for s, text in outline if s == "Heading1"][1:]
    assert units == ["甲镇　2024年度", "乙乡　2024年度"]  # ranked: 甲镇 has more points
    first = outline[1:outline.index(("Heading1", units[1]))]
    assert [t for s, t in first if s == "Heading2"] == ["一、评分情况", "二、报告完整性", "三、标注摘录", "四、质量提示"]
    assert sum(s == "Heading3" for s, _ in first) == len(TAGS)
    assert style_of(body_paragraphs(d)[0]) == "Title" and ROUND in body_paragraphs(d)[0].text


def test_tables_use_the_table_style_and_table_paragraph_styles(report_docx, round_docx):
    for path in (report_docx, round_docx):
        d = docx.Document(str(path))
        assert d.tables
        for t in d.tables:
            assert t.style.style_id == "ReviewTable"
            assert [e.get(qn("w:type")) for e in t._tbl.tblPr.findall(qn("w:tblLayout"))] == ["fixed"]
            for row in t.rows:
                for cell in row.cells:
                    assert {style_of(p) for p in cell.paragraphs} <= {"TableText", "TableHeading"}
        headed = [t for t in d.tables if t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
        assert len(headed) >= 2
        for t in headed:
            assert all(style_of(c.paragraphs[0]) == "TableHeading" for c in t.rows[0].cells)


def test_template_styles_carry_the_official_fonts_and_outline_levels(report_docx):
    styles = part(report_docx, "word/styles.xml")

    def style(sid):
        return styles.xpath(f"w:style[@w:styleId='{sid}']", namespaces=NS)[0]

    def east_asia(sid):
        return style(sid).xpath("string(w:rPr/w:rFonts/@w:eastAsia)", namespaces=NS)

    assert east_asia("Title") == "方正小标宋简体"
    assert style(sid="Title").xpath("string(w:rPr/w:sz/@w:val)", namespaces=NS) == "44"  # 二号
    assert east_asia("Heading1") == "黑体"
    assert east_asia("Heading2") == "楷体_GB2312"
    assert east_asia("Heading3") == "仿宋_GB2312"
    for level, sid in enumerate(("Heading1", "Heading2", "Heading3")):
        assert style(sid).xpath("string(w:pPr/w:outlineLvl/@w:val)", namespaces=NS) == str(level)
        assert style(sid).xpath("string(w:name/@w:val)", namespaces=NS) == f"heading {level + 1}"
    defaults = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr", namespaces=NS)[0]
    assert defaults.xpath("string(w:rFonts/@w:eastAsia)", namespaces=NS) == "仿宋_GB2312"
    assert defaults.xpath("string(w:sz/@w:val)", namespaces=NS) == "28"  # 四号 body
    assert style("ReviewTable").get(qn("w:type")) == "table"
    assert style("ReviewTable").xpath("w:tblPr/w:tblBorders/w:insideH", namespaces=NS)


# --- table of contents, settings, properties -----------------------------------


def test_round_summary_opens_with_a_toc_field_word_is_asked_to_fill(round_docx, report_docx):
    d = docx.Document(str(round_docx))
    body = d.element.body
    instr = body.xpath(".//w:instrText[contains(., 'TOC')]")
    assert len(instr) == 1 and instr[0].text.strip() == 'TOC \\o "1-3" \\h \\z \\u'
    p = instr[0].getparent().getparent()
    kinds = [c.get(qn("w:fldCharType")) for c in p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert p.xpath(".//w:fldChar[@w:fldCharType='begin']/@w:dirty") == ["true"]
    # the result until Word/WPS update it: a line saying how
    placeholder = "".join(p.xpath(".//w:t/text()"))
    assert "更新域" in placeholder and "F9" in placeholder and "更新目录" in placeholder
    # before the ranking and every report
    paragraphs = list(body.iter(qn("w:p")))
    first_heading = next(i for i, q in enumerate(paragraphs) if q.xpath("w:pPr/w:pStyle[@w:val='Heading1']"))
    assert paragraphs.index(p) < first_heading
    assert docx.Document(str(report_docx)).element.body.xpath(".//w:instrText[contains(., 'TOC')]") == []
    for path in (round_docx, report_docx):
        settings = part(path, "word/settings.xml")
        assert settings.xpath("string(w:updateFields/@w:val)", namespaces=NS) == "true"


def test_compatibility_mode_15_and_chinese_language(round_docx):
    settings = part(round_docx, "word/settings.xml")
    mode = settings.xpath("w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val", namespaces=NS)
    assert mode == ["15"]
    styles = part(round_docx, "word/styles.xml")
    lang = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang", namespaces=NS)[0]
    assert lang.get(qn("w:eastAsia")) == "zh-CN" and lang.get(qn("w:val")) == "zh-CN"
    assert docx.Document(str(round_docx)).core_properties.language == "zh-CN"


def test_font_table_names_the_official_fonts_with_their_fallbacks(round_docx):
    fonts = part(round_docx, "word/fontTable.xml")
    alt = {f.get(qn("w:name")): f.xpath("string(w:altName/@w:val)", namespaces=NS)
           for f in fonts.xpath("w:font", namespaces=NS)}
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"
    assert {"黑体", "宋体", "仿宋", "楷体"} <= set(alt)
    assert fonts.xpath("w:font[@w:name='仿宋_GB2312']/w:charset/@w:val", namespaces=NS) == ["86"]


def test_document_properties_are_honest(round_docx, report_docx):
    before = datetime.now(timezone.utc)
    for path, title in ((round_docx, f"{ROUND}评阅汇总"), (report_docx, "甲镇")):
        props = docx.Document(str(path)).core_properties
        assert title in props.title
        assert props.author == props.last_modified_by
        assert set(props.author.split("、")) == ({"王审", "李审"})
        for when in (props.created, props.modified):
            assert abs((before - when.replace(tzinfo=timezone.utc)).total_seconds()) < 300
        app = part(path, "docProps/app.xml")
        ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
        assert app.findtext(f"{ep}Application") == "ReviewDesk"
        major, minor, patch = (int(n) for n in __version__.split(".")[:3])
        assert app.findtext(f"{ep}AppVersion") == f"{major:02d}.{minor:02d}{patch:02d}"  # Office's XX.YYYY
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                data = z.read(name)
                assert b"python-docx" not in data and b"Macintosh" not in data, name
                if name.startswith("docProps/"):
                    assert b"2013" not in data, name


def test_author_is_the_reports_reviewers(project, tmp_path):
    with Project(project) as p:
        out = export(p, "docx", tmp_path / "b.docx", doc_id=2)
    assert docx.Document(str(out)).core_properties.author == "李审"


# --- evidence and totals ---------------------------------------------------------


def rubric(d):
    return next(t for t in d.tables if t.rows[0].cells[0].text == "序号")


def test_evidence_quotes_are_separate_paragraphs_named_by_tag(report_docx, project):
    d = docx.Document(str(report_docx))
    cell = rubric(d).rows[1].cells[5]
    with Project(project) as p:
        crit = p.criteria()
        ids = {e.annotation_id for e in p.evidence(1, crit[0].id)}
        anns = sorted((a for a in p.annotations(1) if a.id in ids), key=lambda a: a.start)
    paragraphs = cell.paragraphs
    assert len(paragraphs) == len(anns) == 3
    for para, a in zip(paragraphs, anns):
        label = f"「{tag(a.tag).label}」"
        assert para.text == label + a.quote
        first, quote = para.runs[0], para.runs[1]
        assert first.text == label and first.style.style_id == "Label"  # 黑体, survives black-and-white print
        shd = quote._r.find(f"{qn('w:rPr')}/{qn('w:shd')}")
        assert shd.get(qn("w:fill")) == tag(a.tag).highlight.lstrip("#").upper()
    assert {tag(a.tag).label for a in anns} == {t.label for t in TAGS}


def test_claims_quote_in_marks_and_notes_in_their_own_style(report_docx):
    d = docx.Document(str(report_docx))
    quote = next(p for p in d.paragraphs if "健全重大行政决策程序" in p.text)
    assert quote.text.startswith("1. “健全重大行政决策程序”") and style_of(quote) == "BodyText"
    note = next(p for p in d.paragraphs if p.text.startswith("评阅意见："))
    assert style_of(note) == "ReviewNote" and note.runs[0].style.style_id == "Label"


def keeps_with_next(row) -> bool:
    return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_total_row_keeps_with_the_rows_before_it(report_docx, round_docx):
    for path in (report_docx, round_docx):
        d = docx.Document(str(path))
        t = rubric(d)
        rows = list(t.rows)
        assert rows[-1].cells[1].text == "合计"
        assert keeps_with_next(rows[-2]) and keeps_with_next(rows[-3])
        assert not keeps_with_next(rows[1])  # a long table may still break between criteria
        for row in rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        completeness = next(t for t in d.tables if t.rows[0].cells[0].text == "报告应包含的部分")
        assert all(keeps_with_next(r) for r in list(completeness.rows)[:-1])


# --- the template itself -----------------------------------------------------------


def test_summaries_never_read_python_docx_templates(project, tmp_path, monkeypatch):
    """The frozen bundle has no docx/templates: the summaries must not need them."""
    templates = os.path.join(os.path.dirname(docx.__file__), "templates")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.normpath(os.fspath(file)).startswith(templates):
            raise FileNotFoundError(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    with Project(project) as p:
        export(p, "docx", tmp_path / "r.docx")
        export(p, "docx", tmp_path / "one.docx", doc_id=1)
    with pytest.raises(PackageNotFoundError):  # the guard does catch python-docx's own template
        docx.Document()


def test_template_is_found_through_resources(tmp_path, monkeypatch):
    assert st.template_path() == REPO / "resources" / "templates" / "reviewdesk.docx"
    (tmp_path / "templates").mkdir()
    shutil.copy(st.template_path(), tmp_path / "templates" / "reviewdesk.docx")
    monkeypatch.setenv("REVIEWDESK_RESOURCES", str(tmp_path))  # as in a bundle's _MEIPASS/resources
    assert st.new_document().styles["Heading 1"].style_id == "Heading1"
    (tmp_path / "templates" / "reviewdesk.docx").unlink()
    with pytest.raises(FileNotFoundError):
        st.new_document()


def test_committed_template_is_what_the_script_writes(tmp_path):
    out = tmp_path / "t.docx"
    code = ("import sys; from pathlib import Path; sys.path.insert(0, 'scripts'); "
            "import make_docx_template as m; m.write(Path(sys.argv[1]))")
    subprocess.run([sys.executable, "-c", code, str(out)], cwd=REPO, check=True, timeout=120)
    with zipfile.ZipFile(out) as new, zipfile.ZipFile(REPO / "resources" / "templates" / "reviewdesk.docx") as old:
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), f"{name}: run python scripts/make_docx_template.py"
