"""Where a PDF page's lines stand in the canonical text (issue 15), Qt-free.

A report's canonical text is made from its pages' lines (joined into
paragraphs, running headers and page numbers left out). To draw an
annotation over the page, mark a low-confidence OCR line in the text, or turn
a selection made on the page into a span of the text, each line of a page is
located in the text: its characters, whitespace ignored, are found within the
page's range of the text (from the previous page's first paragraph, which may
continue onto this page, to the end of the following page's), and every
character of the line gets the offset of the character it became. A line not
found (a running header, a page number) has no offsets.

Lines are located independently (every occurrence in the range) and then the
chain of occurrences in reading order that covers most characters is kept,
so a header whose words also stand in the body does not pull the lines after
it out of place.

Character boxes are interpolated within a line's box: CJK characters count
one em, others half of one (CJK text is near monospaced).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from desktop.importers.base import PageRecord
from desktop.text import clean_paragraph

#: OCR lines recognised with a confidence below this are marked for checking.
LOW_CONFIDENCE = 0.8
#: Lines of fewer characters (whitespace ignored) are not located: page numbers.
_MIN_LINE = 2
#: Occurrences of one line looked at, at most.
_MAX_HITS = 12


@dataclass(frozen=True)
class LocatedLine:
    page: int
    line: int  # index in the page's lines
    start: int  # canonical offset of the line's first located character
    end: int  # one past its last
    #: per character of the line's text, its canonical offset (-1: whitespace or dropped)
    offsets: tuple[int, ...]
    confidence: float


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@lru_cache(maxsize=4096)
def _kept(ch: str) -> bool:
    """Whether the canonical text keeps this character of a line (not whitespace nor junk)."""
    return not ch.isspace() and clean_paragraph(f"a{ch}a") == f"a{ch}a"


def _weight(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def char_extents(text: str, x0: float, x1: float) -> list[tuple[float, float]]:
    """Each character's left and right edge within a line's box."""
    weights = [_weight(c) for c in text]
    total = sum(weights) or 1.0
    out = []
    pos = 0.0
    for w in weights:
        left = x0 + (x1 - x0) * pos / total
        pos += w
        out.append((left, x0 + (x1 - x0) * pos / total))
    return out


class PageMap:
    """The lines of a PDF report's pages located in its canonical text."""

    def __init__(self, text: str, page_starts: Sequence[int], records: Sequence[PageRecord]) -> None:
        self.text = text
        self.records = list(records)
        self.page_starts = list(page_starts)
        # The text without whitespace, and each of its characters' offset.
        self._flat_offsets = [i for i, c in enumerate(text) if not c.isspace()]
        self._flat = "".join(text[i] for i in self._flat_offsets)
        #: Where the previous page's located lines end: a page's lines come after them.
        self._floor = 0
        self.lines: list[list[LocatedLine]] = []
        for p, rec in enumerate(self.records):
            located = self._locate(p, rec)
            self.lines.append(located)
            if located:
                self._floor = max(self._floor, located[-1].end)
        self._by_start = sorted((ln.start, ln.end, ln.page, ln.line) for page in self.lines for ln in page)
        self._starts = [s for s, *_ in self._by_start]

    # --- locating -------------------------------------------------------------------

    def _range(self, p: int) -> tuple[int, int]:
        starts, n = self.page_starts, len(self.text)
        if not starts:
            return 0, n
        lo = starts[p - 1] if 0 < p <= len(starts) else 0
        hi = starts[p + 2] if p + 2 < len(starts) else n
        return lo, max(lo, hi)

    def _locate(self, p: int, rec: PageRecord) -> list[LocatedLine]:
        lo, hi = self._range(p)
        lo = max(lo, self._floor)
        hi = max(lo, hi)
        flo = bisect.bisect_left(self._flat_offsets, lo)
        fhi = bisect.bisect_left(self._flat_offsets, hi)
        # candidates: (flat position, flat end, line index, kept chars' indices in the line)
        cands: list[tuple[int, int, int, list[int]]] = []
        for li, line in enumerate(rec.lines):
            kept = [k for k, c in enumerate(line.text) if _kept(c)]
            if len(kept) < _MIN_LINE:
                continue
            needle = "".join(line.text[k] for k in kept)
            at = self._flat.find(needle, flo, fhi)
            hits = 0
            while at != -1 and at + len(needle) <= fhi and hits < _MAX_HITS:
                cands.append((at, at + len(needle), li, kept))
                hits += 1
                at = self._flat.find(needle, at + 1, fhi)
        # The chain in reading order (lines and positions both increasing) covering most
        # characters; among equal ones the tightest (each link ending nearest the next).
        # A Fenwick tree over the candidates' ends keeps the best chain ending at or before
        # a position, filled a line at a time, so this is O(c log c), not O(c²).
        cands.sort(key=lambda c: (c[2], c[0]))
        ends = sorted({c[1] for c in cands})
        tree: list[tuple[float, int, int]] = [(0.0, -1, -1)] * (len(ends) + 1)  # (score, end, index)

        def put(end: int, item: tuple[float, int, int]) -> None:
            i = bisect.bisect_left(ends, end) + 1
            while i <= len(ends):
                if item > tree[i]:
                    tree[i] = item
                i += i & -i

        def best_before(pos: int) -> tuple[float, int, int]:
            i = bisect.bisect_right(ends, pos)
            found = (0.0, -1, -1)
            while i > 0:
                if tree[i] > found:
                    found = tree[i]
                i -= i & -i
            return found

        best: list[float] = [0.0] * len(cands)
        prev: list[int] = [-1] * len(cands)
        i = 0
        while i < len(cands):
            j = i
            while j < len(cands) and cands[j][2] == cands[i][2]:
                j += 1
            for k in range(i, j):  # one line's occurrences: each links to earlier lines only
                score, _end, back = best_before(cands[k][0])
                best[k], prev[k] = score + len(cands[k][3]), back
            for k in range(i, j):
                put(cands[k][1], (best[k], cands[k][1], k))
            i = j
        out: list[LocatedLine] = []
        if cands:
            i = max(range(len(cands)), key=lambda k: best[k])
            chain = []
            while i != -1:
                chain.append(cands[i])
                i = prev[i]
            for pos, _end, li, kept in reversed(chain):
                line = rec.lines[li]
                offsets = [-1] * len(line.text)
                for n, k in enumerate(kept):
                    offsets[k] = self._flat_offsets[pos + n]
                out.append(LocatedLine(p, li, offsets[kept[0]], offsets[kept[-1]] + 1, tuple(offsets),
                                       float(line.confidence)))
        return out

    # --- questions ------------------------------------------------------------------

    def page_of(self, offset: int) -> int | None:
        """The page whose located lines hold ``offset`` (or the nearest before it)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._by_start[i][2] if i >= 0 else (self._by_start[0][2] if self._by_start else None)

    def boxes(self, start: int, end: int) -> list[Box]:
        """The boxes on the pages covering the text span ``[start, end)``: one per line it touches."""
        out = []
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        # lines are sorted by start; walk back over any that may still overlap
        while i > 0 and self._by_start[i - 1][1] > start:
            i -= 1
        for s, e, p, li in self._by_start[i:]:
            if s >= end:
                break
            if e <= start:
                continue
            line = self.records[p].lines[li]
            located = self._line(p, li)
            ext = char_extents(line.text, line.x0, line.x1)
            inside = [k for k, off in enumerate(located.offsets) if start <= off < end]
            if inside:
                out.append(Box(p, ext[inside[0]][0], line.top, ext[inside[-1]][1], line.bottom))
        return out

    def _line(self, p: int, li: int) -> LocatedLine:
        for ln in self.lines[p]:
            if ln.line == li:
                return ln
        raise KeyError((p, li))

    def offset_at(self, page: int, x: float, y: float) -> int | None:
        """The canonical offset of the located character nearest to point (x, y) of a page;
        the offset after it when the point is right of the character's middle."""
        best: tuple[float, int] | None = None
        for ln in self.lines[page] if 0 <= page < len(self.lines) else []:
            line = self.records[page].lines[ln.line]
            dy = 0.0 if line.top <= y <= line.bottom else min(abs(y - line.top), abs(y - line.bottom))
            for (left, right), off in zip(char_extents(line.text, line.x0, line.x1), ln.offsets):
                if off < 0:
                    continue
                dx = 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))
                d = dy * 4 + dx
                if best is None or d < best[0]:
                    best = (d, off + 1 if x > (left + right) / 2 else off)
        return None if best is None else best[1]

    def span_between(self, page: int, a: tuple[float, float], b: tuple[float, float]) -> tuple[int, int] | None:
        """The text span selected by dragging from point ``a`` to ``b`` on a page."""
        oa, ob = self.offset_at(page, *a), self.offset_at(page, *b)
        if oa is None or ob is None or oa == ob:
            return None
        return min(oa, ob), max(oa, ob)

    def low_confidence(self, threshold: float = LOW_CONFIDENCE) -> list[tuple[int, int, float, int]]:
        """(start, end, confidence, page) of the OCR lines recognised below ``threshold``."""
        out: list[tuple[int, int, float, int]] = []
        for p, page in enumerate(self.lines):
            if self.records[p].source != "ocr":
                continue
            out.extend((ln.start, ln.end, ln.confidence, p) for ln in page if ln.confidence < threshold)
        return sorted(out)

    def line_at(self, page: int, x: float, y: float) -> LocatedLine | None:
        for ln in self.lines[page] if 0 <= page < len(self.lines) else []:
            line = self.records[page].lines[ln.line]
            if line.x0 <= x <= line.x1 and line.top <= y <= line.bottom:
                return ln
        return None


_CACHE: dict[tuple, PageMap] = {}


def page_map(key: tuple, text: str, page_starts: Sequence[int], records: Sequence[PageRecord]) -> PageMap:
    """A PageMap cached per ``key`` (a report's id and text hash: one per text version)."""
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        found = _CACHE[key] = PageMap(text, page_starts, records)
    return found


def needs_checking(warning: str) -> bool:
    """Whether an import warning asks the reviewer to check recognised text
    ("第 3–8 页为扫描件，已识别文字，请核对"): the import summary says these first."""
    return "请核对" in warning or "已识别文字" in warning


def ocr_summary(records: Sequence[PageRecord]) -> list[int]:
    """1-based numbers of the pages read by OCR."""
    return [r.index + 1 for r in records if r.source == "ocr"]
