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
from concurrent.futures.process import BrokenProcessPool
from pathlib import PurePath

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import ocr, register
from desktop.importers.base import ImportedDocument, Limits, PageLine, PageRecord
from desktop.importers.pdf_bounds import PdfBudget, check_page_count, check_structure_streams
from desktop.importers.pdf_layout import PageLines
from desktop.importers.pdf_paragraphs import collapse_spaced, paragraphs, text_and_page_starts
from desktop.importers.pdf_worker import extract_chunk, extract_pages, init_worker
from desktop.text import detect_sections, guess_title

#: below this many pages the PDF is read in-process
PARALLEL_MIN_PAGES = 8
#: below this many pages to OCR they are read in-process (bench_ocr.py)
OCR_PARALLEL_MIN = 4
#: OCR worker processes: at most this many, each counted at this much memory
OCR_MAX_WORKERS = 4
OCR_WORKER_BYTES = 1 << 30
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
    """Canonical text of a PDF; pages without a usable text layer are read by OCR
    (desktop.importers.ocr) when Limits.ocr and the component is installed.
    Warnings name the OCR'd pages and the pages still unread; page_records say
    where each page's text came from."""
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
    paragraphs(pages, body_pages)
    unread = [p.index for p in pages if _unread(p, body_pages)]
    ocr_on = limits.ocr and bool(unread)
    hint = ""
    if ocr_on and not ocr.available():
        ocr_on, hint = False, ocr.install_hint()
    recognised: dict[int, tuple[PageLines, tuple[PageLine, ...], float]] = {}
    if ocr_on:
        recognised = _recognise(data, unread, limits, progress, cancelled)
        originals = {p.index: p for p in pages}
        pages = [recognised[p.index][0] if p.index in recognised else p for p in pages]
        body_pages = set()
        paragraphs(pages, body_pages)
        # OCR that read only a running header or page number read nothing new
        for index in [i for i in recognised if i not in body_pages]:
            del recognised[index]
        pages = [p if p.index in recognised else originals[p.index] for p in pages]
    body_pages = set()
    para_pages: list[int] = []
    labels: dict[int, int] = {}
    text, page_starts = text_and_page_starts(paragraphs(pages, body_pages, para_pages=para_pages, labels=labels),
                                              para_pages, total)
    if not text and not any(p.images for p in pages) and any(p.has_text for p in pages):
        raise ImportFailure("empty", "PDF 中只有页眉、页脚或页码，没有正文文字。")
    if not text and ocr_on and any(p.undecodable for p in pages):
        raise ImportFailure(
            "scanned",
            "PDF 的文字层无法解码（字体缺少编码表，提取出来只会是乱码），文字识别（OCR）也没有识别出文字；"
            "请向来源索取 Word 版后再导入。",
        )
    if not text and ocr_on:
        raise ImportFailure(
            "scanned",
            f"这个 PDF 共 {total} 页，都没有文字层（扫描件或图片），文字识别（OCR）也没有识别出文字，无法导入。",
        )
    if not text and any(p.undecodable for p in pages):
        raise ImportFailure(
            "scanned",
            "PDF 的文字层无法解码（字体缺少编码表，提取出来只会是乱码）；需要先进行文字识别（OCR），"
            "或向来源索取 Word 版后再导入。" + hint,
        )
    if not text:
        raise ImportFailure(
            "scanned",
            f"这个 PDF 共 {total} 页，都没有文字层（扫描件或图片），无法提取文字；需要先进行文字识别（OCR）后再导入。"
            + hint,
        )
    warnings = []
    if recognised:
        warnings.append(ocr.scanned_warning(sorted(recognised)))
    for p in pages:
        if p.index in recognised:
            continue
        if p.undecodable:
            warnings.append(f"第 {p.index + 1} 页的文字无法解码（PDF 字体缺少编码表），该页内容未导入。")
        elif not p.has_text:
            warnings.append(f"第 {p.index + 1} 页没有文字层（可能是扫描页），该页内容未导入。")
        elif p.index not in body_pages and p.images:
            warnings.append(f"第 {p.index + 1} 页只有页眉页脚文字，正文是图片（可能是扫描页），该页正文未导入。")
        elif p.uncertain:
            warnings.append(f"第 {p.index + 1} 页的阅读顺序可能不准确（版面像是分栏，但栏间空白不够明确，已按行读取），请对照原文核对。")
    records = []
    for p in pages:
        if p.index in recognised:
            _, lines, confidence = recognised[p.index]
            records.append(PageRecord(p.index, p.width, p.height, "ocr", confidence, lines))
            continue
        lines = tuple(PageLine(collapse_spaced(ln.text.strip()), round(ln.x0, 2), round(ln.top, 2),
                               round(ln.x1, 2), round(ln.bottom, 2)) for ln in p.lines)
        records.append(PageRecord(p.index, p.width, p.height, "text" if p.index in body_pages else "none",
                                  None, lines))
    return ImportedDocument(
        guess_title(text, PurePath(name).stem), name, "", "pdf", text, detect_sections(text),
        warnings=warnings, pages=total, page_starts=page_starts,
        page_labels=[labels.get(i) for i in range(total)], page_records=records, original=data,
    )


