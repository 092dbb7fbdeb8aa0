"""The printed report as data (desktop.export.print_layout): which spans get a
note number and which number, where it goes, how each run is cut and shaded
and underlined, without Qt or a printer."""

from __future__ import annotations

import random

from desktop.export import docx_style as st
from desktop.export.print_layout import (
    FACES,
    RADICAL_IDEOGRAPHS,
    UNDERLINES,
    build,
    ideograph_for,
    number_notes,
    placed,
    run_style,
    searchable_pdf,
    shade,
)
from desktop.store import Annotation
from desktop.tags import BY_VALUE, TAG_VALUES
from desktop.text import Section

TEXT = ("某县人民政府关于2023年度法治政府建设情况的报告\n"
        "一、主要举措\n"
        "我县制定了年度规划，投入资金100万元，培训干部300人次。\n"
        "二、存在的不足\n"
        "宣传不够深入，考核不够严格。")
SECTIONS = [Section(1, TEXT.index("一、"), TEXT.index("二、") - 1, "一、主要举措"),
            Section(1, TEXT.index("二、"), len(TEXT), "二、存在的不足")]


def ann(i: int, quote: str, tag: str, note: str = "", *, occurrence: int = 0, length: int | None = None,
        orphaned: bool = False, reviewer: str = "张三") -> Annotation:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quote, start + 1)
    end = start + (len(quote) if length is None else length)
    return Annotation(i, 1, start, end, TEXT[start:end], "", "", tag, note, reviewer, "", "", orphaned)


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


# --- note numbers ----------------------------------------------------------------------------


def test_notes_are_numbered_in_the_order_their_numbers_appear():
    outer = ann(1, "我县制定了年度规划，投入资金100万元", "measure", "补充文号")
    inner = ann(2, "100万元", "figure", "与上年对比")  # ends with the outer one
    early = ann(3, "年度规划", "measure", "哪一年的")  # inside, ends first
    later = ann(4, "宣传不够深入", "weakness", "未分析原因")
    numbered = number_notes(TEXT, [later, inner, outer, early])
    assert [(n.number, n.annotation_id) for n, _ in numbered] == [(1, 3), (2, 1), (3, 2), (4, 4)]
    assert [at for _, at in numbered] == [span("年度规划")[1], span("100万元")[1], span("100万元")[1],
                                          span("宣传不够深入")[1]]
    first = numbered[0][0]
    assert (first.tag, first.note, first.reviewer, first.quote) == ("measure", "哪一年的", "张三", "年度规划")


def test_blank_notes_orphans_and_empty_spans_get_no_number():
    blank = ann(1, "年度规划", "measure", "  \n ")
    orphan = ann(2, "100万元", "figure", "有批注", orphaned=True)
    empty = ann(3, "300人次", "figure", "空", length=0)
    kept = ann(4, "300人次", "figure", " 核实 ")
    numbered = number_notes(TEXT, [blank, orphan, empty, kept])
    assert [(n.number, n.annotation_id, n.note) for n, _ in numbered] == [(1, 4, "核实")]
    assert [a.id for a in placed([blank, orphan, empty, kept], len(TEXT))] == [1, 4]


def test_a_span_past_the_text_is_clamped():
    start = TEXT.index("考核")
    over = Annotation(1, 1, start, len(TEXT) + 50, "", "", "", "weakness", "越界", "张三", "", "")
    [(note, at)] = number_notes(TEXT, [over])
    assert at == len(TEXT)
    assert build(TEXT, SECTIONS, [over]).blocks[-1].runs[-1].notes == (1,)


