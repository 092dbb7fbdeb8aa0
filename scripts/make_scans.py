"""Scanned test reports from the seeds, and the OCR engines measured on them (issue 15).

Writes image-only PDFs (tests/fixtures/scans.py: A4, a running header and a page
number on every page, title and headings, clean or noisy — skew up to 3°, blur,
gaussian noise, a red round seal over text — grey or colour, 150/200/300 dpi) to
OUT, then reads every page with each engine and prints character accuracy
(1 − Levenshtein / length after whitespace removal, against the page's text
including its header and page number, punctuation normalised alike) and seconds
a page; ``rapidocr`` also through the whole import (paragraphs, furniture dropped).

    python scripts/make_scans.py [OUT] [--pages 2] [--engines rapidocr,tesseract]

tesseract: the Debian packages tesseract-ocr and tesseract-ocr-chi-sim, run through
their command line (``-l chi_sim --psm 6``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.importers import import_bytes, ocr  # noqa: E402
from tests.fixtures import scans  # noqa: E402

VARIANTS = [  # (name, dpi, colour, noisy)
    ("clean-200-colour", 200, True, False),
    ("clean-150-grey", 150, False, False),
    ("noisy-150-colour", 150, True, True),
    ("noisy-200-colour", 200, True, True),
    ("noisy-300-colour", 300, True, True),
    ("noisy-200-grey", 200, False, True),
]


def page_texts(paragraphs: list[str], dpi: int, pages: int) -> list[str]:
    """What each page shows: header, its lines, page number."""
    laid, _ = scans.layout(paragraphs, dpi=dpi, max_pages=pages)
    return [scans.HEADER + "".join(t for _, _, t, _ in rows) + f"-{n}-" for n, rows in enumerate(laid, start=1)]


def rapidocr_page(image) -> str:
    return "".join(ln.text for ln in ocr.ocr_page(image))


def tesseract_page(image) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        out = subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim", "--psm", "6"],
                             capture_output=True, text=True, check=True)
    return "".join(ocr.normalise_text(line) for line in out.stdout.splitlines())


ENGINES = {"rapidocr": rapidocr_page, "tesseract": tesseract_page}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/scans")
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--seed", default="000")
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--variants", default=",".join(v[0] for v in VARIANTS))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paras = scans.seed_paragraphs(args.seed)
    engines = [e for e in args.engines.split(",") if e != "tesseract" or shutil.which("tesseract")]
    ocr.engine()  # loaded before the clock starts
    rows = []
    for name, dpi, colour, noisy in VARIANTS:
        if name not in args.variants.split(","):
            continue
        images, placed = scans.render_pages(paras, dpi=dpi, colour=colour, noisy=noisy, max_pages=args.pages,
                                            seed=5)
        data = scans.to_pdf(images, dpi)
        (out / f"{args.seed}-{name}.pdf").write_bytes(data)
        want = page_texts(paras, dpi, args.pages)
        for engine in engines:
            t = time.perf_counter()
            got = [ENGINES[engine](img) for img in images]
            took = (time.perf_counter() - t) / len(images)
            acc = scans.similarity("".join(want), "".join(got))
            row = {"variant": name, "engine": engine, "accuracy": round(acc, 4), "s_per_page": round(took, 2)}
            if engine == "rapidocr":
                t = time.perf_counter()
                doc = import_bytes(data, "scan.pdf")
                row["import_accuracy"] = round(scans.similarity(
                    import_bytes("\n".join(placed).encode(), "w.txt").text, doc.text), 4)
                row["import_s_per_page"] = round((time.perf_counter() - t) / len(images), 2)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
