"""The highlight layer of the document pane, kept apart from the widget.

Spans are held in UTF-16 units (what Qt draws) and converted back to code
points only for reporting, so tests of :meth:`HighlightLayer.ranges` check
the same numbers the painter uses. Nesting depth decides the drawing style:
a span lying inside or across another is drawn after it (so its tint shows
on top) in a deeper shade, which keeps a figure inside a measure visible.

The spans stay sorted (outer before inner) as they come and go: a new span
is bisected into place and only the spans it overlaps change depth, so a key
press on a report with 20,000 highlights costs what one with 500 does. Only
:meth:`HighlightLayer.reset` (a document shown) and a batch touching a large
part of the document sort everything again. Only spans intersecting the
visible window are turned into ExtraSelections, so a 1-million-character
report with thousands of annotations costs no more per update than a short
one.

How a span is drawn is decided here too, so it is tested without a display
and the painter only applies it: the tint of its tag at its depth
(:func:`tint`), an alternate shade and a thin boundary gap for a span that
begins exactly where a span of the same tag ends (two 举措 sentences side by
side read as two, :meth:`HighlightLayer.looks`), and a note mark at the end of
a span whose annotation carries a note (:attr:`Span.noted`). The selection's
colours (:data:`SELECTION_BACKGROUND`) are a saturated blue with white text,
far from every tint the tags can take (tests measure the distance).

Qt-free: tests check it against a brute-force reference without a widget.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass
from typing import Iterable

from desktop.store import Annotation
from desktop.text import OffsetMap

#: Each nesting level moves a span's tint this far toward its tag's strong colour
#: (a figure inside a measure stays visible), up to MAX_DEPTH_SHOWN levels.
DEPTH_STEP = 0.22
MAX_DEPTH_SHOWN = 3
#: A span continuing a same-tag span end to start (every other one of a run) is
#: drawn this much further toward the strong colour: two sentences, not one.
ALTERNATE_STEP = 0.16
#: How many spans back a run of touching same-tag spans is followed to find
#: whether a span is an odd or even one (a longer run only repeats a shade;
#: its boundary gaps still show).
RUN_LOOKBACK = 200
#: The reader's selection: a saturated blue with white text, where the tags'
#: tints are light with dark text, so a selection is never taken for a tag.
SELECTION_BACKGROUND = "#1d4ed8"
SELECTION_TEXT = "#ffffff"

#: A batch changing more than this share of the spans sorts everything once
#: instead of bisecting each change in (an annotation import, a new version).
REBUILD_SHARE = 4


@dataclass(frozen=True)
class Span:
    id: int
    start: int  # UTF-16
    end: int  # UTF-16
    tag: str
    depth: int = 0
    #: Its annotation carries a note: a mark is drawn at its end.
    noted: bool = False


@dataclass(frozen=True)
class Look:
    """How a span's neighbours change its drawing (see :meth:`HighlightLayer.looks`)."""

    #: Every other span of a run of touching same-tag spans: the alternate shade.
    alternate: bool = False
    #: It begins exactly where a span of its tag ends: a thin gap at its start.
    boundary: bool = False


PLAIN = Look()


def tint(light: str, strong: str, depth: int, alternate: bool = False) -> str:
    """Background (``#rrggbb``) of a span ``depth`` deep: each level a step from the
    tag's light tint toward its strong colour, the alternate shade a little further."""
    t = min(depth, MAX_DEPTH_SHOWN) * DEPTH_STEP + (ALTERNATE_STEP if alternate else 0.0)
    a, b = _rgb(light), _rgb(strong)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _noted(ann: Annotation) -> bool:
    return bool(ann.note and ann.note.strip())


def _key(span: Span) -> tuple[int, int, int]:
    """Drawing order: by start, the longer (outer) span first, then by id."""
    return (span.start, -span.end, span.id)


def _deepened(span: Span, by: int) -> Span:
    return Span(span.id, span.start, span.end, span.tag, span.depth + by, span.noted)


