"""Offline OCR of scanned PDF pages (issue 15), Qt-free.

The engine is PP-OCRv4 (the detection and recognition models shipped inside the
``rapidocr-onnxruntime`` wheel, or in the bundle's resources/ocr) run by ONNX
Runtime on the CPU through desktop.importers.ocr_engine, which does RapidOCR's pre-
and post-processing with numpy alone (page images: desktop.importers.ocr_image), so
the frozen bundle carries neither OpenCV nor Pillow; nothing is downloaded at run
time. It is an optional component: ``available()`` asks importlib whether ONNX
Runtime, numpy and the models are there without importing them (onnxruntime costs
~0.3 s and ~100 MB), and the engine is loaded on first use, once per process. The
figures below were measured with RapidOCR itself; the lean engine reads the same
pages alike (ocr_engine's measurements).

A page is rendered (pypdfium2, :data:`DPI`), a red round seal is washed out of
colour scans (its red pixels only: black text under it stays), and the
recognised lines are turned into the same ``PageLines`` a text layer gives
(pdf_layout.lines_from_chars), with the page's skew taken out of the boxes,
so pdf_paragraphs joins them into paragraphs by the same rules as a born-digital
PDF: CJK line joins, running headers and page numbers dropped, titles,
columns, the section outline. ASCII punctuation the recogniser puts between
Chinese characters (``2019年,在``) is set full-width (``2019年，在``).

Engine chosen by measurement (scripts/make_scans.py on scans of seed 000 made by
tests/fixtures/scans.py, two A4 pages each: header, page number, title, headings;
noisy = skew 1.5-3°, blur, gaussian noise, a red round seal over text). Accuracy =
1 − Levenshtein / length after whitespace removal, whole page against what it shows
(header and page number included, punctuation normalised alike); seconds a page on
the shared 2-core test machine at load 2-3 (ratios only):

    scan                 RapidOCR 1.4.4 (PP-OCRv4)   Tesseract 5.3 chi_sim (Debian, --psm 6)
    clean 200 dpi colour   100.0 %  (import 100 %)     98.9 %
    clean 150 dpi grey      97.5 %  (import 99.9 %)     99.0 %
    noisy 150 dpi colour    99.5 %  (import 99.9 %)     81.3 %
    noisy 200 dpi colour    99.7 %  (import 99.5 %)     83.8 %
    noisy 300 dpi colour    99.6 %  (import 99.8 %)     77.1 %
    noisy 200 dpi grey      94.7 %  (import 94.7 %)     86.2 %   (a grey seal cannot be washed out)
    s/page, one process     3.5-12                      7.7-14

"import" = the whole PDF import (paragraphs, furniture dropped) against the canonical
text of the same paragraphs. Tesseract is as good on clean pages but loses a sixth of
the text under noise, skew and a seal (it was given the page as scanned, RapidOCR
the page with the seal washed out), and is no faster: RapidOCR it is.

Resolution: the noisy 200-dpi test scan rendered at 150 dpi read 100 % at 4.4 s a
page, at 200 dpi scaled to RapidOCR's default 2000-pixel side 99.7 % (one paragraph
break wrong) at 5.9 s, at 200 dpi unscaled (MAX_SIDE 2400) 100 % at 8.0 s. At 150 dpi
the 10.5 pt page numbers (``- 1 -``) were no longer found at all — and tables and
notes are set that small — so DPI = 200 with MAX_SIDE = 2400: slower, but small
print is read. Speed and memory for 20 pages: tests/benchmarks/bench_ocr.py.
"""

from __future__ import annotations

import importlib.util
import math
import re
from statistics import median
from typing import Any, NamedTuple

from desktop.importers.base import PageLine
from desktop.importers.pdf_layout import PageLines, is_cjk, lines_from_chars

#: rendering resolution of a page for OCR (measured: see above); RapidOCR scales its
#: input down to at most MAX_SIDE pixels
DPI = 200
MAX_SIDE = 2400
#: lines recognised with less confidence than this are marked for the reviewer. Measured
#: on 136 lines of three noisy two-page scans: every line read exactly scored ≥ 0.978,
#: the misread ones 0.52 (seal residue read as 专鞋), 0.72-0.78 (page numbers) and 0.964
#: (a stray quote mark); 0.8-0.95 mark the same lines, 0.9 leaves room on both sides
LOW_CONFIDENCE = 0.9
#: a rendered page with less than this share of dark pixels is blank: not OCR'd
BLANK_INK = 0.0005

_PIP = "rapidocr-onnxruntime"  # where the models come from (its OpenCV is not used)


class OcrLine(NamedTuple):
    """One recognised line: its text (punctuation normalised), its box as four
    (x, y) pixel corners (top left, top right, bottom right, bottom left), confidence."""

    text: str
    box: tuple[tuple[float, float], ...]
    confidence: float


