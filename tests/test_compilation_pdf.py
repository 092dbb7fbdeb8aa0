"""Compilation PDFs end to end: the five seed reports bound into one PDF and split
headless with ``import --split``, and the PDF reading a split relies on (where
each page starts, printed page numbers, per-report running headers, contents
rows, titles on several lines at the head of a page)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.analysis.compilation import find_parts
from desktop.importers import import_file
from desktop.importers.pdf_layout import Line, PageLines
from desktop.importers.pdf_paragraphs import _furniture, page_number_value, paragraphs
from desktop.store import Project
from tests.fixtures.compilation_pdf import compilation_pdf, report_paragraphs

REPO = Path(__file__).resolve().parent.parent

#: each seed's title as its township wrote it, its unit and the year it reports on
SEED_REPORTS = {
    "000": ("坡头镇人民政府关于2019年度法治政府建设的工作报告", "坡头镇", 2019),
    "001": ("天龙镇2024年度法治政府建设工作报告", "天龙镇", 2024),
    "002": ("棣棠乡2023年度法治政府建设情况报告", "棣棠乡", 2023),
    "003": ("尼山镇人民政府关于2024年度法治政府建设的情况报告", "尼山镇", 2024),
    "004": ("掌起镇2020年度法治政府建设工作报告", "掌起镇", 2020),
}


def _seed_body(path: Path, title: str) -> list[str]:
    """The seed's paragraphs as the txt importer reads them, its own title lines removed."""
    lines = import_file(path).text.split("\n")
    while lines and (lines[0] in title or "法治政府建设" in lines[0] and len(lines[0]) <= 40):
        lines.pop(0)
    return lines


@pytest.fixture(scope="module")
def five_seed_pdf(tmp_path_factory) -> tuple[Path, list[list[str]]]:
    reports, bodies = [], []
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    assert [p.name[:3] for p in seeds] == sorted(SEED_REPORTS)
    for path in seeds:
        title = SEED_REPORTS[path.name[:3]][0]
        body = _seed_body(path, title)
        reports.append((title, body))
        bodies.append(body)
    out = tmp_path_factory.mktemp("comp") / "2024年度法治政府建设年度报告汇编.pdf"
    out.write_bytes(compilation_pdf(reports))
    return out, bodies


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_import_split_of_the_five_seeds_gives_five_reports(tmp_path, five_seed_pdf):
    pdf, bodies = five_seed_pdf
    project = tmp_path / "round.rdproj"
    result = _run("import", "--split", str(project), str(pdf))
    assert result.returncode == 0, result.stderr
    assert "拆出 5 篇报告" in result.stdout and result.stdout.count("已导入") == 5
    with Project(project) as p:
        docs = [p.document(d.id) for d in p.documents()]
    expected = [SEED_REPORTS[k] for k in sorted(SEED_REPORTS)]
    assert [(d.title, d.unit, d.year) for d in docs] == expected
    for doc, body in zip(docs, bodies):
        assert doc.text.startswith(doc.title[:6])
        # the first and last paragraphs of its own report, nothing of the next one
        assert body[1][:30].replace(" ", "") in doc.text.replace(" ", "")
        assert doc.text.rstrip().endswith(body[-1][-12:].rstrip())
        assert doc.pages and doc.pages >= 1
    firsts = [doc.source_name for doc in docs]
    assert firsts[0].startswith("2024年度法治政府建设年度报告汇编（第3-")
    # a second run finds every report already there: nothing is added twice
    again = _run("import", "--split", str(project), str(pdf))
    assert again.returncode == 0 and again.stdout.count("已在项目中") == 5


def test_without_split_the_file_is_one_report_and_the_reports_are_named(tmp_path, five_seed_pdf):
    pdf, _ = five_seed_pdf
    project = tmp_path / "round.rdproj"
    result = _run("import", str(project), str(pdf))
    assert result.returncode == 0
    assert "像是汇编，含 5 篇报告" in result.stderr and "import --split" in result.stderr
    assert SEED_REPORTS["003"][0] in result.stderr
    with Project(project) as p:
        assert len(p.documents()) == 1


