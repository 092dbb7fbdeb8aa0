"""Tell a file's real format from its content, and check it against the name.

A clerk's file name is a hint, not a fact: a Word 97 file renamed ``.docx``
or a text saved as ``.pdf`` must get a sentence saying what the file really
is, instead of a parser's traceback. A ``.txt`` (or unknown) suffix on a real
PDF or docx is harmless and the content wins.

Which formats exist, and the signature of each, is declared once in
``desktop.importers.FORMATS``; this module holds the signature functions, the
refusals of formats we recognise but do not import, and the walk over them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from desktop.errors import ImportFailure
from desktop.importers.base import HEAD_BYTES, ImportFormat

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
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
    (b"AT&TFORM", "DjVu 文件"),
    (b"\x00\x00\x01\x00", "图标文件"),
    (b"MZ", "程序文件"),
    (b"\x7fELF", "程序文件"),
)


class DamagedContainer(ImportFailure):
    """A file of a container family (a zip) too damaged to look inside.

    ``what`` names the container ("压缩包"), so a file whose name claims another
    format can be told apart from a damaged file of the format it claims."""

    def __init__(self, what: str, message: str) -> None:
        super().__init__("corrupt", message)
        self.what = what


def _registry() -> dict[str, ImportFormat]:
    from desktop.importers import FORMATS

    return FORMATS


def supported_suffixes(formats: dict[str, ImportFormat]) -> tuple[str, ...]:
    """Every suffix of ``formats``, sorted: (".docx", ".pdf", ".txt")."""
    return tuple(sorted({s for f in formats.values() for s in f.suffixes}))


def only_these(formats: dict[str, ImportFormat]) -> str:
    """"只能导入 .docx、.pdf 和 .txt 文件" for the registry's formats."""
    names = supported_suffixes(formats)
    listed = names[0] if len(names) < 2 else f"{'、'.join(names[:-1])} 和 {names[-1]}"
    return f"只能导入 {listed} 文件"


# --- the registered formats' signatures (declared in desktop.importers.FORMATS) ------------

def is_pdf(head: bytes, data: bytes) -> bool:
    return b"%PDF-" in head


def is_docx(head: bytes, data: bytes) -> bool:
    """A zip holding word/document.xml; another zip (xlsx, pptx, odt…) is refused by name."""
    if not head.startswith(_ZIP):
        return False
    names = _zip_names(data, "Word 文件（.docx）")
    if "word/document.xml" in names:
        return True
    if _is_ofd_package(names):
        return False  # the OFD format's signature claims it
    if any(n.startswith("xl/") for n in names):
        kind = "Excel 表格（.xlsx）"
    elif any(n.startswith("ppt/") for n in names):
        kind = "PowerPoint 演示文稿（.pptx）"
    elif "content.xml" in names:
        kind = "WPS/OpenDocument 文档（.odt 等）"
    else:
        kind = "压缩包"
    raise ImportFailure("unsupported", f"这是{kind}，不是 Word 文档（.docx）；{only_these(_registry())}。")


def _is_ofd_package(names: set[str]) -> bool:
    """An OFD package (GB/T 33190) has its entry file, OFD.xml, at the root of the zip."""
    return any(n.lower() == "ofd.xml" for n in names)


def is_ofd(head: bytes, data: bytes) -> bool:
    """A zip with OFD.xml at its root (the national fixed-layout format, GB/T 33190)."""
    if not head.startswith(_ZIP):
        return False
    return _is_ofd_package(_zip_names(data, "OFD 文件（.ofd）"))