def available() -> bool:
    """Whether the OCR component is there (nothing is imported): ONNX Runtime, numpy
    and the PP-OCR models (in the bundle's resources/ocr, $REVIEWDESK_OCR_MODELS, or
    the rapidocr-onnxruntime wheel they come from)."""
    try:
        if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("numpy") is None:
            return False
    except (ImportError, ValueError):
        return False
    from desktop.importers.ocr_engine import default_model_dir

    return default_model_dir() is not None


def install_hint() -> str:
    """How to install the OCR component, for the ``scanned`` refusal."""
    return (f"本机未安装文字识别（OCR）组件。请安装带 OCR 的版本，或在本程序所用的 Python 中运行 "
            f"“pip install {_PIP}”（也可 pip install 'reviewdesk[ocr]'）后重新导入；"
            "安装包可在有网络的电脑上下载后拷贝过来离线安装。")


_engine: Any = None
_engine_threads = -1


def engine(threads: int = 0):
    """The process's OCR engine, loaded once; ``threads`` ONNX Runtime threads (0 = all).

    The lean engine (desktop.importers.ocr_engine): the same PP-OCRv4 models and
    parameters as RapidOCR, run with ONNX Runtime and numpy only, so the frozen
    bundle needs neither OpenCV nor Pillow (it reads the pages as RapidOCR does:
    see that module's measurements)."""
    global _engine, _engine_threads
    if _engine is None or (threads and threads != _engine_threads):
        import os

        from desktop.importers.ocr_engine import LeanOcr

        _engine = LeanOcr(threads=threads or os.cpu_count() or 1, max_side_len=MAX_SIDE)
        _engine_threads = threads
    return _engine


# --- text ---------------------------------------------------------------------

_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def normalise_text(text: str) -> str:
    """ASCII , ; : ( ) ? ! next to Chinese made full-width, spaces between Chinese removed.

    ``2019年,在`` → ``2019年，在``; ``(一)`` → ``（一）``; ``10:30`` and ``(1.5 m)`` stay.
    A bracket pair is converted together: ``(12)项`` → ``（12）项``.
    """
    text = _CJK_SPACE.sub("", text.strip())
    chars = list(text)

    def near_cjk(i: int) -> bool:
        for j in (i - 1, i + 1):
            if 0 <= j < len(chars) and is_cjk(chars[j]):
                return True
        return False

    opened: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(chars):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            j = opened.pop()
            pairs[i], pairs[j] = j, i
    convert = set()
    for i, ch in enumerate(chars):
        if ch not in _FULL:
            continue
        if ch == ":" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            continue
        if near_cjk(i):
            convert.add(i)
            if i in pairs:
                convert.add(pairs[i])
    return "".join(_FULL[ch] if i in convert else ch for i, ch in enumerate(chars))


