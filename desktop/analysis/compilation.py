"""Compilations (汇编): one file holding several reports, found and cut apart.

A county often receives its townships' reports bound into one PDF: a cover, a
table of contents, then each report with its own title, its own numbering
(一、 again) and often its own page numbers starting at 1. Imported whole,
that is one document with one title, unit and year, and every claim of every
township lands on the first one.

:func:`find_parts` looks for the reports in an imported file's canonical text:

- a report title (``…关于2023年度法治政府建设情况的报告``, one to three lines,
  with the 红头 unit line above it when the title itself names no unit) that
  is followed by a report's worth of text (MIN_PART_CHARS);
- after the first, each title must also show that a new report starts there:
  it opens a page, or the page numbers restart on its page, or the section
  numbering restarts after it (its first main heading is 一、), or the line
  before it is the previous report's date;
- rows of a table of contents (dot leaders, a page number) and the
  compilation's own title (``…汇编``) are never report titles; the cover and
  contents before the first report belong to no report.

Fewer than two reports found: not a compilation (an empty list). The parts
are proposals: the window shows them for the reviewer to adjust (title, unit,
year, first page, which to import) and :func:`split` turns the adjusted list
into one ImportedDocument per report. Qt-free; no store access.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from desktop.analysis.metadata import detect_unit, detect_year
from desktop.importers.base import ImportedDocument
from desktop.text import Section, detect_sections, heading_of_line, line_spans, report_title

#: the least text (after its title) that a report of a compilation holds
MIN_PART_CHARS = 300
#: subject words one of which a report title of this kind contains
_SUBJECT = ("法治", "依法", "法制")
#: titles of the whole volume or of its parts that are not reports
_NOT_REPORT = ("汇编", "目录", "目 录")
#: a table-of-contents row: dot leaders and a page number
_TOC_ROW = re.compile(r"(?:[.．·…。]\s*){4,}\s*\d{1,4}$|\s\d{1,4}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: a letterhead or document-number line that opens a report above its title
_LETTERHEAD = re.compile(r"(文件$|[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号$)")
#: a unit line (红头) above a title that names no unit
_UNIT_LINE = re.compile(r"^\S{2,20}(人民政府|政府|委员会|党委|办公室|镇|乡|街道|办事处|局|司法所)$")
#: a line longer than this, or ending a sentence, is a report's text, not a cover or heading
MAX_SHORT_LINE = 40
_SENTENCE_END = ("。", "；", "！", "？", ";", "!", "?")
#: the date under a report's signature: the line before the next report's title
_DATE_LINE = re.compile(r"^(?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")


@dataclass(frozen=True)
class Part:
    """One report found in a compilation, as proposed (or as the reviewer adjusted it)."""

    title: str
    unit: str
    year: int | None
    start: int  # offset in the compilation's text, at the start of a line
    end: int  # exclusive: where the next part starts (its newline excluded) or the text ends
    first_page: int | None = None  # 1-based; fixed-layout files only
    last_page: int | None = None


@dataclass(frozen=True)
class _Title:
    start_line: int  # the part's first line (a letterhead or unit line above the title)
    title_line: int  # the title's first line
    lines: int  # lines the title spans
    title: str


def _title_at(lines: list[str], i: int) -> tuple[int, str] | None:
    """(number of lines, joined title) when a report title starts at ``lines[i]``.

    Never at a bare unit line (``坡头镇人民政府``): that is a signature or a 红头,
    which :func:`_candidates` joins to a title below it that names no unit."""
    if _UNIT_LINE.match(lines[i]):
        return None
    for n in (1, 2, 3):
        parts = lines[i:i + n]
        if len(parts) < n or any(_TOC_ROW.search(p) or heading_of_line(p) for p in parts):
            return None
        if any(len(_CJK.findall(p)) < 2 for p in parts):
            return None  # a title line is words: ``202512`` under a signature is a date, not a title
        title = report_title(parts)
        if title is None:
            continue
        if any(w in title for w in _NOT_REPORT) or not any(w in title for w in _SUBJECT):
            return None
        after = lines[i + n] if i + n < len(lines) else ""
        longer = report_title(parts + [after]) if after.startswith("的") else None
        return (n + 1, longer) if longer else (n, title)
    return None


def _page_of(page_starts: list[int], offset: int) -> int | None:
    """0-based page holding ``offset`` (the last page starting at or before it)."""
    if not page_starts:
        return None
    return max(0, bisect.bisect_right(page_starts, offset) - 1)


def _restart_pages(labels: list[int | None]) -> set[int]:
    """Pages whose printed number starts again (1, or lower than the page before)."""
    out: set[int] = set()
    last: int | None = None
    for page, label in enumerate(labels):
        if label is None:
            continue
        if last is not None and label <= last:
            out.add(page)
        last = label
    return out


def _names_unit(title: str) -> bool:
    """The title names who reports (``天龙镇2024年度…``, ``坡头镇人民政府关于…``), not only
    what (``关于2024年度…的报告``): some words before 关于 or the year."""
    return len(re.split(r"关于|(?:19|20)\d\d", title, maxsplit=1)[0].strip()) >= 2


def _candidates(lines: list[str]) -> list[_Title]:
    out: list[_Title] = []
    i = 0
    while i < len(lines):
        found = _title_at(lines, i)
        if found is None:
            i += 1
            continue
        n, title = found
        start = i
        above = lines[i - 1] if i else ""
        before = lines[i - 2] if i >= 2 else ""
        if above and _UNIT_LINE.match(above) and not title.startswith(above) and not _names_unit(title) \
                and not (len(before) > MAX_SHORT_LINE or before.endswith(_SENTENCE_END)):
            # the 红头 unit line of a title that names no unit; after a paragraph of text
            # it is the previous report's signature (that report ended without a date)
            title = above + title
            start = i - 1
        while start > 0 and _LETTERHEAD.search(lines[start - 1]):
            start -= 1
        out.append(_Title(start, i, n, title))
        i += n
    return out


def _numbering_restarts(lines: list[str], first: int, last: int) -> bool:
    """The first main heading in ``lines[first:last]`` is numbered 一、."""
    for line in lines[first:last]:
        found = heading_of_line(line)
        if found is not None and found[0] == 1:
            return line.startswith("一")
    return False


def find_parts(doc: ImportedDocument) -> list[Part]:
    """The reports ``doc`` holds, in order, when it holds two or more; else []."""
    text = doc.text
    spans = line_spans(text)
    lines = [text[a:b].strip() for a, b in spans]
    candidates = _candidates(lines)
    pages = list(doc.page_starts)
    restarts = _restart_pages(list(doc.page_labels))
    line_starts = [a for a, _ in spans]

    def body_chars(c: _Title, next_line: int) -> int:
        return sum(len(ln) for ln in lines[c.title_line + c.lines:next_line])

    def opens_report(c: _Title, next_line: int) -> bool:
        start = line_starts[c.start_line]
        page = _page_of(pages, start)
        if page is not None and (pages[page] == start or page in restarts):
            return True
        if _DATE_LINE.match(lines[c.start_line - 1]):  # a report was kept before: start_line > 0
            return True
        return _numbering_restarts(lines, c.title_line + c.lines, next_line)

    kept: list[_Title] = []
    for k, c in enumerate(candidates):
        next_line = candidates[k + 1].start_line if k + 1 < len(candidates) else len(lines)
        if body_chars(c, next_line) < MIN_PART_CHARS:
            continue  # a contents entry, a cover title, a title quoted on its own line
        if kept and not opens_report(c, next_line):
            continue
        kept.append(c)
    if len(kept) < 2:
        return []
    parts: list[Part] = []
    for k, c in enumerate(kept):
        start = line_starts[c.start_line]
        end = line_starts[kept[k + 1].start_line] - 1 if k + 1 < len(kept) else len(text)
        parts.append(_describe(doc, c.title, start, end))
    return parts


def _pages(doc: ImportedDocument, start: int, end: int) -> tuple[int | None, int | None]:
    """1-based first and last page of the text ``[start, end)``; (None, None) without pages."""
    first = _page_of(list(doc.page_starts), start)
    last = _page_of(list(doc.page_starts), max(start, end - 1))
    if first is None or last is None:
        return None, None
    return first + 1, last + 1


def _describe(doc: ImportedDocument, title: str, start: int, end: int) -> Part:
    body = doc.text[start:end]
    return Part(title, detect_unit(title, body), detect_year(title, body), start, end, *_pages(doc, start, end))


def page_offset(doc: ImportedDocument, page: int) -> int | None:
    """Offset in ``doc.text`` where 1-based ``page`` starts, at a line start; None without pages."""
    starts = list(doc.page_starts)
    if not starts or not 1 <= page <= len(starts):
        return None
    return starts[page - 1]


def move_start(doc: ImportedDocument, parts: list[Part], index: int, page: int) -> list[Part]:
    """``parts`` with part ``index`` starting at 1-based ``page`` instead: the part before
    it ends there. Refused (ValueError, in Chinese) when the page is not strictly
    between the neighbours' starts or the file has no pages."""
    offset = page_offset(doc, page)
    if offset is None:
        raise ValueError(f"这个文件没有第 {page} 页。")
    low = parts[index - 1].start if index > 0 else -1
    high = parts[index + 1].start if index + 1 < len(parts) else len(doc.text)
    if not low < offset < high:
        raise ValueError(f"第 {page} 页不在前后两篇报告之间。")
    out = list(parts)
    out[index] = _reslice(doc, parts[index], offset, parts[index].end)
    if index > 0:
        out[index - 1] = _reslice(doc, parts[index - 1], parts[index - 1].start, max(offset - 1, parts[index - 1].start))
    return out


