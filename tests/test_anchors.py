"""Re-anchoring: edits before, inside and after annotated spans."""

from __future__ import annotations

import random

import pytest

from desktop.anchors import CONTEXT, Anchor, make_anchor, place, reanchor

BASE = (
    "一、主要举措和成效\n"
    "今年共主动公开信息1079条，持证上岗率达100%。\n"
    "成立了以镇党委书记为组长的依法治镇工作领导小组，负责日常事务。\n"
    "二、存在的不足\n"
    "部分工作人员法治观念淡薄，对法律依据和法定程序重视不足。\n"
    "普法宣传方式较为单一，群众参与度不高。"
)
QUOTES = ["主动公开信息1079条", "持证上岗率达100%", "依法治镇工作领导小组", "法治观念淡薄", "普法宣传方式较为单一"]


def anchors_for(text: str) -> list[Anchor]:
    out = []
    for q in QUOTES:
        s = text.index(q)
        out.append(make_anchor(text, s, s + len(q)))
    return out


def placed_quotes(new_text: str, anchors: list[Anchor]) -> list[str | None]:
    return [None if span is None else new_text[span[0]:span[1]]
            for span in reanchor(BASE, new_text, anchors)]


def test_make_anchor_context():
    a = make_anchor(BASE, 40, 50)
    assert a.quote == BASE[40:50]
    assert a.prefix == BASE[40 - CONTEXT:40] and a.suffix == BASE[50:50 + CONTEXT]
    with pytest.raises(ValueError):
        make_anchor(BASE, 5, 5)


def test_unchanged_text_keeps_exact_positions():
    anchors = anchors_for(BASE)
    assert reanchor(BASE, BASE, anchors) == [(a.start, a.end) for a in anchors]


def test_insertion_before_all_spans():
    new = "前言：本报告按要求编写。\n" + BASE
    assert placed_quotes(new, anchors_for(BASE)) == QUOTES


def test_deletion_before_and_insertion_after():
    new = BASE.replace("一、主要举措和成效\n", "") + "\n三、下一步工作计划"
    assert placed_quotes(new, anchors_for(BASE)) == QUOTES


def test_edit_inside_a_span_places_it_fuzzily_over_the_edited_text():
    new = BASE.replace("依法治镇工作领导小组", "依法治镇工作领导机构小组")
    result = placed_quotes(new, anchors_for(BASE))
    assert result[2] is not None and "依法治镇工作领导" in result[2] and "小组" in result[2]
    assert result[:2] == QUOTES[:2] and result[3:] == QUOTES[3:]


def test_span_deleted_entirely_becomes_orphan():
    new = BASE.replace("普法宣传方式较为单一，群众参与度不高。", "全年无其他问题。")
    assert placed_quotes(new, anchors_for(BASE))[4] is None


def test_repeated_quote_chooses_by_context():
    text = "甲镇开展培训。乙村开展培训。丙村开展培训。"
    s = text.index("开展培训", text.index("乙村"))
    anchor = make_anchor(text, s, s + 4)
    new = "新增一段。" + text.replace("甲镇", "甲镇政府")
    start, end = place(new, anchor, old_length=len(text))
    assert new[start - 2:end] == "乙村开展培训"


def test_quote_only_anchor_uses_prefix_to_choose_among_repeats():
    text = "甲镇开展培训。乙村开展培训。丙村开展培训。"
    anchor = Anchor(None, None, "开展培训", prefix="丙村", suffix="。")
    start, _ = place(text, anchor)
    assert text[start - 2:start] == "丙村"


def test_random_edits_outside_spans_never_lose_an_annotation():
    rng = random.Random(7)
    anchors = anchors_for(BASE)
    for _ in range(200):
        new = BASE
        for _ in range(3):
            spans = [(new.index(q), new.index(q) + len(q)) for q in QUOTES]
            while True:
                pos = rng.randrange(len(new) + 1)
                if all(not (s < pos < e) for s, e in spans):
                    break
            new = new[:pos] + rng.choice(["，", "新增文字", "2024年", "\n补充说明。\n"]) + new[pos:]
        assert placed_quotes(new, anchors) == QUOTES


