"""Re-anchoring from one diff of the two texts (desktop.anchors.reanchor / TextDiff).

Several tests pin what the diff adds over searching the whole new text for
every annotation (the old way, still :func:`place`): each says so where
``place`` would give another answer.
"""

from __future__ import annotations

import random

import pytest

import desktop.anchors as anchors_module
from desktop.anchors import (
    CONTEXT,
    Anchor,
    TextDiff,
    _fuzzy,
    _hit_key,
    _occurrences,
    _search,
    _shared_prefix,
    _shared_suffix,
    _sync,
    make_anchor,
    place,
    reanchor,
)

CJK = [chr(0x4E00 + k) for k in range(3000)]


def random_text(rng: random.Random, chars: int, alphabet: list[str] = CJK) -> str:
    paras, total = [], 0
    while total < chars:
        para = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 200)))
        paras.append(para)
        total += len(para) + 1
    return "\n".join(paras)[:chars]


def old_way(old: str, new: str, anchors: list[Anchor]) -> list[tuple[int, int] | None]:
    """Brute force: every annotation searched for in the whole new text."""
    return [place(new, a, old_length=len(old)) for a in anchors]


def quote_anchor(text: str, quote: str, nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return make_anchor(text, start, start + len(quote))


# --- whole re-anchoring ----------------------------------------------------------


def test_edit_before_many_annotations_shifts_them_all_exactly():
    # A text made of one passage repeated: the old way picks the copy nearest the
    # proportionally scaled offset, which after a big insertion is the wrong one.
    rng = random.Random(3)
    passage = random_text(rng, 500) + "\n"
    old = passage * 20
    inserted = random_text(rng, 350) + "\n"
    new = inserted + old
    anchors = [make_anchor(old, s, s + 12) for s in range(600, len(old) - 600, 97)]
    expected = [(a.start + len(inserted), a.end + len(inserted)) for a in anchors]
    assert reanchor(old, new, anchors) == expected
    assert old_way(old, new, anchors) != expected


def test_insertion_in_the_middle_shifts_only_what_follows():
    rng = random.Random(4)
    old = random_text(rng, 5000)
    cut = old.index("\n", 2500) + 1
    new = old[:cut] + "新增的一段文字。\n" + old[cut:]
    anchors = [make_anchor(old, s, s + 9) for s in range(0, len(old) - 9, 50)]
    shift = len("新增的一段文字。\n")
    assert reanchor(old, new, anchors) == [
        (a.start, a.end) if a.end <= cut else (a.start + shift, a.end + shift) for a in anchors]


def test_identical_texts_give_identical_spans():
    rng = random.Random(5)
    text = random_text(rng, 3000)
    anchors = [make_anchor(text, s, s + rng.randint(1, 30)) for s in range(0, 2900, 37)]
    assert reanchor(text, text, anchors) == [(a.start, a.end) for a in anchors]
    assert reanchor(text, text, []) == []


def test_identical_texts_with_a_repeated_quote_keep_each_copy():
    text = "甲镇开展培训。乙村开展培训。丙村开展培训。"
    anchors = [quote_anchor(text, "开展培训", k) for k in range(3)]
    assert reanchor(text, text, anchors) == [(a.start, a.end) for a in anchors]


def test_deleted_text_is_an_orphan_and_the_rest_moves():
    old = "第一段：全年办理行政复议案件十二件。\n第二段：普法宣传覆盖全部村居。\n第三段：执法人员持证上岗率百分之百。"
    new = old.replace("第二段：普法宣传覆盖全部村居。\n", "")
    anchors = [quote_anchor(old, q) for q in ("行政复议案件", "普法宣传覆盖全部村居", "执法人员持证上岗")]
    result = reanchor(old, new, anchors)
    assert result[1] is None
    assert [new[s:e] for s, e in (result[0], result[2])] == ["行政复议案件", "执法人员持证上岗"]


def test_annotation_in_a_changed_paragraph_is_found_nearest_its_mapped_place():
    # The quote's paragraph was rewritten around it into a copy of an earlier
    # paragraph; paragraphs before it and the long tail were cut. Both
    # occurrences have the same context, so distance decides. Scaled by the new
    # length, the old offset lands near the first copy; mapped through the
    # diff, it lands at the rewritten paragraph.
    first = "前文说明甲乙丙丁。我们开展了普法宣传教育活动，取得实效。后文"
    changed = "其他说明戊己庚辛。我们开展了普法宣传教育活动，效果明显。其他"
    fillers = [f"第{i}段正文内容，用于占位，与其他段落不同。" for i in range(230)]
    old = "\n".join([first] + fillers[:20] + [changed] + fillers[20:])
    new = "\n".join([first] + fillers[:10] + [first])
    anchor = quote_anchor(old, "开展了普法宣传教育活动", 1)
    second_copy = new.index("开展了普法宣传教育活动", len(first))
    assert reanchor(old, new, [anchor]) == [(second_copy, second_copy + len(anchor.quote))]
    assert old_way(old, new, [anchor]) == [(11, 11 + len(anchor.quote))]  # the first copy


def test_quote_unchanged_in_place_stays_even_if_its_context_repeats_better_elsewhere():
    passage = "\n".join([
        "上一段的结尾部分文字，长度超过上下文所取的三十二个字符，用于比较。",
        "本镇全年开展法治讲座十二场，覆盖群众三千余人次，效果良好。",
        "下一段的开头部分文字，长度同样超过三十二个字符，用于比较上下文。",
    ])
    old = passage + "\n" + passage
    new = old[:len(passage) + 1] + passage.replace("效果良好", "反响热烈")  # the second copy's context
    anchor = quote_anchor(old, "法治讲座十二场", 1)
    assert reanchor(old, new, [anchor]) == [(anchor.start, anchor.end)]
    first = old.index("法治讲座十二场")
    assert old_way(old, new, [anchor]) == [(first, first + 7)]  # the first copy, with its full context


def test_second_and_last_annotations_of_a_list_are_placed():
    rng = random.Random(8)
    lines = [random_text(rng, 40) for _ in range(30)]
    old = "\n".join(lines)
    new = "\n".join([lines[0], lines[1][:20] + "改" + lines[1][21:]] + lines[2:29] + ["删去。"])
    anchors = [quote_anchor(old, lines[i][10:30]) for i in (0, 1, 2, 15, 29)]
    result = reanchor(old, new, iter(anchors))  # any iterable, consumed once
    assert len(result) == 5
    assert result[0] == (anchors[0].start, anchors[0].end)
    assert result[1] == (anchors[1].start, anchors[1].end)  # fuzzily, over the edited character
    assert result[2] == (anchors[2].start, anchors[2].end)
    assert result[3] == (anchors[3].start, anchors[3].end)
    assert result[4] is None


def test_annotation_on_the_changed_text_is_placed_fuzzily_where_it_was():
    # The quote was edited in place; a verbatim copy elsewhere is what the old
    # way finds, the diff keeps the annotation on its own (edited) text.
    intro = "总体情况：各项工作有序推进，通过法律手段维护自身合法权益。"
    body = "具体做法：加强宣传教育，通过法律手段维护自身合法权益，取得实效。"
    old = "\n".join([intro] + [f"第{i}段其他内容。" for i in range(40)] + [body])
    new = old.replace(body, body.replace("法律手段", "法律途径"))
    anchor = quote_anchor(old, "通过法律手段维护自身合法权益", 1)
    (span,) = reanchor(old, new, [anchor])
    assert span is not None and span[0] > len(intro) + 200
    assert "维护自身合法权益" in new[span[0]:span[1]]
    (old_span,) = old_way(old, new, [anchor])
    assert old_span[0] < len(intro)


def test_quote_only_and_empty_anchors():
    text = "甲镇开展培训。乙村开展培训。丙村开展培训。"
    new = "前言。" + text
    quote_only = Anchor(None, None, "开展培训", prefix="丙村", suffix="。")
    empty = Anchor(3, 3, "")
    assert reanchor(text, new, [empty, quote_only]) == [None, (new.index("丙村") + 2, new.index("丙村") + 6)]


def test_stale_offsets_are_searched_for():
    # An orphan keeps offsets from an older version: they point at other text.
    text = "甲镇开展培训。乙村开展普法。丙村开展调解。"
    stale = Anchor(0, 4, "开展调解", prefix="丙村", suffix="。")
    assert reanchor(text, text, [stale]) == [(text.index("开展调解"), text.index("开展调解") + 4)]
    gone = Anchor(0, 4, "全年无事", prefix="", suffix="")
    assert reanchor(text, "前言。" + text, [gone]) == [None]


def test_annotation_at_the_very_end_and_start():
    old = "开头一句话。\n中间的内容。\n结尾一句话"
    new = "开头一句话改。\n中间的内容。\n结尾一句话"
    anchors = [make_anchor(old, 0, 4), make_anchor(old, len(old) - 5, len(old))]
    assert reanchor(old, new, anchors) == [(0, 4), (len(new) - 5, len(new))]


def test_every_line_changed_falls_back_to_searching_the_text():
    rng = random.Random(9)
    lines = [random_text(rng, 60) for _ in range(20)]
    old = "\n".join(line + "。" for line in lines)
    new = "\n".join(line + "；" for line in lines)  # no line is equal: one changed region
    anchors = [quote_anchor(old, lines[i][5:25]) for i in range(20)]
    anchors += [quote_anchor(old, lines[i][-20:] + "。") for i in range(20)]
    result = reanchor(old, new, anchors)
    assert result[:20] == [(a.start, a.end) for a in anchors[:20]]
    assert all(span is not None and abs(span[0] - a.start) <= 1 for span, a in zip(result[20:], anchors[20:]))


def test_random_edits_match_brute_force_on_unchanged_regions():
    rng = random.Random(11)
    old = random_text(rng, 200_000)
    # Non-overlapping edits (position, deleted length, inserted text), applied from the end.
    positions = sorted(rng.sample(range(100, len(old) - 100, 400), 60))
    edits = [(p, rng.choice([0, 0, 3, 40]), rng.choice(["", "新增", random_text(rng, 30)])) for p in positions]
    new = old
    for p, d, ins in reversed(edits):
        new = new[:p] + ins + new[p + d:]
    anchors = []
    for _ in range(500):
        s = rng.randrange(0, len(old) - 41)
        anchors.append(make_anchor(old, s, s + rng.randint(4, 40)))
    result = reanchor(old, new, anchors)
    brute = old_way(old, new, anchors)
    checked = 0
    for anchor, got, ref in zip(anchors, result, brute):
        lo, hi = anchor.start - CONTEXT, anchor.end + CONTEXT
        if all(hi < p or p + d < lo for p, d, _ in edits):
            shift = sum(len(ins) - d for p, d, ins in edits if p + d <= anchor.start)
            assert got == ref == (anchor.start + shift, anchor.end + shift)
            checked += 1
        if ref is not None:
            assert got is not None  # never an orphan where the old way found a place
    assert checked > 400


# --- the diff --------------------------------------------------------------------


def check_blocks(old: str, new: str) -> TextDiff:
    diff = TextDiff(old, new)
    assert diff.blocks[-1] == (len(old), len(new), 0)
    prev_a = prev_b = 0
    for a, b, size in diff.blocks:
        assert old[a:a + size] == new[b:b + size]
        assert a >= prev_a and b >= prev_b
        prev_a, prev_b = a + size, b + size
    for (a, b, size), (a2, b2, _) in zip(diff.blocks, diff.blocks[1:-1]):
        assert size > 0 and (a + size, b + size) != (a2, b2)  # merged when touching
    return diff


@pytest.mark.parametrize("seed", range(12))
def test_diff_blocks_are_equal_stretches_in_order(seed):
    rng = random.Random(seed)
    old = random_text(rng, rng.choice([0, 50, 900, 4000]), CJK[:6] + ["\n"] * 2)
    new = old
    for _ in range(rng.randint(0, 8)):
        p = rng.randint(0, len(new))
        new = new[:p] + rng.choice(["", "甲", "乙\n", "新增\n一段"]) + new[p + rng.randint(0, 5):]
    diff = check_blocks(old, new)
    for pos in range(0, len(old) + 1, 7):
        mapped, lo, hi = diff.locate(pos)
        assert 0 <= lo <= mapped <= hi <= len(new)
        shift = diff.shift(pos, pos + 1)
        if shift is not None:
            assert (mapped, lo, hi) == (pos + shift, pos + shift, pos + shift)
            assert old[pos] == new[pos + shift]


def test_diff_of_identical_and_of_empty_texts():
    assert TextDiff("abc", "abc").blocks == [(0, 0, 3), (3, 3, 0)]
    assert TextDiff("", "").blocks == [(0, 0, 0)]
    assert TextDiff("", "abc").blocks == [(0, 3, 0)]
    assert TextDiff("abc", "").blocks == [(3, 0, 0)]
    assert TextDiff("aXb", "aYb").blocks == [(0, 0, 1), (2, 2, 1), (3, 3, 0)]  # one-character stretches count


def test_diff_finds_equal_lines_after_a_changed_one_and_inside_it():
    old = "一行甲\n二行乙\n三行丙\n四行丁\n五行戊"
    new = "一行改甲\n二行乙\n三行丙\n四行丁改\n五行戊"
    diff = check_blocks(old, new)
    # The common head; the tail of the first changed line, two equal lines and
    # the head of the second changed line, merged; the common tail.
    assert diff.blocks == [(0, 0, 2), (2, 3, 13), (15, 17, 4), (19, 21, 0)]
    assert diff.locate(1) == (1.0, 1, 1)
    assert diff.locate(2) == (3.0, 3, 3)
    assert diff.locate(15) == (17.0, 17, 17)
    assert diff.shift(0, 2) == 0 and diff.shift(0, 3) is None and diff.shift(2, 15) == 1
    assert diff.shift(14, 16) is None and diff.shift(15, 19) == 2


def test_diff_resyncs_after_many_inserted_lines():
    lines = [f"第{i}段原有内容。" for i in range(60)]
    added = [f"新增第{i}段。" for i in range(25)]
    old = "\n".join(lines)
    new = "\n".join(lines[:10] + added + lines[10:30] + lines[31:])
    diff = check_blocks(old, new)
    start = old.index("第40段")
    assert diff.shift(start, start + 5) == new.index("第40段") - start
    start = old.index("第30段")
    assert diff.shift(start, start + 5) is None
    start = old.index("第20段原有")  # between the insertion and the deletion
    assert diff.shift(start, start + 5) == new.index("第20段原有") - start


def test_diff_trims_each_changed_line_without_overlapping_stretches():
    # "乙乙" -> "乙乙乙": head "乙乙", and only the newline left for the tail.
    old = "A1\nX\n乙乙\nB\nD1"
    new = "A2\nX\n乙乙乙\nB\nD2"
    diff = check_blocks(old, new)
    assert diff.blocks == [(0, 0, 1), (2, 2, 5), (7, 8, 4), (12, 13, 0)]


def test_locate_in_a_changed_region_is_proportional():
    old = "0123456789" + "abcdefghij" + "0123456789"
    new = "0123456789" + "X" * 30 + "0123456789"
    diff = check_blocks(old, new)
    assert diff.blocks == [(0, 0, 10), (20, 40, 10), (30, 50, 0)]
    assert diff.locate(15) == (25.0, 10, 40)
    assert diff.locate(10) == (10.0, 10, 40)
    assert diff.locate(20) == (40.0, 40, 40)
    assert diff.locate(29) == (49.0, 49, 49)
    assert diff.locate(30) == (50.0, 50, 50)
    assert diff.locate(99) == (50.0, 50, 50)  # past the end (stale offsets)
    assert diff.shift(12, 14) is None and diff.shift(20, 30) == 20 and diff.shift(20, 31) is None


def test_locate_before_the_first_equal_stretch():
    diff = check_blocks("ab0123456789", "xyz0123456789")
    assert diff.blocks == [(2, 3, 10), (12, 13, 0)]
    assert diff.locate(0) == (0.0, 0, 3)
    assert diff.locate(1) == (1.5, 0, 3)
    assert diff.shift(0, 1) is None


@pytest.mark.parametrize("seed", range(20))
def test_shared_prefix_and_suffix_match_a_character_loop(seed):
    rng = random.Random(seed)
    size = rng.choice([0, 1, 5, 255, 256, 257, 700, 3000])
    a = "".join(rng.choice("甲乙") for _ in range(size))
    b = a
    if b and rng.random() < 0.8:
        p = rng.randrange(len(b))
        b = b[:p] + "丙" + b[p + rng.randint(0, 1):]
    if rng.random() < 0.3:
        b = b + "丁"

    def naive_prefix(x: str, y: str) -> int:
        n = 0
        while n < min(len(x), len(y)) and x[n] == y[n]:
            n += 1
        return n

    assert _shared_prefix(a, b) == naive_prefix(a, b)
    limit = min(len(a), len(b))
    assert _shared_suffix(a, b, limit) == naive_prefix(a[::-1], b[::-1])
    assert _shared_suffix(a, b, min(3, limit)) == min(3, naive_prefix(a[::-1], b[::-1]))


def test_shared_prefix_and_suffix_at_chunk_boundaries():
    base = "甲" * 1000
    for cut in (0, 1, 255, 256, 257, 511, 512, 767, 768, 999):
        changed = base[:cut] + "乙" + base[cut + 1:]
        assert _shared_prefix(base, changed) == cut
        assert _shared_suffix(base, changed, 1000) == 999 - cut
    assert _shared_prefix(base, base) == 1000 and _shared_suffix(base, base, 1000) == 1000
    assert _shared_prefix(base, base + "乙") == 1000 and _shared_prefix("", base) == 0


def test_sync_finds_the_nearest_equal_pair():
    assert _sync(list("xabc"), list("yabc"), 0, 0) == (1, 1)
    assert _sync(list("xbc"), list("bc"), 0, 0) == (1, 0)
    assert _sync(list("bc"), list("xybc"), 0, 0) == (0, 2)
    assert _sync(list("xyc"), list("qcy"), 0, 0) == (1, 2)  # (1, 2) and (2, 1) tie: fewer old lines
    assert _sync(list("pqr"), list("xrstup"), 0, 0) == (2, 1)  # not (0, 5), found first
    # The first window's best pair is not the nearest when its sum reaches the window size.
    assert _sync(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "x", "y"],
                 ["y", "b1", "b2", "x", "b4", "b5", "b6", "b7"], 0, 0) == (8, 0)
    assert _sync(list("pq"), list("rs"), 0, 0) is None
    # Far beyond the first window of 8 lines, in either list.
    far_a = [f"a{i}" for i in range(30)] + ["same"]
    assert _sync(far_a, ["b", "same"], 0, 0) == (30, 1)
    assert _sync(["b", "same"], far_a, 0, 0) == (1, 30)
    # A nearer pair just outside the window wins over one inside it.
    a = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "x", "a8", "y"]
    b = ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "y", "x"]
    assert _sync(a, b, 0, 0) == (7, 9)
    assert _sync(["q", "r", "s"], ["t", "s"], 1, 0) == (1, 1)


