"""Compilations (汇编): the reports in one file found, adjusted and split (Qt-free).

Fixtures are built here as canonical text (and page starts / printed page
numbers for the fixed-layout case), so each signal that a new report starts
is tested alone: a page head, a page-number restart, a numbering restart, the
previous report's date line.
"""

from __future__ import annotations

import hashlib

import pytest

from desktop.analysis import compilation as comp
from desktop.analysis.compilation import MIN_PART_CHARS, Part, find_parts, move_start, split
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.store import operations as ops
from desktop.text import detect_sections

SENTENCE = "全面推进依法行政，扎实推进法治政府建设各项工作，为经济社会高质量发展提供坚实的法治保障。"


def body(unit: str, year: int, *, numbered: bool = True, date: bool = True) -> list[str]:
    lines = [f"{year}年，{unit}在县委、县政府的坚强领导下，深入贯彻落实习近平法治思想，" + SENTENCE * 4]
    lines += ["一、主要工作措施及成效"] if numbered else ["主要工作措施及成效"]
    lines += ["成立法治政府建设工作领导小组，全年召开专题会议4次，研究解决重点难点问题。" + SENTENCE]
    lines += ["二、存在的问题"] if numbered else ["存在的问题"]
    lines += ["普法宣传方式创新性不够，基层法治工作力量相对薄弱，专业人才较为缺乏。" + SENTENCE]
    if date:
        lines += [f"{unit}人民政府", f"{year + 1}年1月18日"]
    return lines


REPORTS = [("坡头镇", 2019), ("天龙镇", 2024), ("棣棠乡", 2023)]


def title(unit: str, year: int) -> str:
    return f"{unit}人民政府关于{year}年度法治政府建设情况的报告"


def doc_of(lines: list[str], *, page_lines: list[int] | None = None, labels: list[int | None] | None = None,
           name: str = "汇编.pdf") -> ImportedDocument:
    """An imported document of these lines; ``page_lines`` are the line numbers each page starts at."""
    text = "\n".join(lines)
    starts = []
    if page_lines is not None:
        offsets = [0]
        for ln in lines:
            offsets.append(offsets[-1] + len(ln) + 1)
        starts = [offsets[i] for i in page_lines]
    return ImportedDocument(lines[0], name, "ab" * 32, "pdf" if page_lines else "txt", text,
                            detect_sections(text), pages=len(starts) or None, page_starts=starts,
                            page_labels=list(labels or []))


def compiled(reports=REPORTS, **kw) -> list[str]:
    lines = ["2024年度法治政府建设年度报告汇编", "目录"]
    lines += [title(u, y) for u, y in reports]  # the contents: titles without a report's text under them
    for unit, year in reports:
        lines += [title(unit, year), *body(unit, year, **kw)]
    return lines


def test_three_reports_in_a_text_are_found_with_titles_units_years():
    doc = doc_of(compiled())
    parts = find_parts(doc)
    assert [(p.title, p.unit, p.year) for p in parts] == [(title(u, y), u, y) for u, y in REPORTS]
    # each part starts at its title, after the contents, and ends where the next starts
    assert [doc.text[p.start:p.start + len(p.title)] for p in parts] == [p.title for p in parts]
    assert parts[0].start > doc.text.index("目录")
    assert [p.end + 1 for p in parts[:-1]] == [p.start for p in parts[1:]]
    assert parts[-1].end == len(doc.text)
    assert all(p.first_page is None and p.last_page is None for p in parts)


def test_one_report_is_not_a_compilation():
    unit, year = REPORTS[1]
    assert find_parts(doc_of([title(unit, year), *body(unit, year)])) == []


def test_a_title_quoted_on_its_own_line_inside_a_report_is_not_a_second_report():
    unit, year = REPORTS[0]
    lines = [title(unit, year), *body(unit, year, date=False)]
    # a line naming another report, followed by text, without any sign that a new report starts
    at = lines.index("二、存在的问题")  # after a report's worth of the first one's text
    lines[at:at] = [f"{unit}{year}年度法治政府建设工作总结", "按照要求认真梳理全年工作。" + SENTENCE * 8]
    assert len(comp._candidates(lines)) == 2
    assert find_parts(doc_of(lines)) == []


