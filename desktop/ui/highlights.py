"""The highlight layer of the document pane, kept apart from the widget.

Spans are held in UTF-16 units (what Qt draws) and converted back to code
points only for reporting, so tests of :meth:`HighlightLayer.ranges` check
the same numbers the painter uses. Nesting depth decides the drawing style:
a span lying inside or across another is drawn after it (so its tint shows
on top) in a deeper shade, which keeps a figure inside a measure visible. Only spans intersecting the visible window are turned into
ExtraSelections, so a 1-million-character report with thousands of
annotations costs no more per update than a short one.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

from desktop.store import Annotation
from desktop.text import OffsetMap


@dataclass(frozen=True)
class Span:
    id: int
    start: int  # UTF-16
    end: int  # UTF-16
    tag: str
    depth: int = 0


class HighlightLayer:
    """All highlights of the shown document, with fast visible-window queries."""

    def __init__(self) -> None:
        self.offsets = OffsetMap("")
        self._spans: dict[int, Span] = {}
        self._sorted: list[Span] = []
        self._starts: list[int] = []
        self._max_len = 0
        self._dirty = False

    def reset(self, offsets: OffsetMap, annotations: list[Annotation]) -> None:
        self.offsets = offsets
        self._spans = {}
        for ann in annotations:
            self._put(ann)
        self._dirty = True

    def _put(self, ann: Annotation) -> None:
        to16 = self.offsets.to_utf16
        self._spans[ann.id] = Span(ann.id, to16(ann.start), to16(ann.end), ann.tag)

    def upsert(self, ann: Annotation) -> None:
        self._put(ann)
        self._dirty = True

    def remove(self, ann_id: int) -> bool:
        if self._spans.pop(ann_id, None) is None:
            return False
        self._dirty = True
        return True

    def __contains__(self, ann_id: int) -> bool:
        return ann_id in self._spans

    def __len__(self) -> int:
        return len(self._spans)

    def _rebuild(self) -> None:
        """Sorts spans (outer before inner) and computes each one's nesting depth."""
        if not self._dirty:
            return
        ordered = sorted(self._spans.values(), key=lambda s: (s.start, -s.end, s.id))
        active: list[int] = []  # heap of ends of spans still open
        out: list[Span] = []
        for span in ordered:
            while active and active[0] <= span.start:
                heapq.heappop(active)
            depth = len(active)
            out.append(span if span.depth == depth else Span(span.id, span.start, span.end, span.tag, depth))
            heapq.heappush(active, span.end)
        self._sorted = out
        self._starts = [s.start for s in out]
        self._max_len = max((s.end - s.start for s in out), default=0)
        self._dirty = False

    def spans(self) -> list[Span]:
        self._rebuild()
        return list(self._sorted)

    def visible(self, start16: int, end16: int) -> list[Span]:
        """Spans intersecting [start16, end16), in drawing order (outer first)."""
        self._rebuild()
        lo = bisect.bisect_left(self._starts, start16 - self._max_len)
        hi = bisect.bisect_left(self._starts, end16)
        hits = [s for s in self._sorted[lo:hi] if s.end > start16]
        hits.sort(key=lambda s: (s.depth, s.start))
        return hits

    def at(self, pos16: int) -> list[Span]:
        """Spans covering a UTF-16 position, innermost last."""
        return [s for s in self.visible(pos16, pos16 + 1) if s.start <= pos16 < s.end]

    def to_codepoints(self, spans: list[Span]) -> list[tuple[int, int, str]]:
        cp = self.offsets.to_codepoint
        return sorted((cp(s.start), cp(s.end), s.tag) for s in spans)

    def ranges(self) -> list[tuple[int, int, str]]:
        """Every highlight as (start, end, tag) in code points, sorted."""
        return self.to_codepoints(self.spans())