# --- the windowed search ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_windowed_search_ranks_exact_hits_like_the_global_search(seed):
    rng = random.Random(seed)
    text = random_text(rng, 600, list("甲乙丙丁戊") + ["开展培训"] * 3)
    quote = "开展培训"
    hits = [i for i in range(len(text)) if text.startswith(quote, i)]
    if not hits:
        pytest.skip("no occurrence")
    anchor = Anchor(rng.choice(hits), None, quote, prefix=text[:rng.randint(0, 40)][-CONTEXT:],
                    suffix=rng.choice(["", "甲乙", text[-CONTEXT:]]))
    expected = rng.uniform(0, len(text))
    lo = rng.randint(0, len(text))
    hi = rng.randint(lo, len(text))
    best = min(hits, key=lambda h: _hit_key(text, h, anchor, expected))
    local = [h for h in hits if lo <= h and h + len(quote) <= hi]
    got = _search(text, anchor, expected, lo, hi)
    if local:
        assert got == (best, best + len(quote))


UNIT = "开展培训丙丁"  # the quote with its whole (suffix-only) context
WITH_CONTEXT = Anchor(None, None, "开展培训", prefix="", suffix="丙丁")


@pytest.fixture
def searches(monkeypatch) -> list[tuple[int, int | None]]:
    """Records the (lo, hi) of every occurrence search."""
    calls: list[tuple[int, int | None]] = []
    real = anchors_module._occurrences

    def spy(text, needle, lo=0, hi=None):
        calls.append((lo, hi))
        return real(text, needle, lo, hi)

    monkeypatch.setattr(anchors_module, "_occurrences", spy)
    return calls