def test_split_of_a_single_report_imports_it_whole(tmp_path, seed_paths):
    project = tmp_path / "round.rdproj"
    result = _run("import", "--split", str(project), str(seed_paths[2]))
    assert result.returncode == 0
    assert "未在" in result.stdout and "按一篇报告导入" in result.stdout
    with Project(project) as p:
        assert len(p.documents()) == 1


def test_pages_of_a_compilation_are_located_and_numbered():
    reports = [("坡头镇人民政府关于2023年度法治政府建设情况的报告", report_paragraphs("坡头镇", 2023, 3)),
               ("天龙镇2024年度法治政府建设工作报告", report_paragraphs("天龙镇", 2024, 3))]
    doc = import_file_bytes(compilation_pdf(reports))
    assert len(doc.page_starts) == doc.pages == len(doc.page_labels)
    assert doc.page_labels[:2] == [None, None]  # cover and contents carry no number
    restarts = [i for i, n in enumerate(doc.page_labels) if n == 1]
    assert len(restarts) == 2 and restarts[0] == 2
    for page in restarts:  # each report's first page starts with its title
        assert doc.text[doc.page_starts[page]:].startswith(("坡头镇人民政府关于2023年度", "天龙镇2024年度"))
    assert doc.page_starts == sorted(doc.page_starts)
    # the title set on two centred lines at the head of its page is one line of text
    assert "坡头镇人民政府关于2023年度法治政府建设情况的报告\n" in doc.text
    # contents rows stay rows: each title's entry is its own line
    toc = doc.text[:doc.page_starts[2]].split("\n")
    assert sum(1 for ln in toc if re.search(r"\.{4,}\s*\d+$", ln)) == 2
    parts = find_parts(doc)
    assert [p.first_page for p in parts] == [r + 1 for r in restarts]


def import_file_bytes(data: bytes, name: str = "汇编.pdf"):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return import_file(path)


def _page(index: int, header: str, body_lines: int = 6, number: str | None = None) -> PageLines:
    lines = [Line(header, 100, 400, 30, 40, 9, 0)]
    # each page opens a paragraph (first-line indent) whose lines run to the right edge
    lines += [Line(f"正文第{index}页第{k}行内容", 114 if k == 0 else 90, 500, 200 + 20 * k, 212 + 20 * k, 12, 0)
              for k in range(body_lines)]
    if number is not None:
        lines.append(Line(number, 290, 310, 800, 810, 9, 0))
    return PageLines(index, 595, 842, True, lines)


def test_a_running_header_of_one_report_is_furniture_even_in_a_long_volume():
    # 20 pages: 15 with one township's header, then 4 with another's, then one page alone
    pages = [_page(i, "2024年度汇编 坡头镇") for i in range(15)]
    pages += [_page(15 + i, "2024年度汇编 棣棠乡") for i in range(4)]
    pages += [_page(19, "2024年度汇编 天龙镇")]
    drop = _furniture(pages)
    assert all((i, 0) in drop for i in range(19))  # four pages in a row are a header
    assert (19, 0) not in drop  # a line on one page is not
    # two pages apart is still a run (a title page without header between)
    spaced = [_page(i, "2024年度汇编 棣棠乡" if i in (20, 22, 24) else f"其他{i}") for i in range(25)]
    assert {(20, 0), (22, 0), (24, 0)} <= _furniture(spaced)
    # three appearances far apart in a long file are not
    far = [_page(i, "2024年度汇编 棣棠乡" if i in (2, 9, 16) else f"其他{i}") for i in range(25)]
    assert not {(2, 0), (9, 0), (16, 0)} & _furniture(far)
    # two pages in a row are not a run
    two = [_page(i, "2024年度汇编 棣棠乡" if i in (5, 6) else f"其他{i}") for i in range(25)]
    assert not {(5, 0), (6, 0)} & _furniture(two)


