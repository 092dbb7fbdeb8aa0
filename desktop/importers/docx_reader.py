"""Word .docx: body paragraphs and table cells in document order."""

from __future__ import annotations

import io
import zipfile

from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument
from desktop.text import canonical_text, detect_sections, guess_title


@register("docx")
def read_docx(data: bytes, name: str, *, limits, progress, cancelled) -> ImportedDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:  # lxml errors vary
        raise ImportFailure("corrupt", f"Word 文件已损坏，无法读取（{type(exc).__name__}）。") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.strip() for cell in row.cells))
    text = canonical_text(lines)
    progress(1, 1)
    return ImportedDocument(guess_title(text), name, "", "docx", text, detect_sections(text))