def test_full_context_hit_in_the_window_needs_no_global_search(searches):
    text = "戊" * 40 + UNIT + "戊" * 40
    assert _search(text, WITH_CONTEXT, 40.0, 30, 60) == (40, 44)
    assert _search(text, WITH_CONTEXT, 40.0, 40, 60) == (40, 44)  # at the window's edge
    assert len(searches) == 2
    text = "戊" * 2 + UNIT + "戊" * 40  # window from 0: nothing can lie left of it
    assert _search(text, WITH_CONTEXT, 0.5, 0, 20) == (2, 6)
    text = "戊" * 40 + UNIT  # window to the end: nothing can lie right of it
    assert _search(text, WITH_CONTEXT, 45.5, 30, len(text)) == (40, 44)
    assert len(searches) == 4


def test_best_full_context_hit_in_the_window_is_the_nearest():
    text = "戊" * 20 + UNIT + "戊" * 4 + UNIT + "戊" * 20  # quotes at 20 and 30
    assert _search(text, WITH_CONTEXT, 29.0, 0, len(text)) == (30, 34)
    assert _search(text, WITH_CONTEXT, 29.0, 10, 45) == (30, 34)
    assert _search(text, WITH_CONTEXT, 21.0, 10, 45) == (20, 24)


def test_window_that_is_the_whole_text_is_searched_once(searches):
    text = "戊" * 10 + "开展培训戊" + "戊" * 10  # context not matched: no early acceptance
    assert _search(text, WITH_CONTEXT, 3.0, 0, len(text)) == (10, 14)
    assert searches == [(0, len(text))]


