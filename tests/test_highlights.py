"""HighlightLayer (the document pane's spans, Qt-free) against a brute-force
reference: random inserts, moves, re-tags and removals keep the drawing order,
every span's nesting depth and the window queries exactly as a from-scratch
computation gives them."""

from __future__ import annotations

import random

import pytest

from desktop.store import Annotation
from desktop.text import OffsetMap
from desktop.ui import highlights
from desktop.ui.highlights import PLAIN, SELECTION_BACKGROUND, SELECTION_TEXT, HighlightLayer, Look, Span, tint

TAGS = ("measure", "figure", "weakness")


def ann(ann_id: int, start: int, end: int, tag: str = "measure", doc_id: int = 1, note: str = "") -> Annotation:
    return Annotation(ann_id, doc_id, start, end, "", "", "", tag, note, "", "", "")


def reference(spans: dict[int, tuple[int, int, str]]) -> list[Span]:
    """Drawing order and depth from the definition: a span's depth is the number of
    spans before it (by start, longer first, then id) still open where it starts."""
    order = sorted(spans.items(), key=lambda kv: (kv[1][0], -kv[1][1], kv[0]))
    out = []
    for i, (ann_id, (start, end, tag)) in enumerate(order):
        depth = sum(1 for _, (_s, e, _t) in order[:i] if e > start)
        out.append(Span(ann_id, start, end, tag, depth))
    return out


def ref_visible(expected: list[Span], lo: int, hi: int) -> list[Span]:
    hits = [s for s in expected if s.start < hi and s.end > lo]
    return sorted(hits, key=lambda s: (s.depth, s.start))  # stable: drawing order within a tie


def check(layer: HighlightLayer, spans: dict[int, tuple[int, int, str]], rng: random.Random, size: int) -> None:
    expected = reference(spans)
    assert layer.spans() == expected
    assert len(layer) == len(spans)
    for s in expected:
        assert layer.get(s.id) == s and s.id in layer
    assert layer._keys == [(s.start, -s.end, s.id) for s in expected]  # noqa: SLF001
    assert layer._starts == [s.start for s in expected]  # noqa: SLF001
    assert layer._max_len == max((e - s for s, e, _ in spans.values()), default=0)  # noqa: SLF001
    assert layer.ranges() == sorted((s, e, t) for s, e, t in spans.values())
    for _ in range(4):
        lo = rng.randrange(0, size)
        hi = lo + rng.randrange(0, size // 3 + 1)
        assert layer.visible(lo, hi) == ref_visible(expected, lo, hi)
    pos = rng.randrange(0, size)
    assert layer.at(pos) == [s for s in ref_visible(expected, pos, pos + 1) if s.start <= pos < s.end]
    assert layer.looks(expected) == ref_looks(expected)


def ref_looks(expected: list[Span]) -> dict[int, Look]:
    """Looks from the definition: a span's predecessor is the shortest (then lowest id)
    non-empty span of its tag ending where it begins; the first of a run is plain."""
    def before(span: Span) -> Span | None:
        if span.end <= span.start:
            return None
        options = [o for o in expected if o.tag == span.tag and o.end == span.start and o.end > o.start]
        return max(options, key=lambda o: (o.start, -o.id), default=None)

    out = {}
    for span in expected:
        steps, prev = 0, before(span)
        while prev is not None:
            steps, prev = steps + 1, before(prev)
        if steps:
            out[span.id] = Look(alternate=steps % 2 == 1, boundary=True)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_random_inserts_moves_and_removals_match_the_reference(seed):
    rng = random.Random(seed)
    size = rng.choice((30, 200, 2000))
    longest = rng.choice((3, 20, size))
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * size), [])
    spans: dict[int, tuple[int, int, str]] = {}
    next_id = 1
    for _ in range(120):
        roll = rng.random()
        if roll < 0.5 or not spans:
            start = rng.randrange(0, size)
            end = min(size, start + rng.randrange(0, longest + 1))
            ann_id = next_id if rng.random() < 0.9 or not spans else rng.choice(list(spans))
            next_id += 1
            tag = rng.choice(TAGS)
            assert layer.upsert(ann(ann_id, start, end, tag)) is (spans.get(ann_id) != (start, end, tag))
            spans[ann_id] = (start, end, tag)
        elif roll < 0.65:  # re-tag in place
            ann_id = rng.choice(list(spans))
            start, end, tag = spans[ann_id]
            new_tag = rng.choice(TAGS)
            assert layer.upsert(ann(ann_id, start, end, new_tag)) is (new_tag != tag)
            spans[ann_id] = (start, end, new_tag)
        else:
            ann_id = rng.choice(list(spans))
            assert layer.remove(ann_id)
            del spans[ann_id]
            assert not layer.remove(ann_id)
        check(layer, spans, rng, size)