def test_a_span_of_only_a_break_numbers_at_the_next_paragraph():
    at = TEXT.index("\n")  # the break after the title
    alone = Annotation(1, 1, at, at + 1, "\n", "", "", "measure", "只有换行", "张三", "", "")
    [(_, m)] = number_notes(TEXT, [alone])
    assert m == at + 1
    blocks = build(TEXT, SECTIONS, [alone]).blocks
    assert [(r.text, r.tags, r.mark, r.notes) for r in blocks[1].runs] == [("1", (), True, (1,)),
                                                                          ("一、主要举措", (), False, ())]
    assert not any(r.mark for b in blocks if b is not blocks[1] for r in b.runs)
    twice = Annotation(3, 1, at, at + 1, "\n", "", "", "figure", "又一条", "张三", "", "")
    runs = build(TEXT, SECTIONS, [alone, twice]).blocks[1].runs
    assert [(r.text, r.notes) for r in runs if r.mark] == [("1,2", (1, 2))]
    # two characters, the last the break: the number goes after the first
    end = TEXT.index("\n二、") + 1
    short = Annotation(2, 1, end - 2, end, TEXT[end - 2:end], "", "", "measure", "句号", "张三", "", "")
    [(_, m)] = number_notes(TEXT, [short])
    assert m == end - 1 and TEXT[m - 1] == "。"


def test_an_empty_paragraph_gets_its_number_once():
    text = "甲乙\n\n丙丁"
    brk = Annotation(1, 1, 2, 3, "\n", "", "", "figure", "空行前", "张三", "", "")
    blocks = build(text, [], [brk]).blocks
    assert [b.text for b in blocks] == ["甲乙", "", "丙丁"]
    assert [(r.text, r.mark, r.notes) for r in blocks[1].runs] == [("1", True, (1,))]
    assert sum(r.mark for b in blocks for r in b.runs) == 1
    again = Annotation(2, 1, 2, 3, "\n", "", "", "measure", "再一条", "张三", "", "")
    assert [(r.text, r.notes) for r in build(text, [], [brk, again]).blocks[1].runs] == [("1,2", (1, 2))]


def test_a_span_starting_before_the_text_is_clamped_to_its_start():
    early = Annotation(1, 1, -3, 2, "", "", "", "measure", "", "张三", "", "")
    [kept] = placed([early], len(TEXT))
    assert (kept.start, kept.end) == (0, 2)
    runs = build(TEXT, SECTIONS, [early]).blocks[0].runs
    assert [(r.text, r.tags) for r in runs] == [(TEXT[:2], ("measure",)), (TEXT[2:TEXT.index("\n")], ())]
    before = Annotation(2, 1, -5, 0, "", "", "", "measure", "", "张三", "", "")  # wholly before it: gone
    assert placed([before], len(TEXT)) == [] and build(TEXT, SECTIONS, [before]).tags_used == ()


def test_a_span_ending_with_its_paragraph_break_keeps_its_number_in_that_paragraph():
    start = TEXT.index("我县")
    end = TEXT.index("二、")  # the break after the paragraph included
    whole = Annotation(1, 1, start, end, TEXT[start:end], "", "", "measure", "整段", "张三", "", "")
    [(_, at)] = number_notes(TEXT, [whole])
    assert at == end - 1 and TEXT[at] == "\n"
    blocks = build(TEXT, SECTIONS, [whole]).blocks
    assert blocks[2].runs[-1].mark and blocks[2].runs[-1].notes == (1,)
    assert not any(r.mark for r in blocks[3].runs)


# --- runs ---------------------------------------------------------------------------------------


def test_paragraphs_keep_the_text_and_kinds():
    layout = build(TEXT, SECTIONS, [])
    assert [b.text for b in layout.blocks] == TEXT.split("\n")
    assert [b.kind for b in layout.blocks] == ["title", "heading", "body", "heading", "body"]
    assert all(r.bold for r in layout.blocks[0].runs)
    assert [(r.text, r.bold) for r in layout.blocks[1].runs] == [("一、主要举措", True)]
    assert not any(r.bold or r.tags for r in layout.blocks[2].runs)
    assert layout.notes == [] and layout.tags_used == ()


def test_a_text_opening_with_a_sentence_has_no_title():
    text = "我县全年办理行政复议案件12件，比上年增加3件，依法纠错2件。\n第二段。"
    assert [b.kind for b in build(text, [], []).blocks] == ["body", "body"]
    assert build("", [], []).blocks[0].kind == "body"


