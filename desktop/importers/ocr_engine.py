"""A lean OCR engine: the PP-OCR (v4) detection and recognition ONNX models run with
onnxruntime and numpy alone, so a frozen bundle needs neither OpenCV nor shapely,
pyclipper or Pillow (issue 15).

It follows what ``rapidocr_onnxruntime`` 1.4.4 does with the same models and the same
parameters (its config.yaml), re-implemented in numpy:

* detection: the page scaled (bilinear) so its longer side is at most 2000 px and its
  sides are multiples of 32, normalised to [-1, 1]; the DB probability map thresholded
  at 0.3 and dilated 2×2; connected components found by run-length labelling (the runs
  of each row, joined to the 8-connected runs of the row above by a vectorised
  union-find); per component the minimum-area rectangle of its outline, its score (the
  mean probability inside that rectangle) kept when ≥ 0.5, expanded on every side by
  area × 1.6 / perimeter (what pyclipper's round offset amounts to for a rectangle),
  scaled back to page pixels;
* boxes put in reading order: grouped into lines (a box joins a line when the line's
  last box, extended along its own slope, passes within half a box height of its
  centre, so lines of a page skewed by a few degrees stay together), lines top to bottom,
  boxes in a line left to right;
* recognition: each box cut out of the full-resolution page along its own angle and
  sampled straight to height 48 (bilinear), batched six at a time by width as rapidocr
  does, a CTC greedy decode with the dictionary stored in the model (blank 0, repeats
  merged, a space as the last class); confidence the mean of the kept characters'
  probabilities; lines under 0.5 dropped.

``LeanOcr()(image)`` returns what ``RapidOCR()(image)[0]`` returns — a list of
``[[[x, y] × 4], text, score]`` — except that a page without text gives ``[]``, not None.
The direction classifier is not used: scanned report pages are upright.
"""

from __future__ import annotations

import importlib.util
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"

OcrLine = list[Any]  # [[[x, y], [x, y], [x, y], [x, y]], text, score]


def _has_models(folder: Path) -> bool:
    return (folder / DET_MODEL).is_file() and (folder / REC_MODEL).is_file()


def default_model_dir() -> Path | None:
    """Where the PP-OCR models are: $REVIEWDESK_OCR_MODELS, else resources/ocr/ (where
    the frozen bundle keeps them), else the installed rapidocr_onnxruntime's models/
    (found without importing it, which would import cv2)."""
    env = os.environ.get("REVIEWDESK_OCR_MODELS")
    if env:
        return Path(env)
    from desktop.resources import resource_path

    bundled = resource_path("ocr")
    if _has_models(bundled):
        return bundled
    try:
        spec = importlib.util.find_spec("rapidocr_onnxruntime")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        models = Path(loc) / "models"
        if _has_models(models):
            return models
    return None


# --------------------------------------------------------------------------- images


def to_bgr(image: np.ndarray, *, rgb: bool = False) -> np.ndarray:
    """An H×W×3 uint8 BGR page from grey (H×W or H×W×1), BGR(A) or, with ``rgb``, RGB(A)
    pixels; transparency composited over white."""
    img = np.asarray(image)
    if img.dtype != np.uint8:
        img = np.clip(img, 0, 255).astype(np.uint8)
    if img.ndim == 2:
        img = img[:, :, None]
    if img.ndim != 3 or img.shape[2] not in (1, 2, 3, 4):
        raise ValueError(f"not an image: shape {image.shape}")
    channels = img.shape[2]
    if channels in (2, 4):
        alpha = img[:, :, -1:].astype(np.float32) / 255.0
        colour = img[:, :, :-1].astype(np.float32)
        img = np.clip(colour * alpha + 255.0 * (1.0 - alpha) + 0.5, 0, 255).astype(np.uint8)
        channels -= 1
    if channels == 1:
        return np.repeat(img, 3, axis=2)
    if rgb:
        img = img[:, :, ::-1]
    return np.ascontiguousarray(img)


