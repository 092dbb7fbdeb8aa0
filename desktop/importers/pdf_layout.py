"""One PDF page → its text lines in reading order, with their geometry.

Runs inside the worker processes, so it only returns small picklable tuples:
the paragraph logic that needs the whole document (running headers, lines
joined across pages) lives in pdf_paragraphs and runs in the parent.

Characters are grouped into rows by their vertical centre. A column gutter
is a vertical corridor of whitespace that the rows of a band leave free, found
from the characters themselves (not from pre-cut segments), so a gutter of
6 pt between 11 pt columns is seen: justified CJK text spaces its characters
0-2 pt apart, a gutter is half an em and more. The corridor is confirmed by
the columns' edges (lines end flush at its left side and start at its right
side, or one indent in), which tells two columns from table cells. A band of
rows leaving the gutter free is read column by column (each column split again
if it holds columns itself); a row crossing the gutter — a title, a table, a
full-width paragraph — ends the band and keeps its place, so mixed pages read
top band, columns, bottom band. When the evidence is there but too weak, the
page keeps its row order and is flagged ``uncertain`` (the import warns).
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.errors import ImportFailure
from desktop.importers.pdf_bounds import PdfBudget
from desktop.importers.pdf_chars import read_page


class Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    col: int  # 0 full width / single column, 1 left column, 2 the next one to the right, …


class PageLines(NamedTuple):
    index: int  # type: ignore[assignment]  # the page's number; shadows tuple.index on purpose
    width: float
    height: float
    has_text: bool
    lines: list[Line]
    images: int = 0
    #: the page has glyphs, but most cannot be turned into characters (no ToUnicode map)
    undecodable: bool = False
    #: the page looks like columns, but not clearly enough to reorder it (kept row by row)
    uncertain: bool = False
    #: the lines were recognised by OCR (desktop.importers.ocr), not read from a text layer
    ocr: bool = False


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


#: a gap between two characters of a row at least this many ems wide may be a gutter
#: (justified CJK text spaces its characters 0-2 pt apart; a gutter is 6 pt and more)
GUTTER_EM = 0.4


class _Split(NamedTuple):
    g0: float  # right edge of the left column
    g1: float  # left edge of the right column
    sure: bool  # False: some column evidence, too weak to reorder the page


def _body_size(rows: list[list[dict]]) -> float:
    sizes = sorted(c["size"] for r in rows for c in r if c["text"].strip())
    return sizes[len(sizes) // 2] if sizes else 10.0


def _find_split(rows: list[list[dict]], lo: float, hi: float, size: float) -> _Split | None:
    """A vertical whitespace corridor between ``lo`` and ``hi`` that rows leave free, or None.

    ``rows`` hold the non-space characters of each row sorted by x. At each x
    (1 pt steps) count the rows that leave x free (no character over it, the
    gap around it at least GUTTER_EM wide) and have text on its left, and those
    that have text on its right: a column gutter is where both counts are high.
    The corridor is confirmed by the columns' edges: justified columns end
    flush at its left side and start (or are indented from) its right side.
    """
    gmin = max(3.0, GUTTER_EM * size)
    a0, a1 = int(lo), int(hi) + 1
    n = a1 - a0 + 1
    left = [0] * (n + 1)
    right = [0] * (n + 1)

    def mark(diff: list[int], x0: float, x1: float) -> None:
        i = max(0, int(x0 + 0.5) + 1 - a0)
        j = min(n, int(x1 - 0.5) - a0 + 1)
        if j > i:
            diff[i] += 1
            diff[j] -= 1

    for row in rows:
        mark(left, row[-1]["x1"], hi + 2)
        mark(right, lo - 2, row[0]["x0"])
        for a, b in zip(row, row[1:]):
            if b["x0"] - a["x1"] >= gmin:
                mark(left, a["x1"], b["x0"])
                mark(right, a["x1"], b["x0"])
    # runs of positions with the same count of rows on both sides, best first
    runs: list[tuple[int, int, int]] = []  # (count, first, last)
    cl = cr = 0
    for k in range(n):
        cl += left[k]
        cr += right[k]
        v = min(cl, cr)
        if runs and runs[-1][0] == v and runs[-1][2] == k - 1:
            runs[-1] = (v, runs[-1][1], k)
        else:
            runs.append((v, k, k))
    runs = sorted((r for r in runs if r[0] >= 1), key=lambda r: (-r[0], r[1] - r[2]))
    weak = None
    for v, i, j in runs[:8]:
        split = _check_split(rows, a0 + (i + j) / 2, v, size, gmin)
        if split is not None and split.sure:
            return split
        weak = weak or split
    return weak


def _check_split(rows: list[list[dict]], x: float, best: int, size: float, gmin: float) -> _Split | None:
    """The corridor around ``x`` if the rows beside it look like justified columns."""
    ends: list[float] = []
    starts: list[float] = []
    right_hi = 0.0
    for row in rows:
        if any(c["x0"] < x < c["x1"] for c in row):
            continue
        lft = [c["x1"] for c in row if c["x1"] <= x]
        rgt = [c["x0"] for c in row if c["x0"] >= x]
        if lft and rgt and min(rgt) - max(lft) < gmin:
            continue
        if lft:
            ends.append(max(lft))
        if rgt:
            starts.append(min(rgt))
            right_hi = max(right_hi, max(c["x1"] for c in row))
    if len(ends) < 2 or not starts:
        return None
    g0, g1 = max(ends), min(starts)
    x_lo = min(row[0]["x0"] for row in rows)
    x_hi = max(row[-1]["x1"] for row in rows)
    if g1 - g0 > 0.5 * min(g0 - x_lo, x_hi - g1):
        return None  # whitespace wider than what it separates: table cells, not columns
    flush_left = sum(1 for e in ends if e >= g0 - size) / len(ends)
    flush_right = sum(1 for s in starts if s <= g1 + 3 * size) / len(starts)
    if best <= 2 or len(ends) < 3 or len(starts) < 3:
        # a column of one or two lines (a paragraph's end at the top of the right
        # column): only when the other column is long and justified against the gutter,
        # the corridor narrow and the short column's lines as wide as column lines
        if best == 1 and (len(ends) < 10 or g1 - g0 > 3 * size or right_hi - g1 < 0.6 * (g0 - x_lo)):
            return None
        if flush_left >= 0.7 and flush_right >= 0.99 and len(ends) >= 6:
            return _Split(g0, g1, True)
        return None
    if flush_left >= 0.5 and flush_right >= 0.6:
        return _Split(g0, g1, True)
    if flush_left >= 0.3 and flush_right >= 0.5 and min(len(ends), len(starts)) >= max(3, len(rows) // 4):
        return _Split(g0, g1, False)
    return None


def _line(segs: list[_Seg], col: int) -> Line:
    text = "\t".join(t for t in (s.text() for s in segs) if t)
    return Line(
        text, min(s.x0 for s in segs), max(s.x1 for s in segs), min(s.top for s in segs),
        max(s.bottom for s in segs), max(s.size for s in segs), col,
    )


def _table_row(glyphs: list[dict], mid: float, g1: float, size: float) -> bool:
    """A row with text on both sides of the gutter whose right part starts well past it
    (beyond a first-line indent): table cells over the full width, not two columns."""
    right = [c["x0"] for c in glyphs if c["x0"] >= mid]
    return len(right) < len(glyphs) and bool(right) and min(right) > g1 + 3 * size


def _read(rows: list[tuple[list[dict], bool]], size: float, gutters: list[float],
          depth: int) -> tuple[list[Line], bool]:
    """Lines of ``rows`` (chars of a row, and whether the row is page furniture) in reading order.

    Bands of rows that leave a gutter free are read column by column (each
    column again split if it holds columns itself); a row crossing the gutter
    (a title, a table, a full-width paragraph) ends the band and keeps its place.
    Returns the lines and whether some column evidence was too weak to act on.
    """
    ns = [sorted((c for c in r if c["text"].strip()), key=lambda c: c["x0"]) for r, _ in rows]
    evidence = [r for r, (_, furniture) in zip(ns, rows) if r and not furniture]
    split = None
    if evidence and depth < 3:
        lo = min(r[0]["x0"] for r in evidence)
        hi = max(r[-1]["x1"] for r in evidence)
        w = hi - lo
        if w > 6 * size:
            split = _find_split(evidence, lo + 0.2 * w, hi - 0.2 * w, size)
    col = 0 if depth == 0 else 1
    if split is None or not split.sure:
        return [_line(segs, col) for segs in (_segments(list(r)) for r, _ in rows) if segs], split is not None
    g0, g1 = split.g0, split.g1
    mid = (g0 + g1) / 2
    gutters.append(mid)
    out: list[Line] = []
    uncertain = False
    band: list[tuple[list[dict], list[dict]]] = []

    def flush() -> None:
        nonlocal uncertain
        if not band:
            return
        # one-sided rows after the columns, set off by a paragraph gap (a heading or a
        # paragraph's short line below the columns): they follow both columns
        tail: list[tuple[list[dict], list[dict]]] = []
        two_sided = [k for k, r in enumerate(band) if r[0] and r[1]]
        if two_sided:
            for k in range(two_sided[-1] + 1, len(band)):
                above = band[k - 1][0] or band[k - 1][1]
                if min(c["top"] for c in band[k][0] or band[k][1]) - max(c["bottom"] for c in above) > size:
                    tail = band[k:]
                    del band[k:]
                    break
        for side in (0, 1):
            part = [(r[side], False) for r in band if r[side]]
            got, weak = _read(part, size, gutters, depth + 1)
            out.extend(ln._replace(col=max(ln.col, 1)) for ln in got)
            uncertain = uncertain or weak
        band.clear()
        for r in tail:
            segs = _segments(r[0] + r[1])
            if segs:
                out.append(_line(segs, col))

    for (row, furniture), glyphs in zip(rows, ns):
        if furniture or any(c["x0"] < g1 - 0.5 and c["x1"] > g0 + 0.5 for c in glyphs) or _table_row(glyphs, mid, g1, size):
            flush()
            segs = _segments(list(row))
            if segs:
                out.append(_line(segs, col))
            continue
        band.append(([c for c in row if c["x1"] <= mid], [c for c in row if c["x1"] > mid]))
    flush()
    return out, uncertain


def page_lines(page, index: int, budget: PdfBudget | None = None) -> PageLines:
    """Lines of one pdfplumber page in reading order (columns detected), in the page's
    own coordinates even when its /Rotate turns it (pdf_chars.read_page).

    ``budget`` bounds what the page may inflate and interpret (pdf_bounds).
    """
    try:
        raw, images, width, height = read_page(page, budget)
    except ImportFailure:  # over a bound: pdfplumber must not go on to inflate it
        raise
    except Exception:  # let pdfplumber's own path report (or survive) the problem
        raw, images = page.chars, len(page.images)
        width, height = float(page.width), float(page.height)
    chars = [c for c in raw if c.get("upright", True) and c["text"]]
    glyphs = [c for c in chars if c["text"].strip()]
    unknown = sum(1 for c in glyphs if c["text"].startswith("(cid:"))
    if glyphs and unknown * 2 > len(glyphs):
        return PageLines(index, width, height, False, [], images, True)
    return lines_from_chars(chars, index, width, height, images)


def lines_from_chars(chars: list[dict], index: int, width: float, height: float, images: int = 0) -> PageLines:
    """Lines of a page's characters (dicts with text, x0, x1, top, bottom, size in
    points) in reading order: the text layer's, or those OCR recognised (ocr.py)."""
    glyphs = [c for c in chars if c["text"].strip()]
    has_text = bool(glyphs)
    rows = [r for r in _rows(chars) if any(c["text"].strip() for c in r)]
    rows.sort(key=lambda r: min(c["top"] for c in r))
    # running headers and footers above and below the body never join a column
    body = [k for k, r in enumerate(rows)
            if min(c["top"] for c in r) > height * 0.075 and max(c["bottom"] for c in r) < height * 0.925]
    first, last = (body[0], body[-1]) if body else (len(rows), -1)
    size = _body_size([rows[k] for k in body])
    gutters: list[float] = []
    lines, uncertain = _read(
        [(r, not first <= k <= last) for k, r in enumerate(rows)], size, gutters, 0
    )
    if gutters:
        gutters.sort()
        lines = [ln if ln.col == 0 else ln._replace(col=1 + sum(1 for g in gutters if g <= ln.x0))
                 for ln in lines]
    return PageLines(index, width, height, has_text, [ln for ln in lines if ln.text], images,
                     uncertain=uncertain)
