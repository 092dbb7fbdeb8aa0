"""Word, Excel and CSV exports read back and checked against the store;
the command line; exports never change the project."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from desktop.export import FORMATS, ExportError, export, export_files
from desktop.export.docx_style import TEXT_WIDTH
from desktop.export.snapshot import snapshot
from desktop.importers.base import ImportedDocument
from desktop.store import STATUSES, Project
from desktop.tags import TAGS, tag
from desktop.text import canonical_text, detect_sections, section_at

REPO = Path(__file__).resolve().parent.parent
A_TEXT = canonical_text([
    "甲镇2024年度法治政府建设情况报告",
    "一、主要举措和成效",
    "全年共办理行政复议案件12件，𠀀村调解纠纷3起。",
    "健全重大行政决策程序，建立合法性审查机制。",
    "二、存在的不足和原因",
    "普法形式单一，原因是经费不足。",
    "三、下一年度主要安排",
    "加强执法人员培训。",
])
B_TEXT = canonical_text([
    "乙乡2024年法治政府建设工作报告",
    "一、工作举措",
    "完善法律顾问制度，覆盖全部村居。",
])


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


@pytest.fixture
def round_path(tmp_path) -> Path:
    """Two scored reports: A with two reviewers, notes, evidence and a
    non-BMP quote; B with one score and one claim."""
    path = tmp_path / "round.rdproj"
    with Project(path) as p:
        p.set_round("2024年度评审", 2024)
        a = p.import_document(ImportedDocument(A_TEXT.split("\n")[0], "a.txt", "a" * 64, "txt", A_TEXT,
                                               detect_sections(A_TEXT)), unit="甲镇", year=2024).doc_id
        b = p.import_document(ImportedDocument(B_TEXT.split("\n")[0], "b.txt", "b" * 64, "txt", B_TEXT,
                                               detect_sections(B_TEXT)), unit="乙乡", year=2024).doc_id
        fig = p.add_annotation(a, *span(A_TEXT, "𠀀村调解纠纷3起"), "figure", note="核实数字", reviewer="王审")
        mea = p.add_annotation(a, *span(A_TEXT, "健全重大行政决策程序"), "measure", reviewer="王审")
        p.add_annotation(a, *span(A_TEXT, "普法形式单一"), "weakness", note="原因是否充分？", reviewer="李审")
        p.add_annotation(b, *span(B_TEXT, "完善法律顾问制度"), "measure", reviewer="李审")
        crit = p.criteria()
        p.set_score(a, crit[0].id, "王审", points=crit[0].max_points - 2, comment="举措具体")
        p.set_score(a, crit[0].id, "李审", points=crit[0].max_points - 3)
        p.set_score(a, crit[1].id, "王审", points=1.5)
        p.add_evidence(a, crit[0].id, mea.id, "王审")
        p.add_evidence(a, crit[0].id, fig.id, "王审")
        p.set_score(b, crit[0].id, "李审", points=crit[0].max_points)
        p.update_document(b, status="done")
    return path


def do_export(path: Path, fmt: str, out: Path, doc_id: int | None = None) -> Path:
    with snapshot(path) as p:
        return export(p, fmt, out, doc_id=doc_id)


def cell_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def find_table(d, first_header: str):
    return next(t for t in d.tables if t.rows and t.rows[0].cells[0].text == first_header)


def shaded_runs(d) -> dict[str, set[str]]:
    """Text of every shaded run -> the fill colours it carries."""
    out: dict[str, set[str]] = {}
    for r in d.element.body.iter(qn("w:r")):
        shd = r.find(f"{qn('w:rPr')}/{qn('w:shd')}")
        if shd is not None:
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            out.setdefault(text, set()).add(shd.get(qn("w:fill")))
    return out


def east_asia_font(d, r) -> str | None:
    """The East Asian font a run ends up in: its own w:rFonts, else its character
    style's, its paragraph style's (each up its basedOn chain), else docDefaults."""
    styles = {s.get(qn("w:styleId")): s for s in d.styles.element.iter(qn("w:style"))}

    def chain(style_id):
        while style_id in styles:
            yield styles[style_id]
            based = styles[style_id].find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def font_of(rpr):
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    rpr = r.find(qn("w:rPr"))
    candidates = [rpr]
    rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
    if rstyle is not None:
        candidates += [s.find(qn("w:rPr")) for s in chain(rstyle.get(qn("w:val")))]
    p = r.getparent()
    pstyle = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    para_style = pstyle.get(qn("w:val")) if pstyle is not None else "Normal"
    candidates += [s.find(qn("w:rPr")) for s in chain(para_style)]
    candidates.append(d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    return next((f for f in map(font_of, candidates) if f), None)


def assert_fonts_and_layout(d) -> None:
    parts = [d.element.body] + [s.footer._element for s in d.sections]
    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert runs
    for r in runs:  # every run's East Asian font is named, by the styles (issue 12) or directly
        assert east_asia_font(d, r), r.xml[:200]
    s = d.sections[0]
    assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(x.cm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [3.7, 3.5, 2.8, 2.6]
    footer_xml = s.footer._element.xml
    assert "PAGE" in footer_xml and "- " in footer_xml
    for t in d.tables:
        tblpr = t._tbl.tblPr
        assert tblpr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) * 635 <= TEXT_WIDTH + Cm(0.01)  # twips -> EMU
    headed = [t for t in d.tables if t.rows[0]._tr.trPr is not None
              and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(headed) >= 2


def test_report_docx_has_scores_completeness_and_highlighted_claims(round_path, tmp_path):
    out = do_export(round_path, "docx", tmp_path / "a.docx", doc_id=1)
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert_fonts_and_layout(d)
    with Project(round_path) as p:
        info = p.document(1)
        anns = p.annotations(1)
        sections = p.sections(1)
        crit = p.criteria()
        total = p.total(1)
        comp = p.completeness(1)
        evidence_ids = {e.annotation_id for e in p.evidence(1, crit[0].id)}
    infotab = cell_texts(d.tables[0])
    flat = [c for row in infotab for c in row]
    assert "甲镇" in flat and "2024年" in flat
    assert set(flat[flat.index("评阅人") + 1].split("、")) == {"王审", "李审"}
    assert any(c.startswith(f"{total:g} / ") for c in flat)
    assert info.title in flat and STATUSES[info.status] in flat
    # rubric: criterion, points (mean of the two reviewers), maximum, comment, evidence
    rubric = cell_texts(find_table(d, "序号"))
    first = rubric[1]
    assert first[1] == crit[0].title
    assert float(first[2]) == crit[0].max_points - 2.5
    assert float(first[3]) == crit[0].max_points
    assert "举措具体" in first[4]
    evidence = sorted((a.start, a.quote) for a in anns if a.id in evidence_ids)
    lines = first[5].split("\n")
    assert len(lines) == len(evidence) == 2
    labels = {a.quote: tag(a.tag).label for a in anns}
    for line, (_, quote) in zip(lines, evidence):  # text order, each led by its tag; long quotes are clipped
        head = f"「{labels[quote]}」"
        assert line.startswith(head)
        line = line.removeprefix(head)
        assert quote.startswith(line.removesuffix("…")) and len(line) <= 80
    assert rubric[2][2] == "1.5" and rubric[3][2] == "未评"
    assert rubric[-1][1] == "合计" and float(rubric[-1][2]) == total
    assert len(rubric) == len(crit) + 2
    # completeness as the store computes it
    parts = cell_texts(find_table(d, "报告应包含的部分"))[1:]
    assert [r[1] == "具备" for r in parts] == [comp.parts[k].found for k in comp.parts]
    assert f"{comp.found_count}/5" in text
    # claims: quote shaded in its tag's highlight, section heading, note, counts per tag
    shaded = shaded_runs(d)
    for a in anns:
        assert tag(a.tag).highlight.lstrip("#").upper() in shaded[a.quote]
        para = next(p.text for p in d.paragraphs if a.quote in p.text)
        assert f"所在部分：{section_at(sections, a.start).title}" in para
        if a.note:
            assert f"评阅意见：{a.note}" in text
    counts = {t.value: sum(1 for a in anns if a.tag == t.value) for t in TAGS}
    for t in TAGS:
        assert f"{t.label}（{counts[t.value]} 处）" in text
    assert f"共标注 {len(anns)} 处" in text


def test_round_docx_ranks_reports_and_includes_each_summary(round_path, tmp_path):
    out = do_export(round_path, "docx", tmp_path / "r.docx")
    d = docx.Document(str(out))
    assert_fonts_and_layout(d)
    with Project(round_path) as p:
        totals = {doc.id: p.total(doc.id) for doc in p.documents()}
        titles = {doc.id: doc.title for doc in p.documents()}
        counts = {doc.id: p.tag_counts(doc.id) for doc in p.documents()}
    ranking = cell_texts(find_table(d, "名次"))
    assert ranking[0][:5] == ["名次", "单位", "报告标题", "总分", "状态"]
    order = sorted(totals, key=lambda i: -totals[i])
    assert [r[2] for r in ranking[1:]] == [titles[i] for i in order]
    assert [float(r[3]) for r in ranking[1:]] == [totals[i] for i in order]
    assert [r[0] for r in ranking[1:]] == ["1", "2"]
    for row, i in zip(ranking[1:], order):
        assert row[5:8] == [str(counts[i][t.value]) for t in TAGS]
    breaks = d.element.body.xpath(".//w:br[@w:type='page']")
    assert len(breaks) == len(totals)
    assert sum(p.text == "法治政府建设年度报告评阅汇总" for p in d.paragraphs) == len(totals)
    assert len(shaded_runs(d)) >= 4


def sheet_expectations(path: Path):
    with Project(path) as p:
        crit = p.criteria()
        docs = p.documents()
        rows = []
        for doc in docs:
            pts = {}
            for s in p.scores(doc.id):
                pts.setdefault(s.criterion_id, []).append(s.points)
            comp = p.completeness(doc.id)
            rows.append((doc, {k: sum(v) / len(v) for k, v in pts.items()}, p.total(doc.id),
                         p.tag_counts(doc.id), comp))
    return crit, rows


def sheet_body(ws) -> list[dict]:
    """The score sheet's report rows (issue 12 layout: title rows 1-2, header
    row 3, 满分 row 4, reports from row 5 in rank order, a note under them)."""
    head = [c.value for c in ws[3]]
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=5, values_only=True) if r[1] is not None]


def test_xlsx_score_sheet(round_path, tmp_path):
    out = do_export(round_path, "xlsx", tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(out)["评分表"]
    crit, expected = sheet_expectations(round_path)
    header = [c.value for c in ws[3]]
    assert header[:4] == ["名次", "编号", "单位", "标题"]
    assert header[4:4 + len(crit)] == [c.title for c in crit]
    assert header[4 + len(crit):] == ["总分", "举措", "数据", "不足", "完整性", "缺少部分", "年度", "评阅人", "状态"]
    assert all(c.font.bold for c in ws[3])
    assert ws.freeze_panes == "E5"
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width
    body = {row["编号"]: row for row in sheet_body(ws)}
    assert len(body) == len(expected)
    for doc, pts, total, counts, comp in expected:
        row = body[doc.id]
        assert row["单位"] == doc.unit and row["年度"] == doc.year
        assert row["状态"] == STATUSES[doc.status]
        for c in crit:
            v = row[c.title]
            assert v == pts.get(c.id)  # None for an unscored criterion
            assert v is None or isinstance(v, (int, float))
        assert row["总分"] == total and isinstance(row["总分"], (int, float))
        assert [row[t.label] for t in TAGS] == [counts[t.value] for t in TAGS]
        assert row["完整性"] == f"{comp.found_count}/5"
        from desktop.analysis.completeness import PART_LABELS
        assert (row["缺少部分"] or "") == "、".join(PART_LABELS[k] for k in comp.missing)
    assert set(body[1]["评阅人"].split("、")) == {"王审", "李审"}


def test_csv_score_sheet_is_bom_utf8_and_matches_xlsx(round_path, tmp_path):
    out = do_export(round_path, "csv", tmp_path / "s.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    ws = openpyxl.load_workbook(do_export(round_path, "xlsx", tmp_path / "s.xlsx"))["评分表"]
    xrows = {str(r["编号"]): r for r in sheet_body(ws)}
    assert [r[0] for r in rows[1:]] == ["1", "2"]  # document order
    for row in rows[1:]:
        for name, value in zip(rows[0], row):
            x = xrows[row[0]][name]
            # the CSV's completeness reads 2/5项 (no spreadsheet takes it for a date)
            assert value == ("" if x is None else f"{x}项" if name == "完整性" else str(x)), name
    assert rows[1][1] == "甲镇"


def test_doc_filter_limits_sheet_rows(round_path, tmp_path):
    ws = openpyxl.load_workbook(do_export(round_path, "xlsx", tmp_path / "s.xlsx", doc_id=2))["评分表"]
    assert [r["编号"] for r in sheet_body(ws)] == [2]


def test_bad_inputs_raise_typed_errors(round_path, tmp_path):
    with snapshot(round_path) as p:
        with pytest.raises(ExportError) as exc:
            export(p, "pdf", tmp_path / "x.pdf")
        assert exc.value.kind == "format"
        with pytest.raises(ExportError) as exc:
            export(p, "docx", tmp_path / "no" / "x.docx")
        assert exc.value.kind == "output"
    assert set(FORMATS) == {"docx", "xlsx", "csv", "json", "annotated-docx"}


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8")


def test_cli_exports_never_change_the_project(tmp_path):
    """A fresh project has no rubric stored yet: reading scores would store the
    default one, so this is where an export could write by accident."""
    path = tmp_path / "fresh.rdproj"
    with Project(path) as p:
        d = p.import_document(ImportedDocument("报告", "a.txt", "c" * 64, "txt", A_TEXT,
                                               detect_sections(A_TEXT))).doc_id
        p.add_annotation(d, 0, 4, "measure")
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    listing = sorted(os.listdir(tmp_path))
    for fmt, spec in FORMATS.items():
        out = tmp_path / f"x.{fmt}"
        if spec.per_report:
            out.mkdir()  # one file per report, into a folder
        r = cli("export", path, "--format", fmt, "--out", out)
        assert r.returncode == 0, r.stderr
        files = list(out.iterdir()) if spec.per_report else [out]
        assert files and all(f.stat().st_size > 0 for f in files)
    r = cli("export", path, "--format", "docx", "--doc", d, "--out", tmp_path / "one.docx")
    assert r.returncode == 0, r.stderr
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert sorted(os.listdir(tmp_path)) == sorted(listing + [f"x.{f}" for f in FORMATS] + ["one.docx"])


@pytest.mark.parametrize("args, kind", [
    (["missing.rdproj", "--format", "docx"], "project"),
    (["PROJECT", "--format", "docx", "--doc", "99"], "document"),
    (["PROJECT", "--format", "xlsx", "--doc", "99"], "document"),
    (["PROJECT", "--format", "csv", "--out-dir-missing"], "output"),
])
def test_cli_errors(round_path, tmp_path, args, kind):
    args = [str(round_path) if a == "PROJECT" else str(tmp_path / a) if a.endswith(".rdproj") else a for a in args]
    out = tmp_path / "nowhere" / "x.csv" if "--out-dir-missing" in args else tmp_path / "x.out"
    args = [a for a in args if a != "--out-dir-missing"]
    r = cli("export", *args, "--out", out)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: {kind}: ") and r.stderr.count("\n") == 1
    assert not out.exists()
    assert not (tmp_path / "missing.rdproj").exists()


C_TEXT = canonical_text(["丙镇2024年度法治政府建设情况报告", "一、主要举措和成效", "健全普法机制。"])


@pytest.fixture
def round_with_unscored(round_path) -> Path:
    """The two scored reports, then 丙镇 with a comment but no points, in the
    middle of the document order, and 乙乡 lowered to 0 points (scored)."""
    with Project(round_path) as p:
        c = p.import_document(ImportedDocument(C_TEXT.split("\n")[0], "c.txt", "c" * 64, "txt", C_TEXT,
                                               detect_sections(C_TEXT)), unit="丙镇", year=2024).doc_id
        p.set_score(c, p.criteria()[0].id, "李审", comment="待评")
        p.set_score(2, p.criteria()[0].id, "李审", points=0)
    return round_path


def test_unscored_report_reads_not_scored_and_ranks_last_in_word(round_with_unscored, tmp_path):
    d = docx.Document(str(do_export(round_with_unscored, "docx", tmp_path / "r.docx")))
    ranking = cell_texts(find_table(d, "名次"))[1:]
    assert [(r[0], r[1], r[3]) for r in ranking] == [("1", "甲镇", ranking[0][3]), ("2", "乙乡", "0"),
                                                     ("—", "丙镇", "未评")]
    assert float(ranking[0][3]) > 0
    text = "\n".join(p.text for p in d.paragraphs)
    assert "尚未评分的 1 份列在最后，不计名次" in text
    # The report's own summary: 未评 as its total, in the info and rubric tables.
    one = docx.Document(str(do_export(round_with_unscored, "docx", tmp_path / "c.docx", doc_id=3)))
    cells = [c.text for t in one.tables for row in t.rows for c in row.cells]
    assert "未评 / 100" in cells
    rubric = cell_texts(find_table(one, "序号"))
    assert rubric[-1][1] == "合计" and rubric[-1][2] == "未评"


def test_unscored_report_total_is_not_scored_in_the_sheets(round_with_unscored, tmp_path):
    ws = openpyxl.load_workbook(do_export(round_with_unscored, "xlsx", tmp_path / "s.xlsx"))["评分表"]
    totals = {row["单位"]: row["总分"] for row in sheet_body(ws)}
    assert totals["丙镇"] == "未评" and totals["乙乡"] == 0 and totals["甲镇"] > 0
    out = do_export(round_with_unscored, "csv", tmp_path / "s.csv")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    col = rows[0].index("总分")
    assert {r[1]: r[col] for r in rows[1:]}["丙镇"] == "未评"
    assert {r[1]: r[col] for r in rows[1:]}["乙乡"] == "0"


# --- file modes and standard output ------------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_exported_files_respect_the_umask_not_mkstemp(round_path, tmp_path, umask, mode):
    """Colleagues on a shared folder can open the export (mkstemp's 0600 locked them out)."""
    old = os.umask(umask)
    try:
        written = []
        with snapshot(round_path) as p:
            for fmt, spec in FORMATS.items():
                if spec.per_report:
                    folder = tmp_path / fmt
                    folder.mkdir()
                    written += export_files(p, fmt, folder)
                    written.append(export(p, fmt, tmp_path / f"one-{fmt}.docx", doc_id=1))
                else:
                    written.append(export(p, fmt, tmp_path / f"x{spec.suffix}"))
                    written.append(export(p, fmt, tmp_path / f"one{spec.suffix}", doc_id=1))
    finally:
        os.umask(old)
    assert len(written) == 2 * len(FORMATS) + 1  # the round's two reports in the folder
    assert {f: f.stat().st_mode & 0o777 for f in written} == dict.fromkeys(written, mode)


def cli_bytes(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True)


_STAMP = re.compile(rb'"generated": "[^"]*"')
_UUID = re.compile(rb"urn:uuid:[0-9a-f-]{36}")


def _fresh_parts_numbered(data: bytes) -> bytes:
    """The export's time left out and each urn:uuid numbered by first appearance: the
    collection and its page get new ids in every export, everything else is equal."""
    seen: dict[bytes, int] = {}
    return _UUID.sub(lambda m: b"uuid-%d" % seen.setdefault(m.group(), len(seen)), _STAMP.sub(b"", data))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_out_dash_prints_the_text_formats_byte_for_byte(round_path, tmp_path, fmt):
    out = tmp_path / f"file.{fmt}"
    assert cli_bytes("export", round_path, "--format", fmt, "--out", out, cwd=tmp_path).returncode == 0
    r = cli_bytes("export", round_path, "--format", fmt, "--out", "-", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == b""
    assert _fresh_parts_numbered(r.stdout) == _fresh_parts_numbered(out.read_bytes()) and len(r.stdout) > 100
    if fmt == "csv":
        assert r.stdout == out.read_bytes()
    assert not (tmp_path / "-").exists()
    r = cli_bytes("export", round_path, "--format", fmt, "--doc", "2", "--out", "-", cwd=tmp_path)
    assert r.returncode == 0 and "乙乡".encode() in r.stdout and "甲镇".encode() not in r.stdout


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "annotated-docx"])
def test_out_dash_refuses_binary_formats_with_one_error_line(round_path, tmp_path, fmt):
    r = cli_bytes("export", round_path, "--format", fmt, "--out", "-", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == b""
    err = r.stderr.decode("utf-8")
    assert err.count("\n") == 1 and err.startswith(f"error: output: {fmt} 是二进制文件，不能写到标准输出")
    assert "csv、json" in err
    assert list(tmp_path.iterdir()) == [round_path]