@pytest.mark.parametrize("seed", range(20))
def test_random_batches_match_the_reference(seed):
    rng = random.Random(1000 + seed)
    size = 500
    layer = HighlightLayer()
    spans = {i: (s, s + rng.randrange(0, 40), rng.choice(TAGS)) for i, s in
             ((i, rng.randrange(0, size)) for i in range(1, 60))}
    layer.reset(OffsetMap("x" * (size + 40)), [ann(i, *v) for i, v in spans.items()])
    check(layer, spans, rng, size)
    next_id = 100
    for _ in range(15):
        removals = rng.sample(sorted(spans), k=min(len(spans), rng.randrange(0, 30)))
        upserts = []
        for _ in range(rng.randrange(0, 30)):
            start = rng.randrange(0, size)
            upserts.append(ann(next_id, start, start + rng.randrange(0, 40), rng.choice(TAGS)))
            next_id += 1
        changed = layer.apply(upserts, removals)
        assert changed is bool(upserts or removals)
        for i in removals:
            del spans[i]
        for a in upserts:
            spans[a.id] = (a.start, a.end, a.tag)
        check(layer, spans, rng, size)


def test_small_batches_bisect_large_ones_sort_once(monkeypatch):
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 1000), [ann(i, i * 3, i * 3 + 10) for i in range(1, 31)])
    calls = []
    real = HighlightLayer._rebuild
    monkeypatch.setattr(HighlightLayer, "_rebuild", lambda self, rows=None: (calls.append(1), real(self, rows)))
    assert layer.upsert(ann(501, 41, 45)) and layer.remove(7)
    assert calls == [] and len(layer) == 30
    # A batch of k changes sorts once when 4k exceeds the spans there will be (n + added).
    assert layer.apply([ann(600 + i, i, i + 2) for i in range(10)], [])  # 40 == 30 + 10: one by one
    assert calls == [] and len(layer) == 40
    assert layer.apply([ann(700 + i, i, i + 2) for i in range(14)], [])  # 56 > 40 + 14: sorted once
    assert calls == [1] and len(layer) == 54
    assert layer.apply([], [600 + i for i in range(10)] + [700, 701, 702, 703])  # 56 > 54
    assert calls == [1, 1] and len(layer) == 40
    assert layer.apply([], [704, 705, 706, 707, 708, 709, 710, 711, 712, 713])  # 40 == 40: one by one
    assert calls == [1, 1] and len(layer) == 30
    assert layer.apply([], []) is False
    assert layer.apply([], [999]) is False  # nothing there: nothing changed
    assert layer.apply([ann(501, 41, 45)], []) is False  # the same span again
    assert calls == [1, 1]
    spans = {s.id: (s.start, s.end, s.tag) for s in layer.spans()}
    check(layer, spans, random.Random(0), 1000)


def test_a_large_batch_can_remove_and_add_the_same_ids():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 100), [ann(1, 0, 10), ann(2, 2, 5)])
    assert layer.apply([ann(3, 1, 4), ann(2, 50, 60, "figure")], [1, 99])
    assert layer.spans() == [Span(3, 1, 4, "measure", 0), Span(2, 50, 60, "figure", 0)]


