"""Re-anchoring from one diff of the two texts (desktop.anchors.reanchor / TextDiff).

Several tests pin what the diff adds over searching the whole new text for
every annotation (the old way, still :func:`place`): each says so where
``place`` would give another answer.
"""

from __future__ import annotations

import random

import pytest

from desktop.anchors import (
    CONTEXT, Anchor, TextDiff, _search, _shared_prefix, _shared_suffix, _sync, make_anchor, place, reanchor,
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
    assert _sync(list("xyzc"), list("qcyz"), 0, 0) == (1, 2)  # (1, 2) and (3, 1) tie: fewer old lines
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
    from desktop.anchors import _hit_key
    best = min(hits, key=lambda h: _hit_key(text, h, anchor, expected))
    local = [h for h in hits if lo <= h and h + len(quote) <= hi]
    got = _search(text, anchor, expected, lo, hi)
    if local:
        assert got == (best, best + len(quote))


def test_window_hit_with_full_context_is_taken_only_if_nothing_outside_can_be_nearer():
    text = "开展培训" + "甲" * 40 + "开展培训" + "乙" * 6
    anchor = Anchor(None, None, "开展培训")  # no context: every hit has full (zero) context score
    assert _search(text, anchor, 30.0, 40, 60) == (44, 48)  # nearer than anything left of 40
    assert _search(text, anchor, 10.0, 40, 60) == (0, 4)    # the left hit is nearer
    assert _search(text, anchor, 38.0, 1, 48) == (44, 48)
