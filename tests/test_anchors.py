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