def _axis(src: int, dst: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bilinear sample positions along one axis (pixel centres aligned, as cv2.resize)."""
    pos = (np.arange(dst, dtype=np.float32) + 0.5) * (src / dst) - 0.5
    pos = np.clip(pos, 0, src - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, src - 1)
    return lo, hi, (pos - lo).astype(np.float32)


def resize_bilinear(img: np.ndarray, height: int, width: int) -> np.ndarray:
    """``img`` (H×W or H×W×C) resized to height × width, bilinear, as float32."""
    y0, y1, wy = _axis(img.shape[0], height)
    x0, x1, wx = _axis(img.shape[1], width)
    extra = (None,) * (img.ndim - 2)
    rows = img[y0].astype(np.float32)
    rows += (img[y1].astype(np.float32) - rows) * wy[(slice(None), None, *extra)]
    out = rows[:, x0]
    out += (rows[:, x1] - out) * wx[(None, slice(None), *extra)]
    return out


def sample_quad(img: np.ndarray, tl: np.ndarray, right: np.ndarray, down: np.ndarray,
                height: int, width: int) -> np.ndarray:
    """A height × width float32 patch sampled (bilinear, border replicated) from ``img``
    over the parallelogram with corner ``tl`` and edge vectors ``right`` and ``down``."""
    u = (np.arange(width, dtype=np.float32) + 0.5) / width
    v = (np.arange(height, dtype=np.float32) + 0.5) / height
    xs = tl[0] + u[None, :] * right[0] + v[:, None] * down[0]
    ys = tl[1] + u[None, :] * right[1] + v[:, None] * down[1]
    h, w = img.shape[:2]
    xs = np.clip(xs, 0, w - 1)
    ys = np.clip(ys, 0, h - 1)
    x0 = np.floor(xs).astype(np.intp)
    y0 = np.floor(ys).astype(np.intp)
    x1 = np.minimum(x0 + 1, w - 1)
    y1 = np.minimum(y0 + 1, h - 1)
    fx = (xs - x0)[..., None].astype(np.float32)
    fy = (ys - y0)[..., None].astype(np.float32)
    top = img[y0, x0].astype(np.float32)
    top += (img[y0, x1] - top) * fx
    bottom = img[y1, x0].astype(np.float32)
    bottom += (img[y1, x1] - bottom) * fx
    return top + (bottom - top) * fy


# ----------------------------------------------------------------- connected components


def label_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """8-connected components of a boolean map by run-length labelling.

    Returns (row, start, end, label) per horizontal run of set pixels (``end`` exclusive),
    runs ordered by row then column, labels 0…n−1 numbered in order of first appearance.
    """
    mask = np.asarray(mask, dtype=bool)
    h, w = mask.shape
    stride = w + 2
    padded = np.zeros((h, stride), dtype=np.int8)
    padded[:, 1:w + 1] = mask
    d = np.diff(padded.ravel())
    starts = np.flatnonzero(d == 1)  # index of the first set pixel, in padded coordinates - 1
    ends = np.flatnonzero(d == -1)
    empty = np.zeros(0, dtype=np.intp)
    if starts.size == 0:
        return empty, empty, empty, empty
    row = starts // stride
    start = starts % stride  # = column of the first set pixel (padding shifts by one)
    end = ends % stride
    n = starts.size
    # runs of the row above touching each run (8-connected: columns start-1 … end)
    key_start = row * stride + start
    key_end = row * stride + end
    above = (row - 1) * stride
    lo = np.searchsorted(key_end, above + start - 1, side="right")
    hi = np.searchsorted(key_start, above + end + 1, side="left")
    counts = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(n), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    b = np.repeat(lo, counts) + offsets
    parent = _union(n, a, b)
    _, label = np.unique(parent, return_inverse=True)
    return row, start, end, label.reshape(-1)


def _union(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's root (the smallest node of its component), edges a–b, vectorised."""
    parent = np.arange(n)
    while a.size:
        pa, pb = parent[a], parent[b]
        differ = pa != pb
        if not differ.any():
            break
        a, b, pa, pb = a[differ], b[differ], pa[differ], pb[differ]
        low = np.minimum(pa, pb)
        np.minimum.at(parent, pa, low)
        np.minimum.at(parent, pb, low)
        while True:  # pointer jumping until every node points at a root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


# ------------------------------------------------------------------------ geometry


@dataclass(frozen=True)
class Rect:
    """A rotated rectangle: centre, unit vector along its width (within ±45° of the x
    axis), width and height."""

    cx: float
    cy: float
    ux: float
    uy: float
    width: float
    height: float

    def corners(self) -> np.ndarray:
        """[top-left, top-right, bottom-right, bottom-left] (y down)."""
        u = np.array([self.ux, self.uy]) * self.width / 2
        v = np.array([-self.uy, self.ux]) * self.height / 2
        c = np.array([self.cx, self.cy])
        return np.array([c - u - v, c + u - v, c + u + v, c - u + v])

    def grown(self, d: float) -> Rect:
        return Rect(self.cx, self.cy, self.ux, self.uy, self.width + 2 * d, self.height + 2 * d)


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (Andrew's monotone chain) of integer points, counter-clockwise."""
    pts = sorted(set(map(tuple, np.asarray(points).tolist())))
    if len(pts) <= 2:
        return np.array(pts, dtype=np.float64).reshape(-1, 2)

    def cross(o: Sequence[float], p: Sequence[float], q: Sequence[float]) -> float:
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1], dtype=np.float64)


