"""The lean OCR engine against rapidocr_onnxruntime on the same pages (issue 15):
seconds per page, character accuracy and peak memory, with 1 and 2 onnxruntime threads.

Pages: A4 at 200 dpi rendered from seeds (tests/fixtures/ocr_engine_pages.py), one clean
and one noisy (2.5° skew, blur, gaussian noise, a red seal over the last lines). Each
engine × thread count runs in its own process, so the peak RSS is its own; the engine is
loaded and warmed on a small image first, then each page is read ``--repeat`` times and the
best wall time and best CPU time (all threads) kept — on a shared machine the CPU time is
the steadier comparison. Prints a table and a JSON line.

    python tests/benchmarks/bench_ocr_engine.py [--repeat 1] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PAGES = {"clean": dict(seed="000", noisy=False), "noisy": dict(seed="001", noisy=True)}


def _pages():
    from tests.fixtures.ocr_engine_pages import page, seed_text

    out = {}
    for name, spec in PAGES.items():
        img, lines = page(seed_text(spec["seed"], 900), noisy=spec["noisy"], seed=3, skew=-2.5 if spec["noisy"] else None)
        out[name] = (img, "".join(lines))
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(engine: str, threads: int, repeat: int) -> dict:
    import numpy as np

    from tests.fixtures.ocr_engine_pages import ocr_text, similarity

    pages = _pages()
    before = _rss_mb()
    t = time.perf_counter()
    if engine == "lean":
        from desktop.importers.ocr_engine import LeanOcr

        ocr = LeanOcr(threads=threads)
        run = ocr
    else:
        from rapidocr_onnxruntime import RapidOCR

        rapid = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)

        def run(img):
            return rapid(img)[0]
    load = time.perf_counter() - t
    warm, _ = pages["clean"]
    run(np.ascontiguousarray(warm[200:700, 150:1500]))
    result: dict = {"engine": engine, "threads": threads, "load_s": round(load, 2)}
    for name, (img, truth) in pages.items():
        best = best_cpu = float("inf")
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            lines = run(img)
            best = min(best, time.perf_counter() - t)
            best_cpu = min(best_cpu, time.process_time() - c)
        result[f"{name}_s"] = round(best, 2)
        result[f"{name}_cpu_s"] = round(best_cpu, 2)  # all threads' CPU time: steadier on a busy machine
        result[f"{name}_acc"] = round(similarity(truth, ocr_text(lines)), 4)
        result[f"{name}_lines"] = len(lines or [])
    result["rss_before_mb"] = round(before)
    result["peak_rss_mb"] = round(_rss_mb())
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engines", nargs="+", default=["lean", "rapidocr"])
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "THREADS"))
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.repeat)))
        return
    rows = []
    for threads in args.threads:
        for engine in args.engines:
            out = subprocess.run([sys.executable, __file__, "--child", engine, str(threads),
                                  "--repeat", str(args.repeat)], capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            print(f"{engine:9} {threads} thr  clean {r['clean_s']:5.2f} s (CPU {r.get('clean_cpu_s', 0):5.2f} s) "
                  f"{r['clean_acc']:.2%}   noisy {r['noisy_s']:5.2f} s (CPU {r.get('noisy_cpu_s', 0):5.2f} s) "
                  f"{r['noisy_acc']:.2%}   load {r['load_s']:.2f} s   "
                  f"peak RSS {r['peak_rss_mb']} MB (pages rendered: {r['rss_before_mb']} MB)", flush=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