def _zip_names(data: bytes, what: str) -> set[str]:
    """The member names of the zip ``data``; DamagedContainer naming ``what`` when unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DamagedContainer("压缩包", f"{what}已损坏或不完整，无法打开（压缩包结构错误）。") from None


#: The name of a Word 97-2003 / WPS document's main stream, as an OLE2 directory entry spells it.
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def is_legacy_word(head: bytes, data: bytes) -> bool:
    """An OLE2 compound file holding a WordDocument stream (.doc, and WPS's .wps);
    other OLE2 files (.xls, .ppt, .msg) are refused by name further on."""
    return head.startswith(_OLE2) and _WORD_STREAM in data


_HTML_MARKS = (b"<!doctype html", b"<html", b"<head")


def is_html(head: bytes, data: bytes) -> bool:
    """A web page saved from a browser: markup from the start (after a BOM or blank
    space) with <!DOCTYPE html>, <html or <head in the first kilobyte; or an MHTML
    single-file archive (MIME-Version, multipart/related) holding a text/html part."""
    lower = head.lower()
    if b"mime-version" in lower and b"multipart/related" in lower:
        return re.search(rb"text/html", data, re.IGNORECASE) is not None
    start = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not start.lstrip().startswith(b"<"):
        return False
    return any(mark in lower for mark in _HTML_MARKS)


def is_text(head: bytes, data: bytes) -> bool:
    return _looks_textual(head)


# --- sniffing ------------------------------------------------------------------------------

def _refuse_known_others(head: bytes, data: bytes, formats: dict[str, ImportFormat]) -> None:
    """Formats we recognise but do not import get a sentence naming them."""
    if head.startswith(_OLE2):
        raise ImportFailure(
            "unsupported",
            "这是旧版 Office 二进制文件（如 Excel 97-2003 的 .xls 或 PowerPoint 的 .ppt），不是报告文档；"
            "请在 Word/WPS 中另存为 .docx 后再导入。",
        )
    if head.startswith(b"<?xml") and b"<?mso-application" in data[:4096]:
        raise ImportFailure("unsupported", "这是 Word 2003 XML 文档，请在 Word/WPS 中另存为 .docx 后再导入。")
    for magic, what in _OTHER:
        if head.startswith(magic):
            raise ImportFailure("unsupported", f"这是{what}，{only_these(formats)}。")


def _identify(data: bytes, formats: dict[str, ImportFormat], suffix: str,
              claimed: ImportFormat | None) -> ImportFormat:
    """The format whose signature the bytes carry: the registry's own formats in
    order, then the refusals, then the fallback (plain text)."""
    head = data[:HEAD_BYTES]
    ordinary = [f for f in formats.values() if not f.fallback]
    for fmt in ordinary:
        try:
            if fmt.signature(head, data):
                return fmt
        except DamagedContainer as exc:
            if claimed is not None and claimed is not fmt:
                own = _damaged(claimed, head, data)
                if own is not None and own.what == exc.what:
                    raise own from None  # a damaged zip called .ofd is a damaged OFD, not a damaged .docx
                raise ImportFailure(
                    "unsupported", f"文件名是 {suffix}，但内容是一个损坏的{exc.what}，不是 {claimed.label}。"
                ) from None
            raise
    _refuse_known_others(head, data, formats)
    for fmt in formats.values():
        if fmt.fallback and fmt.signature(head, data):
            return fmt
    binary = "、".join(supported_suffixes({f.name: f for f in ordinary}))
    raise ImportFailure("unsupported", f"无法识别的文件格式（不是 {binary} 或文本文件）。")


def _damaged(fmt: ImportFormat, head: bytes, data: bytes) -> DamagedContainer | None:
    """``fmt``'s own verdict when its signature finds the container too damaged to look inside."""
    try:
        fmt.signature(head, data)
    except DamagedContainer as exc:
        return exc
    except ImportFailure:
        return None
    return None


def sniff_format(data: bytes, name: str = "") -> str:
    """The registered format of the content ("pdf", "docx", "txt"); ImportFailure
    (empty/unsupported/corrupt) otherwise.

    When ``name``'s suffix belongs to a format other than the fallback (.pdf,
    .docx) but the content is another format, the file is refused as
    unsupported, naming both, since such a file is almost always a mistake
    (the wrong file, or a "conversion" by renaming).
    """
    if not data:
        raise ImportFailure("empty")
    formats = _registry()
    suffix = PurePath(name).suffix.lower()
    claimed = next((f for f in formats.values() if not f.fallback and suffix in f.suffixes), None)
    found = _identify(data, formats, suffix, claimed)
    if claimed is not None and found is not claimed:
        raise ImportFailure(
            "unsupported",
            f"文件名是 {suffix}，但内容是{found.label}，不是{claimed.label}。"
            "请确认选对了文件，或先用相应软件另存为正确格式。",
        )
    return found.name


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    from desktop.importers.txt_reader import bomless_utf16

    if bomless_utf16(head) is not None:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls <= len(head) // 100