# --- place() on its own (the webanno export and quote-only anchors use it) ------

from desktop.anchors import _context_score, _fuzzy, _ratio  # noqa: E402

UNIT = "本段落用于重复四十个字符的测试文本内容，其中包含开展培训一词，以及其他的文字内容。"


def test_place_keeps_a_quote_that_sits_at_its_offsets_with_its_context():
    text = UNIT * 5
    s = 3 * len(UNIT) + UNIT.index("开展培训")
    anchor = make_anchor(text, s, s + 4)
    assert place(text, anchor) == (s, s + 4)
    # Even when the length changed: no scaling when nothing around the span changed.
    assert place(text, anchor, old_length=2 * len(text)) == (s, s + 4)


def test_place_still_there_with_changed_context_prefers_its_own_offset_among_equals():
    text = UNIT * 5
    s = 3 * len(UNIT) + UNIT.index("开展培训")
    anchor = make_anchor(text, s, s + 4)
    new = text.replace("一词", "一语")  # every copy loses the same context: all tie
    assert place(new, anchor) == (s, s + 4)
    assert place(new, anchor, old_length=3 * len(text)) == (s, s + 4)


def test_place_scales_the_old_offset_when_the_quote_moved():
    text = UNIT * 5
    s = 4 * len(UNIT) + UNIT.index("开展培训")
    anchor = make_anchor(text, s, s + 4)
    new = "新" * (len(text) // 2) + text
    start, _ = place(new, anchor, old_length=len(text))
    expected = s * len(new) / len(text)
    starts = [i for i in range(len(new)) if new.startswith("开展培训", i)]
    assert start == min(starts[1:], key=lambda h: abs(h - expected))  # the first copy lost its prefix
    assert start != starts[1]


def test_context_scores_are_compared_to_two_decimals():
    quote, prefix, suffix = "开展培训", "甲" * 150, "乙" * 150
    near = "丙" + "甲" * 149 + quote + suffix  # 299 of 300 context characters: 0.9967 rounds to 1.00
    far = prefix + quote + suffix
    text = near + "丁" * 20 + far
    assert place(text, Anchor(None, None, quote, prefix, suffix)) == (150, 154)  # a tie: the first


def test_context_score_counts_matching_characters_next_to_the_span():
    text = "abXYZdef"
    assert _context_score(text, 2, 5, "zab", "deq") == 4 / 6
    assert _context_score(text, 2, 5, "", "") == 0.0
    assert _context_score(text, 2, 5, "ab", "") == 1.0
    assert _context_score("abXc", 2, 3, "zab", "") == 2 / 3
    assert _context_score(text, 2, 5, "qqq", "qqq") == 0.0


def test_make_anchor_context_at_the_start_and_bad_spans():
    a = make_anchor(BASE, 5, 8)
    assert a.prefix == BASE[:5] and a.suffix == BASE[8:8 + CONTEXT]
    with pytest.raises(ValueError, match="outside text"):
        make_anchor(BASE, 0, len(BASE) + 1)


def test_ratio_edge_cases():
    assert _ratio("", "") == 1.0
    assert _ratio("甲", "") == 0.0 and _ratio("", "甲") == 0.0
    rng = random.Random(0)
    a = "".join(rng.choice("甲乙丙丁戊") for _ in range(210))
    b = a[:100] + "".join(rng.choice("甲乙丙丁戊") for _ in range(10)) + a[100:]
    assert _ratio(a, b) > 0.95  # no "popular character" junk heuristic on long texts


# --- fuzzy placement ---------------------------------------------------------

PAD = "一" * 50
Q12 = "甲乙丙丁戊己庚辛壬癸子丑"
Q8 = "甲乙丙丁戊己庚辛"


def test_fuzzy_rejects_a_copy_below_the_threshold():
    text = PAD + Q12[:4] + "口口口口" + Q12[8:] + PAD  # 8 of 12 characters left
    assert _fuzzy(text, Anchor(None, None, Q12), None) is None


def test_fuzzy_context_that_does_not_match_lowers_the_score():
    text = PAD + Q12[:4] + "口口口" + Q12[7:] + PAD  # 9 of 12 characters left
    assert _fuzzy(text, Anchor(None, None, Q12), None) == (50, 62)
    assert _fuzzy(text, Anchor(None, None, Q12, prefix="完全不同的前缀内容"), None) is None
    assert _fuzzy(text, Anchor(None, None, Q12, suffix="完全不同的后缀内容"), None) is None


def test_fuzzy_candidates_from_a_prefix_or_suffix_of_four_characters():
    assert _fuzzy(PAD + "前文四字开展培X" + PAD, Anchor(None, None, "开展培训", prefix="前文四字"), None) == (54, 58)
    assert _fuzzy(PAD + "开展培X后文四字" + PAD, Anchor(None, None, "开展培训", suffix="后文四字"), None) == (50, 54)
    assert _fuzzy(PAD + "前文三开展培X" + PAD, Anchor(None, None, "开展培训", prefix="前文三"), None) is None


def test_fuzzy_candidates_from_the_ends_of_an_eight_character_quote():
    assert _fuzzy(PAD + "甲乙丙丁X己庚辛" + PAD, Anchor(None, None, Q8), None) == (50, 58)
    assert _fuzzy("X乙丙丁戊己庚辛" + PAD, Anchor(None, None, Q8), None) == (0, 8)  # from its end, at 0
    assert _fuzzy(PAD + "甲乙丙丁戊己", Anchor(None, None, Q8), None) is None  # never past the end
    assert _fuzzy(PAD + "甲乙丙X戊己庚" + PAD, Anchor(None, None, Q8[:7]), None) is None  # 7: no quote probes


def test_fuzzy_span_follows_an_insertion_inside_the_quote():
    text = PAD + Q12[:6] + "插入" + Q12[6:] + PAD
    assert _fuzzy(text, Anchor(None, None, Q12), None) == (50, 64)


def test_fuzzy_span_never_starts_or_ends_on_a_paragraph_break():
    prefix = "前文内容四字以上"
    text = "开头" + prefix + "\n开展培" + "结尾文字"
    assert _fuzzy(text, Anchor(None, None, "开展培训", prefix=prefix), None) == (11, 14)
    suffix = "后文内容四字以上"
    text = "前面" + "X展培训\n" + suffix + "结尾"
    assert _fuzzy(text, Anchor(None, None, "开展培训", suffix=suffix), None) == (3, 6)


def test_fuzzy_ties_go_to_the_candidate_nearest_the_expected_position():
    near_copy = Q12[:6] + "X" + Q12[7:]
    text = PAD + near_copy + PAD + near_copy + PAD
    anchor = Anchor(None, None, Q12)
    assert _fuzzy(text, anchor, 40.0) == (50, 62)
    assert _fuzzy(text, anchor, 130.0) == (112, 124)
    # place() scales the old offset to the new length before comparing.
    moved = Anchor(60, 72, Q12)
    assert place(text, moved, old_length=len(text)) == (50, 62)
    assert place(text, moved, old_length=len(text) // 2) == (112, 124)
    assert place(text, Anchor(None, None, Q12)) in [(50, 62), (112, 124)]


def test_fuzzy_candidate_at_the_very_start_of_the_text():
    assert _fuzzy("甲乙丙丁X己庚辛" + PAD, Anchor(None, None, Q8), None) == (0, 8)


@pytest.mark.parametrize("quote,remnant,found", [
    (Q12, Q12[:3] + Q12[-3:], True),  # half the quote's length: still a candidate
    (Q12 + "寅", Q12[:3] + Q12[-2:] + "寅", True),  # 6 of 13: half, rounded down
    (Q12, Q12[:3] + Q12[-2:], False),  # shorter than half: not a candidate
])
def test_fuzzy_span_between_context_probes_is_at_least_half_the_quote(quote, remnant, found):
    prefix, suffix = "前文内容四字以上前文内容", "后文内容四字以上后文内容"
    text = "一" * 30 + prefix + remnant + suffix + "一" * 30
    start = 30 + len(prefix)
    expected = (start, start + len(remnant)) if found else None
    assert _fuzzy(text, Anchor(None, None, quote, prefix=prefix, suffix=suffix), None) == expected