def test_printed_page_numbers_are_read():
    assert [page_number_value(s) for s in ("- 3 -", "第 4 页 共 9 页", "—12—", "7", "正文", "3/9")] == \
        [3, 4, 12, 7, None, 3]
    labels: dict[int, int] = {}
    pages = [_page(i, f"头{i}", number=f"- {n} -") for i, n in enumerate([1, 2, 1, 2, 3])]
    paragraphs(pages, labels=labels)
    assert labels == {0: 1, 1: 2, 2: 1, 3: 2, 4: 3}


def test_paragraph_pages_are_reported():
    pages = [_page(i, f"头{i}") for i in range(3)]
    para_pages: list[int] = []
    paras = paragraphs(pages, para_pages=para_pages)
    assert len(para_pages) == len(paras)
    assert para_pages == sorted(para_pages) and set(para_pages) == {0, 1, 2}
    assert paras[para_pages.index(1)].startswith("正文第1页第0行")


def test_a_title_line_recurring_at_one_place_is_not_a_running_header():
    # one-page reports whose titles wrap alike: "…法治政府建设情况" / "的报告" at the same height
    def page(i: int) -> PageLines:
        p = _page(i, f"头{i}")
        title = Line("的报告", 250, 345, 70, 90, 20, 0)  # in the top zone, larger than the text
        return p._replace(lines=[p.lines[0], title, *p.lines[1:]])

    pages = [page(i) for i in range(6)]
    assert not {(i, 1) for i in range(6)} & _furniture(pages)
    small = [p._replace(lines=[p.lines[0], p.lines[1]._replace(size=9), *p.lines[2:]]) for p in pages]
    assert {(i, 1) for i in range(6)} <= _furniture(small)
    at_limit = [p._replace(lines=[p.lines[0], p.lines[1]._replace(size=12 * 1.3), *p.lines[2:]]) for p in pages]
    assert {(i, 1) for i in range(6)} <= _furniture(at_limit)
    above = [p._replace(lines=[p.lines[0], p.lines[1]._replace(size=12 * 1.3 + 0.1), *p.lines[2:]]) for p in pages]
    assert not {(i, 1) for i in range(6)} & _furniture(above)


def _centred_line(text: str, top: float, size: float = 20) -> Line:
    width = len(text) * size
    return Line(text, 297.5 - width / 2, 297.5 + width / 2, top, top + size, size, 0)


def _body_lines(tag: str, top: float, n: int = 4) -> list[Line]:
    out = [Line(f"{tag}正文开头的一行文字", 114, 500, top, top + 12, 12, 0)]
    out += [Line(f"{tag}正文接续的第{k}行文字", 90, 500, top + 20 * k, top + 12 + 20 * k, 12, 0) for k in range(1, n)]
    out[-1] = out[-1]._replace(text=out[-1].text + "。", x1=300)
    return out


def test_a_title_on_two_lines_is_joined_at_the_head_of_a_page_not_in_mid_page():
    first = [_centred_line("汇编封面标题", 100), *_body_lines("甲", 200), *_body_lines("乙", 320),
             *_body_lines("丙", 440)]
    head = [_centred_line("天龙镇人民政府关于", 100), _centred_line("法治工作的报告", 124), *_body_lines("丁", 200),
            _centred_line("另一个居中的大字", 400), _centred_line("第二行接着写", 424), *_body_lines("戊", 500)]
    pages = [PageLines(0, 595, 842, True, first), PageLines(1, 595, 842, True, head)]
    paras = paragraphs(pages)
    assert "天龙镇人民政府关于法治工作的报告" in paras  # a page's head: one title
    assert "另一个居中的大字" in paras and "第二行接着写" in paras  # mid-page: two lines kept apart


def test_a_contents_row_ends_its_paragraph_without_a_tab():
    rows = [Line("坡头镇人民政府关于2019年度法治政府建设的工作报告……………… 3", 90, 500, 200, 212, 12, 0),
            Line("天龙镇2024年度法治政府建设工作报告………………………… 10", 90, 500, 220, 232, 12, 0)]
    pages = [PageLines(0, 595, 842, True, [_centred_line("目录", 100), *rows])]
    paras = paragraphs(pages)
    assert [p for p in paras if p.endswith(("3", "10"))] == [rows[0].text, rows[1].text]
