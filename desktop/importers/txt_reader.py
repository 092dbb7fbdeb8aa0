"""Plain text: detect the encoding, normalise line endings, strip portal clutter.

Reports copied from government portals arrive in every encoding Windows
Notepad can write. A wrong guess shows as U+FFFD or mojibake in the text the
reviewer annotates, so decoding is strict: a text is decoded by the first
encoding that accepts *all* its bytes (except an incomplete last character of
a file cut mid-character, dropped with a warning), and a file no candidate
accepts is refused rather than imported with replacement characters. The
character limit is told before that refusal: a text over it is too_large.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import PurePath

from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.text import canonical_text, detect_sections, guess_title, join_title_block, strip_clutter

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


def _incomplete_prefix(tail: bytes, encoding: str) -> bool:
    """True when ``tail`` (1-3 bytes) is the start of a character of ``encoding``
    that the file's end cut off, not an invalid byte.

    Python's GB18030 incremental decoder also holds back bytes that can never
    start a character (0xFF), so GB18030 is checked by its byte ranges: a lead
    byte 0x81-0xFE, then for the four-byte form a digit and another lead byte.
    """
    if not 1 <= len(tail) <= 3:
        return False
    if encoding == "gb18030":
        return (0x81 <= tail[0] <= 0xFE
                and (len(tail) < 2 or 0x30 <= tail[1] <= 0x39)
                and (len(tail) < 3 or 0x81 <= tail[2] <= 0xFE))
    try:
        return codecs.getincrementaldecoder(encoding)().decode(tail, final=False) == ""
    except (UnicodeDecodeError, LookupError):
        return False


def _tolerant(data: bytes, encoding: str) -> tuple[str, bool] | None:
    """(text, cut) of ``data`` decoded strictly, except that an incomplete last
    character (a file cut mid-character) is dropped, ``cut`` then True; None when
    any other byte does not fit ``encoding``."""
    text = _strict(data, encoding)
    if text is not None:
        return text, False
    for cut in (1, 2, 3):
        if len(data) > cut and _incomplete_prefix(data[-cut:], encoding):
            text = _strict(data[:-cut], encoding)
            if text is not None:
                return text, True
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


#: A file over twice these sizes together has its encoding chosen from a head and a
#: tail sample before any whole-file decoding (charset detection only sees the head).
SAMPLE_HEAD = 256 * 1024
SAMPLE_TAIL = 64 * 1024
#: Shown when the last character was cut off (a truncated download or copy).
CUT_WARNING = "文件末尾有一个不完整的字符（文件可能被截断），已忽略。"


def _samples(data: bytes, *, small: bool = False) -> tuple[bytes, bytes] | None:
    """(head, tail) samples of a large file, None for a small one (read whole)
    unless ``small``.

    The tail starts just after a byte below 0x30 (line break, space, ASCII
    punctuation): no such byte is part of a multi-byte character in UTF-8 or
    GB18030, so the tail starts on a character boundary in either."""
    if len(data) <= 2 * (SAMPLE_HEAD + SAMPLE_TAIL) and not small:
        return None
    tail = data[-SAMPLE_TAIL:]
    for i, byte in enumerate(tail):
        if byte < 0x30:
            return data[:SAMPLE_HEAD], tail[i + 1:]
    return data[:SAMPLE_HEAD], b""


def _sample_fits(samples: tuple[bytes, bytes] | None, encoding: str) -> bool:
    """Whether the head and tail samples read as ``encoding`` (the head may end mid-character)."""
    if samples is None:
        return True
    head, tail = samples
    if _tolerant(head, encoding) is None:
        return False
    if encoding not in ("utf-8", "gb18030"):
        return True  # the tail is aligned for these two only
    return not tail or _tolerant(tail, encoding) is not None


def too_many_chars(count: int, limit: int, *, approximate: bool = False) -> ImportFailure:
    """The ``too_large`` failure of a text over the character limit, saying how to split it."""
    return ImportFailure(
        "too_large",
        f"文本{'约' if approximate else '共'} {count} 字，超过了导入上限 {limit} 字。"
        f"请按报告把文件拆分为几个较小的文本文件（每个不超过 {limit} 字），再分别导入。",
    )


def _refuse_if_too_long(data: bytes, encodings: list[str], max_chars: int | None) -> None:
    """too_large when ``data``, which no encoding reads whole, is over the limit read
    leniently in the first of ``encodings`` its head and tail samples read in: the
    limit is told before any verdict on the encoding. Garbage, which no sample
    reads in, is left to be refused as undecodable."""
    if max_chars is None or len(data) <= max_chars:
        return  # no encoding we read has more characters than bytes
    samples = _samples(data, small=True)
    fitting = [enc for enc in encodings if _sample_fits(samples, enc)]
    if not fitting:
        return
    count = len(data.decode(fitting[0], errors="replace"))
    if count > max_chars:
        raise too_many_chars(count, max_chars, approximate=True)


@dataclass(frozen=True)
class Decoded:
    """A text file's characters, the encoding that read them, and whether an
    incomplete last character was dropped."""

    text: str
    encoding: str
    cut: bool = False


def decode_text(data: bytes, *, max_chars: int | None = None) -> Decoded:
    """The characters of ``data``; ImportFailure("unsupported") when no encoding fits.

    Order: byte-order mark, UTF-16 without BOM, UTF-8, GB18030 (a superset of
    GBK and GB2312), then charset-normalizer's best guess, accepted only when
    it decodes without a single replacement character. UTF-8 and GB18030 accept
    a file cut mid-character (the incomplete last character is dropped and
    ``cut`` set); a large file is first tried on a head and tail sample. When
    no encoding reads every byte, a text over ``max_chars`` in the encoding the
    head and tail samples read in is refused as too_large before being called
    undecodable (garbage, which no sample reads in, stays "unsupported").
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            got = _tolerant(data[len(bom):], encoding)
            if got is None:
                _refuse_if_too_long(data[len(bom):], [encoding], max_chars)
                raise ImportFailure(
                    "unsupported",
                    f"文本文件开头标明是 {encoding.upper()} 编码，但内容与该编码不符，无法正确读取。",
                )
            return Decoded(got[0], encoding, got[1])
    guess = bomless_utf16(data)
    if guess is not None:
        got = _tolerant(data, guess)
        if got is not None:
            return Decoded(got[0], guess, got[1])
    samples = _samples(data)
    plausible = [enc for enc in ("utf-8", "gb18030") if _sample_fits(samples, enc)]
    utf8 = _tolerant(data, "utf-8") if "utf-8" in plausible else None
    # UTF-8 with non-ASCII characters before a cut is far stronger evidence than
    # GB18030, which accepts most byte pairs; an all-ASCII head is not.
    if utf8 is not None and (not utf8[1] or not utf8[0].isascii()):
        return Decoded(utf8[0], "utf-8", utf8[1])
    gb = _tolerant(data, "gb18030") if "gb18030" in plausible else None
    if gb is not None:
        return Decoded(gb[0], "gb18030", gb[1])
    if utf8 is not None:
        return Decoded(utf8[0], "utf-8", utf8[1])
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # a detector failure must not become a traceback
        best = None
    if best is not None:
        text = _strict(data, best.encoding)
        if text is not None and "\ufffd" not in text:
            return Decoded(text, best.encoding)
    _refuse_if_too_long(data, plausible, max_chars)
    raise ImportFailure(
        "unsupported",
        "无法识别文本文件的编码（不是 UTF-8、GB18030/GBK 或 UTF-16），为避免出现乱码未导入。"
        "请用记事本另存为 UTF-8 后再试。",
    )


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of ``data``; ImportFailure("unsupported") when no encoding fits."""
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


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
    decoded = decode_text(data, max_chars=limits.max_chars)
    text = decoded.text
    if looks_binary(text):
        raise ImportFailure("unsupported", "这不是文本文件（内容包含大量二进制数据），只能导入 .docx、.pdf 和 .txt 文件。")
    if len(text) > limits.max_chars * 2:  # no point cleaning text far over the limit
        raise too_many_chars(len(text), limits.max_chars)
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    kept, _dropped = strip_clutter(lines)
    body = canonical_text(join_title_block(kept))  # a title on two or three lines is one line
    if len(body) > limits.max_chars:
        raise too_many_chars(len(body), limits.max_chars)
    progress(1, 1)
    return ImportedDocument(
        guess_title(body, PurePath(name).stem), name, "", "txt", body, detect_sections(body),
        warnings=[CUT_WARNING] if decoded.cut else [],
    )
