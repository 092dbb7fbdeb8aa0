"""Bounds on what a PDF may cost to read, checked before pdfminer pays it.

A PDF of 2 MB can hold a content stream that inflates to 2 GiB (deflate
compresses a run of spaces ~1000:1), or 20,000 pages. pdfminer inflates a
stream whole, in one ``zlib.decompress``, the moment it is first read, and
then interprets it at ~0.3 MB a second; nothing in it says "too much". So:

* the page count is read from the page tree (the catalog's /Count, then the
  tree itself, walked no further than the limit) before any page is opened;
* every content stream and form XObject is inflated here first, piece by
  piece with ``decompressobj(...).decompress(data, max_length)``, counting and
  discarding the output, and refused as soon as it would pass what is left
  of ``Limits.max_pdf_content_bytes``; only a stream that fits is handed to
  pdfminer to decode for real. Each time a stream is drawn again (a form used
  on every page, or 10,000 times on one) its size is counted again, since
  interpreting it again costs the time again;
* embedded font data (font programs, ToUnicode maps), which pdfminer also
  inflates whole when it meets the font, gets the same treatment with
  ``Limits.max_pdf_font_bytes``.

The count is one per document: worker processes share it through a
``multiprocessing.Value``, so splitting a document between processes does not
multiply what it may cost.
"""

from __future__ import annotations

import re
import zlib
from itertools import islice
from typing import Any

from desktop.errors import ImportFailure
from desktop.importers.base import Limits

_CHUNK = 64 * 1024
MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def pages_too_many(count: int, limit: int, *, at_least: bool = False) -> ImportFailure:
    more = "超过 " if at_least else ""
    return ImportFailure(
        "too_large", f"PDF 共{more} {count} 页，超过了导入上限 {limit} 页（可在导入设置中调整）。"
    )


def content_too_large(limit: int) -> ImportFailure:
    return ImportFailure(
        "too_large",
        f"PDF 页面内容解压后超过上限 {_mb(limit)}（内容流异常庞大，可能是恶意构造的“解压炸弹”），"
        "为保护内存和时间，已停止读取。",
    )


def fonts_too_large(limit: int) -> ImportFailure:
    return ImportFailure(
        "too_large", f"PDF 内嵌字体解压后超过上限 {_mb(limit)}（字体数据异常庞大），为保护内存，已停止读取。"
    )


def structure_too_large(limit: int) -> ImportFailure:
    return ImportFailure(
        "too_large",
        f"PDF 的对象流解压后超过上限 {_mb(limit)}（文件结构异常庞大，可能是恶意构造的“解压炸弹”），"
        "为保护内存，已停止读取。",
    )


#: A stream's dictionary that declares an object stream or a cross-reference stream.
_STRUCTURE_DICT = re.compile(rb"/Type\s*/(?:ObjStm|XRef)\b")
_STREAM_KEYWORD = re.compile(rb"\bstream(?:\r\n|\n|\r)")


def check_structure_streams(data: bytes, limit: int) -> None:
    """Refuses a PDF whose object or cross-reference streams inflate to more
    than ``limit`` bytes in total; reads the raw bytes, before pdfminer.

    pdfminer decodes these whole while it opens the document (to find the
    catalog and the page tree), so no later check can stop a bomb hidden in
    one. Each such stream is found by its dictionary's /Type, inflated here
    piece by piece under what is left of the limit, and discarded. Streams
    that are not Flate-compressed, or encrypted ones that do not inflate, are
    left to pdfminer (they cannot multiply their size)."""
    left = limit
    for m in _STRUCTURE_DICT.finditer(data):
        kw = _STREAM_KEYWORD.search(data, m.end(), m.end() + 4096)
        if kw is None or b"FlateDecode" not in data[max(0, m.start() - 2048):kw.start()]:
            continue
        end = data.find(b"endstream", kw.end())
        raw = data[kw.end():end if end >= 0 else len(data)]
        try:
            size, _ = _inflate_size(raw, left, keep=False)
        except _Over:
            raise structure_too_large(limit) from None
        left -= size


def check_page_count(doc, limit: int) -> None:
    """Refuses a document with more than ``limit`` pages, before pdfplumber builds any page.

    /Count is cheap but can lie, so the page tree is then walked, stopping one
    page past the limit (pdfminer's walk also finds pages outside a broken tree).
    """
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog.get("Pages")).get("Count"))
    except Exception:  # no usable /Pages: the walk below decides
        count = None
    if isinstance(count, int) and count > limit:
        raise pages_too_many(count, limit)
    walked = sum(1 for _ in islice(PDFPage.create_pages(doc), limit + 1))
    if walked > limit:
        raise pages_too_many(limit, limit, at_least=True)


