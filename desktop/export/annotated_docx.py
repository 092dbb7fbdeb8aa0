"""The annotated copy: the report itself with the reviewer's marks as Word comments.

What a reviewer sends back to a township, and what a panel reads: the
canonical text laid out as a 公文 page (title, the outline's headings, body
paragraphs), every annotation a real Word comment (批注) anchored exactly on
its quote. Runs are split at every annotation boundary, so nested and
overlapping spans each get their own comment range. The quote is shaded in
its tag's tint and underlined in a style per tag, so the marks survive a
black-and-white printout. Marks follow the printed report
(:mod:`desktop.export.print_layout`): the same underline per tag, a span
inside another shaded a step deeper, and where spans overlap the innermost
one (latest start, then shortest) sets shade and underline, while each keeps
its own comment. Annotations with no place in the current text
(orphans of a new version, or a stored quote that no longer matches) are
listed at the end instead of lost.

Layout comes from :mod:`desktop.export.docx_style`: each paragraph is made
by its public helpers and its one run is then split, each piece keeping the
helper's run formatting.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from docx.document import Document as DocxDocument
from docx.enum.text import WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop.export import docx_style as st
from desktop.export.print_layout import UNDERLINES as PRINT_UNDERLINES
from desktop.export.print_layout import run_style
from desktop.export.summary import Claim, ReportData, build_report
from desktop.store import Project
from desktop.tags import TAGS
from desktop.tags import tag as tag_of
from desktop.text import Section, line_spans, opens_with_title

_WORD_UNDERLINE = {"single": WD_UNDERLINE.SINGLE, "dash": WD_UNDERLINE.DASH, "wave": WD_UNDERLINE.WAVY}
_UNDERLINE_NAME = {"single": "单下划线", "dash": "虚下划线", "wave": "波浪线"}
#: Underline per tag, as the printed report has it: the mark that survives black-and-white print.
UNDERLINES: dict[str, WD_UNDERLINE] = {k: _WORD_UNDERLINE[v] for k, v in PRINT_UNDERLINES.items()}
UNDERLINE_NAMES: dict[str, str] = {k: _UNDERLINE_NAME[v] for k, v in PRINT_UNDERLINES.items()}
LEGEND_SIZE = Pt(10.5)
ORPHANS_HEADING = "未能在正文中定位的批注"
#: rPr children that must follow w:shd (ECMA-376 CT_RPr order); docx_style.shade appends.
_AFTER_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
              "w:specVanish", "w:oMath")


@dataclass(frozen=True)
class AnnotatedReport:
    """One report's canonical text with its outline, placed claims and orphans."""

    report: ReportData
    text: str
    sections: tuple[Section, ...]
    orphans: tuple[Claim, ...]

    @property
    def doc_id(self) -> int:
        return self.report.doc_id


def gather(project: Project, doc_id: int) -> AnnotatedReport:
    """Reads one report's records (no scoring needed); ProjectError for an unknown id."""
    report = build_report(project, doc_id, scoring=False)
    orphans = tuple(
        Claim(a.id, a.tag, a.start, a.end, a.quote, a.prefix, a.suffix, a.note, a.reviewer,
              a.created_at, a.updated_at, "", a.uuid)
        for a in project.orphans(doc_id))
    return AnnotatedReport(report, project.document_text(doc_id), tuple(project.sections(doc_id)), orphans)


def comment_text(claim: Claim) -> str:
    """「举措」+ note: the tag first, so a comment list reads as a tally."""
    return f"「{tag_of(claim.tag).label}」{claim.note}"


def comment_date(stamp: str) -> datetime | None:
    """The stored time as Word writes it (local time, no zone); None when unreadable."""
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return when.astimezone().replace(tzinfo=None) if when.tzinfo else when


def placed_and_lost(item: AnnotatedReport) -> tuple[list[Claim], list[Claim]]:
    """Claims whose span still holds their quote, and the rest (orphans first, in text order)."""
    placed, lost = [], list(item.orphans)
    n = len(item.text)
    for c in item.report.claims:
        if 0 <= c.start < c.end <= n and item.text[c.start:c.end] == c.quote and c.quote.strip():
            placed.append(c)
        else:
            lost.append(c)
    return placed, lost


# --- writing ----------------------------------------------------------------------------------

def _mark(run: Run, tags: Sequence[str]) -> None:
    """The look of a run inside spans of ``tags`` (outermost first): the innermost tag's
    tint, deeper when nested, and its underline style in its strong colour."""
    style = run_style(tags)
    if style is None:
        return
    run.font.underline = UNDERLINES[style.tag]
    rpr = run._r.get_or_add_rPr()
    rpr.find(qn("w:u")).set(qn("w:color"), style.underline_colour.lstrip("#").upper())
    st.shade(run, style.background)
    shd = rpr.findall(qn("w:shd"))[-1]
    for name in _AFTER_SHD:  # keep the schema order Word insists on
        later = rpr.find(qn(name))
        if later is not None:
            later.addprevious(shd)
            break