def test_a_part_needs_a_report_worth_of_text():
    unit, year = REPORTS[0]
    heading = "一、工作开展情况"
    filler = "本年度工作。" + "法" * (MIN_PART_CHARS - len(heading) - len("本年度工作。"))
    head = [title(unit, year), *body(unit, year)]
    enough = head + [title("天龙镇", 2024), heading, filler]
    too_little = head + [title("天龙镇", 2024), heading, filler[:-1]]
    assert len(heading + filler) == MIN_PART_CHARS
    assert [p.unit for p in find_parts(doc_of(enough))] == ["坡头镇", "天龙镇"]
    assert find_parts(doc_of(too_little)) == []


@pytest.mark.parametrize("signal", ["page_head", "restart", "numbering", "date"])
def test_each_sign_that_a_report_starts_is_enough_alone(signal):
    first = [title("坡头镇", 2019), *body("坡头镇", 2019, numbered=False, date=signal == "date")]
    second = [title("天龙镇", 2024), *body("天龙镇", 2024, numbered=signal == "numbering", date=False)]
    lines = first + second
    at = len(first)
    if signal == "page_head":
        doc = doc_of(lines, page_lines=[0, at], labels=[None, None])
    elif signal == "restart":  # the second report starts mid-page, but its page is numbered 1 again
        doc = doc_of(lines, page_lines=[0, 3, at - 2], labels=[1, 2, 1])
    else:
        doc = doc_of(lines)
    assert [p.unit for p in find_parts(doc)] == ["坡头镇", "天龙镇"]
    # without the signal: one report that happens to hold a second title
    plain_first = [title("坡头镇", 2019), *body("坡头镇", 2019, numbered=False, date=False)]
    plain = plain_first + [title("天龙镇", 2024), *body("天龙镇", 2024, numbered=False, date=False)]
    at = len(plain_first)
    assert find_parts(doc_of(plain)) == []
    assert find_parts(doc_of(plain, page_lines=[0, 3, at - 2], labels=[1, 2, 3])) == []


def test_page_ranges_and_restarted_page_numbers():
    lines = compiled()
    heads = [i for i, ln in enumerate(lines) if ln in {title(u, y) for u, y in REPORTS}][3:]
    # cover, contents, then each report over two pages
    pages = [0, 1] + [p for h in heads for p in (h, h + 3)]
    labels = [None, None] + [1, 2] * 3
    doc = doc_of(lines, page_lines=pages, labels=labels)
    parts = find_parts(doc)
    assert [(p.first_page, p.last_page) for p in parts] == [(3, 4), (5, 6), (7, 8)]


def test_restart_pages():
    assert comp._restart_pages([None, 1, 2, 1, 2, 3, None, 1]) == {3, 7}
    assert comp._restart_pages([1, 2, 2, 3]) == {2}  # a number printed twice starts again too
    assert comp._restart_pages([]) == set()


def test_unit_line_above_a_title_without_a_unit_is_joined():
    lines = ["汇编", "坡头镇人民政府", "关于2019年度法治政府建设情况的报告", *body("坡头镇", 2019),
             "天龙镇人民政府", "关于2024年度法治政府建设情况的报告", *body("天龙镇", 2024)]
    parts = find_parts(doc_of(lines))
    assert [p.title for p in parts] == ["坡头镇人民政府关于2019年度法治政府建设情况的报告",
                                        "天龙镇人民政府关于2024年度法治政府建设情况的报告"]
    doc = doc_of(lines)
    assert doc.text[parts[1].start:].startswith("天龙镇人民政府\n关于")


def test_previous_signature_is_not_taken_for_the_next_units_letterhead():
    # 坡头镇's report ends with its signature line and no date; 天龙镇's title names its own unit
    first = [title("坡头镇", 2019), *body("坡头镇", 2019, date=False), "坡头镇人民政府"]
    lines = first + ["天龙镇2024年度法治政府建设工作报告", *body("天龙镇", 2024)]
    parts = find_parts(doc_of(lines))
    assert parts[1].title == "天龙镇2024年度法治政府建设工作报告"
    assert doc_of(lines).text[parts[0].start:parts[0].end].endswith("坡头镇人民政府")


