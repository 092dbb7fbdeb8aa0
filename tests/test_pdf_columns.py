"""PDF reading order on pages in columns (issue 11): narrow gutters, mixed pages,
titles and tables over the full width, no false gutter in justified CJK text, and a
warning naming the page when the columns are not clear. Fixtures typeset at test
time with reportlab (importer_pdfs.make_columns_pdf)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.importers import import_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_pdfs as pdfs  # noqa: E402

CP = pdfs.COLUMN_PARAGRAPHS
UNCERTAIN = "阅读顺序可能不准确"


@pytest.mark.parametrize("gutter", [6, 8, 12, 20, 30])
def test_two_columns_are_read_in_column_order_whatever_the_gutter(gutter):
    """11 pt body text; paragraphs run from the foot of the left column to the top of the right."""
    data, paragraphs = pdfs.two_column_report(gutter, size=11, pages=2)
    doc = import_bytes(data, f"cols{gutter}.pdf")
    assert doc.text.split("\n") == paragraphs  # none broken mid-sentence, none interleaved
    assert not any(UNCERTAIN in w for w in doc.warnings)


def test_narrow_gutter_at_smaller_body_text():
    data, paragraphs = pdfs.two_column_report(6, size=10.5, pages=2)
    assert import_bytes(data, "cols.pdf").text.split("\n") == paragraphs


def test_mixed_page_full_width_title_columns_then_table_and_paragraph():
    table = [["项目", "数量", "备注"], ["调解纠纷", "158件", "全年"]]
    data = pdfs.make_columns_pdf([[
        ("title", "某镇2024年度法治政府建设情况报告"), ("full", CP[:1]), ("cols", CP[1:4]),
        ("table", table), ("full", CP[4:5]),
    ]], gutter=8, header=None)
    doc = import_bytes(data, "mixed.pdf")
    assert doc.text.split("\n") == [
        "某镇2024年度法治政府建设情况报告", CP[0], *CP[1:4], "项目\t数量\t备注", "调解纠纷\t158件\t全年", CP[4],
    ]
    assert not doc.warnings


def test_pages_mixing_single_column_and_two_column_pages():
    data = pdfs.make_columns_pdf([
        [("title", "某镇2024年度法治政府建设情况报告"), ("full", CP[:3])],
        [("cols", CP[3:6])],
        [("full", CP[6:7]), ("cols", CP[7:8] + CP[:1])],
    ], gutter=8)
    doc = import_bytes(data, "pages.pdf")
    assert doc.text.split("\n") == ["某镇2024年度法治政府建设情况报告", *CP[:8], CP[0]]


def test_justified_single_column_cjk_text_is_not_split_into_columns():
    """Characters spread 0-2 pt apart over the full width: no gutter, and no warning."""
    data = pdfs.make_columns_pdf([
        [("title", "某镇2024年度法治政府建设情况报告"), ("full", CP[:5])],
        [("full", CP[5:] + CP[:2])],
    ], gutter=8)
    doc = import_bytes(data, "single.pdf")
    assert doc.text.split("\n") == ["某镇2024年度法治政府建设情况报告", *CP, *CP[:2]]
    assert not doc.warnings


def test_a_full_width_table_alone_is_not_read_as_columns():
    rows = [["项目", "数量", "备注"]] + [[f"事项{k}", f"{k * 7}件", "按期办结"] for k in range(1, 10)]
    data = pdfs.make_columns_pdf([[("title", "工作情况统计表"), ("table", rows)]], gutter=8, header=None)
    doc = import_bytes(data, "table.pdf")
    assert doc.text.split("\n") == ["工作情况统计表", *("\t".join(r) for r in rows)]
    assert not doc.warnings


def test_a_page_whose_columns_are_unclear_keeps_its_order_and_is_named():
    src = CP[0] + CP[1]
    lens = [21, 8, 12, 21, 15, 10, 21, 6, 17, 21]
    rows = [(src[5 * i:5 * i + n], src[5 * i + 40:5 * i + 60]) for i, n in enumerate(lens)]
    data = pdfs.make_columns_pdf([[("full", CP[:2])], [("ragged", rows)]], gutter=8)
    doc = import_bytes(data, "ragged.pdf")
    assert [w for w in doc.warnings if UNCERTAIN in w] == [w for w in doc.warnings if "第 2 页" in w]
    assert any(UNCERTAIN in w and "第 2 页" in w for w in doc.warnings)
    lines = doc.text.split("\n")
    assert lines[:2] == CP[:2]
    assert f"{rows[1][0]}\t{rows[1][1]}" in lines  # row by row, as before


@pytest.mark.parametrize(("columns", "gutter"), [(3, 6), (3, 14), (4, 8)])
def test_three_and_four_columns_are_read_in_column_order(columns, gutter):
    data, paragraphs = pdfs.two_column_report(gutter, size=10.5, pages=2, columns=columns)
    doc = import_bytes(data, f"cols{columns}.pdf")
    assert doc.text.split("\n") == paragraphs
    assert not any(UNCERTAIN in w for w in doc.warnings)


def test_pages_with_different_gutters_each_keep_their_paragraphs_whole():
    """A compilation mixes layouts: the right column starts at another x on each page,
    so a column's margins are measured page by page (else its lines look indented)."""
    other = [p.replace("项：", "条：") for p in CP]
    data = pdfs.make_columns_pdf([[("cols", CP[:4])], [("cols", CP[4:8])], [("cols", other[:4])]],
                                 gutter=[6, 30, 12])
    assert import_bytes(data, "gutters.pdf").text.split("\n") == [*CP, *other[:4]]


@pytest.mark.parametrize("gutter", [8, 20])
def test_a_heading_below_the_columns_follows_both_columns(gutter):
    """A short full-width line under the columns leaves the gutter free, like a column
    line; set off by a paragraph gap, it is read after the right column."""
    data = pdfs.make_columns_pdf([[
        ("title", "某镇2024年度工作报告"), ("full", CP[:1]), ("cols", CP[1:4]),
        ("full", ["三、下一步工作计划", CP[5]]),
    ]], gutter=gutter, header=None)
    assert import_bytes(data, "below.pdf").text.split("\n") == [
        "某镇2024年度工作报告", *CP[:4], "三、下一步工作计划", CP[5],
    ]


@pytest.mark.parametrize("per_column", [19, 18, 17])
def test_a_right_column_of_one_or_two_lines_still_follows_the_left(per_column):
    """The end of a paragraph carried to the top of the right column (the last page of
    a two-column section): one or two lines are evidence enough beside a justified column."""
    data = pdfs.make_columns_pdf([[("fill", (per_column, CP[:6]))]], gutter=8, header=None)
    doc = import_bytes(data, "short.pdf")
    assert doc.text.split("\n") == CP[:6]
    assert not doc.warnings
