"""The score sheets as an office prints and opens them: the .xlsx read back with
openpyxl (page setup, print titles, frozen panes, rank, 满分 row, number
formats, fonts, the reviewers' and the evidence sheets), the .csv read back by
LibreOffice's own CSV import (no text turned into a date or number)."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from desktop.export import csv_sheet, export
from desktop.export.csv_sheet import as_text
from desktop.export.sheet_rows import (
    NOT_SCORED,
    evidence_rows,
    headers,
    ranks,
    reviewer_rows,
    rows,
    spreadsheet_would_convert,
)
from desktop.export.snapshot import snapshot
from desktop.export.summary import CriterionScore, ReviewerScore, RoundData, build_round
from desktop.export.xlsx_sheet import write as write_xlsx
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.text import canonical_text, detect_sections

A_TEXT = canonical_text([
    "甲镇2024年度法治政府建设情况报告",
    "一、主要举措和成效",
    "全年共办理行政复议案件12件，村调解纠纷3起。",
    "健全重大行政决策程序，建立合法性审查机制。",
    "二、存在的不足和原因",
    "普法形式单一，原因是经费不足。",
])
B_TEXT = canonical_text(["乙乡2024年法治政府建设工作报告", "一、工作举措", "完善法律顾问制度，覆盖全部村居。"])
C_TEXT = canonical_text(["丙镇2024年度报告", "一、主要举措和成效", "开展普法活动。"])
D_TEXT = canonical_text(["丁村报告", "一、主要举措和成效", "建立调解机制。"])

# Text Excel or LibreOffice would read as a date or a number.
UNIT_LIKE_DATE = "1-2"
TITLE_LEADING_ZEROS = "001"
TITLE_LONG_DIGITS = "12345678901234567890"


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def _import(p: Project, text: str, title: str, name: str, unit: str) -> int:
    return p.import_document(ImportedDocument(title, name, name[0] * 64, "txt", text, detect_sections(text)),
                             unit=unit, year=2024).doc_id


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """甲镇 scored by two reviewers (王审, 李审) with evidence; 乙乡 tied with it;
    丙镇 third; a report unit '1-2' titled '001' with only a comment (未评)."""
    path = tmp_path_factory.mktemp("sheets") / "round.rdproj"
    with Project(path) as p:
        p.set_round("2024年度评审", 2024)
        a = _import(p, A_TEXT, A_TEXT.split("\n")[0], "a.txt", "甲镇")
        d = _import(p, D_TEXT, TITLE_LEADING_ZEROS, "d.txt", UNIT_LIKE_DATE)
        b = _import(p, B_TEXT, B_TEXT.split("\n")[0], "b.txt", "乙乡")
        c = _import(p, C_TEXT, TITLE_LONG_DIGITS, "c.txt", "丙镇")
        fig = p.add_annotation(a, *span(A_TEXT, "村调解纠纷3起"), "figure", note="核实数字", reviewer="王审")
        mea = p.add_annotation(a, *span(A_TEXT, "健全重大行政决策程序"), "measure", reviewer="王审")
        weak = p.add_annotation(a, *span(A_TEXT, "普法形式单一"), "weakness", note="原因是否充分？", reviewer="李审")
        p.add_annotation(b, *span(B_TEXT, "完善法律顾问制度"), "measure", reviewer="李审")
        crit = p.criteria()
        m0 = crit[0].max_points
        p.set_score(a, crit[0].id, "王审", points=m0 - 2, comment="举措具体")
        p.set_score(a, crit[0].id, "李审", points=m0 - 3)
        p.set_score(a, crit[1].id, "王审", points=1.5)
        p.set_score(a, crit[1].id, "李审", comment="原因分析不足")
        p.add_evidence(a, crit[0].id, mea.id, "王审")
        p.add_evidence(a, crit[0].id, fig.id, "王审")
        p.add_evidence(a, crit[1].id, weak.id, "李审")
        # A's total is the mean (m0 - 2.5) + 1.5 = m0 - 1: B ties with it.
        p.set_score(b, crit[0].id, "李审", points=m0 - 1)
        p.set_score(c, crit[0].id, "王审", points=1)
        p.set_score(d, crit[0].id, "李审", comment="待评")
    return path


def do_export(path: Path, fmt: str, out: Path) -> Path:
    with snapshot(path) as p:
        return export(p, fmt, out)


@pytest.fixture(scope="module")
def book(project, tmp_path_factory):
    out = do_export(project, "xlsx", tmp_path_factory.mktemp("x") / "s.xlsx")
    return openpyxl.load_workbook(out)


def header(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def table(ws, head_row: int, first: int) -> list[dict]:
    head = header(ws, head_row)
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=first, values_only=True) if r[1] is not None]


# --- the score sheet ---------------------------------------------------------------------


def test_every_sheet_prints_landscape_one_page_wide_with_titles_and_page_numbers(book):
    assert book.sheetnames == ["评分表", "各评阅人评分", "评分依据"]
    titles = {"评分表": "$3:$4", "各评阅人评分": "$2:$2", "评分依据": "$2:$2"}
    for ws in book.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape", ws.title
        assert int(ps.paperSize) == 9  # A4
        assert int(ps.fitToWidth) == 1 and int(ps.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == titles[ws.title]
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert "&D" in ws.oddHeader.right.text  # print date
        assert ws.oddHeader.left.text == "2024年度评审"
        assert ws["A1"].value.startswith("2024年度评审") and ws["A1"].font.name == "黑体"
        assert "A1" in ws.merged_cells
    # 名次, 编号, 单位, 标题 and the header with the 满分 row stay on screen
    assert book["评分表"].freeze_panes == "E5"
    assert book["各评阅人评分"].freeze_panes == "E3"
    assert book["评分依据"].freeze_panes == "C3"


def test_rank_ties_share_a_rank_and_unscored_reports_come_last_as_not_scored(book, project):
    ws = book["评分表"]
    head = header(ws, 3)
    assert head[:4] == ["名次", "编号", "单位", "标题"]
    rows = table(ws, 3, 5)
    # competition ranking: 甲镇 and 乙乡 tie at 1 (document order), 丙镇 is 3rd, not 2nd
    assert [(r["名次"], r["单位"]) for r in rows] == [(1, "甲镇"), (1, "乙乡"), (3, "丙镇"),
                                                     (NOT_SCORED, UNIT_LIKE_DATE)]
    assert rows[0]["总分"] == rows[1]["总分"] > rows[2]["总分"]
    assert rows[3]["总分"] == NOT_SCORED
    with Project(project) as p:
        assert rows[0]["总分"] == p.total(1)
    last = ws.max_row
    assert "未评" in ws.cell(row=last, column=1).value  # the note under the table says how ranks are given


def test_maximum_points_row_under_the_header(book, project):
    ws = book["评分表"]
    head = header(ws, 3)
    with Project(project) as p:
        crit = p.criteria()
    assert ws["A4"].value == "满分"
    maxima = dict(zip(head, header(ws, 4)))
    for c in crit:
        assert maxima[c.title] == c.max_points
        assert ws.cell(row=4, column=head.index(c.title) + 1).number_format == "0"
    assert maxima["总分"] == sum(c.max_points for c in crit)
    assert maxima["举措"] is None and maxima["名次"] == "满分"


def test_number_formats_and_text_kept_as_text(book, project):
    ws = book["评分表"]
    head = header(ws, 3)
    with Project(project) as p:
        first = p.criteria()[0].title
    col = {h: i + 1 for i, h in enumerate(head)}
    for r in range(5, 5 + 4):
        assert ws.cell(r, col[first]).number_format == "0.0"  # 甲镇's mean is x.5
        assert ws.cell(r, col["总分"]).number_format in ("0", "@")  # totals 14, 14, 1: whole
        assert ws.cell(r, col["举措"]).number_format == "0"
        assert ws.cell(r, col["年度"]).number_format == "0"
        assert ws.cell(r, col["完整性"]).number_format == "@"
    rows = table(ws, 3, 5)
    assert rows[0][first] == rows[1][first] - 1.5 and isinstance(rows[0][first], float)
    # text a spreadsheet would take for a date or a number stays the text, marked as text
    last = rows[3]
    assert last["单位"] == UNIT_LIKE_DATE and last["标题"] == TITLE_LEADING_ZEROS
    assert rows[2]["标题"] == TITLE_LONG_DIGITS
    assert all(isinstance(r["完整性"], str) and "/" in r["完整性"] for r in rows)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.number_format == "@", (sheet.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, (int, float)):
                    assert cell.number_format in ("0", "0.0"), (sheet.title, cell.coordinate)


def test_every_cell_names_a_chinese_font(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.coordinate in ws.merged_cells and cell.value is None:
                    continue
                assert cell.font.name in ("宋体", "黑体"), (ws.title, cell.coordinate, cell.font.name)
                assert cell.font.charset == 134, (ws.title, cell.coordinate)
    data_cell = book["评分表"]["C5"]
    assert data_cell.font.name == "宋体" and not data_cell.font.bold
    assert data_cell.border.left.style == "thin" and data_cell.border.bottom.style == "thin"
    # widths fit Chinese: the title column is wider than the rank column
    dims = book["评分表"].column_dimensions
    assert dims["D"].width > dims["C"].width > dims["A"].width


# --- further sheets ----------------------------------------------------------------------


def test_evidence_sheet_lists_every_linked_quote(book, project):
    ws = book["评分依据"]
    assert header(ws, 2) == ["编号", "单位", "评分项", "类型", "原文", "批注", "所在部分", "评阅人", "时间"]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True)]
    with Project(project) as p:
        crit = {c.id: c.title for c in p.criteria()}
        anns = {a.id: a for a in p.annotations(1)}
        expected = [(1, "甲镇", crit[e.criterion_id], anns[e.annotation_id].quote, anns[e.annotation_id].note,
                     anns[e.annotation_id].reviewer, anns[e.annotation_id].created_at[:16])
                    for e in p.evidence(1)]
    got = [(r[0], r[1], r[2], r[4], r[5] or "", r[7], r[8].strftime("%Y-%m-%dT%H:%M")) for r in rows]
    assert got == expected and len(got) == 3
    assert [r[3] for r in rows] == ["数据", "举措", "不足"]  # 村调解纠纷3起 comes before 健全… in the text
    assert isinstance(rows[0][8], datetime)
    assert ws.cell(3, 9).number_format == "yyyy-mm-dd hh:mm"
    assert ws.auto_filter.ref.startswith("A2:")


def _with_own_scores(project: Path) -> RoundData:
    """RoundData as summary.py gives it once CriterionScore carries each
    reviewer's own row (``by_reviewer``), built here from the store."""

    @dataclasses.dataclass(frozen=True)
    class Own:
        reviewer: str
        points: float | None
        comment: str

    @dataclasses.dataclass(frozen=True)
    class WithOwn(CriterionScore):
        by_reviewer: tuple = ()

    with snapshot(project) as p:
        data = build_round(p)
        reports = []
        for r in data.reports:
            rows = p.scores(r.doc_id)
            scores = tuple(WithOwn(**{f.name: getattr(s, f.name) for f in dataclasses.fields(s)
                                      if f.name != "by_reviewer"},
                                   by_reviewer=tuple(Own(x.reviewer, x.points, x.comment) for x in rows
                                                     if x.criterion_id == s.criterion_id))
                           for s in r.scores)
            reports.append(dataclasses.replace(r, scores=scores))
    return dataclasses.replace(data, reports=tuple(reports))