def _unread(page: PageLines, body_pages: set[int]) -> bool:
    """A page to OCR: text that cannot be decoded, or a page image without text or
    with only a running header/footer over it (a scan with the header added as text).
    A page with neither text nor image is left blank (text drawn as outlines is not
    looked for: rendering every empty page of a 2000-page file would cost minutes)."""
    return page.undecodable or (page.images > 0 and (not page.has_text or page.index not in body_pages))


def ocr_workers(pages: int, limits: Limits) -> int:
    """Processes for OCR: as for the text layer (idle cores, Limits.pdf_workers), one
    page each at least, one engine per process; below OCR_PARALLEL_MIN pages the
    engine in this process reads them (a worker's start and engine load cost ~3 s)."""
    if pages < OCR_PARALLEL_MIN and not limits.pdf_workers:
        return 1
    wanted = min(worker_count(pages * 4, limits), pages, OCR_MAX_WORKERS)
    if not limits.pdf_workers:
        try:  # each engine peaks at ~0.9 GB (bench_ocr.py): no more than free memory holds
            free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
            wanted = min(wanted, int(free // OCR_WORKER_BYTES))
        except (AttributeError, ValueError, OSError):
            pass
    return max(1, wanted)


def _recognise(data: bytes, indexes: list[int], limits: Limits, progress,
               cancelled) -> dict[int, tuple[PageLines, tuple[PageLine, ...], float]]:
    """OCR of the pages ``indexes``: per page that gave text, its PageLines, record lines
    and mean confidence. progress(done, len(indexes)) after each page; a cancel raises
    ImportCancelled (workers stopped at once)."""
    total = len(indexes)
    workers = ocr_workers(total, limits)
    progress(0, total)
    results: list[tuple[int, float, float, float, list[ocr.OcrLine]]] = []
    try:
        if workers >= 2:
            try:
                results = _ocr_parallel(data, indexes, workers, progress, cancelled)
            except (OSError, EOFError, ImportError, BrokenProcessPool):
                results = []
        if not results:
            results = _ocr_in_process(data, indexes, progress, cancelled)
    except (ImportCancelled, ImportFailure):
        raise
    except Exception as exc:  # onnxruntime or pdfium failing on this machine or page
        raise ImportFailure("scanned", f"扫描页的文字识别（OCR）失败（{type(exc).__name__}）。") from None
    out: dict[int, tuple[PageLines, tuple[PageLine, ...], float]] = {}
    for index, width, height, scale, lines in results:
        if not lines:
            continue
        page, records = ocr.to_page_lines(lines, index, width, height, scale)
        if page.lines:
            out[index] = (page, records, round(sum(ln.confidence for ln in lines) / len(lines), 4))
    return out


def _ocr_in_process(data: bytes, indexes: list[int], progress, cancelled) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for done, index in enumerate(indexes, start=1):
            if cancelled():
                raise ImportCancelled()
            out.append(ocr.ocr_pdf_page(pdf, index))
            progress(done, len(indexes))
        if cancelled():
            raise ImportCancelled()
        return out
    finally:
        pdf.close()


def _ocr_parallel(data: bytes, indexes: list[int], workers: int, progress, cancelled) -> list:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=ocr.init_worker,
                               initargs=(data, max(1, cores // workers)))
    stop = False
    try:
        pending = {pool.submit(ocr.read_page, index) for index in indexes}
        out = []
        while pending:
            finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            for fut in finished:
                out.append(fut.result())
                progress(len(out), len(indexes))
            if cancelled():
                stop = True
                raise ImportCancelled()
        return out
    finally:
        if stop:  # a page takes seconds: the workers are stopped, not waited for
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