def test_occurrence_left_of_the_window_and_nearer_wins():
    text = "戊" * 36 + UNIT + "戊" * 6 + UNIT + "戊" * 30  # quotes at 36 and 48
    assert _search(text, WITH_CONTEXT, 41.5, 41, len(text)) == (36, 40)
    text = UNIT + "戊" * 3 + UNIT + "戊" * 30  # quotes at 0 and 9
    assert _search(text, WITH_CONTEXT, 4.0, 1, len(text)) == (0, 4)


def test_occurrence_right_of_the_window_and_nearer_wins():
    text = "戊" * 10 + UNIT + "戊" * 14 + UNIT + "戊" * 20  # quotes at 10 and 30
    assert _search(text, WITH_CONTEXT, 20.5, 5, 33) == (30, 34)


def test_exact_occurrences_elsewhere_ranked_by_context_then_distance():
    text = "戊" * 30 + "开展培训" + "戊" * 30 + "开展培训" + "戊" * 30  # at 30 and 64
    window = (90, 98)  # nothing in it, not even a near copy
    assert _search(text, WITH_CONTEXT, 60.0, *window) == (64, 68)
    assert _search(text, WITH_CONTEXT, 20.0, *window) == (30, 34)


def test_near_copy_inside_the_window_wins_over_an_exact_copy_outside():
    q12 = "甲乙丙丁戊己庚辛壬癸子丑"
    near = q12[:6] + "X" + q12[7:]
    pad = "一" * 50
    anchor = Anchor(None, None, q12)
    after = pad + near + pad + q12 + pad  # near copy at 50, exact copy at 112
    assert _search(after, anchor, 55.0, 40, 70) == (50, 62)
    before = pad + q12 + pad + near + pad  # exact copy at 50, near copy at 112
    assert _search(before, anchor, 115.0, 100, 130) == (112, 124)


