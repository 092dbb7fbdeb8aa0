"""PDF lines of all pages → paragraphs as the author wrote them.

A PDF only knows lines. This module removes the page furniture (running
headers and footers, page numbers) and joins the lines the layout wrapped,
across page and column breaks, keeping the real paragraph breaks. Breaks are
judged as a typesetter would see them: a first-line indent, a line that stops
short of the column's right edge, a larger vertical gap, a change of font
size, or a numbered heading after a finished sentence.
"""

from __future__ import annotations

import re
from statistics import median

from desktop.importers.pdf_layout import Line, PageLines, is_cjk
from desktop.text import HEADING_LABELS, canonical_text

_PAGE_NUMBER = re.compile(
    r"^(?:"
    r"第\s*\d+\s*页\s*(?:[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|[-—–－·•]\s*\d+\s*[-—–－·•]"
    r"|\d+\s*/\s*\d+"
    r"|\d{1,4}"
    r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?"
    r"|[\[［(（]\s*\d+\s*[\]］)）]"
    r")$"
)
_SENTENCE_END = "。！？；：!?;:”』」）)"
#: a table-of-contents row: dot leaders and the page number (``…的工作报告………… 3``)
_TOC_ROW = re.compile(r"(?:[.．·…]\s*){4,}\s*\d{1,4}$")
_SPACED_CJK = re.compile(r"^(?:\S )+\S$")
#: share of the page height counted as header / footer zone
ZONE = 0.12
#: a column with at least this many lines on a page gets its margins measured on that page
PAGE_FRAME_LINES = 4
#: a header or footer line recurring at one place on this many pages in a row is furniture
RUN_PAGES = 3
#: a line set this much larger than the body text is a title, never a running header
TITLE_SIZE = 1.3
#: pages in a row may skip this many (a title page or a page without the header)
RUN_GAP = 2


def is_page_number(text: str) -> bool:
    """True for 第 N 页 共 M 页, - N -, N / M, a bare number and the like."""
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", " ", text.strip())))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def collapse_spaced(text: str) -> str:
    """``坡 头 镇 人 民 政 府 文 件`` → ``坡头镇人民政府文件`` (every char CJK, single spaces)."""
    if _SPACED_CJK.match(text) and all(is_cjk(ch) for ch in text[::2]) and len(text) >= 3:
        return text.replace(" ", "")
    return text


def page_number_value(text: str) -> int | None:
    """The number a page-number line prints (``- 3 -`` → 3, ``第 3 页 共 9 页`` → 3), else None."""
    text = re.sub(r"\s+", " ", text.strip())
    if not _PAGE_NUMBER.match(text):
        return None
    m = re.search(r"\d+", text)
    return int(m.group()) if m else None


def _runs(pages: list[int], gap: int = RUN_GAP) -> list[list[int]]:
    """Sorted page indexes cut where two neighbours are more than ``gap`` pages apart."""
    out: list[list[int]] = []
    for page in sorted(pages):
        if out and page - out[-1][-1] <= gap:
            out[-1].append(page)
        else:
            out.append([page])
    return out


def _furniture(pages: list[PageLines], labels: dict[int, int] | None = None) -> set[tuple[int, int]]:
    """(page index, line index) of running headers/footers and page numbers.

    A header or footer is a line near the top or bottom edge whose text (digits
    ignored, so "第 3 页" matches "第 4 页") recurs on several pages *at the same
    height*; body lines that merely look alike at different heights stay. In a
    compilation each report has its own header (``…汇编　棣棠乡``): a line that
    recurs at one place on RUN_PAGES pages in a row is furniture too, however
    short the run is against the whole file. ``labels``, when given, receives
    the printed page number of each page that shows one.
    """
    drop: set[tuple[int, int]] = set()
    seen: dict[tuple[str, bool], list[tuple[int, float]]] = {}
    zone_lines: list[tuple[int, int, tuple[str, bool], float]] = []
    for p in pages:
        n = len(p.lines)
        for i, ln in enumerate(p.lines):
            top_zone = ln.bottom <= p.height * ZONE or (i < 2 and ln.top <= p.height * ZONE * 1.5)
            bottom_zone = ln.top >= p.height * (1 - ZONE) or (i >= n - 2 and ln.bottom >= p.height * (1 - ZONE * 1.5))
            if not (top_zone or bottom_zone):
                continue
            number = page_number_value(ln.text)
            if number is not None:
                drop.add((p.index, i))
                if labels is not None:
                    labels.setdefault(p.index, number)
                continue
            key = (_key(ln.text), top_zone)
            seen.setdefault(key, []).append((p.index, ln.top))
            zone_lines.append((p.index, i, key, ln.top))
    text_pages = sum(1 for p in pages if p.lines)
    need = 2 if text_pages <= 4 else max(2, int(text_pages * 0.3))
    sizes = [ln.size for p in pages for ln in p.lines]
    body_size = median(sizes) if sizes else 0.0
    by_page = {p.index: p for p in pages}
    for page, i, key, top in zone_lines:
        if by_page[page].lines[i].size > body_size * TITLE_SIZE:
            continue  # a title line set larger than the text, however often it recurs
        same_place = {pg for pg, t in seen[key] if abs(t - top) <= 4}
        if len(same_place) >= need or any(page in run and len(run) >= RUN_PAGES for run in _runs(list(same_place))):
            drop.add((page, i))
    return drop


