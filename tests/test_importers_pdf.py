"""PDF import: page furniture removed, wrapped lines joined, columns, blank pages, parallel pages."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import import_bytes
from desktop.importers.pdf_paragraphs import collapse_spaced, is_page_number

if TYPE_CHECKING:
    from desktop.importers.pdf_layout import PageLines

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

COLUMNS = [
    "左栏第一段内容,介绍了本镇推进依法行政的具体做法,包括制度建设和队伍建设等方面的主要举措。",
    "右栏第一段内容,说明了法治宣传教育的开展情况,以及取得的主要成效和积累的工作经验。",
    "左栏第二段:基层治理。",
    "右栏第二段:下一步计划。",
]


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def report():
    """Five lines a page, so every paragraph wraps and several cross a page break."""
    return import_bytes(files.sample_pdf(lines_per_page=5), "report.pdf")


def test_paragraphs_come_back_whole_across_lines_and_pages(report):
    assert report.text.split("\n") == files.PDF_PARAGRAPHS
    assert report.pages >= 3


def test_running_header_and_page_numbers_are_gone(report):
    assert "某镇人民政府\n" not in report.text + "\n" and not report.text.startswith("某镇人民政府\n")
    assert "第1页" not in _nows(report.text) and "共" not in report.text.replace("共120", "")


def test_sections_and_title_of_a_pdf(report):
    titles = [s.title for s in report.sections]
    assert titles == ["一、主要工作措施及成效", "二、存在的问题"]
    assert report.title == files.PDF_PARAGRAPHS[0]


def test_two_columns_are_read_column_by_column_and_blank_pages_are_named():
    data = files.sample_pdf(lines_per_page=12, blank_pages=(1,), two_column_page=COLUMNS)
    doc = import_bytes(data, "cols.pdf")
    lines = doc.text.split("\n")
    assert lines[-4:] == [COLUMNS[0], COLUMNS[2], COLUMNS[1], COLUMNS[3]]
    assert doc.warnings == ["第 2 页没有文字层（可能是扫描页），该页内容未导入。"]


def test_letterhead_and_dash_page_numbers():
    data = files.sample_pdf(lines_per_page=8, letterhead="某 镇 人 民 政 府 文 件", footer="- {n} -")
    lines = import_bytes(data, "red.pdf").text.split("\n")
    assert lines[0] == "某镇人民政府文件"
    assert lines[1:] == files.PDF_PARAGRAPHS
    assert not any(re.fullmatch(r"-\s*\d+\s*-", ln) for ln in lines)


@pytest.mark.parametrize("text", ["第 3 页 共 7 页", "第3页", "- 4 -", "— 12 —", "3 / 9", "12", "Page 2 of 5"])
def test_page_number_patterns(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["第三章 附则", "2024年1月18日", "一、主要工作", "共3页材料已报送"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def test_spaced_letterhead_collapses_but_normal_text_does_not():
    assert collapse_spaced("坡 头 镇 人 民 政 府 文 件") == "坡头镇人民政府文件"
    assert collapse_spaced("Rule of law") == "Rule of law"
    assert collapse_spaced("项目 数量") == "项目 数量"


def test_scanned_encrypted_and_truncated_pdfs():
    for data, kind in ((files.scanned_pdf(), "scanned"), (files.encrypted_pdf(), "encrypted")):
        with pytest.raises(ImportFailure) as err:
            import_bytes(data, "x.pdf")
        assert err.value.kind == kind
    data = files.sample_pdf()
    with pytest.raises(ImportFailure) as err:
        import_bytes(data[: len(data) * 2 // 5], "cut.pdf")
    assert err.value.kind == "corrupt"


def test_long_pdf_in_worker_processes_matches_in_process_reading(monkeypatch):
    from desktop.importers import Limits, pdf_reader

    data = files.long_pdf(10)
    seen: list[tuple[int, int]] = []
    parallel = import_bytes(data, "long.pdf", progress=lambda d, t: seen.append((d, t)),
                            limits=Limits(pdf_workers=2))
    assert parallel.pages >= pdf_reader.PARALLEL_MIN_PAGES
    assert seen[-1] == (parallel.pages, parallel.pages)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    monkeypatch.setattr(pdf_reader, "PARALLEL_MIN_PAGES", 10_000)
    single = import_bytes(data, "long.pdf")
    assert single.text == parallel.text
    assert "(12)第12项工作。" in parallel.text


def test_cancel_stops_the_import():
    data = files.long_pdf(12)
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    from desktop.importers import Limits

    with pytest.raises(ImportCancelled):
        import_bytes(data, "long.pdf", cancelled=cancelled, limits=Limits(pdf_workers=2))


def test_cancel_in_process():
    with pytest.raises(ImportCancelled):
        import_bytes(files.sample_pdf(lines_per_page=8), "short.pdf", cancelled=lambda: True)


@pytest.mark.parametrize("build", [
    lambda: files.sample_pdf(lines_per_page=8, letterhead="某 镇 人 民 政 府 文 件"),
    lambda: files.sample_pdf(lines_per_page=12, two_column_page=COLUMNS),
])
def test_fast_char_path_sees_what_pdfplumber_sees(build):
    import io

    import pdfplumber

    from desktop.importers.pdf_chars import page_chars

    with pdfplumber.open(io.BytesIO(build())) as pdf:
        for page in pdf.pages:
            fast = page_chars(page)
            slow = page.chars
            assert [c["text"] for c in fast] == [c["text"] for c in slow]
            for a, b in zip(fast, slow):
                for key in ("x0", "x1", "top", "bottom", "size"):
                    assert a[key] == pytest.approx(b[key], abs=0.01)
                assert a["upright"] == b["upright"]


def test_one_worker_reads_in_process_with_the_same_result():
    from desktop.importers import Limits

    data = files.long_pdf(9)
    assert import_bytes(data, "a.pdf", limits=Limits(pdf_workers=1)).text == import_bytes(data, "a.pdf").text


def test_scan_with_printed_page_numbers_is_still_scanned():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.scanned_pdf(3, page_numbers=True), "scan.pdf")
    assert err.value.kind == "scanned" and "OCR" in err.value.message


def test_scanned_page_with_text_header_and_footer_is_named():
    data = files.sample_pdf(lines_per_page=8, scan_pages=(1,))
    doc = import_bytes(data, "mixed.pdf")
    assert doc.text.split("\n") == files.PDF_PARAGRAPHS
    assert doc.warnings == ["第 2 页只有页眉页脚文字，正文是图片（可能是扫描页），该页正文未导入。"]


def _page(index: int, rows: list[tuple[str, float, float]]) -> "PageLines":
    """A synthetic A4 page: (text, x0, top) rows, 12 pt text, column 100..500."""
    from desktop.importers.pdf_layout import Line, PageLines

    lines = [Line(t, x0, min(500.0, x0 + 12 * len(t)), top, top + 12, 12.0, 0) for t, x0, top in rows]
    return PageLines(index, 595.0, 842.0, True, lines)


def test_repeated_lookalike_lines_at_other_heights_are_body_text():
    from desktop.importers.pdf_paragraphs import paragraphs

    full = "这是一行写满整个版心宽度的正文文字内容用于测试段落连接规则是否正确工作的"  # 36 chars > column
    pages = [
        _page(0, [("某镇人民政府", 250, 40), ("首段。", 124, 100), ("2024年1月", 124, 700), ("末行。", 124, 720)]),
        _page(1, [("某镇人民政府", 250, 40), ("次段。", 124, 100), (full, 100, 680), ("2023年5月", 100, 722)]),
        _page(2, [("某镇人民政府", 250, 40), ("第三段。", 124, 100)]),
    ]
    out = paragraphs(pages)
    assert "某镇人民政府" not in out
    assert "2024年1月" in out and any(p.endswith("2023年5月") for p in out)


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("seed", sorted(p.name[:3] for p in SEEDS.glob("*.txt")))
@pytest.mark.parametrize("size,column_mm", [(12, 120), (10.5, 160)])
def test_each_seed_survives_a_pdf_round_trip(seed, size, column_mm):
    """Typeset a seed's paragraphs (wrapped anywhere, even inside numbers, with a running
    header and page-number footer) and read it back: the same paragraphs."""
    from desktop.importers import import_file

    (path,) = SEEDS.glob(f"{seed}_*.txt")
    paragraphs = import_file(path).text.split("\n")
    data = files.make_pdf(paragraphs, size=size, column_mm=column_mm, lines_per_page=28)
    doc = import_bytes(data, f"{seed}.pdf")
    assert doc.pages > 2
    assert doc.text.split("\n") == paragraphs


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_two_column_bulletin_reads_column_by_column_across_pages(seed):
    from desktop.importers import import_file

    (path,) = SEEDS.glob(f"{seed}_*.txt")
    paragraphs = import_file(path).text.split("\n")
    title = "某镇法治政府建设情况简报"
    doc = import_bytes(files.make_two_column_pdf(paragraphs, title=title), f"{seed}.pdf")
    assert doc.pages >= 2
    assert doc.text.split("\n") == [title] + paragraphs


def test_text_layer_without_character_map_is_not_imported_as_garbage():
    import io

    from pypdf import PdfReader, PdfWriter

    with pytest.raises(ImportFailure) as err:
        import_bytes(files.undecodable_pdf(2), "garbled.pdf")
    assert err.value.kind == "scanned" and "无法解码" in err.value.message
    writer = PdfWriter()
    for part in (files.sample_pdf(lines_per_page=8), files.undecodable_pdf(1)):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    doc = import_bytes(buf.getvalue(), "mixed.pdf")
    assert "(cid:" not in doc.text and doc.text.split("\n") == files.PDF_PARAGRAPHS
    assert doc.warnings == [f"第 {doc.pages} 页的文字无法解码（PDF 字体缺少编码表），该页内容未导入。"]


@pytest.mark.parametrize("title_lines", [
    ["某镇人民政府关于2024年度", "法治政府建设情况的报告"],
    ["某镇人民政府", "关于2024年度法治政府建设", "情况的报告"],
])
def test_a_title_set_on_two_or_three_centred_lines_is_one_title(title_lines):
    from importer_pdfs import COLUMN_PARAGRAPHS, make_columns_pdf

    data = make_columns_pdf([[*(("title", t) for t in title_lines), ("full", COLUMN_PARAGRAPHS[:3])]],
                            gutter=8, header=None)
    doc = import_bytes(data, "title.pdf")
    assert doc.title == "".join(title_lines)
    assert doc.text.split("\n") == ["".join(title_lines), *COLUMN_PARAGRAPHS[:3]]