def _check_reviewer_sheet(ws, project: Path) -> None:
    with Project(project) as p:
        crit = p.criteria()
        max0 = crit[0].max_points
    head = header(ws, 2)
    assert head[:4] == ["评阅人", "编号", "单位", "标题"]
    assert head[4] == f"{crit[0].title}（{max0:g}分）"
    assert head[-2:] == ["合计", "评语"]
    rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=3, values_only=True)]
    got = [(r["评阅人"], r["单位"], r[head[4]], r[head[5]], r["合计"]) for r in rows]
    assert got == [
        ("李审", "甲镇", max0 - 3, None, max0 - 3),  # 李审 commented criterion 2 but gave no points
        ("王审", "甲镇", max0 - 2, 1.5, max0 - 0.5),
        ("李审", UNIT_LIKE_DATE, None, None, NOT_SCORED),
        ("李审", "乙乡", max0 - 1, None, max0 - 1),
        ("王审", "丙镇", 1, None, 1),
    ]
    assert rows[0]["评语"] == f"{crit[1].title}：原因分析不足"
    assert rows[1]["评语"] == f"{crit[0].title}：举措具体"
    assert ws.auto_filter.ref.startswith("A2:")


def test_reviewer_sheet_has_each_reviewers_own_points(project, tmp_path):
    """The writer, given each reviewer's own rows, lists them one per line."""
    data = _with_own_scores(project)
    assert [r.reviewer for r in reviewer_rows(data)] == ["李审", "王审", "李审", "李审", "王审"]
    write_xlsx(data, tmp_path / "s.xlsx")
    _check_reviewer_sheet(openpyxl.load_workbook(tmp_path / "s.xlsx")["各评阅人评分"], project)