def test_ties_same_start_longer_first_then_id():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 50), [])
    layer.upsert(ann(5, 10, 20))
    layer.upsert(ann(3, 10, 20, "figure"))  # same span, smaller id: drawn first
    layer.upsert(ann(9, 10, 30, "weakness"))  # same start, longer: outermost
    layer.upsert(ann(1, 10, 15))
    assert [(s.id, s.depth) for s in layer.spans()] == [(9, 0), (3, 1), (5, 2), (1, 3)]
    layer.remove(3)
    assert [(s.id, s.depth) for s in layer.spans()] == [(9, 0), (5, 1), (1, 2)]
    layer.remove(9)
    assert [(s.id, s.depth) for s in layer.spans()] == [(5, 0), (1, 1)]


def test_touching_and_empty_spans_do_not_nest():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 50), [ann(1, 0, 10)])
    layer.upsert(ann(2, 10, 20))  # starts where the first ends: not inside it
    layer.upsert(ann(3, 5, 5))  # empty, inside the first: one deep, deepens nothing
    layer.upsert(ann(4, 5, 8))
    assert [(s.id, s.depth) for s in layer.spans()] == [(1, 0), (4, 1), (3, 2), (2, 0)]
    layer.upsert(ann(5, 0, 10))  # the same span as 1, later id: inside it
    assert [(s.id, s.depth) for s in layer.spans()] == [(1, 0), (5, 1), (4, 2), (3, 3), (2, 0)]


def test_second_item_crossing_and_second_level():
    """A span crossing the end of another is one deep; one inside both is two deep;
    moving the crossing span out brings the inner one back up."""
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 100), [ann(1, 0, 20), ann(2, 15, 30, "weakness")])
    assert [(s.id, s.depth) for s in layer.spans()] == [(1, 0), (2, 1)]
    layer.upsert(ann(3, 16, 18, "figure"))
    assert [(s.id, s.depth) for s in layer.spans()] == [(1, 0), (2, 1), (3, 2)]
    layer.upsert(ann(2, 40, 50, "weakness"))  # moved
    assert [(s.id, s.depth) for s in layer.spans()] == [(1, 0), (3, 1), (2, 0)]
    assert layer.visible(17, 18) == [Span(1, 0, 20, "measure", 0), Span(3, 16, 18, "figure", 1)]
    assert layer.at(16) == layer.visible(16, 17)
    assert layer.at(20) == []


def test_retag_keeps_place_and_depth():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 30), [ann(1, 0, 10), ann(2, 2, 4)])
    assert not layer.upsert(ann(2, 2, 4))  # nothing changed
    assert layer.upsert(ann(2, 2, 4, "weakness"))
    assert layer.spans() == [Span(1, 0, 10, "measure", 0), Span(2, 2, 4, "weakness", 1)]


def test_visible_window_uses_the_longest_span_still_there():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 300), [ann(1, 0, 200), ann(2, 150, 160), ann(3, 190, 195)])
    assert [s.id for s in layer.visible(199, 250)] == [1]
    layer.remove(1)
    assert layer._max_len == 10  # noqa: SLF001
    assert layer.visible(199, 250) == []
    layer.upsert(ann(4, 155, 158))  # a second span of another length, then drop one of length 10
    layer.remove(2)
    assert layer._max_len == 5  # noqa: SLF001


def test_utf16_positions_and_codepoint_ranges():
    text = "𠀀a𠀁bc"
    layer = HighlightLayer()
    layer.reset(OffsetMap(text), [ann(1, 1, 3, "figure")])
    assert layer.spans() == [Span(1, 2, 5, "figure", 0)]  # 𠀀 is two UTF-16 units
    assert layer.ranges() == [(1, 3, "figure")]
    layer.upsert(ann(2, 3, 5))
    assert layer.to_codepoints(layer.visible(5, 7)) == [(3, 5, "measure")]


def test_rebuild_share_is_a_quarter():
    assert highlights.REBUILD_SHARE == 4


def test_a_fresh_layer_is_empty_and_takes_spans_without_a_reset():
    layer = HighlightLayer()
    assert layer.offsets.length == 0 and layer.offsets.to_utf16(3) == 3
    assert (layer.spans(), layer.ranges(), layer.visible(0, 100), layer.at(0), len(layer)) == ([], [], [], [], 0)
    assert 1 not in layer and layer.get(1) is None
    assert layer.upsert(ann(1, 4, 4))  # an empty span first: the longest is still 0 long
    check(layer, {1: (4, 4, "measure")}, random.Random(1), 10)
    assert layer.upsert(ann(2, 2, 6, "figure"))
    check(layer, {1: (4, 4, "measure"), 2: (2, 6, "figure")}, random.Random(2), 10)


