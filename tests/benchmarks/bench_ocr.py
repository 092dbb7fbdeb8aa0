"""OCR speed, memory and accuracy (issue 15): a 20-page scan of the seeds (noisy:
skew, blur, noise, a red seal on every page; 200 dpi, colour) imported through the
ordinary PDF import, once with one worker (the engine in this process) and once
with one worker process per core. Prints seconds per page, peak resident memory
(ru_maxrss of this process and, separately, of the worker processes) and the
character accuracy against the seeds' text; then a JSON line.

    python tests/benchmarks/bench_ocr.py [--pages 20] [--clean] [--dpi 200]

Not run by the test suite (minutes of CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fixtures import scans  # noqa: E402


def make(pages: int, dpi: int, noisy: bool) -> tuple[bytes, str]:
    """A scan of ``pages`` pages (the seeds one after another) and its canonical text."""
    from desktop.importers import import_bytes

    paras: list[str] = []
    for seed in ("000", "001", "002", "003", "004") * 4:
        paras.extend(scans.seed_paragraphs(seed))
    images, placed = scans.render_pages(paras, dpi=dpi, noisy=noisy, max_pages=pages, seed=7)
    want = import_bytes("\n".join(placed).encode(), "want.txt").text
    return scans.to_pdf(images, dpi), want


def run_once(path: str, workers: int) -> dict:
    """Imports in a fresh interpreter (so ru_maxrss is this run's), returns its figures."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from desktop.importers import Limits, import_file
t = time.perf_counter()
doc = import_file({path!r}, limits=Limits(pdf_workers={workers}))
took = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"seconds": took, "self_mb": me, "child_mb": kids, "text": doc.text,
                  "ocr_pages": sum(r.source == "ocr" for r in doc.page_records)}}, ensure_ascii=False))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--clean", action="store_true", help="no noise, skew or seal")
    ap.add_argument("--workers", default=f"1,{len(os.sched_getaffinity(0))}", help="worker counts to compare (1 = in-process)")
    args = ap.parse_args()
    data, want = make(args.pages, args.dpi, not args.clean)
    path = Path("/tmp") / f"bench_ocr_{args.pages}p.pdf"
    path.write_bytes(data)
    print(f"scan: {args.pages} pages, {args.dpi} dpi, {'clean' if args.clean else 'noisy'}, "
          f"{len(data) / 1e6:.1f} MB, {len(want)} characters; cores: {len(os.sched_getaffinity(0))}, "
          f"load {os.getloadavg()[0]:.1f}")
    figures = {}
    for w in (int(x) for x in args.workers.split(",")):
        t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        r = run_once(str(path), w)
        wall = time.perf_counter() - start
        t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (t1.ru_utime + t1.ru_stime) - (t0.ru_utime + t0.ru_stime)
        acc = scans.similarity(want, r["text"])
        label = "one worker" if w == 1 else "all cores"
        print(f"{label:>10}: {r['seconds'] / args.pages:.2f} s/page ({r['seconds']:.0f} s import, "
              f"{wall:.0f} s with start-up, {cpu:.0f} s CPU), peak RSS {r['self_mb']:.0f} MB "
              f"(worker processes {r['child_mb']:.0f} MB each at most), accuracy {acc:.2%}, "
              f"{r['ocr_pages']} pages OCR'd")
        figures[label] = {"s_per_page": round(r["seconds"] / args.pages, 2), "peak_mb": round(r["self_mb"]),
                          "worker_peak_mb": round(r["child_mb"]), "accuracy": round(acc, 4),
                          "cpu_s": round(cpu)}
    print(json.dumps({"pages": args.pages, "dpi": args.dpi, "noisy": not args.clean, **figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
