"""PDF through pdfplumber: pages in parallel processes, paragraphs rebuilt.

Small PDFs are read in-process (starting workers costs more than it saves).
Larger ones are split into one contiguous chunk of pages per worker process;
progress(done, total) is reported as pages finish and cancelled() is polled,
a cancel stops the workers between pages and raises ImportCancelled.

Both paths read under the bounds of pdf_bounds: the page count is checked
before any page is built, and one content budget covers the whole document,
whichever process reads which page.
"""

from __future__ import annotations

import io
import os
import queue as queue_mod
from pathlib import PurePath

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.importers.pdf_bounds import PdfBudget, check_page_count, check_structure_streams
from desktop.importers.pdf_layout import PageLines
from desktop.importers.pdf_paragraphs import paragraphs, text_and_page_starts
from desktop.importers.pdf_worker import extract_chunk, extract_pages, init_worker
from desktop.text import detect_sections, guess_title

#: below this many pages the PDF is read in-process
PARALLEL_MIN_PAGES = 8
#: never more workers than this, whatever the core count (memory)
MAX_WORKERS = 8


def worker_count(pages: int, limits: Limits | None = None) -> int:
    """Processes to use: the idle cores this process may run on, at most one per 4 pages.

    Cores another program keeps busy are not counted (1-minute load average,
    where the OS has one): on a loaded two-core machine two pdfminer workers
    only slow each other down, and reading in-process is faster.
    """
    wanted = limits.pdf_workers if limits is not None else 0
    if not wanted:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        try:
            idle = cores - os.getloadavg()[0]
        except (AttributeError, OSError):
            idle = float(cores)
        wanted = min(cores, MAX_WORKERS, max(1, int(idle + 0.7)))
    return max(1, min(wanted, pages // 4 or 1))


def _open(data: bytes, limits: Limits):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    check_structure_streams(data, limits.max_pdf_structure_bytes)
    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        check_page_count(pdf.doc, limits.max_pdf_pages)
        count = len(pdf.pages)
    except ImportFailure:
        # not pdf.close(): pdfplumber closes each page, building all 20,000 to do so
        if pdf is not None:
            pdf.stream.close()
        raise
    except Exception as exc:  # pdfminer raises many types, wrapped or not
        cause = exc.__cause__ or exc.__context__
        text = f"{type(exc).__name__} {exc} {type(cause).__name__} {cause}".lower()
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(cause, PDFPasswordIncorrect) \
                or "password" in text or "encrypt" in text:
            raise ImportFailure(
                "encrypted", "PDF 文件设有打开密码，无法读取。请先用 PDF 软件取消密码（另存为无密码版本）后再导入。"
            ) from None
        raise ImportFailure(
            "corrupt", f"PDF 文件已损坏或不完整，无法打开（{type(exc).__name__}）。"
        ) from None
    if count == 0:
        pdf.close()
        raise ImportFailure("corrupt", "PDF 文件已损坏：找不到任何页面。")
    return pdf, count


def _in_process(pdf, total: int, limits: Limits, progress, cancelled) -> list[PageLines]:
    done = 0

    def on_page(_index: int) -> None:
        nonlocal done
        done += 1
        progress(done, total)

    pages = extract_pages(pdf, 0, total, on_page=on_page, cancelled=cancelled, budget=PdfBudget(limits))
    if len(pages) < total and cancelled():
        raise ImportCancelled()
    return pages


def _parallel(data: bytes, total: int, workers: int, limits: Limits, progress, cancelled) -> list[PageLines]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = multiprocessing.get_context("spawn")
    done_queue = ctx.Queue()
    cancel = ctx.Event()
    content_used = ctx.Value("q", 0)  # one content budget for the document, across workers
    bounds = [round(total * k / workers) for k in range(workers + 1)]
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker,
                               initargs=(data, done_queue, cancel, limits, content_used))
    try:
        futures = [pool.submit(extract_chunk, a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        done = 0
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            for fut in finished:
                status, value = fut.result()
                if status == "failure":  # a bound passed: the other workers stop too
                    cancel.set()
                    raise ImportFailure(*value)
            while True:
                try:
                    done_queue.get_nowait()
                except queue_mod.Empty:
                    break
                done += 1
                progress(min(done, total), total)
            if cancelled():
                cancel.set()
                raise ImportCancelled()
        pages: list[PageLines] = []
        for fut in futures:
            status, value = fut.result()
            if status != "ok":
                raise ImportFailure("corrupt", f"PDF 文件已损坏，部分页面无法读取（{value}）。")
            pages.extend(value)
        if done < total:
            progress(total, total)
        return pages
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        done_queue.close()


@register("pdf")
def read_pdf(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    """Canonical text of a PDF with a text layer; warnings name pages without one."""
    pdf, total = _open(data, limits)
    workers = worker_count(total, limits)
    try:
        if total < PARALLEL_MIN_PAGES or workers < 2:
            pages = _in_process(pdf, total, limits, progress, cancelled)
        else:
            pdf.close()
            pdf = None
            try:
                pages = _parallel(data, total, workers, limits, progress, cancelled)
            except (OSError, RuntimeError, EOFError, ImportError):
                # No worker processes here (sandbox, broken frozen build; BrokenProcessPool
                # is a RuntimeError): read the pages in this process instead.
                pdf, total = _open(data, limits)
                pages = _in_process(pdf, total, limits, progress, cancelled)
    except ImportFailure:
        raise
    except Exception as exc:  # pdfminer fails late on damaged content streams
        raise ImportFailure("corrupt", f"PDF 文件已损坏，页面内容无法读取（{type(exc).__name__}）。") from None
    finally:
        if pdf is not None:
            pdf.close()
    pages.sort(key=lambda p: p.index)
    body_pages: set[int] = set()
    para_pages: list[int] = []
    labels: dict[int, int] = {}
    text, page_starts = text_and_page_starts(paragraphs(pages, body_pages, para_pages=para_pages, labels=labels),
                                              para_pages, total)
    if not text and not any(p.images for p in pages) and any(p.has_text for p in pages):
        raise ImportFailure("empty", "PDF 中只有页眉、页脚或页码，没有正文文字。")
    if not text and any(p.undecodable for p in pages):
        raise ImportFailure(
            "scanned",
            "PDF 的文字层无法解码（字体缺少编码表，提取出来只会是乱码）；需要先进行文字识别（OCR），"
            "或向来源索取 Word 版后再导入。",
        )
    if not text:
        raise ImportFailure(
            "scanned",
            f"这个 PDF 共 {total} 页，都没有文字层（扫描件或图片），无法提取文字；需要先进行文字识别（OCR）后再导入。",
        )
    warnings = []
    for p in pages:
        if p.undecodable:
            warnings.append(f"第 {p.index + 1} 页的文字无法解码（PDF 字体缺少编码表），该页内容未导入。")
        elif not p.has_text:
            warnings.append(f"第 {p.index + 1} 页没有文字层（可能是扫描页），该页内容未导入。")
        elif p.index not in body_pages and p.images:
            warnings.append(f"第 {p.index + 1} 页只有页眉页脚文字，正文是图片（可能是扫描页），该页正文未导入。")
        elif p.uncertain:
            warnings.append(f"第 {p.index + 1} 页的阅读顺序可能不准确（版面像是分栏，但栏间空白不够明确，已按行读取），请对照原文核对。")
    return ImportedDocument(
        guess_title(text, PurePath(name).stem), name, "", "pdf", text, detect_sections(text),
        warnings=warnings, pages=total, page_starts=page_starts,
        page_labels=[labels.get(i) for i in range(total)],
    )