@pytest.mark.skipif("by_reviewer" not in {f.name for f in dataclasses.fields(CriterionScore)},
                    reason="summary.CriterionScore has no by_reviewer yet (each reviewer's own points): "
                           "the exported sheet shows the mean per report until it does")
def test_exported_reviewer_sheet_has_each_reviewers_own_points(book, project):
    _check_reviewer_sheet(book["各评阅人评分"], project)


@dataclasses.dataclass(frozen=True)
class MeanOnly:
    """A CriterionScore as summary.py gave it before by_reviewer: the mean only."""

    criterion_id: str
    title: str
    max_points: float
    points: float | None
    comment: str
    evidence: tuple


def test_reviewer_sheet_without_own_points_shows_the_mean(project, tmp_path):
    with snapshot(project) as p:
        data = build_round(p)
    stripped = dataclasses.replace(data, reports=tuple(
        dataclasses.replace(r, scores=tuple(MeanOnly(s.criterion_id, s.title, s.max_points, s.points,
                                                     s.comment, s.evidence) for s in r.scores))
        for r in data.reports))
    rows = reviewer_rows(stripped)
    assert [(r.unit, r.reviewer) for r in rows][0] == ("甲镇", "李审、王审")
    assert rows[0].points[0] == data.reports[0].scores[0].points
    # one row per report with points or a comment: a comment alone (丁村's 待评) or points alone (丙镇) count
    a, d, b, c = data.reports
    assert [(r.unit, r.reviewer, r.points[0]) for r in rows] == [
        ("甲镇", a.reviewer_label, a.scores[0].points), (UNIT_LIKE_DATE, d.reviewer_label, None),
        ("乙乡", b.reviewer_label, b.scores[0].points), ("丙镇", c.reviewer_label, 1)]
    assert rows[1].comments == ((data.criteria[0].title, "待评"),) and rows[3].comments == ()


