"""Outline detection, title guessing and portal-clutter rules of desktop.text."""

from __future__ import annotations

import random

import pytest

from desktop.text import (
    Section,
    SectionIndex,
    canonical_text,
    detect_sections,
    guess_title,
    heading_of_line,
    is_clutter_line,
    section_at,
    strip_clutter,
)

OUTLINE = "\n".join([
    "关于2024年度法治政府建设情况的报告",
    "一、主要工作",
    "(一)强化领导",
    "1.成立领导小组",
    "(1)召开会议",
    "正文一段。",
    "2、明确职责",
    "（二）规范执法,严格程序。执法人员持证上岗,全年培训3期。",
    "二、存在问题",
    "正文。",
])


def test_outline_levels_follow_the_chinese_numbering_hierarchy():
    found = [(s.level, s.title) for s in detect_sections(OUTLINE)]
    assert found == [
        (1, "一、主要工作"), (2, "(一)强化领导"), (3, "1.成立领导小组"), (4, "(1)召开会议"),
        (3, "2、明确职责"), (2, "（二）规范执法,严格程序"), (1, "二、存在问题"),
    ]


def test_sections_span_until_the_next_heading_of_the_same_or_higher_level():
    sections = detect_sections(OUTLINE)
    first, second = sections[0], sections[-1]
    assert OUTLINE[first.start:].startswith("一、主要工作")
    assert OUTLINE[first.end + 1:].startswith("二、存在问题")
    assert second.end == len(OUTLINE)
    pos = OUTLINE.index("召开会议")
    assert section_at(sections, pos).title == "(1)召开会议"


def test_numbers_that_are_not_labels_are_not_headings():
    for line in ("1.5万元用于普法宣传。", "2024年,我镇扎实推进法治建设工作。", "一是加强学习,提高能力。" * 5):
        assert heading_of_line(line) is None


def test_styled_lines_win_over_patterns():
    text = "总体情况\n正文。\n具体做法\n更多正文。"
    sections = detect_sections(text, styled=[(0, 1), (2, 2)])
    assert [(s.level, s.title) for s in sections] == [(1, "总体情况"), (2, "具体做法")]


@pytest.mark.parametrize("text,fallback,expected", [
    ("某镇关于2024年度法治政府建设情况的报告\n正文。", "f", "某镇关于2024年度法治政府建设情况的报告"),
    ("尼山镇人民政府\n关于2024年度法治政府建设的情况报告\n正文。", "f", "尼山镇人民政府关于2024年度法治政府建设的情况报告"),
    ("坡头镇人民政府文件\n坡头镇人民政府关于2019年度法治政府建设的工作报告\n正文", "f", "坡头镇人民政府关于2019年度法治政府建设的工作报告"),
    ("2024年,在区委、区政府的坚强领导下,天龙镇深入践行习近平法治思想,全面贯彻落实各项要求。\n一、强化统筹", "001_abc", "001_abc"),
    ("|\n2020年,掌起镇在市委、市政府的正确领导下,深入贯彻落实法治慈溪建设要求。", "004_x", "004_x"),
])
def test_guess_title(text, fallback, expected):
    assert guess_title(text, fallback) == expected


def test_guess_title_without_fallback_keeps_the_first_line():
    assert guess_title("2024年,我镇扎实推进法治政府建设,取得明显成效,群众满意度持续提升。") .startswith("2024年")


@pytest.mark.parametrize("line", [
    "首页 > 政务公开 > 法定主动公开内容 > 法治政府建设年度报告",
    "当前位置：首页 > 新闻中心",
    "发布时间:2020-02-21 10:02 来源: 本网 字号: 【大】 【中】 【小】",
    "信息来源:天龙镇 发布时间:2025-01-20 09:31 浏览次数: 字号: 【大】 【中】 【小】",
    "来源:曲阜市尼山镇 浏览: 日期:2025-01-03 11:16",
    "分享 打印 关闭", "【打印本页】 【关闭窗口】", "扫一扫在手机打开当前页", "|", "上一篇：关于印发某某方案的通知",
    "阅读次数：1234 发布时间：2024-01-01", "【我要纠错】 【打印本页】 【关闭窗口】", "【字体：大 中 小】",
])
def test_portal_furniture_is_clutter(line):
    assert is_clutter_line(line)


@pytest.mark.parametrize("line", [
    "坡头镇人民政府", "2020年2月19日", "一、主要工作措施及成效",
    "来源于群众的意见建议全部办结,群众满意度持续提升,全年共收到意见建议120条并逐一答复。",
])
def test_report_lines_are_not_clutter(line):
    assert not is_clutter_line(line)


def test_strip_clutter_reports_what_it_dropped_and_spares_the_middle():
    body = ["正文第一段内容较长，" * 8, "分享 打印 关闭", "正文第二段内容较长，" * 8]
    kept, dropped = strip_clutter(["首页 > 政务公开", "标题"] + body + ["分享 打印 关闭"])
    assert kept == ["标题"] + body
    assert dropped == ["首页 > 政务公开", "分享 打印 关闭"]


