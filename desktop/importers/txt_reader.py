"""Plain text: detect the encoding, normalise line endings."""

from __future__ import annotations

from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument
from desktop.text import canonical_text, detect_sections, guess_title


def decode(data: bytes) -> str:
    """Text of ``data``: BOMs first, then UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFailure("unsupported", "无法识别文本文件的编码（不是 UTF-8、GB18030/GBK 或 UTF-16）。")


@register("txt")
def read_txt(data: bytes, name: str, *, limits, progress, cancelled) -> ImportedDocument:
    text = canonical_text(decode(data).split("\n"))
    progress(1, 1)
    return ImportedDocument(guess_title(text), name, "", "txt", text, detect_sections(text))
