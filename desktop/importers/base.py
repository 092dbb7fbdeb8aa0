"""What every importer returns, and the limits it must respect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from desktop.text import Section

#: progress(done, total) -> None; total may be 0 when unknown.
ProgressFn = Callable[[int, int], None]
#: cancelled() -> True when the user asked to stop.
CancelFn = Callable[[], bool]
#: signature(head, data) -> True when the bytes are this format. ``head`` is the
#: first HEAD_BYTES of ``data``. It may raise ImportFailure for a file of its family
#: that is not importable (a zip that is an .xlsx), or DamagedContainer.
Signature = Callable[[bytes, bytes], bool]
#: How much of a file the signatures look at first.
HEAD_BYTES = 1024


@dataclass(frozen=True)
class ImportFormat:
    """One importable format, declared once in desktop.importers.FORMATS.

    The command line's and the window's suffix lists, the open dialog's filter
    and the sniffing table are all read from these declarations.
    """

    name: str  # sniff()'s answer and ImportedDocument.format: "docx"
    label: str  # Chinese, in messages: "Word 文档（.docx）"
    suffixes: tuple[str, ...]  # lower case, with the dot: (".docx",)
    signature: Signature
    reader: str  # the module whose import registers this format's reader (loaded when first needed)
    #: The check of last resort (plain text): tried only after every other signature
    #: and the refusal of formats we recognise but do not import; its suffix never
    #: overrules the content (a real PDF called .txt is read as the PDF it is).
    fallback: bool = False


@dataclass(frozen=True)
class Limits:
    """Configurable import limits (issue 3: 50 MB file, 2 million characters)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_chars: int = 2_000_000
    #: docx: largest total uncompressed size and compression ratio accepted.
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    #: docx: largest total size of the XML parts (by the zip's sizes and as read). A
    #: 150 MB document.xml compresses at an ordinary ratio and passes the two checks
    #: above, yet lxml and the reader need ~20 bytes of memory per byte of XML.
    max_docx_xml_bytes: int = 16 * 1024 * 1024
    #: PDF: most pages read; counted from the page tree before any page is opened.
    max_pdf_pages: int = 2000
    #: PDF: most bytes of page content (content streams and form XObjects, as inflated
    #: and as drawn) read for the whole document. pdfminer interprets 0.2-0.3 MB a second,
    #: so 4 MB (~400 ordinary pages) answers within 30 s; inflating with this bound
    #: also bounds the memory of a content stream that inflates to gigabytes.
    max_pdf_content_bytes: int = 4 * 1024 * 1024
    #: PDF: most bytes of embedded font data (font programs, ToUnicode maps) inflated.
    max_pdf_font_bytes: int = 64 * 1024 * 1024
    #: PDF: most bytes of object and cross-reference streams inflated, in total. pdfminer
    #: inflates these whole while opening the file, before any page or limit is seen.
    max_pdf_structure_bytes: int = 64 * 1024 * 1024
    #: PDF worker processes; 0 = one per usable core (at most 8), 1 = read in-process.
    pdf_workers: int = 0
    #: PDF pages without a usable text layer are read by OCR when the OCR component is
    #: installed (issue 15); False keeps the old refusal (``--no-ocr``).
    ocr: bool = True


@dataclass
class ImportedDocument:
    """A file turned into canonical text plus its outline; nothing is stored yet."""

    title: str
    source_name: str
    source_sha256: str
    format: str  # an ImportFormat.name: "txt" | "docx" | "pdf"
    text: str
    sections: list[Section] = field(default_factory=list)
    #: Chinese notes for the reviewer, e.g. "第 3 页没有文字层，已跳过".
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    #: Fixed-layout formats: per page (0-based), the offset in ``text`` where the
    #: page's first paragraph starts; a page without text gets the next page's.
    page_starts: list[int] = field(default_factory=list)
    #: Per page, the page number printed on it (None where there is none): a
    #: compilation restarts them for each report.
    page_labels: list[int | None] = field(default_factory=list)
    #: PDFs (issue 15): per page, where its text came from and how it looked on
    #: the page, for the original-page view and the OCR marks. Empty for other formats.
    page_records: list["PageRecord"] = field(default_factory=list)
    #: The file's own bytes where a view needs them later (PDF pages are rendered
    #: from them); None when the format has no such view.
    original: bytes | None = None


@dataclass(frozen=True)
class PageLine:
    """One line as it stood on the page: its text, box in PDF points (origin at
    the top left, y downwards, the page's own unrotated size as rendered) and,
    for OCR, the recogniser's confidence (1.0 for a text layer)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0


@dataclass(frozen=True)
class PageRecord:
    """One page of a PDF: ``source`` is "text" (its text layer), "ocr" (read by
    OCR) or "none" (nothing read: blank, or a scan with OCR off/unavailable);
    ``confidence`` the mean OCR confidence of its lines (None for "text");
    ``lines`` the page's lines in reading order, running headers and page
    numbers included (the canonical text leaves those out)."""

    index: int
    width: float
    height: float
    source: str
    confidence: float | None = None
    lines: tuple[PageLine, ...] = ()
