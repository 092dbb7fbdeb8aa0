"""Tell a file's real format from its first bytes."""

from __future__ import annotations

import io
import zipfile

from desktop.errors import ImportFailure

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str:
    """"pdf", "docx" or "txt"; ImportFailure(unsupported/corrupt/empty) otherwise."""
    if not data:
        raise ImportFailure("empty")
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE2):
        raise ImportFailure(
            "unsupported",
            "这是旧版 Word 97-2003（.doc）或其他 Office 二进制文件，请在 Word/WPS 中另存为 .docx 后再导入。",
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFailure("corrupt", "Word 文件（.docx）已损坏或不完整，无法打开。") from None
        if "word/document.xml" in names:
            return "docx"
        raise ImportFailure("unsupported", "这是一个压缩包或其他 Office 文件，不是 Word 文档（.docx）。")
    if head.startswith((b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise ImportFailure("unsupported", "这是图片或 RTF 文件，只能导入 .docx、.pdf 和 .txt 文件。")
    if _looks_textual(head):
        return "txt"
    raise ImportFailure("unsupported")


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls <= len(head) // 100