def _reslice(doc: ImportedDocument, part: Part, start: int, end: int) -> Part:
    first, last = _pages(doc, start, end)
    return replace(part, start=start, end=end, first_page=first, last_page=last)


def split(doc: ImportedDocument, parts: list[Part]) -> list[ImportedDocument]:
    """One ImportedDocument per part: its slice of the text, its own outline, title and
    page numbers; the file name tells which pages of the compilation it came from."""
    out: list[ImportedDocument] = []
    path = PurePath(doc.source_name)
    for number, part in enumerate(parts, start=1):
        text = doc.text[part.start:part.end]  # parts start at a line and end before a newline
        sections = _shift_sections(doc.sections, part.start, part.end) if doc.sections else detect_sections(text)
        pages, page_starts, labels, where = None, [], [], f"第{number}篇"
        if part.first_page is not None and part.last_page is not None:
            first, last = part.first_page, part.last_page
            pages, where = last - first + 1, f"第{first}-{last}页" if last > first else f"第{first}页"
            page_starts = [0] + [min(s - part.start, len(text)) for s in doc.page_starts[first:last]]
            labels = list(doc.page_labels[first - 1:last])
        out.append(ImportedDocument(
            title=part.title, source_name=f"{path.stem}（{where}）{path.suffix}",
            source_sha256=hashlib.sha256(f"{doc.source_sha256}\n{text}".encode("utf-8")).hexdigest(),
            format=doc.format, text=text, sections=sections, pages=pages, page_starts=page_starts,
            page_labels=labels,
        ))
    return out


def _shift_sections(sections: list[Section], start: int, end: int) -> list[Section]:
    return [Section(s.level, s.start - start, min(s.end, end) - start, s.title)
            for s in sections if start <= s.start < end]