def test_letterhead_and_document_number_open_the_part():
    second = ["天龙镇人民政府文件", "天政发〔2025〕3号", title("天龙镇", 2024), *body("天龙镇", 2024)]
    lines = [title("坡头镇", 2019), *body("坡头镇", 2019)] + second
    doc = doc_of(lines)
    parts = find_parts(doc)
    assert doc.text[parts[1].start:].startswith("天龙镇人民政府文件\n")
    assert parts[1].title == title("天龙镇", 2024)
    assert not doc.text[parts[0].start:parts[0].end].endswith("文件")


def test_titles_on_two_and_three_lines():
    lines = ["汇编", "坡头镇人民政府关于2019年度", "法治政府建设工作情况", "的报告", *body("坡头镇", 2019),
             "天龙镇人民政府关于2024年度", "法治政府建设的工作报告", *body("天龙镇", 2024)]
    parts = find_parts(doc_of(lines))
    assert [p.title for p in parts] == ["坡头镇人民政府关于2019年度法治政府建设工作情况的报告",
                                        "天龙镇人民政府关于2024年度法治政府建设的工作报告"]


def test_contents_rows_and_volume_title_are_never_reports():
    lines = ["2024年度法治政府建设年度报告汇编", "目录",
             f"{title('坡头镇', 2019)}……………… 3", f"{title('天龙镇', 2024)} 10"]
    lines += [title("坡头镇", 2019), *body("坡头镇", 2019), title("天龙镇", 2024), *body("天龙镇", 2024)]
    doc = doc_of(lines)
    parts = find_parts(doc)
    assert len(parts) == 2 and parts[0].start == doc.text.index(title("坡头镇", 2019) + "\n")
    assert comp._title_at(["2024年度法治政府建设年度报告汇编"], 0) is None
    assert comp._title_at([f"{title('坡头镇', 2019)}……………… 3"], 0) is None


def test_report_titles_need_the_subject():
    assert comp._title_at(["关于2024年度安全生产工作的报告"], 0) is None
    assert comp._title_at(["关于2024年度依法行政工作的报告"], 0) == (1, "关于2024年度依法行政工作的报告")
    assert comp._title_at(["关于2024年度法制宣传工作的总结"], 0) == (1, "关于2024年度法制宣传工作的总结")


def test_move_start_moves_the_boundary_and_checks_it():
    lines = compiled()
    heads = [i for i, ln in enumerate(lines) if ln in {title(u, y) for u, y in REPORTS}][3:]
    pages = [0, 1] + [p for h in heads for p in (h, h + 3)]
    doc = doc_of(lines, page_lines=pages, labels=[None, None] + [1, 2] * 3)
    parts = find_parts(doc)
    moved = move_start(doc, parts, 1, 6)
    assert moved[1].start == doc.page_starts[5] and moved[1].first_page == 6 and moved[1].end == parts[1].end
    assert moved[0].end == doc.page_starts[5] - 1 and moved[0].last_page == 5
    assert moved[2] == parts[2] and moved[1].title == parts[1].title
    first = move_start(doc, parts, 0, 2)  # the first part may start earlier (the contents page)
    assert first[0].start == doc.page_starts[1] and first[1:] == parts[1:]
    for bad in (3, 7, 8, 99, 0):
        with pytest.raises(ValueError):
            move_start(doc, parts, 1, bad)
    with pytest.raises(ValueError, match="没有第 2 页"):
        move_start(doc_of(compiled()), find_parts(doc_of(compiled())), 1, 2)