def min_area_rect(points: np.ndarray) -> Rect:
    """The smallest rectangle around ``points`` (one side along a hull edge)."""
    hull = convex_hull(points)
    if len(hull) == 1:
        return Rect(float(hull[0, 0]), float(hull[0, 1]), 1.0, 0.0, 0.0, 0.0)
    edges = np.roll(hull, -1, axis=0) - hull
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    keep = lengths > 0
    u = edges[keep] / lengths[keep, None]
    # fold every direction into (-45°, 45°]: a rectangle is the same turned by 90°
    u = np.where((np.abs(u[:, 0]) >= np.abs(u[:, 1]))[:, None], u, np.stack([u[:, 1], -u[:, 0]], 1))
    u = np.where((u[:, 0] < 0)[:, None], -u, u)
    along = hull @ u.T  # (points, candidates)
    across = hull @ np.stack([-u[:, 1], u[:, 0]], 1).T
    a0, a1 = along.min(0), along.max(0)
    c0, c1 = across.min(0), across.max(0)
    area = (a1 - a0) * (c1 - c0)
    k = int(np.argmin(area + 1e-9 * np.abs(u[:, 1])))  # ties: the most horizontal
    ux, uy = float(u[k, 0]), float(u[k, 1])
    ma, mc = (a0[k] + a1[k]) / 2, (c0[k] + c1[k]) / 2
    return Rect(ma * ux - mc * uy, ma * uy + mc * ux, ux, uy, float(a1[k] - a0[k]), float(c1[k] - c0[k]))