class HighlightLayer:
    """All highlights of the shown document, with fast visible-window queries.

    A span's depth is the number of spans before it in drawing order that are
    still open where it starts (``end > start``)."""

    def __init__(self) -> None:
        self.offsets = OffsetMap("")
        self._spans: dict[int, Span] = {}
        self._sorted: list[Span] = []
        self._keys: list[tuple[int, int, int]] = []
        self._starts: list[int] = []
        #: How many spans have each length: the longest bounds every window query.
        self._lengths: dict[int, int] = {}
        self._max_len = 0
        #: (end, tag) -> ids of the non-empty spans of that tag ending there: a span
        #: starting at a same-tag span's end is found without a scan (looks()).
        self._ends: dict[tuple[int, str], set[int]] = {}

    # --- whole document ------------------------------------------------------------------

    def reset(self, offsets: OffsetMap, annotations: Iterable[Annotation]) -> None:
        """A document shown: its offset map and every placed annotation."""
        self.offsets = offsets
        to16 = offsets.to_utf16
        self._rebuild([(to16(a.start), -to16(a.end), a.id, a.tag, _noted(a)) for a in annotations])

    def _rebuild(self, rows: list[tuple[int, int, int, str, bool]] | None = None) -> None:
        """Sorts every span (outer before inner) and computes each one's nesting depth.

        ``rows`` are (start, -end, id, tag, noted), the spans there are (default: those held)."""
        if rows is None:
            rows = [(s.start, -s.end, s.id, s.tag, s.noted) for s in self._spans.values()]
        rows.sort()  # tuples compare in C: no key function per span
        active: list[int] = []  # heap of ends of spans still open
        out: list[Span] = []
        lengths: dict[int, int] = {}
        ends: dict[tuple[int, str], set[int]] = {}
        for start, neg_end, ann_id, tag, noted in rows:
            while active and active[0] <= start:
                heapq.heappop(active)
            out.append(Span(ann_id, start, -neg_end, tag, len(active), noted))
            heapq.heappush(active, -neg_end)
            lengths[-neg_end - start] = lengths.get(-neg_end - start, 0) + 1
            if -neg_end > start:
                ends.setdefault((-neg_end, tag), set()).add(ann_id)
        self._ends = ends
        self._sorted = out
        self._spans = {s.id: s for s in out}
        self._keys = [(r[0], r[1], r[2]) for r in rows]
        self._starts = [r[0] for r in rows]
        self._lengths = lengths
        self._max_len = max(lengths, default=0)

    # --- one span at a time -------------------------------------------------------------------

    def _span_of(self, ann: Annotation) -> Span:
        to16 = self.offsets.to_utf16
        return Span(ann.id, to16(ann.start), to16(ann.end), ann.tag, 0, _noted(ann))

    def upsert(self, ann: Annotation) -> bool:
        """Adds or updates one annotation's span; False when nothing drawn changes."""
        return self._upsert(self._span_of(ann))

    def _upsert(self, span: Span) -> bool:
        old = self._spans.get(span.id)
        if old is not None:
            if (old.start, old.end) == (span.start, span.end):
                if (old.tag, old.noted) == (span.tag, span.noted):
                    return False
                self._unindex_end(old)
                new = Span(span.id, span.start, span.end, span.tag, old.depth, span.noted)
                self._replace(self._index(old), new)
                self._index_end(new)
                return True
            self._remove(old)
        self._insert(span)
        return True

    def remove(self, ann_id: int) -> bool:
        """Removes one span; False when it was not there."""
        span = self._spans.get(ann_id)
        if span is None:
            return False
        self._remove(span)
        return True

    def apply(self, upserts: Iterable[Annotation], removals: Iterable[int]) -> bool:
        """A batch: spans added or updated and spans removed. Bisects each in,
        or sorts everything once when the batch is a large part of the layer.
        True when something drawn may have changed."""
        upserts, removals = list(upserts), list(removals)
        if not upserts and not removals:
            return False
        if (len(upserts) + len(removals)) * REBUILD_SHARE > len(self._spans) + len(upserts):
            for ann_id in removals:
                self._spans.pop(ann_id, None)
            for ann in upserts:
                self._spans[ann.id] = self._span_of(ann)
            self._rebuild()
            return True
        changed = False
        for ann_id in removals:
            changed = self.remove(ann_id) or changed
        for ann in upserts:
            changed = self.upsert(ann) or changed
        return changed

    def _index_end(self, span: Span) -> None:
        if span.end > span.start:
            self._ends.setdefault((span.end, span.tag), set()).add(span.id)

    def _unindex_end(self, span: Span) -> None:
        ids = self._ends.get((span.end, span.tag))
        if ids is not None:
            ids.discard(span.id)
            if not ids:
                del self._ends[(span.end, span.tag)]

    def _index(self, span: Span) -> int:
        return bisect.bisect_left(self._keys, _key(span))

    def _replace(self, i: int, span: Span) -> None:
        self._sorted[i] = span
        self._spans[span.id] = span

    def _insert(self, span: Span) -> None:
        key = _key(span)
        i = bisect.bisect_left(self._keys, key)
        # Its depth: the spans before it still open where it starts. Any such span
        # starts after span.start - max_len, so only that stretch is looked at.
        lo = bisect.bisect_left(self._starts, span.start - self._max_len)
        depth = sum(1 for s in self._sorted[lo:i] if s.end > span.start)
        # The spans after it that start inside it are now one deeper.
        for j in range(i, bisect.bisect_left(self._starts, span.end)):
            self._replace(j, _deepened(self._sorted[j], 1))
        span = Span(span.id, span.start, span.end, span.tag, depth, span.noted)
        self._index_end(span)
        self._sorted.insert(i, span)
        self._keys.insert(i, key)
        self._starts.insert(i, span.start)
        self._spans[span.id] = span
        length = span.end - span.start
        self._lengths[length] = self._lengths.get(length, 0) + 1
        self._max_len = max(self._max_len, length)

    def _remove(self, span: Span) -> None:
        i = self._index(span)
        del self._sorted[i], self._keys[i], self._starts[i]
        del self._spans[span.id]
        self._unindex_end(span)
        for j in range(i, bisect.bisect_left(self._starts, span.end)):
            self._replace(j, _deepened(self._sorted[j], -1))
        length = span.end - span.start
        left = self._lengths[length] - 1
        if left:
            self._lengths[length] = left
        else:
            del self._lengths[length]
            if length == self._max_len:
                self._max_len = max(self._lengths, default=0)

    # --- questions ----------------------------------------------------------------------------

    def __contains__(self, ann_id: int) -> bool:
        return ann_id in self._spans

    def __len__(self) -> int:
        return len(self._spans)

    def get(self, ann_id: int) -> Span | None:
        return self._spans.get(ann_id)

    def spans(self) -> list[Span]:
        """Every span in drawing order (outer before inner)."""
        return list(self._sorted)

    def visible(self, start16: int, end16: int) -> list[Span]:
        """Spans intersecting [start16, end16), in drawing order (shallow first)."""
        lo = bisect.bisect_left(self._starts, start16 - self._max_len)
        hi = bisect.bisect_left(self._starts, end16)
        hits = [s for s in self._sorted[lo:hi] if s.end > start16]
        hits.sort(key=lambda s: (s.depth, s.start))
        return hits

    def looks(self, spans: Iterable[Span]) -> dict[int, Look]:
        """How each of ``spans`` is drawn beside its neighbours: a span beginning exactly
        where a non-empty span of its tag ends gets a boundary gap, and in a run of
        such spans every other one the alternate shade (counted from the run's first
        span, at most RUN_LOOKBACK back), so no two touching ones look like one.
        Spans without such a neighbour are left out (they look PLAIN)."""
        parity: dict[int, bool] = {}  # id -> alternate, for every span of a run looked at
        out: dict[int, Look] = {}
        for span in spans:
            before = self._before(span)
            if before is None:
                continue
            run = [span]
            while before is not None and before.id not in parity and len(run) < RUN_LOOKBACK:
                run.append(before)
                before = self._before(before)
            shade = parity[before.id] if before is not None and before.id in parity else True
            for s in reversed(run):  # the run's first span (or the limit) is not alternate
                shade = not shade
                parity[s.id] = shade
            out[span.id] = Look(alternate=parity[span.id], boundary=True)
        return out

    def _before(self, span: Span) -> Span | None:
        """The span of the same tag ending exactly where ``span`` begins (the shortest,
        then the lowest id, when several do); None if none does or ``span`` is empty."""
        if span.end <= span.start:
            return None
        ids = self._ends.get((span.start, span.tag))
        if not ids:
            return None
        return max((self._spans[i] for i in ids), key=lambda s: (s.start, -s.id))

    def at(self, pos16: int) -> list[Span]:
        """Spans covering a UTF-16 position (start <= pos16 < end), innermost last."""
        return self.visible(pos16, pos16 + 1)

    def to_codepoints(self, spans: list[Span]) -> list[tuple[int, int, str]]:
        cp = self.offsets.to_codepoint
        return sorted((cp(s.start), cp(s.end), s.tag) for s in spans)

    def ranges(self) -> list[tuple[int, int, str]]:
        """Every highlight as (start, end, tag) in code points, sorted."""
        return self.to_codepoints(self._sorted)
