"""Tell a file's real format from its content, and check it against the name.

A clerk's file name is a hint, not a fact: a Word 97 file renamed ``.docx``
or a text saved as ``.pdf`` must get a sentence saying what the file really
is, instead of a parser's traceback. A ``.txt`` (or unknown) suffix on a real
PDF or docx is harmless and the content wins.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from desktop.errors import ImportFailure

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NAMES = {"pdf": "PDF 文件", "docx": "Word 文档（.docx）", "txt": "纯文本"}
#: signatures of formats we recognise but do not import: (magic, description)
_OTHER = (
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"<?xml", "XML 文件"),
    (b"AT&TFORM", "DjVu 文件"),
    (b"\x00\x00\x01\x00", "图标文件"),
    (b"MZ", "程序文件"),
    (b"\x7fELF", "程序文件"),
)


def _content_format(data: bytes) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE2):
        raise ImportFailure(
            "unsupported",
            "这是旧版 Word 97-2003（.doc）或其他 Office 二进制文件，请在 Word/WPS 中另存为 .docx 后再导入。",
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ImportFailure("corrupt", "Word 文件（.docx）已损坏或不完整，无法打开（压缩包结构错误）。") from None
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            kind = "Excel 表格（.xlsx）"
        elif any(n.startswith("ppt/") for n in names):
            kind = "PowerPoint 演示文稿（.pptx）"
        elif "content.xml" in names:
            kind = "WPS/OpenDocument 文档（.odt 等）"
        else:
            kind = "压缩包"
        raise ImportFailure("unsupported", f"这是{kind}，不是 Word 文档（.docx）；只能导入 .docx、.pdf 和 .txt 文件。")
    if head.startswith(b"<?xml") and b"<?mso-application" in data[:4096]:
        raise ImportFailure("unsupported", "这是 Word 2003 XML 文档，请在 Word/WPS 中另存为 .docx 后再导入。")
    for magic, what in _OTHER:
        if head.startswith(magic) and not (magic == b"<?xml"):
            raise ImportFailure("unsupported", f"这是{what}，只能导入 .docx、.pdf 和 .txt 文件。")
    if _looks_textual(head):
        return "txt"
    raise ImportFailure("unsupported", "无法识别的文件格式（不是 .docx、.pdf 或文本文件）。")


def sniff_format(data: bytes, name: str = "") -> str:
    """"pdf", "docx" or "txt" from the content; ImportFailure(empty/unsupported/corrupt) otherwise.

    When ``name`` ends in .pdf or .docx but the content is another format the
    file is refused as unsupported, naming both, since such a file is almost
    always a mistake (the wrong file, or a "conversion" by renaming).
    """
    if not data:
        raise ImportFailure("empty")
    suffix = PurePath(name).suffix.lower().lstrip(".") if name else ""
    try:
        fmt = _content_format(data)
    except ImportFailure as exc:
        if exc.kind == "corrupt" and suffix not in ("docx", ""):
            if suffix == "pdf":
                raise ImportFailure(
                    "unsupported", "文件名是 .pdf，但内容是一个损坏的压缩包，不是 PDF 文件。"
                ) from None
        raise
    if suffix in ("pdf", "docx") and fmt != suffix:
        raise ImportFailure(
            "unsupported",
            f"文件名是 .{suffix}，但内容是{_NAMES[fmt]}，不是{_NAMES[suffix]}。"
            "请确认选对了文件，或先用相应软件另存为正确格式。",
        )
    return fmt


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    from desktop.importers.txt_reader import bomless_utf16

    if bomless_utf16(head) is not None:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls <= len(head) // 100