def _round(project: Path) -> RoundData:
    with snapshot(project) as p:
        return build_round(p)


def _with_totals(data: RoundData, totals: list[float | None]) -> RoundData:
    return dataclasses.replace(data, reports=tuple(dataclasses.replace(r, total=t)
                                                   for r, t in zip(data.reports, totals, strict=True)))


def test_ranks_are_competition_ranks_of_totals_rounded_to_six_places(project):
    data = _round(project)
    ids = [r.doc_id for r in data.reports]
    # 0.1 + 0.2 is a mean's float noise and ties with 0.3; 16.5 ranks above 16, not with it
    got = ranks(_with_totals(data, [16.0, 0.1 + 0.2, 16.5, 0.3]))
    assert [got[i] for i in ids] == [2, 3, 1, 3]
    got = ranks(_with_totals(data, [None, 5.0, None, 4.0]))
    assert [got[i] for i in ids] == [None, 1, None, 2]  # every unscored report: None, not only the first


def test_reviewer_rows_name_the_report_and_skip_a_reviewer_with_nothing_given(project):
    data = _round(project)
    first = data.reports[0]
    blank = ReviewerScore("丁审", None, "", "2024-03-01T09:00:00")  # sorts before 李审 and 王审
    scores = tuple(dataclasses.replace(s, by_reviewer=(blank, *s.by_reviewer)) for s in first.scores)
    data = dataclasses.replace(data, reports=(dataclasses.replace(first, scores=scores), *data.reports[1:]))
    got = [(r.reviewer, r.doc_id, r.unit, r.title) for r in reviewer_rows(data)]
    a, d, b, c = data.reports
    assert got == [("李审", a.doc_id, "甲镇", a.title), ("王审", a.doc_id, "甲镇", a.title),
                   ("李审", d.doc_id, UNIT_LIKE_DATE, TITLE_LEADING_ZEROS), ("李审", b.doc_id, "乙乡", b.title),
                   ("王审", c.doc_id, "丙镇", TITLE_LONG_DIGITS)]


