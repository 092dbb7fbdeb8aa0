"""One PDF page → its text lines in reading order, with their geometry.

Runs inside the worker processes, so it only returns small picklable tuples:
the paragraph logic that needs the whole document (running headers, lines
joined across pages) lives in pdf_paragraphs and runs in the parent.

Characters are grouped into rows by their vertical centre and rows into
segments at wide horizontal gaps. A vertical band that no segment crosses is
a column gutter: such a page is read column by column, while rows that span
the gutter (a title over two columns) stay where they are.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.errors import ImportFailure
from desktop.importers.pdf_bounds import PdfBudget
from desktop.importers.pdf_chars import page_content


class Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    col: int  # 0 full width / single column, 1 left column, 2 right column


class PageLines(NamedTuple):
    index: int  # type: ignore[assignment]  # the page's number; shadows tuple.index on purpose
    width: float
    height: float
    has_text: bool
    lines: list[Line]
    images: int = 0
    #: the page has glyphs, but most cannot be turned into characters (no ToUnicode map)
    undecodable: bool = False


def is_cjk(ch: str) -> bool:
    """CJK ideographs, kana, hangul and full-width punctuation: written without spaces."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF
        or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026, 0x00B7)
    )


class _Seg:
    __slots__ = ("chars", "x0", "x1", "top", "bottom", "size")

    def __init__(self, c: dict) -> None:
        self.chars = [c]
        self.x0, self.x1, self.top, self.bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        self.size = c["size"]

    def add(self, c: dict) -> None:
        self.chars.append(c)
        self.x1 = max(self.x1, c["x1"])
        self.top = min(self.top, c["top"])
        self.bottom = max(self.bottom, c["bottom"])
        self.size = max(self.size, c["size"])

    def text(self) -> str:
        out: list[str] = []
        prev = None
        for c in self.chars:
            t = c["text"]
            if prev is not None and t.strip() and out and out[-1] != " ":
                gap = c["x0"] - prev["x1"]
                pt = prev["text"][-1:] or " "
                if gap > 0.2 * max(c["size"], 1) and not is_cjk(pt) and not is_cjk(t[0]):
                    out.append(" ")
            if t.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
            else:
                out.append(t)
            prev = c
        return "".join(out).strip()


def _rows(chars: list[dict]) -> list[list[dict]]:
    """Chars grouped into visual rows by vertical centre."""
    items = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    rows: list[list[dict]] = []
    centre = None
    tol = 0.0
    for c in items:
        mid = (c["top"] + c["bottom"]) / 2
        if centre is not None and abs(mid - centre) <= tol:
            rows[-1].append(c)
            continue
        rows.append([c])
        centre = mid
        tol = max(0.35 * (c["bottom"] - c["top"]), 1.0)
    return rows


def _segments(row: list[dict]) -> list[_Seg]:
    row.sort(key=lambda c: c["x0"])
    segs: list[_Seg] = []
    for c in row:
        if not segs:
            if c["text"].isspace():
                continue
            segs.append(_Seg(c))
            continue
        seg = segs[-1]
        if c["text"].isspace():
            seg.chars.append(c)
            continue
        if c["x0"] - seg.x1 > 1.5 * max(seg.size, c["size"], 1):
            segs.append(_Seg(c))
        else:
            seg.add(c)
    return segs


def _gutter(rows: list[list[_Seg]], width: float, height: float) -> float | None:
    """The x of the middle of a vertical gap between two columns of text, or None.

    Rows in the header/footer zones are ignored: a centred running header
    crosses the gutter of every two-column page.
    """
    rows = [r for r in rows if r[0].top > height * 0.1 and r[0].bottom < height * 0.9]
    segs = [s for row in rows for s in row]
    if len(segs) < 8:
        return None
    step = 2.0
    lo, hi = width * 0.25, width * 0.75
    best: tuple[float, float] | None = None
    x = lo
    allowed = max(2, len(segs) // 12)
    run_start = None
    while x <= hi:
        covering = sum(1 for s in segs if s.x0 - 1 <= x <= s.x1 + 1)
        if covering <= allowed:
            if run_start is None:
                run_start = x
        else:
            if run_start is not None and x - run_start >= 6 and (best is None or x - run_start > best[1] - best[0]):
                best = (run_start, x)
            run_start = None
        x += step
    if run_start is not None and hi - run_start >= 6 and (best is None or hi - run_start > best[1] - best[0]):
        best = (run_start, hi)
    if best is None:
        return None
    mid = (best[0] + best[1]) / 2
    left = [s for s in segs if s.x1 <= mid]
    right = [s for s in segs if s.x0 >= mid]
    side_by_side = sum(1 for row in rows if any(s.x1 <= mid for s in row) and any(s.x0 >= mid for s in row))
    if len(left) >= 4 and len(right) >= 4 and side_by_side >= 3:
        return mid
    return None


def _line(segs: list[_Seg], col: int) -> Line:
    text = "\t".join(t for t in (s.text() for s in segs) if t)
    return Line(
        text, min(s.x0 for s in segs), max(s.x1 for s in segs), min(s.top for s in segs),
        max(s.bottom for s in segs), max(s.size for s in segs), col,
    )


def page_lines(page, index: int, budget: PdfBudget | None = None) -> PageLines:
    """Lines of one pdfplumber page in reading order (columns detected).

    ``budget`` bounds what the page may inflate and interpret (pdf_bounds).
    """
    try:
        raw, images = page_content(page, budget)
    except ImportFailure:  # over a bound: pdfplumber must not go on to inflate it
        raise
    except Exception:  # let pdfplumber's own path report (or survive) the problem
        raw, images = page.chars, len(page.images)
    chars = [c for c in raw if c.get("upright", True) and c["text"]]
    width, height = float(page.width), float(page.height)
    glyphs = [c for c in chars if c["text"].strip()]
    unknown = sum(1 for c in glyphs if c["text"].startswith("(cid:"))
    if glyphs and unknown * 2 > len(glyphs):
        return PageLines(index, width, height, False, [], images, True)
    has_text = bool(glyphs)
    rows = [segs for segs in (_segments(r) for r in _rows(chars)) if segs]
    rows.sort(key=lambda segs: min(s.top for s in segs))
    gutter = _gutter(rows, width, height)
    lines: list[Line] = []
    if gutter is None:
        lines = [_line(segs, 0) for segs in rows]
    else:
        band_left: list[Line] = []
        band_right: list[Line] = []

        def flush() -> None:
            lines.extend(band_left)
            lines.extend(band_right)
            band_left.clear()
            band_right.clear()

        for segs in rows:
            left = [s for s in segs if s.x1 <= gutter]
            right = [s for s in segs if s.x0 >= gutter]
            if len(left) + len(right) < len(segs):  # a row spanning the gutter
                flush()
                lines.append(_line(segs, 0))
                continue
            if left:
                band_left.append(_line(left, 1))
            if right:
                band_right.append(_line(right, 2))
        flush()
    return PageLines(index, width, height, has_text, [ln for ln in lines if ln.text], images)