def test_split_gives_each_report_its_text_outline_and_name():
    lines = compiled()
    heads = [i for i, ln in enumerate(lines) if ln in {title(u, y) for u, y in REPORTS}][3:]
    pages = [0, 1] + [p for h in heads for p in (h, h + 3)]
    doc = doc_of(lines, page_lines=pages, labels=[None, None] + [1, 2] * 3)
    parts = find_parts(doc)
    docs = split(doc, parts)
    assert [d.title for d in docs] == [p.title for p in parts]
    assert [d.text for d in docs] == [doc.text[p.start:p.end] for p in parts]
    assert [d.source_name for d in docs] == ["汇编（第3-4页）.pdf", "汇编（第5-6页）.pdf", "汇编（第7-8页）.pdf"]
    assert len({d.source_sha256 for d in docs}) == 3
    assert docs[1].source_sha256 == hashlib.sha256(f"{doc.source_sha256}\n{docs[1].text}".encode()).hexdigest()
    for d in docs:
        assert [s.title for s in d.sections] == ["一、主要工作措施及成效", "二、存在的问题"]
        assert all(d.text[s.start:].startswith(("一、", "二、")) for s in d.sections)
        assert d.pages == 2 and d.page_labels == [1, 2] and d.page_starts[0] == 0
        assert d.text[d.page_starts[1]:].startswith(lines[heads[0] + 3][:10])
    plain = split(doc_of(compiled(), name="汇编.txt"), find_parts(doc_of(compiled(), name="汇编.txt")))
    assert [d.source_name for d in plain] == ["汇编（第1篇）.txt", "汇编（第2篇）.txt", "汇编（第3篇）.txt"]
    assert all(d.pages is None and d.page_starts == [] for d in plain)


def test_split_keeps_edited_titles_and_only_the_chosen_parts():
    doc = doc_of(compiled())
    parts = find_parts(doc)
    chosen = [Part("改过的标题", "新单位", 2020, parts[2].start, parts[2].end)]
    (only,) = split(doc, chosen)
    assert only.title == "改过的标题" and only.text == doc.text[parts[2].start:parts[2].end]


def test_import_documents_is_one_transaction_and_one_undo(tmp_path):
    doc = doc_of(compiled())
    parts = find_parts(doc)
    items = [ops.ImportDocument(d, unit=p.unit, year=p.year) for d, p in zip(split(doc, parts), parts)]
    with Project(tmp_path / "p.rdproj") as project:
        applied = project.run(ops.ImportDocuments(items))
        assert [r.action for r in applied.result] == ["new"] * 3
        infos = project.documents()
        assert [(d.title, d.unit, d.year) for d in infos] == [(p.title, p.unit, p.year) for p in parts]
        assert set(applied.changes.doc_ids()) == {d.id for d in infos}
        again = project.run(ops.ImportDocuments(items)).result
        assert [r.action for r in again] == ["duplicate"] * 3
        project.run(applied.inverse)
        assert project.documents() == []


def test_import_documents_rolls_back_when_one_fails(tmp_path):
    doc = doc_of(compiled())
    good = ops.ImportDocument(split(doc, find_parts(doc))[0])

    class Boom(ops.ImportDocument):
        def apply(self, project, w):
            raise RuntimeError("disk")

    with Project(tmp_path / "p.rdproj") as project:
        with pytest.raises(RuntimeError):
            project.run(ops.ImportDocuments([good, Boom(good.imported)]))
        assert project.documents() == []


def test_unit_line_after_text_is_the_previous_signature():
    # 坡头镇's report ends with its signature and no date; the next title names no unit
    first = [title("坡头镇", 2019), *body("坡头镇", 2019, date=False), "坡头镇人民政府"]
    lines = first + ["关于2024年度法治政府建设情况的报告", *body("天龙镇", 2024)]
    doc = doc_of(lines)
    parts = find_parts(doc)
    assert parts[1].title == "关于2024年度法治政府建设情况的报告"
    assert doc.text[parts[0].start:parts[0].end].endswith("坡头镇人民政府")
    assert parts[1].unit == "天龙镇"  # from the text of its own report


def test_a_number_line_under_a_signature_is_not_part_of_the_next_title():
    # a seed ends "尼山镇人民政府" / "202512" (a date typed without its characters)
    first = [title("坡头镇", 2019), *body("坡头镇", 2019, date=False), "坡头镇人民政府", "202512"]
    lines = first + ["天龙镇2024年度法治政府建设工作报告", *body("天龙镇", 2024)]
    parts = find_parts(doc_of(lines))
    assert [p.title for p in parts] == [title("坡头镇", 2019), "天龙镇2024年度法治政府建设工作报告"]
    assert comp._title_at(["202512", "天龙镇2024年度法治政府建设工作报告"], 0) is None
    assert comp._title_at(["天龙镇2024年度法治政府建设", "工作报告"], 0) == (2, "天龙镇2024年度法治政府建设工作报告")


