"""The annotated copy (annotated-docx) read back with python-docx and lxml: every
annotation a Word comment whose range encloses exactly its quote (nested,
overlapping, identical and multi-paragraph spans included), with the reviewer,
the time and 「tag」+note; shading and underline per tag; orphans listed; the
folder export of a round; the command line and the window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from desktop.export import FORMATS, ExportError, export, export_files
from desktop.export import docx_style as st
from desktop.export.annotated_docx import (
    LEGEND_SIZE,
    ORPHANS_HEADING,
    UNDERLINES,
    AnnotatedReport,
    comment_date,
    gather,
    write,
)
from desktop.export.print_layout import shade
from desktop.export.snapshot import snapshot
from desktop.export.summary import Claim, ReportData
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.tags import TAGS, tag
from desktop.text import Section, canonical_text, detect_sections

REPO = Path(__file__).resolve().parent.parent
W_VAL = {"measure": "single", "figure": "dash", "weakness": "wave"}  # as the printed report
LINES = [
    "甲镇2024年度法治政府建设情况报告",
    "一、主要举措和成效",
    "全年共办理行政复议案件12件，𠀀村调解纠纷3起，开展普法活动20场。",
    "健全重大行政决策程序，建立合法性审查机制。",
    "（一）规范执法\t全面推行行政执法三项制度。",
    "二、存在的不足和原因",
    "普法形式单一，原因是经费不足。",
]
TEXT = canonical_text(LINES)
LOST_LINE = "这一句在新版本中删去了。"
LOST_AT = "2024-02-29 08:15"  # when the orphan was made, as the list at the end gives it
ORPHANS_HEADING_TEXT = "未能在正文中定位的批注"
INTRO = "以下批注所引的文字在当前版本的报告中已找不到（报告换过新版本，或原文已改动），照录于此。"


def span(needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(needle, i + 1)
    return i, i + len(needle)


def imported(text: str, name: str = "a.txt", sha: str = "a") -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, sha * 64, "txt", text, detect_sections(text))


#: (tag, start, end, note, reviewer): nested, overlapping, identical, touching, on the
#: title, across paragraphs (through a heading), at a tab, at line ends.
SPANS = [
    ("measure", *span("办理行政复议案件12件"), "外层", "王审"),
    ("figure", *span("12件"), "嵌套在内", "李审"),
    ("figure", *span("12件，𠀀村调解纠纷3起"), "与外层交叠", "王审"),
    ("weakness", *span("12件，𠀀村调解纠纷3起"), "同一段文字的第二条", "李审"),
    ("measure", span("开展普法活动")[0], span("健全重大行政决策程序")[1], "跨两段", "王审"),
    ("figure", *span("20场"), "", "王审"),
    ("measure", *span("法治政府建设"), "标题里", "赵审"),
    ("weakness", span("建立合法性审查机制。")[0], span("普法形式单一")[1], "跨过两个标题", "李审"),
    ("measure", *span("规范执法\t全面推行"), "含制表符", "赵审"),
    ("weakness", *span("经费不足。"), "段末", "李审"),
    ("figure", *span("原因是"), "单独一条", "王审"),
]


@pytest.fixture
def annotated_project(tmp_path) -> Path:
    path = tmp_path / "a.rdproj"
    with Project(path) as p:
        d = p.import_document(imported(TEXT + "\n" + LOST_LINE), unit="甲镇", year=2024).doc_id
        i = (TEXT + "\n").__len__()
        p.now = lambda: LOST_AT.replace(" ", "T") + ":59"  # type: ignore[method-assign]  # the clock
        p.add_annotation(d, i, i + len(LOST_LINE), "weakness", note="原文已删", reviewer="王审")
        assert p.replace_document(d, imported(TEXT, "a2.txt", "b")).orphans == 1
        for k, (tag_, start, end, note, reviewer) in enumerate(SPANS):
            p.now = lambda k=k: f"2024-03-{k + 1:02d}T09:{k:02d}:30"  # type: ignore[method-assign]  # the clock
            p.add_annotation(d, start, end, tag_, note=note, reviewer=reviewer)
    return path


def annotations(path: Path):
    with Project(path) as p:
        return p.annotations(1), p.orphans(1)


# --- reading the file back ---------------------------------------------------------------------

def comment_ranges(d) -> dict[int, str]:
    """comment id -> the text between its commentRangeStart and commentRangeEnd, in
    document order, paragraph breaks as newlines, tabs as tabs."""
    open_: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    first_p = True
    for el in d.element.body.iter():
        if el.tag == qn("w:p"):
            if not first_p:
                for parts in open_.values():
                    parts.append("\n")
            first_p = False
        elif el.tag == qn("w:commentRangeStart"):
            open_[int(el.get(qn("w:id")))] = []
        elif el.tag == qn("w:commentRangeEnd"):
            cid = int(el.get(qn("w:id")))
            done[cid] = "".join(open_.pop(cid))
        elif el.tag in (qn("w:t"), qn("w:tab")):
            piece = el.text or "" if el.tag == qn("w:t") else "\t"
            for parts in open_.values():
                parts.append(piece)
    assert not open_, f"ranges never closed: {sorted(open_)}"
    return done


def east_asian_font(run) -> str | None:
    rpr = run._r.rPr
    fonts = None if rpr is None else rpr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def texts_of(paragraph) -> list[str]:
    """The texts of a paragraph's runs (a comment's reference mark, an empty run, left out)."""
    return [r.text for r in paragraph.runs if r.text]


def comments(d) -> dict[int, tuple[str, str, str, str]]:
    """comment id -> (author, initials, date, text) from comments.xml."""
    out = {}
    for c in d.comments:
        el = c._comment_elm
        out[c.comment_id] = (c.author, c.initials, el.get(qn("w:date")), c.text)
    return out


def run_marks(r) -> tuple[str | None, str | None]:
    """(shading fill, underline value) of a w:r."""
    rpr = r.find(qn("w:rPr"))
    if rpr is None:
        return None, None
    shd, u = rpr.find(qn("w:shd")), rpr.find(qn("w:u"))
    return (None if shd is None else shd.get(qn("w:fill")), None if u is None else u.get(qn("w:val")))


def body_runs(d) -> list[tuple[int, object]]:
    """(offset in the canonical text, w:r) for each text run of the laid-out report
    (the legend line and the orphans' list left out)."""
    paragraphs = d.paragraphs
    legend = next(i for i, p in enumerate(paragraphs) if p.text.startswith("批注说明"))
    ends = next(i for i, p in enumerate(paragraphs) if p.text == ORPHANS_HEADING)
    laid = [paragraphs[0]] + paragraphs[legend + 1:ends]
    assert "\n".join(p.text for p in laid) == TEXT
    out, pos = [], 0
    for p in laid:
        for r in p._p.iter(qn("w:r")):
            text = "".join((t.text or "") if t.tag == qn("w:t") else "\t" for t in r
                           if t.tag in (qn("w:t"), qn("w:tab")))
            if text:
                out.append((pos, r))
                pos += len(text)
        pos += 1  # the newline between paragraphs
    return out


def export_one(path: Path, out: Path) -> docx.document.Document:
    with snapshot(path) as p:
        assert export(p, "annotated-docx", out, doc_id=1) == out
    return docx.Document(str(out))


# --- the tests ----------------------------------------------------------------------------------

def test_every_comment_encloses_exactly_its_quote(annotated_project, tmp_path):
    anns, orphans = annotations(annotated_project)
    assert len(anns) == len(SPANS) and len(orphans) == 1
    d = export_one(annotated_project, tmp_path / "a.docx")
    ranges, meta = comment_ranges(d), comments(d)
    assert set(ranges) == set(meta) and len(meta) == len(anns)  # one comment each, orphans none
    got = Counter((ranges[cid], *meta[cid]) for cid in meta)
    want = Counter((a.quote, a.reviewer, a.reviewer,
                    datetime.fromisoformat(a.created_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    f"「{tag(a.tag).label}」{a.note}") for a in anns)
    assert got == want
    assert {m[2] for m in meta.values()} == {f"2024-03-{k + 1:02d}T09:{k:02d}:30Z" for k in range(len(SPANS))}
    # the quotes really are the tricky ones: nested, overlapping, multi-paragraph, with a tab
    quotes = {q for q, *_ in got}
    assert {"12件", "办理行政复议案件12件", "12件，𠀀村调解纠纷3起", "规范执法\t全面推行"} <= quotes
    assert any("\n" in q for q in quotes)
    # comment ids follow the text
    starts = [int(e.get(qn("w:id"))) for e in d.element.body.iter(qn("w:commentRangeStart"))]
    assert starts == sorted(starts)


def test_comment_dates_are_the_annotation_times(monkeypatch):
    assert comment_date("2024-05-01T10:20:30") == datetime(2024, 5, 1, 10, 20, 30)
    assert comment_date("2024-05-01T10:20:30+00:00").tzinfo is None
    assert comment_date("") is None and comment_date("昨天") is None
    # Word's comment time is local: a stamp with a zone is moved there, one without is
    # taken as written (even an hour a clock change skips)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        assert comment_date("2024-05-01T10:20:30+00:00") == datetime(2024, 5, 1, 12, 20, 30)
        assert comment_date("2024-03-31T02:30:00") == datetime(2024, 3, 31, 2, 30)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_quotes_are_shaded_and_underlined_by_the_innermost_tag(annotated_project, tmp_path):
    """The innermost span (began last, else the shorter) sets underline and tint; a run
    inside n spans is shaded n-1 steps deeper, as in the printed report."""
    anns, _ = annotations(annotated_project)
    d = export_one(annotated_project, tmp_path / "a.docx")
    runs = body_runs(d)
    assert runs
    depths = Counter()
    for pos, r in runs:
        covering = [a for a in anns if a.start <= pos < a.end]
        fill, under = run_marks(r)
        if not covering:
            assert (fill, under) == (None, None), r.xml
            continue
        inner = max(covering, key=lambda a: (a.start, -(a.end - a.start), a.id))
        depth = len(covering) - 1
        depths[depth] += 1
        want = tag(inner.tag).highlight if depth == 0 else shade(inner.tag, depth)
        assert fill == want.lstrip("#").upper(), (pos, r.xml)
        assert under == W_VAL[inner.tag], (pos, r.xml)
        u = r.find(f"{qn('w:rPr')}/{qn('w:u')}")
        assert u.get(qn("w:color")) == tag(inner.tag).colour.lstrip("#").upper()
    assert depths[0] and depths[1] and depths[3]  # plain, nested, and the four over 12件
    # no empty pieces: every run holds text, a tab, or a comment's reference mark
    for p in d.paragraphs:
        for r in p._p.iter(qn("w:r")):
            assert any(c.tag == qn("w:tab") or c.tag == qn("w:commentReference") or (c.tag == qn("w:t") and c.text)
                       for c in r), (p.text, r.xml)
    plain = {run_marks(r) for p, r in runs if sum(a.start <= p < a.end for a in anns) == 1}
    assert plain == {(t.highlight.lstrip("#").upper(), W_VAL[t.value]) for t in TAGS}
    assert {t.value: UNDERLINES[t.value] for t in TAGS} == UNDERLINES


def test_page_layout_title_legend_headings_and_orphans(annotated_project, tmp_path):
    d = export_one(annotated_project, tmp_path / "a.docx")
    paragraphs = d.paragraphs
    # the title line, then the legend that explains the marks for black-and-white print
    ref = st.new_document()
    title_ref, heading_ref = st.title(ref, "x"), st.heading(ref, "x", level=1)
    body_ref = st.paragraph(ref, "x")
    assert paragraphs[0].text == LINES[0]
    assert paragraphs[0].alignment == title_ref.alignment and paragraphs[0].style.name == title_ref.style.name
    legend = paragraphs[1]
    assert legend.text.startswith("批注说明：举措（单下划线）") and "数据（虚下划线）" in legend.text
    assert "不足（波浪线）" in legend.text and f"共 {len(SPANS)} 条批注" in legend.text
    assert "另有 1 条未能定位" in legend.text
    samples = {r.text: run_marks(r._r) for r in legend.runs if run_marks(r._r) != (None, None)}
    assert samples == {t.label: (t.highlight.lstrip("#").upper(), W_VAL[t.value]) for t in TAGS}
    # the legend is small print, flush left, its caption in the heading face
    assert legend.paragraph_format.first_line_indent == 0
    assert {r.font.size for r in legend.runs} == {LEGEND_SIZE} and LEGEND_SIZE == Pt(10.5)
    assert legend.runs[0].text == "批注说明：" and east_asian_font(legend.runs[0]) == st.HEADING_FONT
    assert {east_asian_font(r) for r in legend.runs[1:]} == {None}
    # headings come out as the style helpers make them, body text as body paragraphs
    by_text = {p.text: p for p in paragraphs}
    for line in ("一、主要举措和成效", "二、存在的不足和原因"):
        p = by_text[line]
        assert p.style.name == heading_ref.style.name
        assert p.paragraph_format.keep_with_next == heading_ref.paragraph_format.keep_with_next
        assert p.runs[0].font.size == heading_ref.runs[0].font.size
    body = by_text[LINES[6]]
    assert body.paragraph_format.first_line_indent == body_ref.paragraph_format.first_line_indent
    # a paragraph that opens with its section's title stays body text, the title set bold
    # (as headings, a page of them kept with the next would leave half pages empty)
    lead = by_text[LINES[4]]
    assert lead.style.name == body_ref.style.name
    assert lead.paragraph_format.first_line_indent == body_ref.paragraph_format.first_line_indent
    assert "".join(r.text for r in lead.runs if r.bold) == "（一）规范执法\t全面推行行政执法三项制度"
    assert "".join(r.text for r in lead.runs if not r.bold) == "。"
    # nothing else is set bold by hand (the title and headings are bold by their styles)
    assert [p.text for p in paragraphs for r in p.runs if r.bold is not None and p is not lead] == []
    # a line is cut only where an annotation begins or ends
    assert texts_of(by_text[LINES[3]]) == ["健全重大行政决策程序", "，", "建立合法性审查机制。"]
    # the orphan is listed at the end, not lost
    tail = [p.text for p in paragraphs[[p.text for p in paragraphs].index(ORPHANS_HEADING):]]
    assert tail == [ORPHANS_HEADING, INTRO, f"1. 「不足」“{LOST_LINE}”　批注：原文已删（王审，{LOST_AT}）"]
    assert by_text[ORPHANS_HEADING].style.name == heading_ref.style.name
    assert d.core_properties.title == LINES[0]


def test_a_stale_span_is_listed_not_misplaced(tmp_path):
    """A claim whose offsets no longer hold its quote goes to the end like an orphan."""
    from desktop.export.annotated_docx import AnnotatedReport, placed_and_lost
    from desktop.export.summary import Claim, ReportData

    good = Claim(1, "measure", 0, 2, "甲镇", "", "", "", "王审", "2024-01-01T00:00:00", "", "")
    stale = Claim(2, "figure", 0, 2, "乙乡", "", "", "", "王审", "2024-01-01T00:00:00", "", "")
    beyond = Claim(3, "figure", 50, 90, "x", "", "", "", "王审", "2024-01-01T00:00:00", "", "")
    report = ReportData(1, "t", "", None, "todo", "", "", (), "", (good, stale, beyond))
    placed, lost = placed_and_lost(AnnotatedReport(report, "甲镇报告", (), ()))
    assert placed == [good] and lost == [stale, beyond]


def report_of(text: str, claims=(), *, orphans=(), sections=None, title: str = "某县报告", unit: str = "",
              reviewers: tuple[str, ...] = ()) -> AnnotatedReport:
    """An AnnotatedReport made by hand (no project): for the cases a project rarely holds."""
    report = ReportData(1, title, unit, None, "todo", "", "", reviewers, "", tuple(claims))
    outline = detect_sections(text) if sections is None else sections
    return AnnotatedReport(report, text, tuple(outline), tuple(orphans))


def claim_on(i: int, text: str, needle: str, tag_: str = "measure", *, note: str = "", reviewer: str = "",
             created_at: str = "2024-01-01T08:00:00") -> Claim:
    start = text.index(needle)
    return Claim(i, tag_, start, start + len(needle), needle, "", "", note, reviewer, created_at, "", "")


def written(item: AnnotatedReport, path: Path) -> docx.document.Document:
    write(item, path)
    return docx.Document(str(path))


def test_gather_reads_the_text_outline_claims_and_orphans(annotated_project):
    with Project(annotated_project) as p:
        item = gather(p, 1)
        [orphan] = p.orphans(1)
        anns = p.annotations(1)
    assert item.doc_id == 1 and item.report.doc_id == 1
    assert (item.report.scores, item.report.completeness) == ((), None)  # no scoring for a copy
    assert item.text == TEXT and item.sections == tuple(detect_sections(TEXT))
    assert [c.id for c in item.report.claims] == [a.id for a in anns]
    assert item.orphans == (Claim(orphan.id, "weakness", orphan.start, orphan.end, LOST_LINE, orphan.prefix,
                                  orphan.suffix, "原文已删", "王审", orphan.created_at, orphan.updated_at, "",
                                  orphan.uuid),)
    assert orphan.uuid and orphan.prefix and orphan.created_at.startswith(LOST_AT.replace(" ", "T"))


def test_legend_without_orphans_or_reviewers_and_the_default_author(tmp_path):
    text = canonical_text(["某县2024年度法治政府建设情况报告", "完善法律顾问制度。"])
    d = written(report_of(text, [claim_on(1, text, "法律顾问", note="好")]), tmp_path / "a.docx")
    assert [p.text for p in d.paragraphs] == [
        "某县2024年度法治政府建设情况报告",
        "批注说明：举措（单下划线）　数据（虚下划线）　不足（波浪线）　共 1 条批注。",
        "完善法律顾问制度。"]
    assert ORPHANS_HEADING == ORPHANS_HEADING_TEXT
    assert d.core_properties.author == "ReviewDesk" and d.core_properties.title == "某县报告"
    assert list(comments(d).values()) == [("评阅人", "评阅人", "2024-01-01T08:00:00Z", "「举措」好")]
    # an unmarked line keeps its one run; the marked one is cut at the quote
    assert texts_of(d.paragraphs[2]) == ["完善", "法律顾问", "制度。"]
    assert texts_of(d.paragraphs[0]) == ["某县2024年度法治政府建设情况报告"]


def test_legend_counts_the_lost_and_names_the_reviewers(tmp_path):
    text = canonical_text(["某县2024年度法治政府建设情况报告", "完善法律顾问制度。"])
    stale = claim_on(2, text, "制度", "figure")
    stale = Claim(2, "figure", stale.start, stale.end, "规定", "", "", "", "", "", "", "")
    orphan = claim_on(3, text, "完善", "weakness", note="删了", reviewer="李审", created_at="2024-05-06T07:08:09")
    item = report_of(text, [claim_on(1, text, "法律顾问", reviewer="王审"), stale], orphans=[orphan],
                     reviewers=("王审", "李审"))
    d = written(item, tmp_path / "a.docx")
    texts = [p.text for p in d.paragraphs]
    assert texts[1].endswith("共 1 条批注，另有 2 条未能定位，列于文末；评阅人：王审、李审。")
    assert d.core_properties.author == "王审、李审"
    # the lost ones, numbered, orphans first; a part that is missing is left out
    assert texts[texts.index(ORPHANS_HEADING):] == [
        ORPHANS_HEADING, INTRO, "1. 「不足」“完善”　批注：删了（李审，2024-05-06 07:08）", "2. 「数据」“规定”"]
    listed = d.paragraphs[texts.index(ORPHANS_HEADING) + 2:]
    assert all(p.paragraph_format.first_line_indent == 0 for p in listed)
    assert [[run_marks(r._r) for r in p.runs] for p in listed] == [
        [(None, None), (tag("weakness").highlight[1:].upper(), "wave"), (None, None), (None, None),
         (None, None)],
        [(None, None), (tag("figure").highlight[1:].upper(), "dash"), (None, None)]]


def test_title_falls_back_to_the_report_title_unit_or_a_word(tmp_path):
    text = canonical_text(["我县全年办理行政复议案件12件，比上年增加3件。", "第二段。"])
    for title, unit, want in (("甲镇报告", "甲镇", "甲镇报告"), ("", "甲镇", "甲镇"), ("", "", "报告")):
        d = written(report_of(text, title=title, unit=unit), tmp_path / "a.docx")
        ref = st.title(st.new_document(), "x")
        assert d.paragraphs[0].text == want and d.paragraphs[0].style.name == ref.style.name
        assert [p.text for p in d.paragraphs[2:]] == text.split("\n")  # the first line stays body text
    d = written(report_of("", title="空报告"), tmp_path / "a.docx")
    assert [p.text for p in d.paragraphs][0] == "空报告" and len(d.paragraphs) == 2


def test_heading_lines_keep_their_level_and_a_stale_outline_makes_no_heading(tmp_path):
    lead = "（二）健全网络，完善制度。我镇健全了工作网络。"
    text = canonical_text(["某县报告", "一、工作", "（一）规范执法", "内容。", lead])
    d = written(report_of(text), tmp_path / "a.docx")
    ref = st.new_document()
    by_text = {p.text: p for p in d.paragraphs}
    assert by_text["一、工作"].style.name == st.heading(ref, "x", level=1).style.name
    assert by_text["（一）规范执法"].style.name == st.heading(ref, "x", level=2).style.name
    # a paragraph opening with its section's title has it bold with no annotation on it
    assert [(r.text, r.bold) for r in by_text[lead].runs] == [("（二）健全网络，完善制度", True),
                                                            ("。我镇健全了工作网络。", None)]
    # an outline entry whose title does not open its line (an old outline): body text, nothing bold
    stale = Section(1, text.index("内容"), len(text), "二、别的")
    d = written(report_of(text, sections=[stale]), tmp_path / "b.docx")
    body = next(p for p in d.paragraphs if p.text == "内容。")
    assert body.style.name == st.paragraph(ref, "x").style.name
    assert [r.bold for r in body.runs] == [None]


def test_each_piece_keeps_the_run_formatting_of_the_paragraph_helper(tmp_path, monkeypatch):
    """The helpers' runs carry no direct formatting today; should one, every piece keeps it."""
    plain = st.paragraph

    def sized(doc, text="", **kw):
        p = plain(doc, text, **kw)
        for r in p.runs:
            r.font.size = Pt(13)
        return p

    monkeypatch.setattr(st, "paragraph", sized)
    text = canonical_text(["某县2024年度法治政府建设情况报告", "完善法律顾问制度。"])
    d = written(report_of(text, [claim_on(1, text, "法律顾问")]), tmp_path / "a.docx")
    body = d.paragraphs[-1]
    assert [(r.text, r.font.size) for r in body.runs if r.text] == [("完善", Pt(13)), ("法律顾问", Pt(13)),
                                                                    ("制度。", Pt(13))]
    assert run_marks(body.runs[1]._r) == (tag("measure").highlight[1:].upper(), "single")


def test_folder_export_writes_one_file_per_report_never_overwriting(tmp_path):
    path = tmp_path / "round.rdproj"
    same = canonical_text(["2024年度法治政府建设工作报告", "一、工作举措", "完善法律顾问制度。"])
    with Project(path) as p:
        a = p.import_document(imported(same, "a.txt", "a")).doc_id
        b = p.import_document(imported(same + "\n补充一句。", "b.txt", "b")).doc_id
        c = p.import_document(imported(TEXT, "c.txt", "c"), unit="甲镇", year=2024).doc_id
        for d in (a, b):
            i = p.document_text(d).index("法律顾问")
            p.add_annotation(d, i, i + 4, "measure", note=f"第{d}份", reviewer="王审")
    out = tmp_path / "out"
    out.mkdir()
    with snapshot(path) as p:
        files = export_files(p, "annotated-docx", out)
        assert export(p, "annotated-docx", out) == out
    names = [f.name for f in files]
    assert names == [f"2024年度法治政府建设工作报告_带批注的报告_{a}.docx",
                     f"2024年度法治政府建设工作报告_带批注的报告_{b}.docx", "甲镇_2024_带批注的报告.docx"]
    assert sorted(f.name for f in out.iterdir()) == sorted(names) and c == 3
    notes = sorted(comments(docx.Document(str(f)))[0][3] for f in files if "甲镇" not in f.name)
    assert notes == ["「举措」第1份", "「举措」第2份"]
    assert not [f for f in out.iterdir() if f.name.startswith(".reviewdesk-")]


def test_round_without_a_folder_is_refused_and_one_report_goes_into_a_folder(annotated_project, tmp_path):
    with snapshot(annotated_project) as p:
        with pytest.raises(ExportError) as err:
            export(p, "annotated-docx", tmp_path / "x.docx")
        assert err.value.kind == "output" and "文件夹" in err.value.message
        folder = tmp_path / "one"
        folder.mkdir()
        assert export(p, "annotated-docx", folder, doc_id=1) == folder
        assert [f.name for f in folder.iterdir()] == ["甲镇_2024_带批注的报告.docx"]
    assert FORMATS["annotated-docx"].per_report and not FORMATS["docx"].per_report


def test_cli_writes_the_annotated_copy_and_a_folder(annotated_project, tmp_path):
    out = tmp_path / "copy.docx"
    r = subprocess.run([sys.executable, "-m", "desktop", "export", str(annotated_project), "--format",
                        "annotated-docx", "--doc", "1", "--out", str(out)], cwd=REPO, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"已导出：{out}"
    assert len(comments(docx.Document(str(out)))) == len(SPANS)
    folder = tmp_path / "all"
    folder.mkdir()
    r = subprocess.run([sys.executable, "-m", "desktop", "export", str(annotated_project), "--format",
                        "annotated-docx", "--out", str(folder)], cwd=REPO, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"已导出：{folder / '甲镇_2024_带批注的报告.docx'}"
    r = subprocess.run([sys.executable, "-m", "desktop", "export", str(annotated_project), "--format",
                        "annotated-docx", "--out", str(tmp_path / "x.docx")], cwd=REPO, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("error: output: ")


# --- the window ---------------------------------------------------------------------------------

def test_window_action_exports_the_open_report(annotated_project, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from desktop.ui.context import AppContext
    from desktop.ui.interaction import Interaction
    from desktop.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))

    class Quiet(Interaction):
        def info(self, parent, title, text, details=""):
            pass

        def warning(self, parent, title, text, details=""):
            raise AssertionError(text)

    context = AppContext()
    window = MainWindow(context, Quiet())
    qtbot.addWidget(window)
    try:
        ctl = window.export_controller
        assert ctl.annotated_action in window.menu("file").actions()
        assert ctl.annotated_action.text() == "导出带批注的报告…" and not ctl.annotated_action.isEnabled()
        context.open_project(annotated_project)
        assert not ctl.annotated_action.isEnabled()  # no report open yet
        context.set_current_document(1)
        assert ctl.annotated_action.isEnabled()
        ctl.annotated_action.trigger()
        dialog = ctl.dialog
        assert dialog.fmt == "annotated-docx" and dialog.doc_id == 1
        assert dialog.path.endswith("甲镇_2024_带批注的报告.docx")
        out = tmp_path / "window.docx"
        dialog.path_edit.setText(str(out))
        with qtbot.waitSignal(ctl.exportFinished, timeout=20000) as blocker:
            dialog.accept()
        assert blocker.args == [str(out)]
        assert len(comments(docx.Document(str(out)))) == len(SPANS)
        # the whole round: a folder, proposed beside the project and created on export
        dialog = ctl.open_dialog("annotated-docx")
        dialog.whole_round.setChecked(True)
        assert not dialog.path.endswith(".docx") and dialog.path.endswith("带批注的报告")
        folder = Path(dialog.path)
        with qtbot.waitSignal(ctl.exportFinished, timeout=20000) as blocker:
            dialog.accept()
        assert blocker.args == [str(folder)]
        assert [f.name for f in folder.iterdir()] == ["甲镇_2024_带批注的报告.docx"]
    finally:
        context.close_project()


def test_files_are_not_private(annotated_project, tmp_path):
    old = os.umask(0o022)
    try:
        d = export_one(annotated_project, tmp_path / "a.docx")
        assert d.comments
        assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
