"""Benchmark of the review loop in the real window (not a test; run it by hand).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_review_loop.py

    BENCH_NO_EXTENSIONS=1 …     # the same without the scoring/overview/export extensions
    BENCH_PROJECT=/tmp/b.rdproj …  # keep the built project and reuse it on the next run

Builds a project of 30 reports (the seeds repeated) with 3,000 annotations
plus one 1-million-character report with 5,000 annotations, then reports:
project open time (until the window is shown with its first document),
document switch time, key press → highlight time, and peak memory (RSS).
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

N_REPORTS, N_SMALL_ANNS = 30, 3000
BIG_CHARS, N_BIG_ANNS = 1_000_000, 5000
TAGS = ("measure", "figure", "weakness")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _new_report(project, imported) -> int:
    """Imports a report that must be new (identity is the text: each one is unique)."""
    result = project.import_document(imported)
    if result.action != "new":
        raise RuntimeError(f"{imported.source_name}: import gave {result.action!r}, expected a new report")
    return result.doc_id


def build(path: Path) -> tuple[list[int], int]:
    from desktop.importers import import_bytes
    from desktop.store import Project

    rng = random.Random(7)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    project = Project(path)
    doc_ids = []
    for i in range(N_REPORTS):
        data = (seeds[i % len(seeds)] + f"\n附注：第{i + 1}份报告。").encode("utf-8")
        doc_ids.append(_new_report(project, import_bytes(data, f"report_{i + 1:02d}.txt")))
    big = ""
    while len(big) < BIG_CHARS:
        big += "\n".join(seeds) + "\n"
    big_id = _new_report(project, import_bytes(big[:BIG_CHARS].encode("utf-8"), "big.txt"))

    def annotate(doc_id: int, n: int) -> None:
        length = project.document(doc_id).chars
        for k in range(n):
            start = rng.randrange(0, length - 60)
            project.add_annotation(doc_id, start, start + rng.randrange(4, 60), TAGS[k % 3],
                                   reviewer="基准")

    for doc_id in doc_ids:
        annotate(doc_id, N_SMALL_ANNS // N_REPORTS)
    annotate(big_id, N_BIG_ANNS)
    project.close()
    return doc_ids, big_id


def main() -> int:
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtTest import QTest

    tmp = Path(tempfile.mkdtemp(prefix="reviewdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    QStandardPaths.setTestModeEnabled(True)
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    if os.environ.get("BENCH_NO_EXTENSIONS"):  # the review loop alone, without later issues' panes
        import desktop.ui.main_window as mw

        mw.EXTENSIONS = []
        print("extensions: none (BENCH_NO_EXTENSIONS)")
    path = tmp / "bench.rdproj"
    cache = os.environ.get("BENCH_PROJECT")  # reuse a project built by an earlier run
    t0 = time.perf_counter()
    # Build on a RAM disk when there is one: each add commits with fsync, and the
    # set-up is not what is measured. The measured project is a copy on disk.
    shm = Path("/dev/shm")
    build_dir = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp
    if cache and Path(cache).exists():
        shutil.copyfile(cache, build_dir / "bench.rdproj")
        from desktop.store import Project

        with Project(build_dir / "bench.rdproj") as p:
            infos = p.documents()
        big_id = max(infos, key=lambda d: d.chars).id
        doc_ids = [d.id for d in infos if d.id != big_id]
    else:
        doc_ids, big_id = build(build_dir / "bench.rdproj")
        if cache:
            shutil.copyfile(build_dir / "bench.rdproj", cache)
    if build_dir != tmp:
        shutil.copyfile(build_dir / "bench.rdproj", path)
        shutil.rmtree(build_dir)
    print(f"built project: {N_REPORTS} reports + 1 × {BIG_CHARS:,} chars, "
          f"{N_SMALL_ANNS + N_BIG_ANNS:,} annotations in {time.perf_counter() - t0:.1f} s "
          f"({path.stat().st_size / 1e6:.1f} MB)")

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    # 1. Open: window built, project opened, first document shown and painted.
    t0 = time.perf_counter()
    context = AppContext()
    window = MainWindow(context)
    window.resize(1500, 950)
    window.open_project(path)
    window.show()
    settle()
    open_s = time.perf_counter() - t0
    print(f"  opened in {open_s:.2f} s", flush=True)
    assert window.document_view.doc_id == doc_ids[0] and len(doc_ids) == N_REPORTS

    # 2. Document switches among the 30 reports, and to/from the big one.
    switches = []
    for doc_id in doc_ids[1:] + doc_ids[:1]:
        t0 = time.perf_counter()
        context.set_current_document(doc_id)
        settle()
        switches.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    context.set_current_document(big_id)
    settle()
    big_switch = time.perf_counter() - t0
    painted = len(window.document_view.extraSelections())
    print(f"  switches done, big switch {big_switch:.2f} s", flush=True)

    # 3. Key press → highlight, in the middle of the big report.
    view = window.document_view
    text = view.text
    rng = random.Random(3)
    key_times = []
    for k in range(30):
        start = rng.randrange(BIG_CHARS // 4, BIG_CHARS * 3 // 4)
        while not text[start:start + 12].strip() or "\n" in text[start:start + 12] or \
                text[start].isspace() or text[start + 11].isspace():
            start += 13
        end = start + 12
        context.reveal(big_id, start, start)
        settle()
        view.setFocus()
        view.select_span(start, end)
        t0 = time.perf_counter()
        QTest.keyClick(view, "123"[k % 3])
        settle()
        key_times.append(time.perf_counter() - t0)
        assert (start, end, TAGS[k % 3]) in view.painted_ranges(), "highlight missing"
    assert text is view.text

    # 4. Scrolling a page in the big report (highlights recomputed for the new view).
    bar = view.verticalScrollBar()
    scrolls = []
    for _ in range(20):
        t0 = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        settle()
        scrolls.append(time.perf_counter() - t0)

    ms = lambda xs: f"median {statistics.median(xs) * 1000:.1f} ms, max {max(xs) * 1000:.1f} ms"  # noqa: E731
    print(f"project open → window shown with first document: {open_s * 1000:.0f} ms")
    print(f"document switch (30 reports): {ms(switches)}")
    print(f"switch to the 1,000,000-char report ({N_BIG_ANNS:,} annotations): {big_switch * 1000:.0f} ms "
          f"({painted} highlights painted in view)")
    print(f"key press → highlight drawn (1M-char report): {ms(key_times)}")
    print(f"scroll one page (1M-char report): {ms(scrolls)}")
    print(f"peak RSS: {rss_mb():.0f} MB")
    context.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main())
