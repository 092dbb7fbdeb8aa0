"""OCR of scanned PDF pages (issue 15): scans are made at test time from the seeds
(tests/fixtures/scans.py) and read back through the ordinary PDF import.

The scans are small (two A4 pages at 200 dpi) and each is read once per module;
OCR still takes a few seconds a page on the CPU, so the tests that OCR are marked
``slow`` besides being skipped where the OCR component is not installed.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import Limits, import_bytes, ocr
from desktop.importers.pdf_paragraphs import page_number_value
from desktop.text import detect_sections
from tests.fixtures import importer_pdfs as files
from tests.fixtures import scans

REPO = Path(__file__).resolve().parent.parent
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime (the OCR component) is not installed")
slow = pytest.mark.slow


def canonical(paragraphs: list[str]) -> str:
    """The canonical text the same paragraphs give as a .txt import."""
    return import_bytes("\n".join(paragraphs).encode("utf-8"), "same.txt").text


# --- units: no OCR needed -------------------------------------------------------

@pytest.mark.parametrize("raw,want", [
    ("2019年,在区委", "2019年，在区委"),
    ("(一)党政主要负责人", "（一）党政主要负责人"),
    ("(12)第12项工作", "（12）第12项工作"),
    ("汇报如下:", "汇报如下："),
    ("是否落实?是!", "是否落实？是！"),
    ("制度;二是", "制度；二是"),
    ("法 治 政 府", "法治政府"),
    ("10:30 召开", "10:30 召开"),
    ("Rule of law (2024), ok", "Rule of law (2024), ok"),
    ("共计 1,500 人", "共计 1,500 人"),
])
def test_punctuation_next_to_chinese_is_full_width(raw, want):
    assert ocr.normalise_text(raw) == want


def test_page_ranges_are_compressed():
    assert ocr.page_ranges([3, 4, 5, 6, 7, 8]) == "3–8"
    assert ocr.page_ranges([1, 3, 4, 5]) == "1、3–5"
    assert ocr.page_ranges([2]) == "2"
    assert ocr.page_ranges([5, 1, 2, 9, 10]) == "1–2、5、9–10"
    assert ocr.scanned_warning([2, 3, 4, 5, 6, 7]) == "第 3–8 页为扫描件，已识别文字，请核对"
    assert ocr.scanned_warning([0, 2, 3, 4]) == "第 1、3–5 页为扫描件，已识别文字，请核对"


def test_available_does_not_import_the_engine():
    code = ("import sys; from desktop.importers import ocr, pdf_reader; ocr.available(); "
            "print('onnxruntime' in sys.modules, 'rapidocr_onnxruntime' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_without_the_component_the_refusal_says_how_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.scanned_pdf(), "scan.pdf")
    assert err.value.kind == "scanned"
    assert "pip install rapidocr-onnxruntime" in err.value.message and "未安装" in err.value.message


def test_with_ocr_off_the_refusal_is_as_before():
    with pytest.raises(ImportFailure) as err:
        import_bytes(files.scanned_pdf(), "scan.pdf", limits=Limits(ocr=False))
    assert err.value.kind == "scanned"
    assert err.value.message == ("这个 PDF 共 2 页，都没有文字层（扫描件或图片），无法提取文字；"
                                 "需要先进行文字识别（OCR）后再导入。")


def test_text_pdf_records_every_page_from_its_text_layer():
    data = files.sample_pdf(lines_per_page=8)
    doc = import_bytes(data, "a.pdf")
    assert doc.original == data
    assert [r.source for r in doc.page_records] == ["text"] * doc.pages
    first = doc.page_records[0]
    assert first.confidence is None and first.width == pytest.approx(595.28, abs=0.5)
    texts = [ln.text for ln in first.lines]
    assert texts[0] == "某镇人民政府" and texts[-1] == f"第 1 页 共 {doc.pages} 页"  # furniture kept here
    assert all(ln.confidence == 1.0 and ln.x0 < ln.x1 and ln.top < ln.bottom for ln in first.lines)
    assert all(t in doc.text for t in texts[1:-1])


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_no_ocr_flag_keeps_the_old_refusal(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(files.scanned_pdf())
    want = ("error: scanned: 这个 PDF 共 2 页，都没有文字层（扫描件或图片），无法提取文字；"
            "需要先进行文字识别（OCR）后再导入。")
    out = run_cli("extract", "--no-ocr", str(scan))
    assert out.returncode == 2 and out.stderr.strip() == want
    project = tmp_path / "p.rdproj"
    out = run_cli("import", "--no-ocr", str(project), str(scan))
    assert out.returncode == 2 and out.stderr.strip() == want.replace("scanned: ", f"scanned: {scan}: ")
    assert not project.exists()


# --- OCR ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def clean():
    data, placed = scans.scanned_report("000", pages=2, dpi=200, colour=True)
    return data, placed, import_bytes(data, "clean.pdf")


@pytest.fixture(scope="module")
def noisy():
    data, placed = scans.scanned_report("004", pages=2, dpi=200, colour=True, noisy=True, rng_seed=3)
    return data, placed, import_bytes(data, "noisy.pdf")


@needs_ocr
@slow
def test_clean_scan_recovers_95_percent_and_the_same_paragraphs(clean):
    _, placed, doc = clean
    want = canonical(placed)
    assert scans.similarity(want, doc.text) >= 0.95
    assert len(doc.text.split("\n")) == len(want.split("\n"))  # paragraphs joined as typeset
    assert doc.warnings == ["第 1–2 页为扫描件，已识别文字，请核对"]


@needs_ocr
@slow
def test_noisy_scan_with_skew_and_seal_recovers_90_percent(noisy):
    _, placed, doc = noisy
    assert scans.similarity(canonical(placed), doc.text) >= 0.90
    assert "专用章" not in doc.text  # the seal is washed out, not read
    assert doc.warnings == ["第 1–2 页为扫描件，已识别文字，请核对"]


@needs_ocr
@slow
def test_headings_are_detected_as_in_the_text(clean, noisy):
    for _, placed, doc in (clean, noisy):
        want = [scans.normalise(s.title) for s in detect_sections(canonical(placed))]
        got = [scans.normalise(s.title) for s in doc.sections]
        assert len(want) >= 3
        assert got == want


@needs_ocr
@slow
def test_headers_footers_and_page_numbers_are_dropped(clean, noisy):
    for _, _, doc in (clean, noisy):
        assert scans.HEADER not in doc.text
        assert not any(page_number_value(line) for line in doc.text.split("\n"))
        assert all(label in (None, k + 1) for k, label in enumerate(doc.page_labels))
        for record in doc.page_records:  # the page records keep them, for the page view
            assert record.lines[0].text == scans.HEADER
    # the noisy scan's small page numbers are not always found; the clean one's are
    assert clean[2].page_labels == [1, 2]
    assert [page_number_value(r.lines[-1].text) for r in clean[2].page_records] == [1, 2]


@needs_ocr
@slow
def test_page_records_carry_ocr_lines_and_confidence(clean, noisy):
    for _, _, doc in (clean, noisy):
        assert [r.source for r in doc.page_records] == ["ocr", "ocr"]
        body = doc.text.replace("\n", "")
        for record in doc.page_records:
            assert 0.8 < record.confidence <= 1.0
            assert record.width == pytest.approx(595.3, abs=1) and record.height == pytest.approx(841.9, abs=1)
            tops = [ln.top for ln in record.lines]
            assert tops[1:-1] == sorted(tops[1:-1]) or doc is noisy[2]  # reading order (skew aside)
            inner = [ln for ln in record.lines[1:-1]]
            assert all(ln.text in body for ln in inner)  # the text as it went into the paragraphs
            assert all(0 <= ln.x0 < ln.x1 <= record.width and 0 <= ln.top < ln.bottom <= record.height
                       for ln in record.lines)


def mixed_pdf() -> tuple[bytes, list[str]]:
    """Typeset text pages (two), then one scanned page."""
    from pypdf import PdfReader, PdfWriter

    # no running header: alone on one page it would be body text, as in a text layer
    scan, placed = scans.scanned_report("002", pages=1, dpi=200, colour=False, header=None)
    writer = PdfWriter()
    for part in (files.sample_pdf(lines_per_page=10), scan):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue(), placed


@pytest.fixture(scope="module")
def mixed():
    return mixed_pdf()


@needs_ocr
@slow
def test_mixed_pdf_uses_each_pages_best_source(mixed):
    data, placed = mixed
    doc = import_bytes(data, "mixed.pdf")
    assert [r.source for r in doc.page_records] == ["text", "text", "ocr"]
    assert doc.page_records[0].confidence is None and doc.page_records[2].confidence > 0.8
    assert doc.warnings == ["第 3 页为扫描件，已识别文字，请核对"]
    assert doc.text.startswith("\n".join(files.PDF_PARAGRAPHS))
    scanned = doc.text[doc.page_starts[2]:]
    assert scans.similarity(canonical(placed), scanned) >= 0.95
    # the scan's own margins, not the text pages', tell its paragraphs apart
    assert len(scanned.split("\n")) == len(canonical(placed).split("\n"))
    off = import_bytes(data, "mixed.pdf", limits=Limits(ocr=False))
    assert off.text == "\n".join(files.PDF_PARAGRAPHS)
    assert [r.source for r in off.page_records] == ["text", "text", "none"]
    assert off.warnings == ["第 3 页没有文字层（可能是扫描页），该页内容未导入。"]


@needs_ocr
@slow
def test_extract_json_gives_per_page_sources(tmp_path, mixed):
    path = tmp_path / "mixed.pdf"
    path.write_bytes(mixed[0])
    out = run_cli("extract", "--json", str(path))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert set(got) == {"text", "pages", "warnings", "sections"}
    assert [(p["page"], p["source"], p["label"]) for p in got["pages"]] == [(1, "text", 1), (2, "text", 2),
                                                                         (3, "ocr", 1)]
    assert got["pages"][0]["confidence"] is None and 0.8 < got["pages"][2]["confidence"] <= 1
    assert got["warnings"] == ["第 3 页为扫描件，已识别文字，请核对"]
    assert got["text"].startswith(files.PDF_PARAGRAPHS[0])
    assert {"title", "level", "start", "end"} <= set(got["sections"][0])
    plain = run_cli("extract", str(path))  # the plain output is unchanged: text, warnings on stderr
    assert plain.stdout == got["text"] + "\n"
    assert plain.stderr.strip() == "warning: 第 3 页为扫描件，已识别文字，请核对"


@needs_ocr
@slow
def test_cancel_during_ocr_raises_and_leaves_the_project_untouched(tmp_path, monkeypatch, seed_paths):
    from desktop.store import Project

    project = tmp_path / "p.rdproj"
    assert run_cli("import", str(project), str(seed_paths[0])).returncode == 0
    before = project.read_bytes()
    data, _ = scans.scanned_report("001", pages=2, dpi=150)
    started = []
    real = ocr.ocr_page

    def recognising(image, threads=0):
        started.append(1)
        return real(image, threads)

    monkeypatch.setattr(ocr, "ocr_page", recognising)
    with pytest.raises(ImportCancelled):
        with Project(project) as p:
            p.import_document(import_bytes(data, "scan.pdf", cancelled=lambda: bool(started),
                                           limits=Limits(pdf_workers=1)))
    assert len(started) == 1  # stopped after the first page, before the second
    assert project.read_bytes() == before


@needs_ocr
@slow
def test_cancel_stops_ocr_worker_processes(monkeypatch):
    import time

    from desktop.importers import pdf_reader

    data, _ = scans.scanned_report("001", pages=2, dpi=150)
    phase = {"ocr": False}
    real = pdf_reader._ocr_parallel

    def spy(*args, **kwargs):
        phase["ocr"] = True
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_reader, "_ocr_parallel", spy)
    t0 = time.monotonic()
    with pytest.raises(ImportCancelled):
        import_bytes(data, "scan.pdf", cancelled=lambda: phase["ocr"] and time.monotonic() - t0 > 1,
                     limits=Limits(pdf_workers=2))
    assert phase["ocr"]
    assert time.monotonic() - t0 < 30


def test_each_scanned_sheet_is_measured_on_its_own():
    """A scanner shifts each sheet: page 2's margin is 30 pt right of page 1's. Measured
    together, every line of page 2 would look indented (a paragraph of its own)."""
    from desktop.importers.pdf_layout import Line, PageLines
    from desktop.importers.pdf_paragraphs import paragraphs

    def page(index: int, left: float) -> PageLines:
        rows = []
        top = 200.0
        for para in range(3):
            for k in range(4):
                x0 = left + (24 if k == 0 else 0)
                x1 = left + 400 if k < 3 else left + 200
                rows.append(Line(f"第{index}页第{para}段第{k}行文字。" if k == 3 else f"第{index}页第{para}段第{k}行文字",
                                 x0, x1, top, top + 12, 12.0, 0))
                top += 21
            top += 4
        return PageLines(index, 595.0, 842.0, True, rows, 1, ocr=True)

    out = paragraphs([page(0, 80.0), page(1, 110.0)])
    assert len(out) == 6
    assert all(p.count("行文字") == 4 for p in out)