def test_levels_and_a_heading_in_the_first_paragraph():
    assert [b.level for b in build(TEXT, SECTIONS, []).blocks] == [0, 1, 0, 1, 0]
    text = "（一）健全网络，完善制度。我镇健全了工作网络。\n第二段。"
    layout = build(text, [Section(2, 0, len(text), "（一）健全网络，完善制度。")], [])
    first = layout.blocks[0]
    assert (first.kind, first.level) == ("heading", 2)
    assert [(r.text, r.bold) for r in first.runs] == [("（一）健全网络，完善制度。", True), ("我镇健全了工作网络。", False)]


def test_odd_outline_entries():
    # no title: nothing bold, no heading; level 0: a heading of level 1; a title longer
    # than its paragraph (an outline of an older text): bold to the paragraph's end only
    text = "报告\n一、工作\n内容。\n二、问题"
    start = text.index("一、")
    blank = build(text, [Section(1, start, len(text), "")], []).blocks[1]
    assert (blank.kind, [r.bold for r in blank.runs]) == ("body", [False])
    zero = build(text, [Section(0, start, len(text), "一、工作")], []).blocks[1]
    assert (zero.kind, zero.level) == ("heading", 1)
    long = build(text, [Section(1, start, len(text), "一、工作和成效")], []).blocks
    assert [(r.text, r.bold) for r in long[1].runs] == [("一、工作", True)]
    assert [b.text for b in long] == text.split("\n")
    # an entry without a title does not end the outline: the next one still counts
    later = text.index("二、")
    both = build(text, [Section(1, start, later - 1, ""), Section(1, later, len(text), "二、问题")], []).blocks
    assert [b.kind for b in both] == ["title", "body", "body", "heading"]
    # an entry starting inside a paragraph: its words bold, the paragraph stays body text
    inside = text.index("容")
    mid = build(text, [Section(1, inside, len(text), "容")], []).blocks[2]
    assert (mid.kind, [(r.text, r.bold) for r in mid.runs]) == ("body", [("内", False), ("容", True), ("。", False)])
    # an entry on the title line leaves it the title, of no level
    top = build(text, [Section(1, 0, len(text), "报告")], []).blocks[0]
    assert (top.kind, top.level) == ("title", 0)


def test_only_the_headings_own_words_are_bold():
    text = "报告\n（一）健全网络，完善制度。我镇健全了工作网络。"
    start = text.index("（一）")
    layout = build(text, [Section(2, start, len(text), "（一）健全网络，完善制度。")], [])
    block = layout.blocks[1]
    assert block.kind == "heading" and block.level == 2
    assert [(r.text, r.bold) for r in block.runs] == [("（一）健全网络，完善制度。", True), ("我镇健全了工作网络。", False)]


def test_nested_and_overlapping_spans_cut_runs_with_tags_outermost_first():
    measure = ann(1, "我县制定了年度规划，投入资金100万元", "measure", "补充文号")
    figure = ann(2, "100万元", "figure", "与上年对比")
    weakness = ann(3, "万元，培训干部", "weakness")  # across the end of both
    body = build(TEXT, SECTIONS, [weakness, figure, measure]).blocks[2]
    assert body.text == TEXT.split("\n")[2]
    runs = [(r.text, r.tags, r.mark, r.notes) for r in body.runs]
    assert runs == [
        ("我县制定了年度规划，投入资金", ("measure",), False, ()),
        ("100", ("measure", "figure"), False, ()),
        ("万元", ("measure", "figure", "weakness"), False, ()),
        ("1,2", ("weakness",), True, (1, 2)),  # both notes end here; the weakness goes on around them
        ("，培训干部", ("weakness",), False, ()),
        ("300人次。", (), False, ()),
    ]


def test_a_mark_after_a_span_at_the_end_of_a_paragraph_is_plain():
    last = ann(1, "考核不够严格。", "weakness", "需整改")
    block = build(TEXT, SECTIONS, [last]).blocks[-1]
    assert [(r.text, r.tags, r.mark) for r in block.runs][-2:] == [("考核不够严格。", ("weakness",), False),
                                                                  ("1", (), True)]
    assert block.runs[-1].style is None