def test_title_lines_edge_cases():
    three = ["天龙镇人民政府关于", "2024年度法治政府建设", "工作情况报告", "2024年，天龙镇深入贯彻落实。"]
    assert comp._title_at(three, 0) == (3, "天龙镇人民政府关于2024年度法治政府建设工作情况报告")
    assert comp._title_at(["天龙镇2024年度法治政府建设工作", "报告"], 0) == (2, "天龙镇2024年度法治政府建设工作报告")
    assert comp._title_at(["天龙镇2024年度法治政府建设工作", "报"], 0) is None
    assert comp._names_unit("某镇2024年度法治政府建设工作报告")
    assert not comp._names_unit("关于2024年度法治政府建设工作的报告")
    assert not comp._names_unit("镇关于2024年度法治政府建设工作的报告")


def _two(first_head: list[str], second_head: list[str], *, first_tail: list[str] = (), date: bool = True):
    return ([*first_head, *body("坡头镇", 2019, date=date), *first_tail]
            + [*second_head, *body("天龙镇", 2024)])


def test_unit_line_joins_by_what_comes_before_it():
    no_unit = "关于2024年度法治政府建设情况的报告"
    # at the very start of the text: joined (nothing before it)
    lines = ["坡头镇人民政府", "关于2019年度法治政府建设情况的报告", *body("坡头镇", 2019, date=False),
             "天龙镇人民政府文件", title("天龙镇", 2024), *body("天龙镇", 2024)]
    lines[-1] = "这是最后一段文字，它写得很长很长，超过了一行标题应有的长度，以句号结尾，是报告的正文。"
    assert find_parts(doc_of(lines))[0].title == "坡头镇人民政府关于2019年度法治政府建设情况的报告"
    # a short sentence before the signature: the unit line signs the previous report
    lines = _two([title("坡头镇", 2019)], [no_unit], first_tail=["特此报告。", "坡头镇人民政府"], date=False)
    assert find_parts(doc_of(lines))[1].title == no_unit
    # a line of exactly MAX_SHORT_LINE characters without a full stop (a cover line) is not text
    cover = "甲" * comp.MAX_SHORT_LINE
    lines = [cover, "天龙镇人民政府", no_unit, *body("天龙镇", 2024), title("坡头镇", 2019), *body("坡头镇", 2019)]
    assert find_parts(doc_of(lines))[0].title == "天龙镇人民政府" + no_unit
    lines[0] = cover + "甲"
    assert find_parts(doc_of(lines))[0].title == no_unit
    # the first title names no unit and the text ends with a signature: the signature is not its 红头
    lines = [no_unit, *body("坡头镇", 2019, date=False), title("天龙镇", 2024), *body("天龙镇", 2024),
             "天龙镇人民政府"]
    assert find_parts(doc_of(lines))[0].title == no_unit
    # a unit prefix of two characters is a unit: the line above is not joined
    lines = ["坡头镇人民政府", "某镇2019年度法治政府建设工作报告", *body("某镇", 2019),
             title("天龙镇", 2024), *body("天龙镇", 2024)]
    assert find_parts(doc_of(lines))[0].title == "某镇2019年度法治政府建设工作报告"


def test_one_letterhead_line_at_the_start_or_between_reports():
    lines = ["坡头镇人民政府文件", title("坡头镇", 2019), *body("坡头镇", 2019),
             "天龙镇人民政府文件", title("天龙镇", 2024), *body("天龙镇", 2024)]
    doc = doc_of(lines)
    parts = find_parts(doc)
    assert parts[0].start == 0
    assert doc.text[parts[1].start:].startswith("天龙镇人民政府文件\n")
    assert doc.text[parts[0].start:parts[0].end].endswith("2020年1月18日")