class _Over(Exception):
    """A stream inflates to more than the bound it was measured against."""


def _inflate_size(data: bytes, bound: int, keep: bool) -> tuple[int, bytes]:
    """Size of ``data`` inflated (and the bytes when ``keep``), never producing more than bound + 1.

    A damaged stream counts what inflates before the damage, which is all
    pdfminer's own recovery (decompress_corrupted) can produce too.
    """
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    pos = 0
    pending = b""
    try:
        while not d.eof:
            if not pending and pos < len(data):
                pending = data[pos:pos + _CHUNK]
                pos += _CHUNK
            before = pending
            piece = d.decompress(pending, bound + 1 - size)
            pending = d.unconsumed_tail
            size += len(piece)
            if size > bound:
                raise _Over
            if keep:
                out.append(piece)
            if not piece and (pending == before if pending else pos >= len(data)):
                break  # all input read and nothing more comes out (a truncated stream)
    except zlib.error:
        pass
    return size, b"".join(out)


def _runlength_size(data: bytes) -> int:
    size, i, n = 0, 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            i += length + 2
        else:
            size += 257 - length
            i += 2
    return size


def _lzw_size(data: bytes, bound: int, keep: bool) -> tuple[int, bytes]:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    size = 0
    for piece in LZWDecoder(BytesIO(data)).run():
        size += len(piece)
        if size > bound:
            raise _Over
        if keep:
            out.append(piece)
    return size, b"".join(out)


def decoded_size(stream, bound: int) -> int:
    """Bytes ``stream`` decodes to; raises _Over past ``bound`` without decoding further.

    Filters that expand (Flate, LZW, RunLength) are measured incrementally; the
    ASCII ones only shrink. Image codecs pdfminer passes through (DCT, JPX,
    JBIG2) or refuses (Crypt, unknown) cost nothing here. Only the last
    stage's output is thrown away while measuring; an earlier stage's output,
    already bounded, feeds the next.
    """
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import (
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_FLATE_DECODE,
        LITERALS_LZW_DECODE,
        LITERALS_RUNLENGTH_DECODE,
    )

    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    filters = stream.get_filters()
    if filters and stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    size = len(data)
    for i, (f, _params) in enumerate(filters):
        keep = i < len(filters) - 1
        if f in LITERALS_FLATE_DECODE:
            size, data = _inflate_size(data, bound, keep)
        elif f in LITERALS_LZW_DECODE:
            size, data = _lzw_size(data, bound, keep)
        elif f in LITERALS_RUNLENGTH_DECODE:
            size = _runlength_size(data)
            if size > bound:
                raise _Over
            if keep:
                from pdfminer.runlength import rldecode

                data = rldecode(data)
        elif f in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
            size = len(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
            size = len(data)
        else:
            break
    if size > bound:
        raise _Over
    return size


class Counter:
    """A plain shared count for the in-process path; ``multiprocessing.Value`` in workers."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self):
        from contextlib import nullcontext

        return nullcontext()


class PdfBudget:
    """What is left of a document's content and font allowances (see the module docstring)."""

    def __init__(self, limits: Limits, counter: Any = None) -> None:
        self.limit = limits.max_pdf_content_bytes
        self.font_limit = limits.max_pdf_font_bytes
        self.counter = counter if counter is not None else Counter()
        self.font_used = 0
        #: streams inflated under this budget whose first drawing is already paid for
        self._fresh: set[int] = set()

    def remaining(self) -> int:
        return max(0, self.limit - self.counter.value)

    def charge(self, n: int) -> None:
        with self.counter.get_lock():
            self.counter.value += n
            total = self.counter.value
        if total > self.limit:
            raise content_too_large(self.limit)

    def inflate(self, stream) -> None:
        """Decodes a content stream pdfminer is about to read, if it fits; charged once."""
        if stream.data is not None:
            return
        try:
            size = decoded_size(stream, self.remaining())
        except _Over:
            raise content_too_large(self.limit) from None
        self.charge(size)
        stream.get_data()
        self._fresh.add(id(stream))

    def draw(self, stream) -> None:
        """Called each time a content stream or form is about to be interpreted."""
        if stream.data is None:
            self.inflate(stream)
        if id(stream) in self._fresh:
            self._fresh.discard(id(stream))
        else:
            self.charge(len(stream.data or b""))

    def font_stream(self, stream) -> None:
        """Decodes a font program or ToUnicode map within the font allowance."""
        if stream.data is not None:
            return
        left = max(0, self.font_limit - self.font_used)
        try:
            size = decoded_size(stream, left)
        except _Over:
            raise fonts_too_large(self.font_limit) from None
        self.font_used += size
        stream.get_data()