def test_a_span_across_a_paragraph_break_shades_both_paragraphs():
    across = ann(1, "300人次。\n二、存在", "weakness", "跨段")
    layout = build(TEXT, SECTIONS, [across])
    assert [(r.text, r.tags) for r in layout.blocks[2].runs][-1] == ("300人次。", ("weakness",))
    heading = [(r.text, r.tags, r.bold, r.mark) for r in layout.blocks[3].runs]
    assert heading == [("二、存在", ("weakness",), True, False), ("1", (), False, True),
                       ("的不足", (), True, False)]
    assert layout.tags_used == ("weakness",)


def test_runs_match_a_character_by_character_reference():
    """Random spans: every character's run carries exactly the tags of the spans
    covering it (outermost first), and each noted span's number follows its last character."""
    rng = random.Random(12)
    for _ in range(200):
        anns = []
        for i in range(rng.randint(0, 7)):
            start = rng.randrange(len(TEXT))
            end = min(len(TEXT), start + rng.randint(1, 25))
            anns.append(Annotation(i + 1, 1, start, end, TEXT[start:end], "", "", rng.choice(TAG_VALUES),
                                   rng.choice(["", "批注"]), "张三", "", ""))
        layout = build(TEXT, SECTIONS, anns)
        assert "\n".join(b.text for b in layout.blocks) == TEXT
        order = sorted(anns, key=lambda a: (a.start, -a.end, a.id))
        pos = 0
        seen: list[tuple[int, ...]] = []
        for block in layout.blocks:
            for run in block.runs:
                if run.mark:
                    seen.append(run.notes)
                    continue
                for k in range(len(run.text)):
                    expected = tuple(a.tag for a in order if a.start <= pos + k < a.end)
                    assert run.tags == expected, (pos + k, anns)
                pos += len(run.text)
            pos += 1  # the paragraph break
        numbers = [n for group in seen for n in group]
        assert numbers == list(range(1, len(layout.notes) + 1))
        assert len(layout.notes) == sum(1 for a in anns if a.note)


# --- the look of a run -----------------------------------------------------------------------


def test_each_tag_has_its_own_underline_for_black_and_white_print():
    assert set(UNDERLINES) == set(TAG_VALUES)
    assert len(set(UNDERLINES.values())) == len(TAG_VALUES)
    assert UNDERLINES == {"measure": "single", "figure": "dash", "weakness": "wave"}


def test_run_style_is_the_innermost_tag_shaded_deeper_with_depth():
    assert run_style(()) is None and run_style(("旧标签",)) is None
    known = run_style(("measure", "旧标签"))
    assert known is not None and (known.tag, known.depth) == ("measure", 0)
    one = run_style(("measure",))
    assert one is not None
    assert (one.tag, one.depth, one.underline) == ("measure", 0, "single")
    assert one.background == BY_VALUE["measure"].highlight
    assert one.underline_colour == BY_VALUE["measure"].colour
    two = run_style(("measure", "figure"))
    assert two is not None
    assert (two.tag, two.depth, two.underline, two.underline_colour) == ("figure", 1, "dash", BY_VALUE["figure"].colour)
    assert two.background == shade("figure", 1) != BY_VALUE["figure"].highlight
    three = run_style(("measure", "figure", "weakness"))
    assert three is not None and (three.tag, three.depth, three.underline) == ("weakness", 2, "wave")


def test_deeper_shades_are_darker_and_stop_at_the_deepest_shown():
    def lightness(colour: str) -> int:
        return sum(int(colour[i:i + 2], 16) for i in (1, 3, 5))

    for tag in TAG_VALUES:
        shades = [shade(tag, d) for d in range(5)]
        assert shades[0] == BY_VALUE[tag].highlight
        assert lightness(shades[0]) > lightness(shades[1]) > lightness(shades[2]) > lightness(shades[3])
        assert shades[3] == shades[4]


# --- searchable PDF text -----------------------------------------------------------------------

CMAP = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        b"2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0004> [<5761> <2F08> <2EA0> <2EDA> ]\nendbfrange\n"
        b"2 beginbfchar\n<2F00> <2F00>\n<0009> <0031>\nendbfchar\n"
        b"1 beginbfrange\n<2F08> <2F08> <2F06>\nendbfrange\n"
        b"1 beginbfrange\n<0010> <0011> <2F08>\nendbfrange\nendcmap\n")


