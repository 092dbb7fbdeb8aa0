"""Page images for OCR with numpy alone (the frozen bundle has no Pillow or OpenCV):
each step is checked against what Pillow and OpenCV give, where they are installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop.importers import ocr_image

REPO = Path(__file__).resolve().parent.parent


def test_grey_is_pillows_luma():
    Image = pytest.importorskip("PIL.Image")
    rgb = np.random.default_rng(1).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    assert np.array_equal(ocr_image.grey(rgb), np.asarray(Image.fromarray(rgb).convert("L")))


def test_block_mean_counts_partial_blocks_like_an_area_resize():
    image = np.arange(5 * 7, dtype=np.float64).reshape(5, 7)
    means = ocr_image.block_mean(image, 4)
    assert means.shape == (2, 2)
    assert means[0, 0] == image[:4, :4].mean() and means[1, 1] == image[4:, 4:].mean()
    assert means[0, 1] == image[:4, 4:].mean() and means[1, 0] == image[4:, :4].mean()


def test_rgb_of_swaps_bgr_and_drops_padding():
    bgrx = np.zeros((2, 2, 4), dtype=np.uint8)
    bgrx[..., 0] = 200  # blue
    assert ocr_image.rgb_of(bgrx, "BGRX")[0, 0].tolist() == [0, 0, 200]
    assert ocr_image.rgb_of(bgrx, "RGBX")[0, 0].tolist() == [200, 0, 0]
    grey = np.full((2, 3, 1), 7, dtype=np.uint8)
    assert ocr_image.rgb_of(grey, "L").shape == (2, 3, 3)


def test_dilate_and_components_agree_with_opencv():
    cv2 = pytest.importorskip("cv2")
    rng = np.random.default_rng(3)
    mask = rng.random((60, 80)) > 0.97
    mask[10:14, 70:80] = True  # one touching the border
    dilated = ocr_image.dilate(mask, 5)
    assert np.array_equal(dilated, cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(dilated.astype(np.uint8), connectivity=8)
    ours = sorted(ocr_image.component_boxes(dilated))
    theirs = sorted(tuple(int(v) for v in stats[k][:4]) for k in range(1, count))
    assert len(ours) >= 2 and ours == theirs
    assert ocr_image.component_boxes(np.zeros((4, 4), dtype=bool)) == []


def _page(seal: bool, colour: bool = True):
    from fixtures.scans import render_pages, seed_paragraphs

    pytest.importorskip("PIL")
    images, _ = render_pages(seed_paragraphs("000")[:12], dpi=150, colour=colour, noisy=seal, max_pages=1)
    return np.asarray(images[0].convert("RGB"))


def test_seals_are_washed_out_as_before_and_letterheads_kept():
    rgb = _page(seal=True)
    washed = ocr_image.wash_seals(rgb)
    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    red = (r > 110) & (r - np.maximum(g, b) > 45)
    assert red.sum() > 2000  # the seal is there
    turned_white = (washed == 255) & red
    assert turned_white.sum() > 0.8 * red.sum()  # most of its red pixels are gone
    clean = _page(seal=False)
    assert np.array_equal(ocr_image.wash_seals(clean), ocr_image.grey(clean))  # nothing to wash
    pytest.importorskip("cv2")
    Image = pytest.importorskip("PIL.Image")
    from desktop.importers import ocr

    if hasattr(ocr, "wash_seals"):  # the Pillow/OpenCV version it replaces gives the same pixels
        assert np.array_equal(washed, np.asarray(ocr.wash_seals(Image.fromarray(rgb))))


def test_blank_pages_are_told_from_pages_with_text():
    assert ocr_image.is_blank(np.full((400, 300, 3), 250, dtype=np.uint8))
    assert not ocr_image.is_blank(_page(seal=False))


def test_the_bundle_path_needs_neither_pillow_nor_opencv():
    """In a process where Pillow and OpenCV cannot be imported, a page still
    becomes a washed greyscale array."""
    code = (
        "import sys\n"
        "for m in ('PIL', 'cv2', 'shapely', 'pyclipper', 'rapidocr_onnxruntime'): sys.modules[m] = None\n"
        "import numpy as np\n"
        "from desktop.importers import ocr_image\n"
        "rgb = np.full((200, 160, 3), 250, np.uint8); rgb[40:120, 30:110] = (220, 30, 30)\n"
        "print(ocr_image.wash_seals(rgb).shape, ocr_image.is_blank(rgb))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(200, 160) False"


def test_a_scan_is_read_with_the_bundles_modules_only(tmp_path):
    """The whole import of a scanned page in a process where Pillow, OpenCV,
    shapely, pyclipper and RapidOCR's package cannot be imported, as in the
    frozen bundle: the page is read by OCR and most of its text comes out."""
    from desktop.importers import ocr

    if not ocr.available():
        pytest.skip("the OCR component (onnxruntime, numpy, the PP-OCR models) is not installed")
    from fixtures.scans import scanned_report, similarity

    pdf, paras = scanned_report("000", pages=1, dpi=150, noisy=True)
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    code = (
        "import sys\n"
        "for m in ('PIL', 'cv2', 'shapely', 'pyclipper', 'rapidocr_onnxruntime'): sys.modules[m] = None\n"
        "from desktop.importers import import_file\n"
        "from desktop.importers.base import Limits\n"
        "doc = import_file(sys.argv[1], limits=Limits(pdf_workers=1))\n"
        "print([r.source for r in doc.page_records])\n"
        "sys.stdout.write(doc.text)\n"
    )
    import os

    from desktop.importers.ocr_engine import default_model_dir

    # the models where the bundle has them (resources/ocr), named here as IT staff may
    env = {**os.environ, "REVIEWDESK_OCR_MODELS": str(default_model_dir())}
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          encoding="utf-8", cwd=REPO, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    first, _, text = done.stdout.partition("\n")
    assert first == "['ocr']"
    assert similarity("\n".join(paras), text) >= 0.9
