"""Benchmark: importing a 160-page PDF, against plain single-process pdfplumber.

Run: python tests/benchmarks/bench_pdf_import.py [PAGES]

Builds a CJK report with reportlab (running header, 第 N 页 共 M 页 footer,
wrapped paragraphs), then runs, each in a fresh child process:
  * baseline: pdfplumber ``extract_text()`` on every page, one process;
  * ours: ``desktop.importers.import_file`` (worker processes, paragraphs rebuilt),
    with the automatic worker count, with one worker per core forced, and in-process.
Reports seconds per page, the ratio ours/baseline, and peak memory of the whole
process tree (the child and its workers), sampled from /proc every 10 ms, plus
getrusage's largest single child for comparison. Targets (issue 3): ratio
<= 0.6 on two cores, peak < 200 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "fixtures"))

CHILD_BASELINE = """
import sys, time, pdfplumber
t = time.perf_counter()
with pdfplumber.open(sys.argv[1]) as pdf:
    n = 0
    for page in pdf.pages:
        n += len(page.extract_text() or "")
print(time.perf_counter() - t, n)
"""
CHILD_OURS = """
import sys, time
sys.path.insert(0, sys.argv[2])
from desktop.importers import Limits, import_file
if __name__ == "__main__":
    t = time.perf_counter()
    doc = import_file(sys.argv[1], limits=Limits(pdf_workers=int(sys.argv[3])))
    print(time.perf_counter() - t, len(doc.text))
"""


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def run_child(code: str, *args: str) -> tuple[float, int, float]:
    """(seconds reported by the child, its output size, peak MB of its process tree)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(code)
        script = fh.name
    proc = subprocess.Popen([sys.executable, script, *args], stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kb(pid) for pid in _tree(proc.pid)))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    os.unlink(script)
    seconds, size = out.split()
    return float(seconds), int(size), peak / 1024


def main() -> None:
    import importer_files

    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 160
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.pdf"
        t = time.perf_counter()
        path.write_bytes(importer_files.long_pdf(pages))
        print(f"built {pages}-page PDF ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        base_s, base_n, base_mb = run_child(CHILD_BASELINE, str(path))
        # 0 = automatic (idle cores), then one worker per core forced, then in-process
        ours_s, ours_n, ours_mb = run_child(CHILD_OURS, str(path), str(REPO), "0")
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        forced_s, _, forced_mb = run_child(CHILD_OURS, str(path), str(REPO), str(cores))
        single_s, _, single_mb = run_child(CHILD_OURS, str(path), str(REPO), "1")
    result = {
        "pages": pages,
        "cores": cores,
        "load_average_before": load,
        "baseline_s": round(base_s, 2),
        "baseline_ms_per_page": round(1000 * base_s / pages, 1),
        "baseline_peak_mb": round(base_mb, 1),
        "ours_s": round(ours_s, 2),
        "ours_ms_per_page": round(1000 * ours_s / pages, 1),
        "ours_peak_tree_mb": round(ours_mb, 1),
        "ratio": round(ours_s / base_s, 2),
        "forced_all_cores": {"s": round(forced_s, 2), "ratio": round(forced_s / base_s, 2), "peak_tree_mb": round(forced_mb, 1)},
        "in_process": {"s": round(single_s, 2), "ratio": round(single_s / base_s, 2), "peak_mb": round(single_mb, 1)},
        "largest_single_child_maxrss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "chars": {"baseline": base_n, "ours": ours_n},
    }
    print(json.dumps(result, indent=2))
    print(f"target: ratio <= 0.6 on 2 cores ({'met' if result['ratio'] <= 0.6 else 'NOT met'}), "
          f"peak < 200 MB ({'met' if ours_mb < 200 else 'NOT met'})")


if __name__ == "__main__":
    main()
