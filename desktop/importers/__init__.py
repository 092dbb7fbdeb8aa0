"""File → canonical text + outline. One module per format behind a registry.

:data:`FORMATS` declares each importable format once: its name, Chinese
label, suffixes, content signature and reader module. The command line's
folder expansion, the window's open dialog and drop handling, and the
sniffing table are derived from it. The format is sniffed from the content,
never trusted from the suffix. ``import_file`` is the only entry point the
CLI and the UI use.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import stat
from pathlib import Path
from typing import Callable

from desktop.errors import ImportFailure
from desktop.importers import sniffing
from desktop.importers.base import CancelFn, ImportedDocument, ImportFormat, Limits, ProgressFn

#: format name -> function(data: bytes, name: str, limits, progress, cancelled) -> (text, sections, extra)
Reader = Callable[..., ImportedDocument]
_READERS: dict[str, Reader] = {}

_log = logging.getLogger(__name__)

#: name -> format, in sniffing order (the fallback, plain text, is tried last anyway).
FORMATS: dict[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat("pdf", "PDF 文件", (".pdf",), sniffing.is_pdf, "desktop.importers.pdf_reader"),
        ImportFormat("docx", "Word 文档（.docx）", (".docx",), sniffing.is_docx, "desktop.importers.docx_reader"),
        # Read through LibreOffice when one is installed (desktop.importers.doc_reader).
        ImportFormat("doc", "旧版 Word/WPS 文档（.doc/.wps）", (".doc", ".wps"), sniffing.is_legacy_word,
                     "desktop.importers.doc_reader"),
        # The article is taken out of the page by trafilatura (desktop.importers.html_reader).
        ImportFormat("html", "网页（.html/.htm/.mhtml）", (".html", ".htm", ".mhtml", ".mht"), sniffing.is_html,
                     "desktop.importers.html_reader"),
        # The text layer of the national fixed-layout format (GB/T 33190), read by
        # desktop.importers.ofd_reader itself: no maintained library served (see there).
        ImportFormat("ofd", "OFD 版式文件（.ofd）", (".ofd",), sniffing.is_ofd, "desktop.importers.ofd_reader"),
        ImportFormat("txt", "纯文本", (".txt",), sniffing.is_text, "desktop.importers.txt_reader", fallback=True),
    )
}


def suffixes() -> tuple[str, ...]:
    """Every suffix a registered format claims, sorted: (".docx", ".pdf", ".txt")."""
    return sniffing.supported_suffixes(FORMATS)


def is_supported(path: str | Path) -> bool:
    """Whether a file's suffix is one a registered format claims (for folder contents)."""
    return Path(path).suffix.lower() in suffixes()


def register(fmt: str) -> Callable[[Reader], Reader]:
    """Decorator: makes a reader available for content sniffed as ``fmt`` (a FORMATS name)."""

    def deco(fn: Reader) -> Reader:
        _READERS[fmt] = fn
        return fn

    return deco


def sniff(data: bytes, name: str = "") -> str:
    """The real format of the file's bytes, a FORMATS name ("pdf", "docx", "txt");
    raises ImportFailure.

    ``name`` lets a .pdf/.docx suffix that lies about the content be refused.
    """
    return sniffing.sniff_format(data, name)


def import_bytes(
    data: bytes,
    name: str,
    *,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportedDocument:
    """Imports an in-memory file called ``name``; raises ImportFailure, nothing else."""
    limits = limits or Limits()
    if not data:
        raise ImportFailure("empty")
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits.max_file_bytes)
    fmt = sniff(data, name)
    reader = _reader(fmt)
    try:
        doc = reader(
            data,
            name,
            limits=limits,
            progress=progress or (lambda done, total: None),
            cancelled=cancelled or (lambda: False),
        )
    except ImportFailure:
        raise
    except RecursionError:
        raise ImportFailure("corrupt", "文件结构嵌套过深，无法读取（文件可能已损坏）。") from None
    except MemoryError:
        raise ImportFailure("too_large", "文件内容过大，内存不足，无法导入。") from None
    except Exception as exc:  # a parser bug must still give the clerk a sentence, not a traceback
        _log.exception("unexpected %s while reading %s as %s", type(exc).__name__, name, fmt)
        raise ImportFailure(
            "corrupt", f"文件已损坏或格式异常，无法读取（{type(exc).__name__}）。"
        ) from None
    if not doc.text.strip():
        raise ImportFailure("empty", "文件中没有可读的文字。")
    if len(doc.text) > limits.max_chars:
        raise ImportFailure(
            "too_large",
            f"文本共 {len(doc.text)} 字，超过了导入上限 {limits.max_chars} 字。",
        )
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc


def import_file(
    path: str | Path,
    *,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportedDocument:
    """Imports the file at ``path``; raises ImportFailure with a Chinese message."""
    path = Path(path)
    limits = limits or Limits()
    try:
        data = read_capped(path, limits.max_file_bytes)
    except FileNotFoundError:
        raise ImportFailure("not_found", f"找不到文件：{path}") from None
    except PermissionError:
        raise ImportFailure("not_found", f"没有权限读取文件：{path}") from None
    except OSError as exc:
        raise ImportFailure("corrupt", f"无法读取文件：{path}（{exc.strerror}）") from None
    return import_bytes(data, path.name, limits=limits, progress=progress, cancelled=cancelled)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> ImportFailure:
    if at_least:  # the read stopped at limit + 1 bytes: the real size is unknown
        return ImportFailure(
            "too_large", f"文件读取时已超过导入上限 {limit / 1048576:.0f} MB（实际大小比文件系统报告的更大）。"
        )
    return ImportFailure(
        "too_large",
        f"文件大小 {size / 1048576:.1f} MB，超过了导入上限 {limit / 1048576:.0f} MB。",
    )


_SPECIAL = ((stat.S_ISFIFO, "管道"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
            (stat.S_ISSOCK, "套接字"))


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ImportFailure otherwise.

    ``os.stat`` follows symlinks, so a ``.txt`` that links to /dev/zero is seen
    as the device it is and refused before anything opens it: opening a FIFO
    for reading blocks until a writer comes (a hung window that cannot close),
    and a device never ends. The size from stat is a first answer only; the
    read itself asks for ``limit + 1`` bytes, so a file that grows while it is
    read, or a filesystem that reports a wrong size, still cannot make us hold
    more than the limit.
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise ImportFailure("unsupported", f"“{path.name}”是文件夹，不是文件。")
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _SPECIAL if test(st.st_mode)), "特殊文件")
        raise ImportFailure("unsupported", f"“{path.name}”不是普通文件（是{what}），无法导入。")
    if st.st_size > limit:
        raise _too_large(st.st_size, limit)
    # O_NONBLOCK: should the path be swapped for a FIFO between stat and open, the
    # open does not wait for a writer; the fstat below then refuses it.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ImportFailure("unsupported", f"“{path.name}”不是普通文件，无法导入。")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit, at_least=True)
    return data


def _reader(fmt: str) -> Reader:
    """The reader for ``fmt``; importing its module registers it, done lazily so
    pdfplumber loads only when a PDF is read."""
    if fmt not in _READERS:
        importlib.import_module(FORMATS[fmt].reader)
    return _READERS[fmt]


__all__ = [
    "FORMATS",
    "ImportFailure",
    "ImportFormat",
    "ImportedDocument",
    "Limits",
    "CancelFn",
    "ProgressFn",
    "import_file",
    "import_bytes",
    "register",
    "sniff",
    "suffixes",
    "is_supported",
]