class _Frame:
    """Left margin, right edge, body size and line pitch of one column kind."""

    def __init__(self, lines: list[Line]) -> None:
        x0s = sorted(ln.x0 for ln in lines)
        x1s = sorted(ln.x1 for ln in lines)
        sizes = [ln.size for ln in lines]
        self.size = median(sizes) if sizes else 10.0
        self.left = x0s[len(x0s) // 20] if x0s else 0.0
        self.right = x1s[min(len(x1s) - 1, int(len(x1s) * 0.85))] if x1s else 0.0
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * self.size]
        self.pitch = median(pitches) if pitches else self.size * 1.5


def _starts_heading(text: str) -> bool:
    return any(p.match(text) for _, p in HEADING_LABELS)


def _centred(ln: Line, f: _Frame) -> bool:
    return ln.x0 > f.left + 2 * f.size and abs((ln.x0 - f.left) - (f.right - ln.x1)) <= 1.5 * f.size


def _breaks(prev: Line, nxt: Line, f: _Frame, fp: _Frame, same_flow: bool) -> bool:
    """True when ``nxt`` (in frame ``f``) starts a new paragraph after ``prev`` (in ``fp``)."""
    size = max(f.size, 1.0)
    if abs(nxt.size - prev.size) > 0.15 * max(nxt.size, prev.size):
        return True
    if same_flow and nxt.top - prev.top > 1.6 * f.pitch and nxt.top - prev.bottom > 0.9 * size:
        return True
    ends = prev.text.rstrip()[-1:]
    if "\t" in prev.text or "\t" in nxt.text or _TOC_ROW.search(prev.text):
        return True
    if nxt.x0 > f.left + 0.8 * size:
        # indented or centred: a new paragraph, unless a centred title wraps onto it
        wrapped_title = (
            _centred(nxt, f) and prev.size > fp.size * 1.1 and ends not in _SENTENCE_END
            and prev.x1 >= fp.right - 3 * size
        )
        return not wrapped_title
    if prev.x1 < fp.right - 3 * size:
        return True
    if ends in _SENTENCE_END and (_starts_heading(nxt.text) or prev.x1 < fp.right - 1.2 * size):
        return True
    return False


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if is_cjk(a[-1]) or is_cjk(b[0]):
        return a + b
    if any(is_cjk(ch) for ch in a[-12:]) and any(is_cjk(ch) for ch in b[:12]):
        return a + b  # "共派发…1500" cut as "15" | "00多份": Chinese lines break inside numbers
    if a.endswith("-") and a[-2:-1].isalpha() and b[0].islower():
        return a[:-1] + b
    return a + " " + b