def _split(paragraph: Paragraph, cuts: Sequence[int]) -> list[Run]:
    """Replaces the paragraph's runs by one run per piece between ``cuts`` (offsets in
    the paragraph's text, 0 and len included), each keeping the first run's formatting."""
    runs = paragraph.runs
    first = runs[0]._r
    rpr = first.rPr
    text = paragraph.text
    out: list[Run] = []
    anchor = first
    for a, b in zip(cuts, cuts[1:]):
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        anchor.addnext(r)
        anchor = r
        run = Run(r, paragraph)
        run.text = text[a:b]
        out.append(run)
    for old in runs:
        old._r.getparent().remove(old._r)
    return out


def _legend(doc: DocxDocument, item: AnnotatedReport, placed: int, lost: int) -> None:
    p = st.paragraph(doc, indent=False)
    st.add_run(p, "批注说明：", font=st.HEADING_FONT, size=LEGEND_SIZE)
    for t in TAGS:
        _mark(st.add_run(p, t.label, size=LEGEND_SIZE), [t.value])
        st.add_run(p, f"（{UNDERLINE_NAMES[t.value]}）　", size=LEGEND_SIZE)
    counts = f"共 {placed} 条批注" + (f"，另有 {lost} 条未能定位，列于文末" if lost else "")
    reviewers = item.report.reviewer_label
    st.add_run(p, counts + (f"；评阅人：{reviewers}" if reviewers else "") + "。", size=LEGEND_SIZE)


def _outermost_first(claims: list[Claim]) -> list[Claim]:
    """Covering spans from the outermost to the innermost (the one that began last,
    or the shorter of two that begin together)."""
    return sorted(claims, key=lambda c: (c.start, -(c.end - c.start), c.id))


def _line_paragraph(doc: DocxDocument, line: str, section: Section | None) -> tuple[Paragraph, int]:
    """A heading for a line that is only a heading (一、主要工作措施及成效), else a body
    paragraph; for a paragraph that opens with its section's title ((二)健全网络，完善制度。
    我镇……) also the length of that title, which is set bold."""
    if section is None:
        return st.paragraph(doc, line), 0
    if section.title == line:
        return st.heading(doc, line, level=section.level), 0
    return st.paragraph(doc, line), len(section.title) if line.startswith(section.title) else 0


def _body(doc: DocxDocument, item: AnnotatedReport, placed: list[Claim], lost: int) -> None:
    """Title, legend, then one paragraph per line of the text, split and marked."""
    text = item.text
    heads = {s.start: s for s in item.sections}
    spans = line_spans(text) if text else []
    lines: list[tuple[Paragraph, int, int, int]] = []  # paragraph, start, end, bold lead
    if spans and opens_with_title(text):
        lines.append((st.title(doc, text[: spans[0][1]]), *spans[0], 0))
        spans = spans[1:]
    else:
        st.title(doc, item.report.title or item.report.unit or "报告")
    _legend(doc, item, len(placed), lost)
    for start, end in spans:
        p, lead = _line_paragraph(doc, text[start:end], heads.get(start))
        lines.append((p, start, end, lead))
    first_run: dict[int, Run] = {}
    last_run: dict[int, Run] = {}
    for p, start, end, lead in lines:
        here = [c for c in placed if c.start < end and start < c.end]
        if not here and not lead:
            continue
        cuts = sorted({0, lead, end - start} | {min(max(x - start, 0), end - start)
                                                for c in here for x in (c.start, c.end)})
        for run, a, b in zip(_split(p, cuts), cuts, cuts[1:]):
            if b <= lead:
                run.bold = True
            covering = _outermost_first([c for c in here if c.start <= start + a and start + b <= c.end])
            _mark(run, [c.tag for c in covering])
            for c in covering:
                first_run.setdefault(c.id, run)
                last_run[c.id] = run
    for c in placed:  # in text order, so comment ids follow the text
        comment = doc.add_comment([first_run[c.id], last_run[c.id]], text="",
                                  author=c.reviewer or "评阅人", initials=c.reviewer or "评阅人")
        st.set_fonts(comment.paragraphs[0].add_run(comment_text(c)))
        when = comment_date(c.created_at)
        if when is not None:
            comment._comment_elm.date = when


def _orphans(doc: DocxDocument, lost: list[Claim]) -> None:
    st.heading(doc, ORPHANS_HEADING, level=1)
    st.paragraph(doc, "以下批注所引的文字在当前版本的报告中已找不到（报告换过新版本，或原文已改动），照录于此。")
    for i, c in enumerate(lost, start=1):
        p = st.paragraph(doc, indent=False)
        st.add_run(p, f"{i}. ")
        _mark(st.add_run(p, f"「{tag_of(c.tag).label}」"), [c.tag])
        st.add_run(p, f"“{c.quote}”")
        if c.note:
            st.add_run(p, f"　批注：{c.note}")
        who = "，".join(x for x in (c.reviewer, c.created_at[:16].replace("T", " ")) if x)
        if who:
            st.add_run(p, f"（{who}）")


def write(item: AnnotatedReport, path: str | Path) -> None:
    """Writes the annotated copy of one report to ``path`` (.docx)."""
    doc = st.new_document()
    placed, lost = placed_and_lost(item)
    _body(doc, item, placed, len(lost))
    if lost:
        _orphans(doc, lost)
    doc.core_properties.title = item.report.title
    doc.core_properties.author = item.report.reviewer_label or "ReviewDesk"
    doc.save(str(path))


__all__ = ["AnnotatedReport", "UNDERLINES", "comment_text", "gather", "placed_and_lost", "write"]
