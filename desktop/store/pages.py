"""PDF page records as the project keeps them (issue 15): per page a row of
``document_pages`` whose ``lines`` column holds the page's lines compactly,
and the original file in ``document_files``.

A line is ``[text, x0, top, x1, bottom, confidence]``: the box in PDF points
rounded to 0.1 pt (a tenth of a point is far below a pixel at any zoom the
view offers), the confidence to 0.01; the list is JSON compressed with zlib.
Per line, not per character: the page view interpolates characters within a
line (CJK text is near monospaced), which keeps a page to about 1–2 KB.
"""

from __future__ import annotations

import json
import zlib
from typing import Iterable, Sequence

from desktop.importers.base import PageLine, PageRecord


def _r1(value: float) -> float | int:
    v = round(float(value), 1)
    return int(v) if v == int(v) else v


def encode_lines(lines: Iterable[PageLine]) -> bytes:
    """The ``lines`` column for a page."""
    rows = [[ln.text, _r1(ln.x0), _r1(ln.top), _r1(ln.x1), _r1(ln.bottom),
             1 if ln.confidence >= 1 else round(float(ln.confidence), 2)] for ln in lines]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)


def decode_lines(blob: bytes | None) -> tuple[PageLine, ...]:
    if not blob:
        return ()
    rows = json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
    return tuple(PageLine(str(r[0]), float(r[1]), float(r[2]), float(r[3]), float(r[4]), float(r[5]))
                 for r in rows)


def page_rows(doc_id: int, content_sha256: str, records: Sequence[PageRecord],
              page_starts: Sequence[int]) -> list[dict]:
    """The ``document_pages`` rows of one text version."""
    out = []
    for i, rec in enumerate(records):
        start = page_starts[i] if i < len(page_starts) else (page_starts[-1] if page_starts else 0)
        out.append({"doc_id": doc_id, "content_sha256": content_sha256, "page": rec.index, "start": int(start),
                    "width": float(rec.width), "height": float(rec.height), "source": rec.source,
                    "confidence": None if rec.confidence is None else round(float(rec.confidence), 4),
                    "lines": encode_lines(rec.lines)})
    return out


def record_of_row(page: int, width: float, height: float, source: str, confidence: float | None,
                  lines: bytes | None) -> PageRecord:
    return PageRecord(int(page), float(width), float(height), str(source),
                      None if confidence is None else float(confidence), decode_lines(lines))


def page_ranges(pages: Sequence[int]) -> str:
    """1-based page numbers as “3–8、10”."""
    nums = sorted(set(pages))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return "、".join(parts)