def test_canonical_text_trims_and_drops_empty_lines_and_junk():
    assert canonical_text(["  \ufeff甲 ", "", "乙\r\n丙", "\x00"]) == "甲\n乙\n丙"


# --- SectionIndex: section_at by bisect ---------------------------------------


def linear_section_at(sections: list[Section], offset: int) -> Section | None:
    """The original loop of section_at, kept here as the reference."""
    best = None
    for section in sections:
        if section.start <= offset <= section.end:
            if best is None or section.level >= best.level:
                best = section
    return best


def assert_same_as_linear(sections: list[Section], offsets) -> None:
    index = SectionIndex(sections)
    for offset in offsets:
        expected = linear_section_at(sections, offset)
        assert index.at(offset) is expected, (offset, sections)
        assert section_at(sections, offset) is expected


def test_section_index_on_the_detected_outline():
    sections = detect_sections(OUTLINE)
    assert_same_as_linear(sections, range(-2, len(OUTLINE) + 3))
    assert SectionIndex(sections).at(OUTLINE.index("召开会议")).title == "(1)召开会议"


def random_outline(rng: random.Random) -> str:
    labels = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
    lines = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.4:
            lines.append(labels[rng.randint(1, 4)] + "标题" * rng.randint(1, 4))
        else:
            lines.append("正文内容。" * rng.randint(1, 3))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_section_index_matches_the_linear_scan_on_random_outlines(seed):
    rng = random.Random(seed)
    text = random_outline(rng)
    sections = detect_sections(text)
    assert_same_as_linear(sections, range(-1, len(text) + 2))


@pytest.mark.parametrize("seed", range(40))
def test_section_index_matches_the_linear_scan_on_arbitrary_spans(seed):
    # Overlapping, equal, inverted and single-offset spans, levels in any order.
    rng = random.Random(1000 + seed)
    sections = []
    for k in range(rng.randint(0, 25)):
        start = rng.randint(0, 60)
        end = start + rng.choice([-3, 0, 0, 1, 5, 20, 60])
        sections.append(Section(rng.randint(1, 4), start, end, f"s{k}"))
    if sections and rng.random() < 0.5:
        sections.append(Section(sections[0].level, sections[0].start, sections[0].end, "copy"))
    assert_same_as_linear(sections, range(-2, 130))


def test_section_index_boundaries_are_inclusive():
    outer = Section(1, 10, 20, "outer")
    inner = Section(2, 12, 15, "inner")
    index = SectionIndex([outer, inner])
    assert [index.at(o) for o in (9, 10, 11, 12, 15, 16, 20, 21)] == [
        None, outer, outer, inner, inner, outer, outer, None]


def test_section_index_empty_and_inverted():
    assert SectionIndex([]).at(0) is None
    assert SectionIndex([]).at(-5) is None
    inverted = Section(1, 10, 5, "inverted")
    assert SectionIndex([inverted]).at(7) is None and SectionIndex([inverted]).at(10) is None


def test_section_index_ties_go_to_the_later_section_and_levels_win():
    a = Section(2, 0, 10, "a")
    b = Section(2, 5, 15, "b")
    deeper = Section(3, 0, 3, "deeper")
    shallower = Section(1, 0, 30, "shallower")
    index = SectionIndex([a, b, deeper, shallower])
    assert index.at(0) is deeper and index.at(3) is deeper
    assert index.at(4) is a
    assert index.at(5) is b and index.at(10) is b  # same level: the later one
    assert index.at(11) is b and index.at(15) is b
    assert index.at(16) is shallower and index.at(30) is shallower and index.at(31) is None
    assert SectionIndex([b, a]).at(7) is a  # order of the list, not of the offsets
    twins = [Section(1, 0, 5, "first"), Section(1, 0, 5, "second")]
    assert SectionIndex(twins).at(2) is twins[1]


def test_section_index_accepts_any_iterable():
    sections = detect_sections(OUTLINE)
    index = SectionIndex(iter(sections))
    pos = OUTLINE.index("正文。")
    assert index.at(pos) is section_at(sections, pos)


# --- boundaries of the canonical text, outline and clutter rules -------------------


def test_canonical_text_splits_every_kind_of_line_break_and_only_those():
    assert canonical_text(["a\r\nb", "c\rd", "e f", " g \n\n h "]) == "a\nb\nc\nd\ne f\ng\nh"


def test_line_spans_split_on_newlines_only():
    from desktop.text import line_spans

    assert line_spans("a b\nc") == [(0, 3), (4, 5)]


def test_heading_title_length_limits():
    assert heading_of_line("一、") == (1, "一、")
    assert heading_of_line("一、" + "甲" * 38) == (1, "一、" + "甲" * 38)  # 40 characters
    assert heading_of_line("一、" + "甲" * 39) is None
    assert heading_of_line("一、主要工作。") == (1, "一、主要工作")