def test_at_is_exactly_the_spans_covering_a_position():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 20), [ann(1, 3, 6), ann(2, 6, 9), ann(3, 4, 5, "figure")])
    assert [s.id for s in layer.at(3)] == [1]
    assert [s.id for s in layer.at(4)] == [1, 3]
    assert [s.id for s in layer.at(5)] == [1]  # not 2, which starts one further on
    assert [s.id for s in layer.at(6)] == [2]
    assert layer.at(9) == [] and layer.at(2) == []


class Recording(list):
    """A list that notes the slices taken of it."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self.slices: list[slice] = []

    def __getitem__(self, key):
        if isinstance(key, slice):
            self.slices.append(key)
        return super().__getitem__(key)


def test_window_queries_and_inserts_look_only_where_spans_can_reach():
    """A 1M-character report's spans are not all looked at for one screen or one key press:
    only those starting within the longest span's length before the window."""
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 10_000), [ann(i, i * 10, i * 10 + 15) for i in range(1, 900)])
    layer._sorted = Recording(layer._sorted)  # noqa: SLF001
    assert [s.id for s in layer.visible(5000, 5010)] == [499, 500]
    [window] = layer._sorted.slices  # noqa: SLF001
    assert (window.start, window.stop) == (498, 500)
    layer._sorted.slices.clear()  # noqa: SLF001
    layer.upsert(ann(5000, 7002, 7004, "figure"))
    [before] = layer._sorted.slices  # noqa: SLF001 - the spans before it that may still be open
    assert (before.start, before.stop) == (698, 700)
    assert layer.get(5000).depth == 2  # inside 699 (6990-7005) and 700 (7000-7015)


# --- how spans are drawn beside each other (issue 11) ---------------------------------------------

def test_touching_spans_of_one_tag_alternate_and_show_their_boundary():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 60), [ann(1, 0, 10), ann(2, 10, 20), ann(3, 20, 30), ann(4, 30, 40, "figure")])
    looks = layer.looks(layer.spans())
    assert looks.get(1, PLAIN) == PLAIN  # the first of the run
    assert looks[2] == Look(alternate=True, boundary=True)
    assert looks[3] == Look(alternate=False, boundary=True)  # not like 2, its neighbour
    assert 4 not in looks  # another tag: its own colour shows the boundary
    # The painter only asks about the spans in view: the run is followed back anyway.
    assert layer.looks(layer.visible(25, 26)) == {3: Look(alternate=False, boundary=True)}


def test_looks_follow_additions_removals_and_retags():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 60), [ann(1, 0, 10), ann(3, 20, 30)])
    assert layer.looks(layer.spans()) == {}  # a gap between them
    layer.upsert(ann(2, 10, 20))
    assert layer.looks(layer.spans()) == {2: Look(True, True), 3: Look(False, True)}
    layer.upsert(ann(2, 10, 20, "weakness"))  # re-tagged: the run is broken
    assert layer.looks(layer.spans()) == {}
    layer.upsert(ann(2, 10, 20))
    layer.remove(1)
    assert layer.looks(layer.spans()) == {3: Look(True, True)}
    layer.apply([ann(5, 30, 35), ann(6, 40, 45)], [2])  # a large batch: ends indexed again
    assert layer.looks(layer.spans()) == {5: Look(True, True)}


def test_nested_and_empty_spans_do_not_make_a_run():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 60), [ann(1, 0, 20), ann(2, 5, 10), ann(3, 10, 10), ann(4, 10, 15, "figure")])
    # 2 starts inside 1, nothing of its tag ends at 5: plain; the empty 3 is no predecessor of anything.
    assert layer.looks(layer.spans()) == {}
    layer.upsert(ann(5, 10, 12))  # 2 (5-10) ends where 5 begins: a boundary though both lie inside 1
    assert layer.looks(layer.spans()) == {5: Look(True, True)}


