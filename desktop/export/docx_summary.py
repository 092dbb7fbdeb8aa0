"""Word summaries: one report's review, or the whole round's ranking plus every report.

Layout helpers and styles live in :mod:`desktop.export.docx_style` (on the
reference template resources/templates/reviewdesk.docx); this module only
decides what goes on the page, from the records of :mod:`desktop.export.summary`.

Outline: a report's summary has the Title, its unit as Subtitle, sections as
Heading 1 (一、评分情况) and tags as Heading 2. The round summary has the Title,
a TOC field, the ranking (Heading 1), then each report with its unit as
Heading 1 and its sections and tags one level down, so the Navigation Pane and
the TOC list the reports by unit.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from desktop.analysis.flags import KIND_LABELS
from desktop.export import docx_style as st
from desktop.export.sheet_rows import NOT_SCORED, number
from desktop.export.summary import ReportData, RoundData
from desktop.tags import TAGS
from desktop.tags import tag as tag_of

_CN = "一二三四五六七八九十"
#: Evidence quotes in the rubric table are cut to this many characters (the
#: claims section below quotes them in full), so a row stays on one page.
EVIDENCE_CHARS = 80
#: A flag's quote (a copied paragraph may be long) is cut to this many characters.
FLAG_QUOTE_CHARS = 120


def clip(quote: str, limit: int = EVIDENCE_CHARS) -> str:
    quote = quote.replace("\n", " ")
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _fmt(value: float | None) -> str:
    return "" if value is None else str(number(value))


def _total(value: float | None) -> str:
    return NOT_SCORED if value is None else str(number(value))


def _year(value: int | None) -> str:
    return f"{value}年" if value else "—"


TITLE = "法治政府建设年度报告评阅汇总"


def report_subtitle(report: ReportData) -> str:
    parts = [report.unit or report.title]
    if report.year:
        parts.append(f"{report.year}年度")
    return "　".join(parts)


def _info_table(doc: DocxDocument, report: ReportData, data: RoundData) -> None:
    t = st.table(doc, None, [2.2, 5.6, 2.2, 5.6])
    pairs = [
        ("单位", report.unit or "—", "年度", _year(report.year)),
        ("评阅人", report.reviewer_label or "—", "评阅日期", report.reviewed_on or "—"),
        ("总分", f"{_total(report.total)} / {_fmt(report.total_max)}", "状态", report.status_label),
    ]
    for a, b, c, d in pairs:
        cells = st.add_row(t)
        for cell, text, bold in zip(cells, (a, b, c, d), (True, False, True, False)):
            st.cell_text(cell, text, bold=bold, font=st.HEADING_FONT if bold else st.BODY_FONT)
    cells = st.add_row(t)
    st.cell_text(cells[0], "报告标题", bold=True, font=st.HEADING_FONT)
    merged = cells[1].merge(cells[3])
    st.cell_text(merged, report.title)
    st.keep_together(t)
    st.gap(doc)


def _rubric_table(doc: DocxDocument, report: ReportData) -> None:
    t = st.table(doc, ["序号", "评分项目", "得分", "满分", "评语", "依据（引文）"],
                 [1.3, 3.8, 1.3, 1.3, 3.3, 4.6])
    for i, s in enumerate(report.scores, start=1):
        cells = st.add_row(t)
        st.cell_text(cells[0], str(i), center=True)
        st.cell_text(cells[1], s.title)
        st.cell_text(cells[2], _fmt(s.points) or "未评", center=True)
        st.cell_text(cells[3], _fmt(s.max_points), center=True)
        st.cell_text(cells[4], s.comment)
        for j, claim in enumerate(s.evidence):
            # One paragraph per quote, led by its tag's name: the shading is lost in a
            # black-and-white print, 「举措」 is not.
            p = st.cell_text(cells[5], "") if j == 0 else st.cell_paragraph(cells[5])
            if j:
                p.paragraph_format.space_before = Pt(3)
            tg = tag_of(claim.tag)
            st.label(p, f"「{tg.label}」")
            st.add_run(p, clip(claim.quote), fill=tg.highlight)
    # The 合计 row never stands alone on a page: the two rows before it keep with it.
    for row in list(t.rows)[1:][-2:]:
        st.keep_with_next(row)
    cells = st.add_row(t)
    st.cell_text(cells[0], "")
    st.cell_text(cells[1], "合计", bold=True, font=st.HEADING_FONT)
    st.cell_text(cells[2], _total(report.total), bold=True, center=True)
    st.cell_text(cells[3], _fmt(report.total_max), center=True)
    st.gap(doc)


def _completeness(doc: DocxDocument, report: ReportData) -> None:
    comp = report.completeness
    if comp is None:
        return
    line = f"法定五个部分具备 {comp.fraction}。"
    if comp.missing_labels:
        line += "缺少：" + "、".join(comp.missing_labels) + "。"
    st.paragraph(doc, line)
    t = st.table(doc, ["报告应包含的部分", "情况", "报告中的标题"], [6.0, 1.8, 7.8])
    for part in comp.parts:
        cells = st.add_row(t)
        st.cell_text(cells[0], part.label)
        st.cell_text(cells[1], "具备" if part.found else "缺少", center=True,
                     bold=not part.found)
        st.cell_text(cells[2], part.heading or "—")
    st.keep_together(t)
    st.gap(doc)
    weak = next((p for p in comp.parts if p.key == "weaknesses"), None)
    if weak is not None and weak.found:
        st.paragraph(doc, "“存在的不足”部分" + ("分析了原因。" if comp.weakness_causes else "未分析原因。"))


def _claims(doc: DocxDocument, report: ReportData, level: int) -> None:
    counts = report.counts
    summary = "，".join(f"{t.label} {counts[t.value]} 处" for t in TAGS)
    st.paragraph(doc, f"共标注 {sum(counts.values())} 处：{summary}。")
    for i, t in enumerate(TAGS):
        claims = report.claims_of(t.value)
        st.heading(doc, f"（{_CN[i]}）{t.label}（{len(claims)} 处）", level=level + 1)
        if not claims:
            st.paragraph(doc, "无。")
            continue
        for n, claim in enumerate(claims, start=1):
            p = st.paragraph(doc)
            st.add_run(p, f"{n}. “")
            st.add_run(p, claim.quote, fill=t.highlight)
            st.add_run(p, "”")
            if claim.section:
                st.add_run(p, f"（所在部分：{claim.section}）", size=st.NOTE_SIZE)
            if claim.note:
                note = st.note_paragraph(doc)
                st.label(note, "评阅意见：")
                st.add_run(note, claim.note)


def _flags(doc: DocxDocument, report: ReportData) -> None:
    """质量提示: each quality flag's kind, message and the text it is about."""
    if not report.flags:
        st.paragraph(doc, "未发现模板占位符、雷同段落等质量问题。")
        return
    st.paragraph(doc, f"发现 {len(report.flags)} 处可能的质量问题，请评阅时核实：")
    for n, f in enumerate(report.flags, start=1):
        p = st.paragraph(doc)
        st.add_run(p, f"{n}. ")
        st.label(p, f"「{KIND_LABELS.get(f.kind, f.kind)}」")
        st.add_run(p, f.message)
        quote = st.note_paragraph(doc)
        st.label(quote, "原文：")
        st.add_run(quote, f"“{clip(f.quote.strip(), FLAG_QUOTE_CHARS)}”")