def rect_mean(prob: np.ndarray, corners: np.ndarray) -> float:
    """Mean of ``prob`` over the pixels whose centres lie in the convex quadrilateral."""
    h, w = prob.shape
    x0 = int(np.clip(np.floor(corners[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(corners[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(corners[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(corners[:, 1].max()), 0, h - 1))
    ys, xs = np.mgrid[y0:y1 + 1, x0:x1 + 1]
    inside = np.ones(xs.shape, dtype=bool)
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        # corners run clockwise on screen (y down): inside is to the right of each edge
        cross = (q[0] - p[0]) * (ys - p[1]) - (q[1] - p[1]) * (xs - p[0])
        inside &= cross >= -0.5 * math.hypot(q[0] - p[0], q[1] - p[1])
    window = prob[y0:y1 + 1, x0:x1 + 1]
    if not inside.any():
        return float(window.mean())
    return float(window[inside].mean())


def dilate2x2(mask: np.ndarray) -> np.ndarray:
    """Binary dilation by a 2×2 square anchored at its bottom-right (cv2.dilate's anchor)."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    right = out.copy()
    right[:, 1:] |= out[:, :-1]
    return right


# --------------------------------------------------------------------------- reading order


def reading_order(boxes: Sequence[np.ndarray]) -> list[int]:
    """Indices of 4-point boxes ([tl, tr, br, bl]) in reading order: lines top to bottom,
    boxes in a line left to right. A box joins a line when the line's last box, extended
    along its slope, passes within half the smaller box height of the box's centre."""
    info = []
    for i, box in enumerate(boxes):
        b = np.asarray(box, dtype=np.float64)
        c = b.mean(0)
        top = b[1] - b[0]
        slope = top[1] / top[0] if abs(top[0]) > 1e-6 else 0.0
        height = (np.hypot(*(b[3] - b[0])) + np.hypot(*(b[2] - b[1]))) / 2
        info.append((float(c[0]), float(c[1]), float(slope), float(max(height, 1.0)), i))
    info.sort(key=lambda t: (t[1], t[0]))
    lines: list[list[tuple[float, float, float, float, int]]] = []
    for item in info:
        cx, cy, _, h, _ = item
        best, best_d = None, math.inf
        for line in lines[-4:]:
            # the line's box nearest in x predicts where the line is at this x
            lx, ly, ls, lh, _ = min(line, key=lambda t: abs(t[0] - cx))
            d = abs(ly + ls * (cx - lx) - cy)
            if d < 0.5 * min(h, lh) and d < best_d:
                best, best_d = line, d
        if best is None:
            lines.append([item])
        else:
            best.append(item)
    lines.sort(key=lambda line: min(t[1] for t in line))
    return [t[4] for line in lines for t in sorted(line, key=lambda t: t[0])]


# ----------------------------------------------------------------------------- CTC


def ctc_decode(probs: np.ndarray, characters: Sequence[str]) -> list[tuple[str, float]]:
    """Greedy CTC decoding of (batch, steps, classes) probabilities: per step the most
    likely class, repeats merged, blanks (class 0) dropped; confidence the mean probability
    of the kept steps (0.0 when none is kept)."""
    idx = probs.argmax(axis=2)
    best = probs.max(axis=2)
    out = []
    for k in range(idx.shape[0]):
        seq = idx[k]
        keep = np.ones(seq.shape, dtype=bool)
        keep[1:] = seq[1:] != seq[:-1]
        keep &= seq != 0
        text = "".join(characters[i] for i in seq[keep])
        conf = float(best[k][keep].mean()) if keep.any() else 0.0
        out.append((text, conf))
    return out


# --------------------------------------------------------------------------- engine


class LeanOcr:
    """PP-OCR detection + recognition with onnxruntime and numpy; load once, call per page."""

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 2,
                 max_side_len: int = 2000, limit_side_len: int = 736, min_side_len: int = 30,
                 thresh: float = 0.3, box_thresh: float = 0.5, unclip_ratio: float = 1.6,
                 max_candidates: int = 1000, text_score: float = 0.5, rec_batch: int = 6,
                 rec_height: int = 48, rec_width: int = 320, rgb: bool = False,
                 mem_arena: bool = False) -> None:
        import onnxruntime as ort

        folder = Path(model_dir) if model_dir is not None else default_model_dir()
        if folder is None:
            raise FileNotFoundError("PP-OCR models not found (set REVIEWDESK_OCR_MODELS)")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # without the arena, memory a page needed is given back (peak RSS ~0.5 GB lower)
        opts.enable_cpu_mem_arena = mem_arena
        providers = ["CPUExecutionProvider"]
        self.det = ort.InferenceSession(str(folder / DET_MODEL), opts, providers=providers)
        self.rec = ort.InferenceSession(str(folder / REC_MODEL), opts, providers=providers)
        meta = self.rec.get_modelmeta().custom_metadata_map
        if "character" not in meta:
            raise ValueError(f"{REC_MODEL} has no character dictionary in its metadata")
        self.characters = ["blank", *meta["character"].splitlines(), " "]
        self.max_side_len = max_side_len
        self.limit_side_len = limit_side_len
        self.min_side_len = min_side_len
        self.thresh = thresh
        self.box_thresh = box_thresh
        self.unclip_ratio = unclip_ratio
        self.max_candidates = max_candidates
        self.text_score = text_score
        self.rec_batch = rec_batch
        self.rec_height = rec_height
        self.rec_width = rec_width
        self.rgb = rgb

    # ------------------------------------------------------------------ detection

    def det_size(self, h: int, w: int) -> tuple[int, int]:
        """The detector's input size for an h × w page (rapidocr's two resizes in one)."""
        def to32(v: float) -> int:
            return max(32, int(round(int(v) / 32) * 32))

        ratio = 1.0
        if max(h, w) > self.max_side_len:
            ratio = self.max_side_len / max(h, w)
        elif min(h, w) < self.min_side_len:
            ratio = self.min_side_len / min(h, w)
        h1, w1 = to32(h * ratio), to32(w * ratio)
        if min(h1, w1) < self.limit_side_len:
            r2 = self.limit_side_len / min(h1, w1)
            h1, w1 = to32(h1 * r2), to32(w1 * r2)
        return h1, w1

    def detect(self, img: np.ndarray) -> list[np.ndarray]:
        """Text boxes (4×2 float arrays, page pixels, [tl, tr, br, bl]) in reading order."""
        h, w = img.shape[:2]
        dh, dw = self.det_size(h, w)
        x = np.empty((1, 3, dh, dw), dtype=np.float32)  # contiguous NCHW: ORT needs no copy
        for c in range(3):  # a channel at a time keeps the temporaries small
            np.multiply(resize_bilinear(img[:, :, c], dh, dw), 2.0 / 255.0, out=x[0, c])
        x -= 1.0
        prob = self.det.run(None, {self.det.get_inputs()[0].name: x})[0][0, 0]
        return self.boxes_from_map(prob, h, w)

    def boxes_from_map(self, prob: np.ndarray, page_h: int, page_w: int) -> list[np.ndarray]:
        ph, pw = prob.shape
        mask = dilate2x2(prob > self.thresh)
        row, start, end, label = label_runs(mask)
        if label.size == 0:
            return []
        order = np.argsort(label, kind="stable")
        bounds = np.flatnonzero(np.diff(label[order])) + 1
        first = np.concatenate([[0], bounds])
        # specks less than 3 px across either way cannot give a rectangle of 3 px: dropped
        # before the per-component work, and not counted against max_candidates
        tall = np.maximum.reduceat(row[order], first) - np.minimum.reduceat(row[order], first)
        wide = np.maximum.reduceat(end[order], first) - np.minimum.reduceat(start[order], first) - 1
        big = (tall >= 3) & (wide >= 3)
        groups = [g for g, keep in zip(np.split(order, bounds), big) if keep]
        sx, sy = page_w / pw, page_h / ph
        boxes = []
        for group in groups[: self.max_candidates]:
            # outline points: both ends of every run (pixel centres)
            pts = np.concatenate([
                np.stack([start[group], row[group]], 1),
                np.stack([end[group] - 1, row[group]], 1),
            ])
            rect = min_area_rect(pts)
            if min(rect.width, rect.height) < 3:
                continue
            # corners truncated to whole pixels as cv2.fillPoly gets them in rapidocr: the
            # scores then agree to 1e-4, and lines near box_thresh are kept as there
            score = rect_mean(prob, np.trunc(rect.corners()))
            if score < self.box_thresh:
                continue
            distance = rect.width * rect.height * self.unclip_ratio / (2 * (rect.width + rect.height))
            rect = rect.grown(distance)
            if min(rect.width, rect.height) < 5:
                continue
            box = rect.corners()
            box[:, 0] = np.clip(np.round(box[:, 0] * sx), 0, page_w - 1)
            box[:, 1] = np.clip(np.round(box[:, 1] * sy), 0, page_h - 1)
            if np.hypot(*(box[1] - box[0])) <= 3 or np.hypot(*(box[3] - box[0])) <= 3:
                continue
            boxes.append(box)
        return [boxes[i] for i in reading_order(boxes)]

    # ------------------------------------------------------------------ recognition

    def crop(self, img: np.ndarray, box: np.ndarray) -> np.ndarray:
        """The box cut out along its angle, sampled to height 48 (float32, H×W×3)."""
        tl, tr, bl = box[0], box[1], box[3]
        right, down = tr - tl, bl - tl
        bw, bh = float(np.hypot(*right)), float(np.hypot(*down))
        if bh >= 1.5 * bw:  # a vertical strip: read it turned, as rapidocr does
            tl, right, down = tr, bl - tl, tl - tr
            bw, bh = bh, bw
        out_w = max(1, int(math.ceil(self.rec_height * bw / max(bh, 1.0))))
        return sample_quad(img, tl - 0.5, right, down, self.rec_height, out_w)

    def recognise_crops(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1])
        name = self.rec.get_inputs()[0].name
        for k in range(0, len(order), self.rec_batch):
            batch = order[k:k + self.rec_batch]
            width = max(self.rec_width, max(int(crops[i].shape[1]) for i in batch))
            x = np.zeros((len(batch), 3, self.rec_height, width), dtype=np.float32)
            for j, i in enumerate(batch):
                c = crops[i]
                x[j, :, :, :c.shape[1]] = c.transpose(2, 0, 1) * (2.0 / 255.0) - 1.0
            probs = self.rec.run(None, {name: x})[0]
            for i, res in zip(batch, ctc_decode(probs, self.characters)):
                results[i] = res
        return results

    def __call__(self, image: np.ndarray) -> list[OcrLine]:
        img = to_bgr(image, rgb=self.rgb)
        boxes = self.detect(img)
        if not boxes:
            return []
        texts = self.recognise_crops([self.crop(img, b) for b in boxes])
        return [[b.tolist(), text, score] for b, (text, score) in zip(boxes, texts)
                if score >= self.text_score]


_DEFAULT: LeanOcr | None = None


def recognise(image: np.ndarray, *, threads: int = 2) -> list[OcrLine]:
    """OCR of one page image with a shared engine (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LeanOcr(threads=threads)
    return _DEFAULT(image)