def test_a_long_run_is_followed_back_only_so_far(monkeypatch):
    monkeypatch.setattr(highlights, "RUN_LOOKBACK", 5)
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 200), [ann(i, i * 2, i * 2 + 2) for i in range(1, 60)])
    looks = layer.looks(layer.visible(100, 110))
    assert all(look.boundary for look in looks.values())
    shades = [looks[i].alternate for i in sorted(looks)]
    assert all(a != b for a, b in zip(shades, shades[1:]))  # neighbours still differ in one query


def test_a_note_marks_the_span_and_a_note_change_is_a_change():
    layer = HighlightLayer()
    layer.reset(OffsetMap("x" * 30), [ann(1, 0, 10, note="见附件"), ann(2, 12, 20, note="  ")])
    assert layer.get(1).noted and not layer.get(2).noted  # blank notes are no notes
    assert not layer.upsert(ann(1, 0, 10, note="改过的批注"))  # still noted: nothing drawn changes
    assert layer.upsert(ann(1, 0, 10))  # the note removed
    assert not layer.get(1).noted
    assert layer.upsert(ann(2, 12, 20, note="补充数据"))
    assert layer.get(2) == Span(2, 12, 20, "measure", 0, True)
    layer.upsert(ann(3, 2, 5, "figure", note="x"))  # a nested span keeps its note through depth changes
    layer.remove(1)
    assert layer.get(3) == Span(3, 2, 5, "figure", 0, True)
    layer.apply([ann(4, 0, 30)] + [ann(10 + i, i, i + 1) for i in range(5)], [])  # sorted again
    assert layer.get(3).noted and layer.get(2).noted and layer.get(3).depth == 1


# --- colours: a tag's tint is never taken for the selection ---------------------------------------

def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    h = colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference: about 2 is just noticeable, above 25 another colour."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def every_tint() -> list[tuple[str, int, bool, str]]:
    from desktop.tags import TAGS as ALL

    return [(t.value, depth, alt, tint(t.highlight, t.colour, depth, alt))
            for t in ALL for depth in range(highlights.MAX_DEPTH_SHOWN + 2) for alt in (False, True)]


def test_every_tint_is_far_from_the_selection():
    # The old selection (#9ec1ff, dark text) was 3.6 from a nested 举措 and 8.1 from one level deep.
    assert min(delta_e("#9ec1ff", c) for *_k, c in every_tint()) < 10
    near = [(tag, depth, alt, c, round(delta_e(SELECTION_BACKGROUND, c), 1)) for tag, depth, alt, c in every_tint()
            if delta_e(SELECTION_BACKGROUND, c) < 30]
    assert near == []


def test_selected_text_is_white_on_the_selection_and_tinted_text_stays_dark():
    assert SELECTION_TEXT == "#ffffff"
    assert delta_e(SELECTION_TEXT, SELECTION_BACKGROUND) > 60  # readable
    assert _lab(SELECTION_BACKGROUND)[0] < 45 < min(_lab(c)[0] for *_k, c in every_tint())  # dark vs light


def test_alternate_shade_is_visible_but_stays_its_tags_colour():
    from desktop.tags import TAGS as ALL

    for t in ALL:
        for depth in range(highlights.MAX_DEPTH_SHOWN + 1):
            plain, alt = tint(t.highlight, t.colour, depth), tint(t.highlight, t.colour, depth, True)
            assert delta_e(plain, alt) > 5, (t.value, depth)
            others = [tint(o.highlight, o.colour, d, a) for o in ALL if o is not t
                      for d in range(highlights.MAX_DEPTH_SHOWN + 1) for a in (False, True)]
            assert min(delta_e(alt, o) for o in others) > 10, (t.value, depth)


def test_tint_steps_toward_the_strong_colour():
    assert tint("#cfe0ff", "#2f6fdb", 0) == "#cfe0ff"
    assert tint("#000000", "#646464", 1) == "#161616"  # 0.22 of the way
    assert tint("#000000", "#646464", 9) == tint("#000000", "#646464", highlights.MAX_DEPTH_SHOWN)
    assert tint("#000000", "#646464", 0, True) == "#101010"  # 0.16 of the way