def test_evidence_rows_name_report_criterion_tag_section_and_time(project):
    data = _round(project)
    with Project(project) as p:
        crit = {c.id: c.title for c in p.criteria()}
        anns = {a.id: a for a in p.annotations(1)}
        links = [(crit[e.criterion_id], anns[e.annotation_id]) for e in p.evidence(1)]
    a = data.reports[0]
    got = evidence_rows(data)
    assert [(e.doc_id, e.unit, e.title, e.criterion, e.quote, e.note, e.reviewer, e.time) for e in got] == [
        (a.doc_id, "甲镇", a.title, title, ann.quote, ann.note, ann.reviewer, datetime.fromisoformat(ann.created_at))
        for title, ann in links]
    assert [e.tag for e in got] == ["数据", "举措", "不足"]
    assert [e.section for e in got] == ["一、主要举措和成效", "一、主要举措和成效", "二、存在的不足和原因"]
    # a tag this version does not know is shown as it is stored
    odd = tuple(dataclasses.replace(s, evidence=tuple(dataclasses.replace(c, tag="question") for c in s.evidence))
                for s in a.scores)
    data = dataclasses.replace(data, reports=(dataclasses.replace(a, scores=odd), *data.reports[1:]))
    assert [e.tag for e in evidence_rows(data)] == ["question"] * 3


# --- CSV ---------------------------------------------------------------------------------