@pytest.mark.parametrize("kind", ["prefix", "suffix", "quote"])
def test_fuzzy_inside_a_window_only_looks_there(kind):
    pad = "一" * 50
    context = "二十个字的上下文内容用于定位开头或结尾部分"[:20]
    if kind == "prefix":
        anchor, near, exact = Anchor(None, None, "开展培训", prefix=context), context + "开展培X", context + "开展培训"
        offset = len(context)
    elif kind == "suffix":
        anchor, near, exact = Anchor(None, None, "开展培训", suffix=context), "开展培X" + context, "开展培训" + context
        offset = 0
    else:
        q12 = "甲乙丙丁戊己庚辛壬癸子丑"
        anchor, near, exact, offset = Anchor(None, None, q12), q12[:6] + "X" + q12[7:], q12, 0
    n = len(anchor.quote)
    after = pad + near + pad + exact + pad
    window = (40, 50 + len(near) + 10)
    assert _fuzzy(after, anchor, None, *window) == (50 + offset, 50 + offset + n)
    before = pad + exact + pad + near + pad
    start = 100 + len(exact) + offset
    window = (start - offset - 10, start + len(near) + 10)
    assert _fuzzy(before, anchor, None, *window) == (start, start + n)


def test_fuzzy_ties_inside_and_outside_the_window_go_to_the_expected_position():
    q12 = "甲乙丙丁戊己庚辛壬癸子丑"
    near = q12[:6] + "X" + q12[7:]
    pad = "一" * 50
    text = pad + near + pad + near + pad  # near copies at 50 and 112
    anchor = Anchor(None, None, q12)
    assert _search(text, anchor, 40.0, 1, len(text) - 1) == (50, 62)
    assert _search(text, anchor, 130.0, 1, len(text) - 1) == (112, 124)
    text = text + "二" * 100  # the window now holds neither copy
    assert _search(text, anchor, 40.0, 200, 250) == (50, 62)
    assert _search(text, anchor, 130.0, 200, 250) == (112, 124)


