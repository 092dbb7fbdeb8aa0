"""PDF: text pages through pdfplumber."""

from __future__ import annotations

import io

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument
from desktop.text import canonical_text, detect_sections, guess_title


@register("pdf")
def read_pdf(data: bytes, name: str, *, limits, progress, cancelled) -> ImportedDocument:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise ImportFailure("encrypted") from None
        raise ImportFailure("corrupt", f"PDF 文件已损坏或不完整（{type(exc).__name__}）。") from None
    lines: list[str] = []
    warnings: list[str] = []
    with pdf:
        total = len(pages)
        for i, page in enumerate(pages):
            if cancelled():
                raise ImportCancelled()
            page_text = page.extract_text() or ""
            if not page_text.strip():
                warnings.append(f"第 {i + 1} 页没有文字层（可能是扫描页），已跳过。")
            lines.extend(page_text.split("\n"))
            page.close()
            progress(i + 1, total)
    text = canonical_text(lines)
    if not text:
        raise ImportFailure("scanned")
    return ImportedDocument(guess_title(text), name, "", "pdf", text, detect_sections(text),
                            warnings=warnings, pages=total)