def paragraphs(pages: list[PageLines], body_pages: set[int] | None = None, *,
               para_pages: list[int] | None = None, labels: dict[int, int] | None = None) -> list[str]:
    """The document's paragraphs, furniture removed and wrapped lines joined.

    ``body_pages``, when given, receives the indexes of pages that kept any text;
    ``para_pages`` the page index of each returned paragraph's first line;
    ``labels`` the printed page number of each page that shows one (a
    compilation restarts them for each report).
    """
    drop = _furniture(pages, labels)
    body: list[tuple[int, Line]] = []
    for p in pages:
        for i, ln in enumerate(p.lines):
            if (p.index, i) not in drop:
                body.append((p.index, ln._replace(text=collapse_spaced(ln.text.strip()))))
                if body_pages is not None:
                    body_pages.add(p.index)
    frames: dict[int, _Frame] = {}
    # pages read by OCR are measured on their own (below): the text pages' frames are theirs
    scanned = {p.index for p in pages if p.ocr}
    for col in sorted({ln.col for _, ln in body}):
        lines = [ln for page, ln in body if ln.col == col and page not in scanned] \
            or [ln for _, ln in body if ln.col == col]
        if lines:
            frames[col] = _Frame(lines)
    if 0 not in frames:
        frames[0] = frames.get(1) or _Frame([])
    # columns move with the layout (a compilation mixes gutters and margins): a column
    # holding enough lines on a page is measured on that page; so is every page read by
    # OCR (a scanner shifts each sheet, and a scan's margins are not the text pages')
    page_frames: dict[tuple[int, int], _Frame] = {}
    by_page_col: dict[tuple[int, int], list[Line]] = {}
    for page, ln in body:
        if ln.col or page in scanned:
            by_page_col.setdefault((page, ln.col), []).append(ln)
    for key, lines in by_page_col.items():
        if len(lines) >= PAGE_FRAME_LINES:
            page_frames[key] = _Frame(lines)

    def frame(page: int, col: int) -> _Frame:
        return page_frames.get((page, col)) or frames.get(col) or frames[0]
    # the body size is that of the most common text, not of the title
    body_size = median(ln.size for _, ln in body) if body else 10.0
    widths = {p.index: p.width for p in pages}
    out: list[str] = []
    prev: tuple[int, Line] | None = None
    title_lines = 0  # lines in the paragraph being built, while it may be the title block
    starts: list[int] = []  # page of each paragraph
    page_head = False  # the paragraph being built began a page (a title page of a compilation)
    for page, ln in body:
        if prev is None:
            out.append(ln.text)
            starts.append(page)
            title_lines = 1
            page_head = True
        elif (len(out) <= 2 or page_head) and title_lines < 3 and prev[0] == page \
                and _title_continues(prev[1], ln, body_size, widths.get(page, 0.0)):
            out[-1] = _join(out[-1], ln.text)
            title_lines += 1
        else:
            same_flow = prev[0] == page and prev[1].col == ln.col and ln.top > prev[1].top
            if _breaks(prev[1], ln, frame(page, ln.col), frame(prev[0], prev[1].col), same_flow):
                out.append(ln.text)
                starts.append(page)
                title_lines = 1
                page_head = prev[0] != page
            else:
                out[-1] = _join(out[-1], ln.text)
                title_lines = 0
        prev = (page, ln)
    if para_pages is not None:
        para_pages.extend(starts)
    return out


def _title_continues(prev: Line, nxt: Line, body_size: float, page_width: float) -> bool:
    """``nxt`` is the next line of a title set on several centred lines at the head of the
    document (``某镇人民政府关于2019年度`` / ``法治政府建设的工作报告``): both lines larger
    than the body text, the same size, centred on the page, close together, the first
    not ending a sentence."""
    if not page_width or prev.col != nxt.col or "\t" in prev.text or "\t" in nxt.text:
        return False
    size = max(prev.size, nxt.size)
    if min(prev.size, nxt.size) < 1.15 * body_size or abs(prev.size - nxt.size) > 0.1 * size:
        return False
    if prev.text.rstrip()[-1:] in _SENTENCE_END or not 0 <= nxt.top - prev.bottom < size:
        return False
    return all(abs((ln.x0 + ln.x1) / 2 - page_width / 2) <= 1.5 * size for ln in (prev, nxt))


def text_and_page_starts(paras: list[str], para_pages: list[int], total: int) -> tuple[str, list[int]]:
    """Canonical text of ``paras`` (as :func:`paragraphs` gives them, with ``para_pages``)
    and, per page of ``total``, the offset where its first paragraph starts; a page
    without one gets the offset of the next page that has one, or the text's length.
    Built paragraph by paragraph so that each one's place is known (for splitting
    compilations); the text equals ``canonical_text(paras)``."""
    pieces: list[str] = []
    first: dict[int, int] = {}
    pos = 0
    for para, page in zip(paras, para_pages):
        part = canonical_text([para])
        if not part:
            continue
        if pieces:
            pos += 1  # the newline before this paragraph
        first.setdefault(page, pos)
        pieces.append(part)
        pos += len(part)
    text = "\n".join(pieces)
    starts = [len(text)] * total
    following = len(text)
    for index in range(total - 1, -1, -1):
        following = first.get(index, following)
        starts[index] = following
    return text, starts