def page_ranges(pages: list[int]) -> str:
    """1-based page numbers compressed: [1, 3, 4, 5] → ``1、3–5``; [3, 4] → ``3–4``."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(set(pages)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [n]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return "、".join(out)


def scanned_warning(pages: list[int]) -> str:
    """The import summary's note for OCR'd pages (0-based indexes)."""
    return f"第 {page_ranges([p + 1 for p in pages])} 页为扫描件，已识别文字，请核对"


# --- images -------------------------------------------------------------------

#: longest side of a rendered page in pixels (a poster-sized page is rendered smaller)
MAX_RENDER = 4000


def render(pdf, index: int, dpi: int | None = None):
    """Page ``index`` of a pypdfium2 document as (RGB array, pixels per point): ``dpi``,
    less for a page so large that it would pass MAX_RENDER pixels."""
    from desktop.importers import ocr_image

    return ocr_image.render(pdf, index, dpi or DPI)


def is_blank(image) -> bool:
    """Almost no dark pixels: nothing to read (a white page, a grey placeholder box)."""
    from desktop.importers import ocr_image

    return ocr_image.is_blank(_rgb(image))


def wash_seals(image):
    """Colour scan → greyscale array with red round seals washed out (see ocr_image)."""
    from desktop.importers import ocr_image

    return ocr_image.wash_seals(_rgb(image))


def _rgb(image):
    """An RGB array of a page image (a Pillow image from the test scans, or an array)."""
    import numpy as np

    if hasattr(image, "convert"):
        image = image.convert("RGB")
    array = np.asarray(image)
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    return array


def ocr_page(image, threads: int = 0) -> list[OcrLine]:
    """Recognised lines of one page image (an RGB array, or a Pillow image), text
    normalised, boxes in its pixels."""
    result = engine(threads)(wash_seals(image))
    out: list[OcrLine] = []
    for box, text, score in result or ():
        text = normalise_text(text)
        if text:
            out.append(OcrLine(text, tuple((float(x), float(y)) for x, y in box), float(score)))
    return out


# --- lines --------------------------------------------------------------------

def _em(ch: str) -> float:
    if ch.isspace():
        return 0.3
    return 1.0 if is_cjk(ch) else 0.55


def skew(lines: list[OcrLine]) -> float:
    """The page's skew in radians: median slope of the long lines' top edges."""
    angles = []
    for ln in lines:
        (x0, y0), (x1, y1) = ln.box[0], ln.box[1]
        h = math.dist(ln.box[0], ln.box[3])
        if x1 - x0 > 5 * max(h, 1):
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return median(angles) if angles else 0.0


def _sizes(heights: list[float]) -> list[float]:
    """Estimated font sizes snapped to clusters (values within 20 % of a cluster's
    smallest share its median), so that the box-height jitter of OCR does not
    read as a change of font (a paragraph break in pdf_paragraphs)."""
    order = sorted(range(len(heights)), key=lambda i: heights[i])
    out = [0.0] * len(heights)
    group: list[int] = []
    for i in order + [-1]:
        if i >= 0 and group and heights[i] <= heights[group[0]] * 1.2:
            group.append(i)
            continue
        if group:
            m = median(heights[j] for j in group)
            for j in group:
                out[j] = m
        group = [i]
    return out


def to_page_lines(lines: list[OcrLine], index: int, width: float, height: float,
                  scale: float) -> tuple[PageLines, tuple[PageLine, ...]]:
    """OCR lines of page ``index`` (``width`` × ``height`` points, ``scale`` pixels a point)
    → the PageLines pdf_paragraphs reads (skew taken out) and the PageRecord lines
    (boxes on the page as rendered, in points, in reading order)."""
    if not lines:
        return PageLines(index, width, height, False, [], 1), ()
    angle = skew(lines)
    cx, cy = width * scale / 2, height * scale / 2
    cos, sin = math.cos(-angle), math.sin(-angle)

    def straight(p: tuple[float, float]) -> tuple[float, float]:
        x, y = p[0] - cx, p[1] - cy
        return (cx + x * cos - y * sin) / scale, (cy + x * sin + y * cos) / scale

    boxes = []
    estimates = []
    for ln in lines:
        pts = [straight(p) for p in ln.box]
        x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
        top, bottom = min(p[1] for p in pts), max(p[1] for p in pts)
        ems = sum(_em(ch) for ch in ln.text)
        size = bottom - top
        if ems >= 2 and 0.6 * size <= (x1 - x0) / ems <= 1.3 * size:
            size = (x1 - x0) / ems
        boxes.append((x0, x1, top, bottom))
        estimates.append(size)
    sizes = _sizes(estimates)
    chars: list[dict] = []
    for k, (ln, (x0, x1, top, bottom), size) in enumerate(zip(lines, boxes, sizes)):
        ems = sum(_em(ch) for ch in ln.text) or 1.0
        x = x0
        step = (x1 - x0) / ems
        for ch in ln.text:
            w = _em(ch) * step
            chars.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": bottom,
                          "size": size, "upright": True, "ocr": k})
            x += w
    page = lines_from_chars(chars, index, width, height, 1)._replace(ocr=True)
    # the record's lines follow the reading order of the lines they went into
    def place(k: int) -> tuple[int, float]:
        x0, x1, top, bottom = boxes[k]
        mx, my = (x0 + x1) / 2, (top + bottom) / 2
        for pos, pl in enumerate(page.lines):
            if pl.top - 1 <= my <= pl.bottom + 1 and pl.x0 - 1 <= mx <= pl.x1 + 1:
                return pos, x0
        return len(page.lines), top

    records = []
    for k in sorted(range(len(lines)), key=place):
        xs = [p[0] / scale for p in lines[k].box]
        ys = [p[1] / scale for p in lines[k].box]
        records.append(PageLine(lines[k].text, round(min(xs), 2), round(min(ys), 2), round(max(xs), 2),
                                round(max(ys), 2), round(lines[k].confidence, 4)))
    return page, tuple(records)


# --- worker processes -----------------------------------------------------------

_state: dict[str, Any] = {}


def init_worker(data: bytes, threads: int) -> None:
    """Pool initializer: keeps the PDF bytes; the engine loads with the first page."""
    _state.clear()
    _state.update(data=data, threads=threads, pdf=None)


def read_page(index: int, dpi: int | None = None) -> tuple[int, float, float, float, list[OcrLine]]:
    """In a worker: renders and recognises page ``index`` of the initializer's PDF."""
    if _state.get("pdf") is None:
        import pypdfium2 as pdfium

        _state["pdf"] = pdfium.PdfDocument(_state["data"])
    return ocr_pdf_page(_state["pdf"], index, dpi, _state.get("threads", 0))


def ocr_pdf_page(pdf, index: int, dpi: int | None = None,
                 threads: int = 0) -> tuple[int, float, float, float, list[OcrLine]]:
    """Page ``index`` of a pypdfium2 document rendered and recognised: (index, width
    and height in points as rendered, pixels per point, lines). A blank page gives no lines."""
    image, scale = render(pdf, index, dpi)
    width, height = image.shape[1] / scale, image.shape[0] / scale
    if is_blank(image):
        return index, width, height, scale, []
    return index, width, height, scale, ocr_page(image, threads)
