"""Plain text: detect the encoding, normalise line endings, strip portal clutter.

Reports copied from government portals arrive in every encoding Windows
Notepad can write. A wrong guess shows as U+FFFD or mojibake in the text the
reviewer annotates, so decoding is strict: a text is decoded by the first
encoding that accepts *all* its bytes, and a file no candidate accepts is
refused rather than imported with replacement characters.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.text import canonical_text, detect_sections, guess_title, strip_clutter

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_cut_at_end(data: bytes) -> str | None:
    """UTF-8 whose only fault is a character cut off by truncation at the very end."""
    for cut in (1, 2, 3):
        if len(data) > cut:
            text = _strict(data[:-cut], "utf-8")
            if text is not None:
                return text
    return None


def bomless_utf16(data: bytes) -> str | None:
    """Encoding name when ``data`` reads as UTF-16 without a BOM, else None.

    Only considered when NUL bytes occur (no other text encoding we accept has
    them); the byte order whose decoding is almost all printable text wins.
    """
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        good = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        score = good / max(len(text), 1)
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.95 else None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of ``data``; ImportFailure("unsupported") when no encoding fits.

    Order: byte-order mark, UTF-8, UTF-16 without BOM, GB18030 (a superset of
    GBK and GB2312), then charset-normalizer's best guess, accepted only when
    it decodes without a single replacement character.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding)
            if text is None:
                raise ImportFailure(
                    "unsupported",
                    f"文本文件开头标明是 {encoding.upper()} 编码，但内容与该编码不符，无法正确读取。",
                )
            return text, encoding
    guess = bomless_utf16(data)
    if guess is not None:
        text = _strict(data[: len(data) // 2 * 2], guess)
        if text is not None:
            return text, guess
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _strict(data, "gb18030")
    if text is not None:
        return text, "gb18030"
    text = _utf8_cut_at_end(data)
    if text is not None:
        return text, "utf-8"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # a detector failure must not become a traceback
        best = None
    if best is not None:
        text = _strict(data, best.encoding)
        if text is not None and "\ufffd" not in text:
            return text, best.encoding
    raise ImportFailure(
        "unsupported",
        "无法识别文本文件的编码（不是 UTF-8、GB18030/GBK 或 UTF-16），为避免出现乱码未导入。"
        "请用记事本另存为 UTF-8 后再试。",
    )


def looks_binary(text: str) -> bool:
    """True when decoded 'text' is mostly control characters: a binary file, not prose."""
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\x0b\x0c")
    return controls > max(2, len(sample) // 50)


@register("txt")
def read_txt(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    """Canonical text of a plain-text report, portal clutter removed at head and tail."""
    text, _encoding = decode(data)
    if looks_binary(text):
        raise ImportFailure("unsupported", "这不是文本文件（内容包含大量二进制数据），只能导入 .docx、.pdf 和 .txt 文件。")
    if len(text) > limits.max_chars * 2:  # no point cleaning text far over the limit
        raise ImportFailure(
            "too_large", f"文本共 {len(text)} 字，超过了导入上限 {limits.max_chars} 字。"
        )
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    kept, _dropped = strip_clutter(lines)
    body = canonical_text(kept)
    progress(1, 1)
    return ImportedDocument(
        guess_title(body, PurePath(name).stem), name, "", "txt", body, detect_sections(body)
    )