def add_report(doc: DocxDocument, report: ReportData, data: RoundData, *, in_round: bool = False) -> None:
    """One report's summary, appended to ``doc``. In a round summary
    (``in_round``) the unit line is a Heading 1 and the sections one level down."""
    st.title(doc, TITLE)
    if in_round:
        unit = st.heading(doc, report_subtitle(report), level=1)
        unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        st.subtitle(doc, report_subtitle(report))
    level = 2 if in_round else 1
    _info_table(doc, report, data)
    st.heading(doc, "一、评分情况", level=level)
    _rubric_table(doc, report)
    st.heading(doc, "二、报告完整性", level=level)
    _completeness(doc, report)
    st.heading(doc, "三、标注摘录", level=level)
    _claims(doc, report, level)
    st.heading(doc, "四、质量提示", level=level)
    _flags(doc, report)


def ranks(reports: list[ReportData]) -> list[int | None]:
    """Competition ranking of reports already sorted by total: ties share a rank;
    an unscored report (total None) has no rank."""
    out: list[int | None] = []
    for i, r in enumerate(reports):
        if r.total is None:
            out.append(None)
        else:
            out.append(out[-1] if i and r.total == reports[i - 1].total else i + 1)
    return out


def round_title(data: RoundData) -> str:
    return f"{data.name}评阅汇总" if data.name else "评阅汇总"


def add_ranking(doc: DocxDocument, data: RoundData, *, contents: bool = False) -> None:
    """The round's title, a table of contents when ``contents``, and the ranking."""
    st.title(doc, round_title(data))
    if contents:
        st.toc(doc)
    ranking = st.heading(doc, "评阅结果排名", level=1)
    if contents:
        ranking.paragraph_format.page_break_before = True
    unscored = sum(r.total is None for r in data.reports)
    line = f"本轮共 {len(data.reports)} 份报告，按总分排序如下"
    if unscored:
        line += f"；尚未评分的 {unscored} 份列在最后，不计名次"
    st.paragraph(doc, f"{line}（导出日期：{data.exported_on}）。")
    labels = [t.label for t in TAGS]
    t = st.table(doc, ["名次", "单位", "报告标题", "总分", "状态", *labels, "完整性"],
                 [1.3, 2.2, 4.0, 1.4, 1.6, 1.2, 1.2, 1.2, 1.6])
    ranked = data.ranked()
    for rank, r in zip(ranks(ranked), ranked):
        cells = st.add_row(t)
        counts = r.counts
        values = ["—" if rank is None else str(rank), r.unit or "—", r.title, _total(r.total), r.status_label,
                  *(str(counts[tg.value]) for tg in TAGS), r.completeness.fraction if r.completeness else ""]
        for i, (cell, text) in enumerate(zip(cells, values)):
            st.cell_text(cell, text, center=i not in (1, 2))
    st.gap(doc)


def reviewers(reports: list[ReportData] | tuple[ReportData, ...]) -> str:
    """Everyone who reviewed any of ``reports``, in order of first appearance: the author."""
    names: list[str] = []
    for r in reports:
        names.extend(n for n in r.reviewers if n and n not in names)
    return "、".join(names)


def write_report(report: ReportData, data: RoundData, path: Path) -> None:
    doc = st.new_document()
    st.set_properties(doc, title=f"{TITLE}（{report_subtitle(report)}）", author=reviewers([report]),
                      subject=data.name or TITLE)
    add_report(doc, report, data)
    doc.save(str(path))


def write_round(data: RoundData, path: Path) -> None:
    doc = st.new_document()
    st.set_properties(doc, title=round_title(data), author=reviewers(data.reports), subject=TITLE)
    add_ranking(doc, data, contents=True)
    for report in data.ranked():
        st.page_break(doc)
        add_report(doc, report, data, in_round=True)
    doc.save(str(path))
