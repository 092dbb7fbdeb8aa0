"""Page images for OCR with numpy alone (issue 15): what the frozen bundle can run.

The bundle carries ONNX Runtime, numpy and pypdfium2 but not Pillow or OpenCV
(together they would take it far past its size goal), so a page is rendered
straight into a numpy array, and the greyscale conversion, the blank-page test
and the washing out of red seals are done here with numpy, matching what
Pillow's ``convert("L")``/``reduce`` and OpenCV's area resize, dilation and
connected components did for desktop.importers.ocr. Components come from the
lean engine's run-length labelling.
"""

from __future__ import annotations

import numpy as np

from desktop.importers.ocr_engine import label_runs

#: a rendered page with less than this share of dark pixels is blank: not OCR'd
BLANK_INK = 0.0005
#: longest side of a rendered page in pixels (a poster-sized page is rendered smaller)
MAX_RENDER = 4000


def render(pdf, index: int, dpi: int) -> tuple[np.ndarray, float]:
    """Page ``index`` of a pypdfium2 document as (RGB array H×W×3, pixels per point)."""
    page = pdf[index]
    try:
        w, h = page.get_size()
        scale = min(dpi / 72, MAX_RENDER / max(w, h, 1.0))
        bitmap = page.render(scale=scale, rev_byteorder=True)
        return rgb_of(bitmap.to_numpy(), bitmap.mode), scale
    finally:
        page.close()


def rgb_of(array: np.ndarray, mode: str) -> np.ndarray:
    """pdfium's bitmap as RGB: grey replicated, alpha or padding dropped, BGR swapped."""
    if array.ndim == 2 or mode == "L":
        grey = array.reshape(array.shape[0], array.shape[1])
        return np.repeat(grey[:, :, None], 3, axis=2)
    rgb = array[:, :, :3]
    if mode.startswith("BGR"):
        rgb = rgb[:, :, ::-1]
    return np.ascontiguousarray(rgb)


def grey(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, as Pillow's ``convert("L")`` computes it (L = R·299/1000 + …)."""
    r, g, b = (rgb[..., k].astype(np.uint32) for k in range(3))
    return ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16).astype(np.uint8)


def block_mean(image: np.ndarray, k: int) -> np.ndarray:
    """Means of k×k blocks (the last partial blocks included), like Pillow's ``reduce(k)``
    and OpenCV's area resize by 1/k."""
    h, w = image.shape[:2]
    hh, ww = -(-h // k), -(-w // k)
    padded = np.zeros((hh * k, ww * k), dtype=np.float64)
    counts = np.zeros_like(padded)
    padded[:h, :w] = image
    counts[:h, :w] = 1
    sums = padded.reshape(hh, k, ww, k).sum(axis=(1, 3))
    n = counts.reshape(hh, k, ww, k).sum(axis=(1, 3))
    return sums / n


def is_blank(rgb: np.ndarray) -> bool:
    """Almost no dark pixels: nothing to read (a white page, a grey placeholder box)."""
    return float((block_mean(grey(rgb), 4) < 110).mean()) < BLANK_INK


def dilate(mask: np.ndarray, size: int) -> np.ndarray:
    """Binary dilation by a size×size square centred on each pixel."""
    out = mask.copy()
    r = size // 2
    for dy in range(-r, size - r):
        for dx in range(-r, size - r):
            if dy == dx == 0:
                continue
            shifted = np.zeros_like(mask)
            ys = slice(max(0, dy), mask.shape[0] + min(0, dy))
            yd = slice(max(0, -dy), mask.shape[0] + min(0, -dy))
            xs = slice(max(0, dx), mask.shape[1] + min(0, dx))
            xd = slice(max(0, -dx), mask.shape[1] + min(0, -dx))
            shifted[ys, xs] = mask[yd, xd]
            out |= shifted
    return out


def component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each 8-connected component of a boolean map."""
    row, start, end, label = label_runs(mask)
    if label.size == 0:
        return []
    n = int(label.max()) + 1
    x0 = np.full(n, np.iinfo(np.int64).max)
    y0 = np.full(n, np.iinfo(np.int64).max)
    x1 = np.zeros(n, dtype=np.int64)
    y1 = np.zeros(n, dtype=np.int64)
    np.minimum.at(x0, label, start)
    np.minimum.at(y0, label, row)
    np.maximum.at(x1, label, end)
    np.maximum.at(y1, label, row + 1)
    return [(int(a), int(b), int(c - a), int(d - b)) for a, b, c, d in zip(x0, y0, x1, y1)]


def wash_seals(rgb: np.ndarray) -> np.ndarray:
    """Colour scan → greyscale array with red round seals washed out.

    A seal is a roughly square patch of red 25–65 mm across; its red pixels are
    made white. Black text under it stays black (the stamp darkens it, it does not
    make it red), and red letterheads (wide, not square) are kept."""
    out = grey(rgb)
    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    red = (r > 110) & (r - np.maximum(g, b) > 45)
    if red.mean() < 0.001:
        return out
    mm = rgb.shape[1] / 210.0
    small = dilate(block_mean(red, 4) > 0, 5)
    for x, y, w, h in component_boxes(small):
        w_mm, h_mm = 4 * w / mm, 4 * h / mm
        if 25 <= w_mm <= 65 and 25 <= h_mm <= 65 and 0.6 <= w_mm / h_mm <= 1.6:
            ys, xs = slice(4 * y, 4 * y + 4 * h), slice(4 * x, 4 * x + 4 * w)
            out[ys, xs][red[ys, xs]] = 255
    return out