OLD_COLUMNS_HEAD = ["编号", "单位", "年度", "标题", "评阅人", "状态"]
OLD_COLUMNS_TAIL = ["总分", "举措", "数据", "不足", "完整性", "缺少部分"]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def unwrap(cell: str) -> str:
    """The text a ="…" cell stands for."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1].replace('""', '"')
    return cell


def test_csv_keeps_its_columns_and_adds_rank_at_the_end(project, tmp_path):
    rows = read_csv(do_export(project, "csv", tmp_path / "s.csv"))
    with Project(project) as p:
        crit = [c.title for c in p.criteria()]
    assert rows[0] == OLD_COLUMNS_HEAD + crit + OLD_COLUMNS_TAIL + ["名次"]
    body = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]  # document order, as before
    assert [body[k]["名次"] for k in "1234"] == ["1", NOT_SCORED, "1", "3"]
    for r in body.values():
        assert r["完整性"].endswith("项") and r["完整性"][:-1].count("/") == 1
        found, of = r["完整性"][:-1].split("/")
        assert int(found) <= int(of) == 5
    assert body["2"]["单位"] == f'="{UNIT_LIKE_DATE}"' and body["2"]["标题"] == f'="{TITLE_LEADING_ZEROS}"'
    assert body["1"]["单位"] == "甲镇"  # ordinary text is left alone


def test_csv_is_utf8_with_a_bom_and_crlf_lines(project, tmp_path):
    raw = do_export(project, "csv", tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel shows Chinese only with it
    lines = raw[3:].split(b"\r\n")
    assert len(lines) == 1 + 4 + 1 and lines[-1] == b"" and b"\n" not in b"".join(lines)


def test_csv_cells_carry_the_rounds_points_counts_and_completeness(project, tmp_path):
    with snapshot(project) as p:
        data = build_round(p)
        crit = [c.title for c in p.criteria()]
        m0 = p.criteria()[0].max_points
    got = read_csv(do_export(project, "csv", tmp_path / "s.csv"))
    body = {r[0]: dict(zip(got[0], r)) for r in got[1:]}
    a, d, b, c = (body[k] for k in "1234")
    # points are numbers as a spreadsheet reads them: 12 not 12.0, a mean keeps its .5
    assert (a[crit[0]], a[crit[1]], a["总分"]) == (f"{m0 - 2.5:g}", "1.5", f"{m0 - 1:g}")
    assert (b[crit[0]], b[crit[1]], b["总分"]) == (f"{m0 - 1:g}", "", f"{m0 - 1:g}")  # unscored: empty, not 0
    assert (c[crit[0]], c["总分"]) == ("1", "1")
    assert (d[crit[0]], d["总分"], d["名次"]) == ("", NOT_SCORED, NOT_SCORED)  # a comment only: 未评
    assert (a["举措"], a["数据"], a["不足"], b["举措"], b["数据"], c["举措"]) == ("1", "1", "1", "1", "0", "0")
    for r, report in zip((a, d, b, c), data.reports):
        comp = report.completeness
        assert r["完整性"] == f"{comp.found_count}/{len(comp.parts)}项"
        assert r["缺少部分"] == "、".join(comp.missing_labels)
    assert len(data.reports[2].completeness.missing_labels) >= 2  # 乙乡 lacks several parts: joined by 、


def test_csv_of_a_report_scored_zero_reads_0_not_empty(project, tmp_path):
    with snapshot(project) as p:
        data = build_round(p)
    first = data.criteria[0].id
    zero = dataclasses.replace(data.reports[3], total=0.0, scores=tuple(
        dataclasses.replace(s, points=0.0 if s.criterion_id == first else None) for s in data.reports[3].scores))
    data = dataclasses.replace(data, reports=data.reports[:3] + (zero,))
    csv_sheet.write(data, tmp_path / "z.csv")
    got = read_csv(tmp_path / "z.csv")
    row = dict(zip(got[0], got[4]))
    assert (row[data.criteria[0].title], row["总分"], row["名次"]) == ("0", "0", "3")  # 丙镇 at 0: ranked, not 未评


def test_csv_without_scoring_records_leaves_points_and_completeness_empty(project):
    with snapshot(project) as p:
        data = build_round(p, scoring=False)
    head = headers(data)
    for row in rows(data):
        cells = dict(zip(head, row))
        assert cells["总分"] == cells["名次"] == NOT_SCORED
        assert cells["完整性"] == cells["缺少部分"] == ""
        assert all(cells[c.title] is None for c in data.criteria)


def test_csv_cell_text_is_quoted_inside_the_formula():
    assert as_text('=HYPERLINK("x")') == '="=HYPERLINK(""x"")"'  # the quotes doubled inside ="…"
    assert as_text('甲"乙"') == '甲"乙"'  # text kept as is needs no formula, the csv module quotes it
    assert csv_sheet._cell(None) == ""
    assert csv_sheet._cell(datetime(2026, 12, 2, 14, 57)) == '="2026-12-02 14:57:00"'
    assert csv_sheet._cell(12.0) == 12 and csv_sheet._cell(0.0) == 0 and csv_sheet._cell(7.5) == 7.5


@pytest.mark.parametrize("text, converts", [
    ("4/5", True), ("1-2", True), ("3/4", True), ("001", True), ("12345678901234567890", True),
    ("1月2日", True), ("12:30", True), ("1.2.3", True), ("Jan-2", True), ("TRUE", True), ("1,234", True),
    ("1e5", True), ("(12)", True), ("10%", True), ("$12", True), ("=SUM(A1)", True), ("+12", True),
    ("-3", True), ("@x", True), ("17.5", True), ("\t甲镇", True), ("yes", True), ("No", True), ("on", True),
    ("OFF", True), ("false", True),
    ("4/5项", False), ("甲镇", False), ("2024年度法治政府建设情况报告", False), ("第1-2项", False),
    ("李审、王审", False), ("", False), ("未评", False), ("X光机", False), ("  ", False),
])
def test_spreadsheet_would_convert(text, converts):
    assert spreadsheet_would_convert(text) is converts


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: the CSV import cannot be measured")
    return exe


def libreoffice_reads(csv_path: Path, tmp_path: Path, language: int) -> list[list]:
    """The cells LibreOffice Calc makes of a CSV: UTF-8, comma, from line 1,
    in ``language`` (2052 zh-CN, 1033 en-US), quoted fields not forced to text,
    special numbers (dates) detected, formulas evaluated: the strictest import."""
    out = tmp_path / f"lo-{language}"
    out.mkdir(parents=True)
    profile = tmp_path / f"profile-{language}"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    f"--infilter=CSV:44,34,76,1,,{language},false,true,false,false,false,-1,true",
                    "--convert-to", "xlsx", "--outdir", str(out), str(csv_path)],
                   capture_output=True, timeout=180, check=False)
    result = out / (csv_path.stem + ".xlsx")
    if not result.exists():
        pytest.skip("LibreOffice could not import the CSV (Calc missing? apt-get install libreoffice-calc-nogui)")
    ws = openpyxl.load_workbook(result, data_only=True).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_libreoffice_reads_every_csv_text_cell_as_that_text(project, tmp_path):
    """The exported CSV and a column of troublesome texts, opened by LibreOffice
    in zh-CN with date detection on: text comes back as the same text (never a
    date, time or number), numbers as numbers."""
    exported = do_export(project, "csv", tmp_path / "s.csv")
    tricky = ["4/5", "1-2", "3/4", "001", "12345678901234567890", "1月2日", "12:30", "1.2.3", "Jan-2",
              "TRUE", "1,234", "1e5", "(12)", "10%", "$12", "=SUM(A1)", "+12", "-3", '"1-2"', "4/5项", "甲镇"]
    made = tmp_path / "tricky.csv"
    with made.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["text"])
        w.writerows([as_text(t)] for t in tricky)
    for language in (2052, 1033):
        got = libreoffice_reads(made, tmp_path / "tricky", language)
        assert [row[0] for row in got[1:]] == tricky, language
    source = read_csv(exported)
    read = libreoffice_reads(exported, tmp_path, 2052)
    assert len(read) == len(source)
    for src_row, lo_row in zip(source, read):
        for src, value in zip(src_row, lo_row + [None] * (len(src_row) - len(lo_row))):
            if src == "":
                assert value is None
                continue
            assert not isinstance(value, (date, datetime, time, bool)), (src, value)
            text = unwrap(src)
            try:
                float(text)
            except ValueError:
                assert value == text, (src, value)  # text stays the same text
            else:
                if src.startswith('="'):
                    assert value == text, (src, value)  # '001' stays '001'
                else:
                    assert isinstance(value, (int, float)) and value == float(text), (src, value)