def test_occurrences_inside_bounds_and_overlapping():
    assert _occurrences("甲乙 甲乙 甲乙", "甲乙") == [0, 3, 6]
    assert _occurrences("甲乙 甲乙 甲乙", "甲乙", 0, 5) == [0, 3]
    assert _occurrences("甲乙 甲乙 甲乙", "甲乙", 1, 7) == [3]
    assert _occurrences("甲甲甲甲", "甲甲") == [0, 1, 2]


def test_unchanged_stretches_are_never_searched(monkeypatch):
    def no_search(*args):
        raise AssertionError("an annotation in an unchanged stretch was searched for")

    monkeypatch.setattr(anchors_module, "_search", no_search)
    rng = random.Random(12)
    old = random_text(rng, 3000)
    cut = old.index("\n", 1500)
    new = "前言。\n" + old[:cut] + "\n新增一段。" + old[cut:]
    anchors = [make_anchor(old, s, s + 10) for s in range(45, len(old) - 10, 45)]
    result = reanchor(old, new, anchors)
    assert result == [(a.start + 4, a.end + 4) if a.end <= cut else (a.start + 10, a.end + 10) for a in anchors]


def test_changed_region_window_is_the_region_widened_by_quote_and_context(monkeypatch):
    seen = []
    monkeypatch.setattr(anchors_module, "_search", lambda text, anchor, *args: seen.append(args))
    old = "0123456789" + "abcdefghij" + "0123456789"
    new = "0123456789" + "X" * 30 + "0123456789"
    reanchor(old, new, [make_anchor(old, 12, 16)])
    width = 4 + CONTEXT
    assert seen == [(16.0, 0, 50)]  # (10 - width clamped to 0, 40 + width clamped to 50)
    seen.clear()
    old, new = "z" * 100 + old + "z" * 100, "z" * 100 + new + "z" * 100
    reanchor(old, new, [make_anchor(old, 112, 116)])
    assert seen == [(116.0, 110 - width, 140 + width)]
