"""Worker-process side of PDF extraction.

pdfplumber needs ~60 ms a page in pure Python, so a 150-page report is read
by several processes, each opening the PDF bytes once and walking a
contiguous chunk of pages. Everything here is a top-level function of an
importable module, as the ``spawn`` start method (Windows, macOS, and
PyInstaller-frozen apps) requires.

Each worker reads under the document's one budget (pdf_bounds): the count of
content bytes lives in a shared ``multiprocessing.Value``, and a bound passed
comes back as ("failure", (kind, message)) for the parent to raise.
"""

from __future__ import annotations

import io
from typing import Any

from desktop.errors import ImportFailure
from desktop.importers.base import Limits
from desktop.importers.pdf_bounds import PdfBudget
from desktop.importers.pdf_layout import PageLines, page_lines

_state: dict[str, Any] = {}


def init_worker(data: bytes, done_queue, cancel_event, limits: Limits | None = None,
                content_counter=None) -> None:
    """Pool initializer: keeps the PDF bytes, the progress/cancel channels and the budget."""
    _state.clear()
    _state.update(data=data, queue=done_queue, cancel=cancel_event, pdf=None,
                  budget=PdfBudget(limits or Limits(), content_counter))


def _pdf():
    if _state.get("pdf") is None:
        import pdfplumber

        _state["pdf"] = pdfplumber.open(io.BytesIO(_state["data"]))
    return _state["pdf"]


def extract_pages(pdf, start: int, end: int, on_page=None, cancelled=None,
                  budget: PdfBudget | None = None) -> list[PageLines]:
    """Lines of pages [start, end); frees each page's objects as soon as it is read.

    One ``budget`` for all the pages (a fresh one per page when None).
    """
    out: list[PageLines] = []
    pages = pdf.pages
    for index in range(start, end):
        if cancelled is not None and cancelled():
            break
        page = pages[index]
        try:
            out.append(page_lines(page, index, budget))
        finally:
            page.close()
        if on_page is not None:
            on_page(index)
    return out


def extract_chunk(start: int, end: int) -> tuple[str, Any]:
    """Runs in a worker: ("ok", [PageLines…]) or ("error", description)."""
    queue = _state["queue"]
    cancel = _state["cancel"]
    try:
        pdf = _pdf()
        pages = extract_pages(pdf, start, end, on_page=queue.put, cancelled=cancel.is_set,
                              budget=_state["budget"])
        pdf.flush_cache()
        return "ok", pages
    except ImportFailure as exc:
        return "failure", (exc.kind, exc.message)
    except Exception as exc:  # reported to the parent, which turns it into "corrupt"
        return "error", f"{type(exc).__name__}: {exc}"[:300]