def pdf_with(cmap: bytes, filter_: bytes = b"") -> bytes:
    length = str(len(cmap)).encode()
    return (b"%PDF-1.4\n1 0 obj\n<< /Type /Font /ToUnicode 7 0 R >>\nendobj\n"
            + b"7 0 obj\n<< /Length " + length + filter_ + b" >>\nstream\n" + cmap
            + b"endstream\nendobj\n17 0 obj\n<< /Length 12 >>\nstream\n<2F08> <2F08>endstream\nendobj\n%%EOF\n")


#: Each radical Chinese fonts draw alike with an ideograph, then that ideograph (as the
#: glyphs show: a pair that does not look alike is a typo in the table).
RADICAL_PAIRS = ("⺌小⺍小⺖忄⺗心⺘扌⺙攵⺛旡⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺦丬⺨犭⺩王⺪疋⺫目⺬示⺭礻⺯糸⺰纟⺳罓⺹耂"
                 "⺼肉⺾艹⻂衤⻄西⻅见⻆角⻈讠⻉贝⻋车⻍辶⻐钅⻓长⻔门⻖阝⻗雨⻘青⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨"
                 "⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟")


def test_radicals_stand_for_their_ideographs():
    assert [chr(ideograph_for(ord(c))) for c in "⼈⺠⼀⼆⼯⾏⻚⻓⻘坡a1"] == list("人民一二工行页长青坡a1")
    for radical, ideograph in RADICAL_IDEOGRAPHS.items():
        assert 0x2E80 <= radical <= 0x2EFF and 0x4E00 <= ideograph <= 0x9FFF
    assert "".join(chr(k) + chr(v) for k, v in RADICAL_IDEOGRAPHS.items()) == RADICAL_PAIRS
    assert [chr(ideograph_for(ord(c))) for c in RADICAL_PAIRS[::2]] == list(RADICAL_PAIRS[1::2])


def test_the_kangxi_radicals_from_first_to_last_and_nothing_beside_them():
    # U+2F00 ⼀ and U+2FD5 ⿕ are the first and the last Kangxi radical
    assert [chr(ideograph_for(c)) for c in (0x2F00, 0x2F01, 0x2FD4, 0x2FD5)] == list("一丨龜龠")
    # unassigned code points around the blocks, and radicals the table leaves out, stay
    for code in (0x2EFF, 0x2E9A, 0x2E80, 0x2FD6, 0x2FDF, 0x2FEF, 0x4E00):
        assert ideograph_for(code) == code


def test_searchable_pdf_fixes_only_the_destinations_of_tounicode_maps_in_place():
    data = pdf_with(CMAP)
    fixed = searchable_pdf(data)
    assert len(fixed) == len(data)
    assert b"[<5761> <4EBA> <6C11> <9875> ]" in fixed  # 坡人民页
    assert b"<2F00> <4E00>\n<0009> <0031>" in fixed  # a source code stays, its destination is fixed
    assert b"<2F08> <2F08> <4E8C>" in fixed  # a one-code range
    assert b"<0010> <0011> <2F08>" in fixed  # a range of two: fixing its start would shift the other
    assert fixed.endswith(b"stream\n<2F08> <2F08>endstream\nendobj\n%%EOF\n")  # not a ToUnicode stream
    assert searchable_pdf(fixed) == fixed


def test_searchable_pdf_leaves_compressed_maps_alone():
    data = pdf_with(CMAP, b" /Filter /FlateDecode")
    assert searchable_pdf(data) == data
    assert searchable_pdf(b"not a pdf") == b"not a pdf"


def test_a_tounicode_reference_to_no_stream_changes_nothing():
    # no such object; an object that is no stream (the next object's stream is not its map);
    # a stream cut off before its end
    cmap = b"1 beginbfchar\n<0001> <2F08>\nendbfchar\n"
    missing = b"%PDF-1.4\n1 0 obj\n<< /ToUnicode 9 0 R >>\nendobj\n%%EOF\n"
    no_stream = (b"%PDF-1.4\n1 0 obj\n<< /ToUnicode 7 0 R >>\nendobj\n7 0 obj\n<< /Type /X >>\nendobj\n"
                 b"8 0 obj\n<< /Length 40 >>\nstream\n" + cmap + b"endstream\nendobj\n%%EOF\n")
    cut = b"%PDF-1.4\n1 0 obj\n<< /ToUnicode 7 0 R >>\nendobj\n7 0 obj\n<< /Length 40 >>\nstream\n" + cmap
    for data in (missing, no_stream, cut):
        assert searchable_pdf(data) == data
    assert searchable_pdf(pdf_with(cmap)) == pdf_with(cmap.replace(b"<2F08>", b"<4EBA>"))