def test_a_rejected_title_between_two_reports_stays_in_the_first():
    quoted = ["坡头镇2019年度法治政府建设工作总结",
              "以下摘录本年度工作总结的主要内容，供参阅" + SENTENCE * 8]
    lines = [title("坡头镇", 2019), *body("坡头镇", 2019, date=False), *quoted,
             "2020年1月18日", title("天龙镇", 2024), *body("天龙镇", 2024)]
    doc = doc_of(lines)
    parts = find_parts(doc)
    assert [p.title for p in parts] == [title("坡头镇", 2019), title("天龙镇", 2024)]
    assert quoted[0] in doc.text[parts[0].start:parts[0].end]
    # a short title-like line (too little text under it) before the last report is skipped too
    short = [title("坡头镇", 2019), *body("坡头镇", 2019), "坡头镇法治政府建设情况", "见附表。",
             title("天龙镇", 2024), *body("天龙镇", 2024)]
    assert comp._title_at(short, short.index("坡头镇法治政府建设情况")) is not None
    assert [p.unit for p in find_parts(doc_of(short))] == ["坡头镇", "天龙镇"]


def test_first_report_on_the_first_page():
    lines = [title("坡头镇", 2019), *body("坡头镇", 2019), title("天龙镇", 2024), *body("天龙镇", 2024)]
    at = lines.index(title("天龙镇", 2024))
    doc = doc_of(lines, page_lines=[0, 4, at, at + 4], labels=[1, 2, 1, 2])
    parts = find_parts(doc)
    assert [(p.first_page, p.last_page) for p in parts] == [(1, 2), (3, 4)]
    assert comp.page_offset(doc, 1) == 0 and comp.page_offset(doc, 4) == doc.page_starts[3]
    assert comp.page_offset(doc, 5) is None and comp.page_offset(doc, 0) is None
    # the first report may start on page 1, the last on the last page
    assert move_start(doc, parts, 0, 1)[0] == parts[0]
    moved = move_start(doc, parts, 1, 4)
    assert moved[1].first_page == 4 and moved[0].last_page == 3 and moved[0].title == parts[0].title
    with pytest.raises(ValueError, match="第 1 页不在前后两篇报告之间"):
        move_start(doc, parts, 1, 1)


def test_a_trailing_page_without_text_cannot_start_a_report():
    lines = [title("坡头镇", 2019), *body("坡头镇", 2019), title("天龙镇", 2024), *body("天龙镇", 2024)]
    at = lines.index(title("天龙镇", 2024))
    doc = doc_of(lines, page_lines=[0, at], labels=[1, 1])
    doc.page_starts.append(len(doc.text))  # a blank last page: it starts where the text ends
    with pytest.raises(ValueError):
        move_start(doc, find_parts(doc), 1, 3)


def test_split_clamps_and_keeps_the_outline():
    from desktop.text import Section

    doc = doc_of(compiled())
    parts = find_parts(doc)
    first = parts[0]
    # a section opening exactly at the part's start (a styled title) and one running past its end
    doc.sections = [Section(0, first.start, first.end, "标题"), Section(1, first.start + 5, len(doc.text), "长")]
    (piece,) = split(doc, [first])
    assert [(s.level, s.start, s.end, s.title) for s in piece.sections] == \
        [(0, 0, len(piece.text), "标题"), (1, 5, len(piece.text), "长")]
    doc.sections = []  # a reader that gave no outline: the part's own is detected
    (piece,) = split(doc, [first])
    assert [s.title for s in piece.sections] == ["一、主要工作措施及成效", "二、存在的问题"]


def test_a_text_compilation_opening_with_its_cover_line():
    from desktop.importers import import_bytes

    lines = ["2024年度法治政府建设年度报告汇编", title("坡头镇", 2019), *body("坡头镇", 2019),
             title("天龙镇", 2024), *body("天龙镇", 2024)]
    doc = import_bytes("\n".join(lines).encode("utf-8"), "汇编.txt")
    assert [p.title for p in find_parts(doc)] == [title("坡头镇", 2019), title("天龙镇", 2024)]