def test_styled_heading_titles_are_cut_at_eighty_characters():
    text = "甲" * 100 + "\n正文。"
    assert detect_sections(text, styled=[(0, 1)])[0].title == "甲" * 80


def test_every_section_ends_before_the_next_heading_of_its_level_or_higher():
    sections = detect_sections(OUTLINE)
    starts = [s.start for s in sections]
    for i, section in enumerate(sections):
        stop = next((s.start for s in sections[i + 1:] if s.level <= section.level), None)
        assert section.end == (len(OUTLINE) if stop is None else stop - 1)
    assert sections[3].end == starts[4] - 1  # "(1)召开会议" ends where "2、明确职责" starts


@pytest.mark.parametrize("text,expected", [
    ("报告\n正文。", "报告"),  # two characters are enough
    ("关于" + "甲" * 56 + "报告\n正文。", "关于" + "甲" * 56 + "报告"),  # 60 characters
    ("关于" + "甲" * 57 + "报告\n正文。", "f"),  # 61: too long for a title
    ("关于 2024 年度工作的报告\n正文。", "关于 2024 年度工作的报告"),
    ("首页 > 政务公开\n某镇工作安排\n正文内容。", "某镇工作安排"),
    ("关于某事的报告\n正文。\n某镇人民政府", "关于某事的报告"),
    ("某某说明\n关于某事的报告\n正文。", "关于某事的报告"),
    ("某" * 16 + "人民政府\n关于某事的报告", "某" * 16 + "人民政府关于某事的报告"),  # org line of 20
    ("某" * 17 + "人民政府\n关于某事的报告", "关于某事的报告"),  # 21: not an org line
    ("某镇工作安排\n正文内容较长的一句话。", "某镇工作安排"),
    ("某镇人民政府文件\n某镇工作安排\n正文。", "某镇工作安排"),
    ("某" * 18 + "文件\n某镇工作安排\n正文。", "某镇工作安排"),  # letterhead of 20
    ("某" * 19 + "文件\n某镇工作安排\n正文。", "某" * 19 + "文件"),  # 21: not a letterhead
    ("甲文件\n乙文件\n丙文件\n某镇工作安排\n正文。", "f"),  # only the first three lines
    ("某" * 40 + "\n正文。", "某" * 40),
    ("某" * 41 + "\n正文。", "f"),
])
def test_guess_title_rules_and_limits(text, expected):
    assert guess_title(text, "f") == expected


def test_guess_title_looks_at_the_first_lines_only():
    body = ["正文第{}段的内容写得比较长，是一句完整的话。".format(i) for i in range(20)]
    assert guess_title("工作报告\n" + "\n".join(body)) == "工作报告"
    assert guess_title("\n".join(body[:5] + ["工作报告"] + body), "f") == "f"  # sixth line
    assert guess_title("\n".join(["|"] * 8 + ["年度报告"]), "f") == "f"  # ninth line
    assert guess_title("") == ""
    assert guess_title("甲" * 100 + "。") == "甲" * 80


@pytest.mark.parametrize("line,clutter", [
    ("  ", True),
    ("首页 > " + "甲" * 115, True),  # 120 characters: still looked at
    ("首页 > " + "甲" * 116, False),  # 121: a paragraph
    ("甲" * 130, False),
    ("发布时间：2024-01-01", True),
    ("群众来源：各村反映的问题", False),
    ("上一篇：" + "甲" * 56, True),  # 60 characters
    ("上一篇：" + "甲" * 57, False),
])
def test_clutter_line_rules_and_limits(line, clutter):
    assert is_clutter_line(line) is clutter


def test_strip_clutter_body_lines_are_longer_than_sixty_characters():
    bar = "分享 打印 关闭"
    for size, middle_kept in ((61, True), (60, False)):
        body = "正" * size
        kept, _ = strip_clutter([bar, body, bar, body + "。", bar])
        assert (bar in kept) is middle_kept
    kept, dropped = strip_clutter(["首页 > 政务公开", "标题", bar, "正" * 61])
    assert kept == ["标题", "正" * 61] and dropped == ["首页 > 政务公开", bar]


def test_strip_clutter_head_and_tail_regions():
    bar = "分享 打印 关闭"
    body = "正" * 61
    assert strip_clutter([bar, "标题"]) == (["标题"], [bar])  # no body line at all
    kept, _ = strip_clutter([bar, body, bar, body])
    assert kept == [body, bar, body]  # the last line counts as body
    kept, _ = strip_clutter([body] + [bar] * 18)
    assert kept == [body, bar, bar]  # only the last sixteen lines are the tail
    kept, _ = strip_clutter([bar] * 27)
    assert kept == [bar]  # neither in the first ten nor in the last sixteen
    kept, _ = strip_clutter([body] + [bar, ""] * 16)
    assert kept == [body]  # empty lines do not count: all sixteen bars are in the tail