def test_only_lines_inside_a_mapping_section_change():
    """Lines outside beginbf…/endbf… are no mappings; a bfchar line holding two mappings
    (one code a radical) is left whole rather than guessed at."""
    cmap = (b"1 beginbfchar\n<0001> <2F08>\nendbfchar\n"
            b"1 begincodespacerange\n<2F00> <2F08>\nendcodespacerange\n"
            b"1 beginbfrange\n<2F08> <2F08> <2F08>\nendbfrange\n"
            b"1 begincodespacerange\n<2F08> <2F08> <2F08>\nendcodespacerange\n"
            b"2 beginbfchar\n<00050006> <0041> <2F00> <00660069>\n<0007> <2F00>\nendbfchar\n")
    fixed = searchable_pdf(pdf_with(cmap))
    want = (b"1 beginbfchar\n<0001> <4EBA>\nendbfchar\n"
            b"1 begincodespacerange\n<2F00> <2F08>\nendcodespacerange\n"
            b"1 beginbfrange\n<2F08> <2F08> <4EBA>\nendbfrange\n"
            b"1 begincodespacerange\n<2F08> <2F08> <2F08>\nendcodespacerange\n"
            b"2 beginbfchar\n<00050006> <0041> <2F00> <00660069>\n<0007> <4E00>\nendbfchar\n")
    assert fixed == pdf_with(want)


def test_the_print_faces_are_the_word_faces_first_then_their_platform_names():
    # the printout asks first for the faces the Word export names
    assert [FACES[k][0] for k in ("title", "body", "heading1", "heading2")] == [
        st.TITLE_FONT, st.BODY_FONT, st.HEADING_FONT, st.KAI_FONT]
    for faces in FACES.values():
        assert len(set(faces)) == len(faces)


def test_a_dictionary_over_several_lines_and_streams_around_the_map():
    """Qt writes ``<<`` and ``>>`` on lines of their own; other streams before and after
    the map, a compressed map first in number and in the file, a cut-off map: only the
    plain maps change, each inside its own stream."""
    cmap = b"1 beginbfchar\n<0001> <2F08>\nendbfchar\n"
    fixed_cmap = cmap.replace(b"<2F08>", b"<4EBA>")

    def obj(number: bytes, body: bytes, extra: bytes = b"") -> bytes:
        return number + b" 0 obj\n<<\n/Length " + str(len(body)).encode() + extra + b"\n>>\nstream\n" + body + \
            b"endstream\nendobj\n"

    fonts = b"1 0 obj\n<< /ToUnicode 7 0 R >>\nendobj\n2 0 obj\n<< /ToUnicode 9 0 R >>\nendobj\n" \
            b"3 0 obj\n<< /ToUnicode 11 0 R >>\nendobj\n"
    flate = b"\n/Filter /FlateDecode"
    data = b"%PDF-1.4\n" + fonts + obj(b"7", cmap, flate) + obj(b"9", cmap) + obj(b"11", cmap, flate) + b"%%EOF\n"
    want = b"%PDF-1.4\n" + fonts + obj(b"7", cmap, flate) + obj(b"9", fixed_cmap) + obj(b"11", cmap, flate) + \
        b"%%EOF\n"
    assert searchable_pdf(data) == want
    # a map cut off at the end of the file (lower in number) does not stop the others
    cut = b"%PDF-1.4\n" + fonts[:-len(b"3 0 obj\n<< /ToUnicode 11 0 R >>\nendobj\n")] + obj(b"9", cmap) + \
        b"7 0 obj\n<<\n/Length 99\n>>\nstream\n" + cmap
    assert searchable_pdf(cut) == cut.replace(obj(b"9", cmap), obj(b"9", fixed_cmap))
