"""Benchmark for issue 10 (operations and change sets): every figure of the
issue's table, measured in the real window, printed as ONE JSON line on stdout
(progress goes to stderr). A script, not a test: the suite never runs it.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_operations.py
    BENCH_PROJECT=/tmp/ops.rdproj …   # keep the built projects and reuse them next time
    BENCH_PRESSES=10 …                # fewer key presses per report (default 30)
    BENCH_ONLY=keypress,delete_200 …  # only these figures (names: FIGURES below)
    BENCH_PROFILE=/tmp/prof …          # also write each figure's cProfile stats there (slower figures)

Projects (built on /dev/shm when there is one; each measured copy lives on disk
in a temporary folder, as a reviewer's file would). With BENCH_PROJECT=x.rdproj
the four files are x.rdproj, x-small.rdproj, x-500.rdproj and x-20000.rdproj.

- small: 30 small reports (the seeds, each made unique) with 3,000 annotations;
- main: small + one 1,000,000-character report with 5,000 annotations;
- 500 / 20000: small + the same 1M report with 500 / 20,000 annotations.

Keys of the JSON line (milliseconds unless the name says otherwise):

- keypress_highlight_ms_median / _p90: main project, 1M report: select a fresh
  span (document view's select_span), QTest.keyClick '1' on the document view,
  until the new span is among the view's painted ranges (events processed until
  it is). keypress_settled_ms_median: the same until events were then
  processed too (the frame drawn, deferred work done). keypress_500_ms /
  keypress_20000_ms (and _settled_ms): the same medians on the 500 and 20000
  projects; keypress_ratio_20000_vs_500 the ratio of the first two.
- switch_to_big_ms: small report -> 1M report (context.set_current_document)
  until it is shown with highlights painted; median of 5.
- filter_first_key_ms: first character typed into the annotation pane's filter
  on the 1M report, the report freshly shown each time; median of 5.
  filter_first_key_warm_ms: the same without re-showing the report.
- open_project_ms: a fresh window (constructed, shown) opening a fresh copy of
  the main project until its first document is shown; median of 3 after one
  unmeasured warm-up. open_project_only_ms: the same from the open_project
  call on; open_project_30_ms: as open_project_ms, the 30-report project.
- delete_200: 200 rows selected in the annotation pane, deleted through the
  window's delete action: ms (until the pane no longer lists them), commits, announcements (project.subscribe calls),
  sql_statements (sqlite trace callback), overview_reloads (calls of the
  overview model's reload; null when it is gone), undo_steps (undo stack count
  delta), deleted (annotations gone from the store).
- reanchor_1000_ms: desktop.anchors.reanchor of 1,000 anchors on the 1M text
  after an insertion near its start; median of 3.
- rss_round_trips_mb: current RSS (/proc/self/statm) before and after 8 round
  trips small -> 1M -> small, gc.collect() and events processed before reading;
  "before" follows one warm-up round trip, "initial" is before the 1M report
  was first shown.

Also in the line: git (HEAD, short), desktop_dirty (uncommitted changes in
desktop/), machine (nproc, Python, Qt, load average), project, errors, total_s.

"Events processed" (settle) means three QApplication.processEvents() passes and
the deferred deletes the running application's event loop would have done.
Each figure runs in a process of its own, in a fresh window on a fresh copy of
its project: one that fails (or crashes) is null, and "errors" says why. The
window's parts are looked up by objectName where they have one, so a renamed
widget or method fails that figure with a clear message, not the run.
"""

from __future__ import annotations

import gc
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

N_REPORTS, N_SMALL_ANNS = 30, 3000
BIG_CHARS, N_BIG_ANNS = 1_000_000, 5000
SCALES = (500, 20000)
TAGS = ("measure", "figure", "weakness")
PRESSES = int(os.environ.get("BENCH_PRESSES", "30"))
SPAN = 12  # characters selected per key press
CAP_S = 10.0  # longest wait for anything to appear
REVIEWER = "基准"
FILTER_CHAR = "法"

_real_stdout = sys.stdout


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- building the projects ---------------------------------------------------------------


def _open_store(path: Path, **kwargs):
    from desktop.store import Project

    try:
        return Project(path, backup=False, **kwargs)
    except TypeError:  # no ``backup`` argument any more
        return Project(path, **kwargs)


def _import(project, text: str, name: str) -> int:
    from desktop.importers import import_bytes

    result = project.import_document(import_bytes(text.encode("utf-8"), name))
    action = getattr(result, "action", "new")
    if action != "new":
        raise RuntimeError(f"importing {name} gave {action!r}, expected a new report (each must be unique)")
    return int(result.doc_id)


def _seeds() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if not seeds:
        raise RuntimeError(f"no seeds in {ROOT / 'seeds'}")
    return seeds


def _big_text(seeds: list[str]) -> str:
    """Raw text whose imported (canonical) form has at least BIG_CHARS characters."""
    from desktop.importers import import_bytes

    raw = ""
    while len(raw) < BIG_CHARS * 1.2:
        raw += "\n".join(seeds) + "\n"
    n = BIG_CHARS
    for _ in range(5):
        got = len(import_bytes(raw[:n].encode("utf-8"), "big.txt").text)
        if got >= BIG_CHARS:
            break
        n += BIG_CHARS - got + 200
    return raw[:n]


def _annotate(project, doc_id: int, n: int, rng: random.Random, what: str) -> None:
    """n random spans of one report, in batches of the store's AddAnnotations
    operation where it has one (one transaction each), else one add_annotation each."""
    length = _chars(project, doc_id)
    spans = []
    for k in range(n):
        start = rng.randrange(0, length - 60)
        spans.append((start, start + rng.randrange(4, 60), TAGS[k % 3]))
    try:
        from desktop.store.operations import AddAnnotations, NewAnnotation
    except ImportError:
        AddAnnotations = NewAnnotation = None
    bulk = None if AddAnnotations is not None and callable(getattr(project, "run", None)) else False
    t0 = time.perf_counter()
    for i in range(0, n, 2500):
        chunk = spans[i:i + 2500]
        if bulk is not False:
            try:
                project.run(AddAnnotations(tuple(NewAnnotation(doc_id, s, e, t, reviewer=REVIEWER)
                                                 for s, e, t in chunk)))
                bulk = True
            except TypeError:
                if bulk:
                    raise
                bulk = False  # not the operation this script knows: one at a time
        if bulk is False:
            for s, e, t in chunk:
                project.add_annotation(doc_id, s, e, t, reviewer=REVIEWER)
        log(f"    {what}: {i + len(chunk):,}/{n:,} annotations ({time.perf_counter() - t0:.0f} s)")


def _chars(project, doc_id: int) -> int:
    info = project.document_info(doc_id) if hasattr(project, "document_info") else None
    chars = getattr(info, "chars", None)
    return int(chars) if chars else len(project.document_text(doc_id))


def build_all(paths: dict[str, Path], work: Path) -> None:
    """Builds the four projects in ``work`` (a RAM disk when there is one) and
    copies them to ``paths``."""
    rng = random.Random(7)
    seeds = _seeds()
    tmp = {k: work / p.name for k, p in paths.items()}
    t0 = time.perf_counter()
    log("building the 30-report project …")
    with _open_store(tmp["small"]) as project:
        ids = [_import(project, seeds[i % len(seeds)] + f"\n附注：第{i + 1}份报告。", f"report_{i + 1:02d}.txt")
               for i in range(N_REPORTS)]
        for i, doc_id in enumerate(ids):
            _annotate(project, doc_id, N_SMALL_ANNS // N_REPORTS + (i < N_SMALL_ANNS % N_REPORTS), rng, "small")
    base = work / "base.rdproj"
    shutil.copyfile(tmp["small"], base)
    with _open_store(base) as project:
        big_id = _import(project, _big_text(seeds), "big.txt")
    log(f"  small reports and the 1M report in {time.perf_counter() - t0:.0f} s")
    for key, n, source in (("main", N_BIG_ANNS, base), ("500", 500, base), ("20000", 20000 - N_BIG_ANNS, "main")):
        shutil.copyfile(tmp[source] if isinstance(source, str) else source, tmp[key])
        with _open_store(tmp[key]) as project:
            _annotate(project, big_id, n, rng, key)
        log(f"  {key} project ready ({time.perf_counter() - t0:.0f} s)")
    for key, path in paths.items():
        if tmp[key] != path:
            shutil.copyfile(tmp[key], path)


def layout(path: Path) -> dict:
    """Ids and counts of a built project: the biggest report is 'big', the rest 'small'."""
    from desktop.store import Project

    with Project(path, readonly=True) as project:
        infos = project.documents()
        sizes = {d.id: (getattr(d, "chars", None) or len(project.document_text(d.id))) for d in infos}
        big = max(sizes, key=sizes.get)
        small = sorted(d for d in sizes if d != big)
        return {
            "big": big, "small": small, "first": min(sizes), "big_chars": sizes[big],
            "big_annotations": len(project.annotations(big)),
            "small_annotations": sum(len(project.annotations(d)) for d in small),
        }


def valid(path: Path, big_annotations: int | None) -> bool:
    try:
        lay = layout(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
        log(f"  cached {path.name} unusable ({exc}); rebuilding")
        return False
    if big_annotations is None:  # the small project: no big report
        return len(lay["small"]) + 1 == N_REPORTS and lay["small_annotations"] + lay["big_annotations"] == N_SMALL_ANNS
    return (len(lay["small"]) == N_REPORTS and lay["small_annotations"] == N_SMALL_ANNS
            and lay["big_chars"] >= BIG_CHARS and lay["big_annotations"] == big_annotations)


def prepare(tmp: Path) -> dict[str, Path]:
    """The four projects in ``tmp`` (built, or copied from the BENCH_PROJECT cache),
    each opened once for writing so any migration is done before it is measured."""
    cache = os.environ.get("BENCH_PROJECT")
    main = Path(cache).expanduser().resolve() if cache else tmp / "cache" / "ops.rdproj"
    main.parent.mkdir(parents=True, exist_ok=True)
    stem, suffix = main.stem, main.suffix or ".rdproj"
    paths = {"main": main, "small": main.with_name(f"{stem}-small{suffix}"),
             "500": main.with_name(f"{stem}-500{suffix}"), "20000": main.with_name(f"{stem}-20000{suffix}")}
    expected = {"main": N_BIG_ANNS, "small": None, "500": 500, "20000": 20000}
    if not all(p.exists() and valid(p, expected[k]) for k, p in paths.items()):
        shm = Path("/dev/shm")
        work = Path(tempfile.mkdtemp(prefix="reviewdesk-bench-", dir=shm if shm.is_dir() else None))
        try:
            build_all(paths, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    elif cache:
        log(f"using the cached projects {paths['main']} (+ -small, -500, -20000)")
    out = {}
    for key, path in paths.items():
        out[key] = tmp / f"{key}.rdproj"
        shutil.copyfile(path, out[key])
        _open_store(out[key]).close()  # migrate now, not while measured
    return out


# --- small helpers --------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident set size (not the peak)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def median_ms(xs: list[float]) -> float | None:
    return round(statistics.median(xs) * 1000, 1) if xs else None


def p90_ms(xs: list[float]) -> float | None:
    if not xs:
        return None
    ordered = sorted(xs)
    return round(ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)] * 1000, 1)


def describe(exc: BaseException) -> str:
    """One line for "errors": the exception and where it was raised."""
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
    return f"{type(exc).__name__}: {exc}{where}"


def git_info() -> dict:
    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=20,
                                 check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no", "--", "desktop")
    return {"git": git("rev-parse", "--short", "HEAD"), "desktop_dirty": None if status is None else bool(status)}


class BenchInteraction:
    """Answers the window's questions without dialogs: confirms yes, everything else cancels."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def confirm(self, parent, title, text, *args, **kwargs) -> bool:
        return True

    def warning(self, parent, title, text, details="", *args, **kwargs) -> None:
        self.shown.append(("warning", f"{title}: {text}"))

    def info(self, parent, title, text, details="", *args, **kwargs) -> None:
        self.shown.append(("info", f"{title}: {text}"))

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def answer(*args, **kwargs):
            self.shown.append(("asked", name))

        return answer


# --- the measurements -------------------------------------------------------------------------


class Bench:
    def __init__(self, app, projects: dict[str, Path], tmp: Path, lay: dict) -> None:
        from PySide6.QtTest import QTest

        self.app, self.projects, self.tmp, self.QTest = app, projects, tmp, QTest
        self.lay = lay
        self.results: dict = {}
        self.errors: dict[str, str] = {}
        self.window = None
        self.interaction = BenchInteraction()

    # events

    def settle(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(3):
            self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def wait_until(self, cond: Callable[[], bool], cap: float = CAP_S) -> bool:
        deadline = time.perf_counter() + cap
        while not cond():
            if time.perf_counter() > deadline:
                return False
            self.app.processEvents()
        return True

    def idle(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.005)
        self.settle()

    # figures

    def figure(self, name: str, keys: tuple[str, ...], fn: Callable[[], dict]) -> None:
        log(f"-- {name}")
        t0 = time.perf_counter()
        try:
            self.results.update(fn())
        except Exception as exc:  # noqa: BLE001 - one figure failing must not end the run
            self.errors[name] = describe(exc)
            traceback.print_exc(file=sys.stderr)
        for key in keys:
            self.results.setdefault(key, None)
        log(f"   {name}: {time.perf_counter() - t0:.1f} s  " +
            json.dumps({k: self.results.get(k) for k in keys}, ensure_ascii=False))

    # the window and what is in it

    def new_window(self):
        from desktop.ui.context import AppContext
        from desktop.ui.main_window import MainWindow

        context = AppContext()
        context.reviewer = REVIEWER
        window = MainWindow(context, self.interaction)
        window.resize(1500, 950)
        window.show()
        window.activateWindow()
        return window

    def dispose(self, window) -> None:
        if window is None:
            return
        try:
            window.context.close_project()
        finally:
            window.hide()
            window.deleteLater()
            self.settle()

    def open_main_window(self, key: str):
        """A window on a fresh copy of one project (the previous one disposed of)."""
        self.dispose(self.window)
        self.window = None
        path = self.fresh_copy(key)
        window = self.new_window()
        if not window.open_project(path):
            raise RuntimeError(f"open_project({path.name}) failed: {self.interaction.shown[-1:]}")
        self.window = window
        self.settle()
        return window

    def fresh_copy(self, key: str) -> Path:
        folder = Path(tempfile.mkdtemp(dir=self.tmp, prefix=f"{key}-"))
        path = folder / f"{key}.rdproj"
        shutil.copyfile(self.projects[key], path)
        return path

    @staticmethod
    def find(parent, cls, object_name: str, attr: str | None = None):
        found = parent.findChild(cls, object_name)
        if found is None and attr:
            found = getattr(parent, attr, None)
        if found is None:
            raise LookupError(f"no {cls.__name__} named {object_name!r} in the window"
                              + (f" (nor window.{attr})" if attr else ""))
        return found

    def view(self):
        from PySide6.QtWidgets import QTextEdit

        return self.find(self.window, QTextEdit, "documentView", "document_view")

    def context(self):
        context = getattr(self.window, "context", None)
        if context is None:
            raise LookupError("window.context is gone")
        return context

    def project(self):
        project = getattr(self.context(), "project", None)
        if project is None:
            raise LookupError("context.project is None (no project open)")
        return project

    def show(self, doc_id: int) -> None:
        context = self.context()
        if not hasattr(context, "set_current_document"):
            raise LookupError("context.set_current_document is gone")
        context.set_current_document(doc_id)
        self.settle()
        if not self.wait_until(lambda: self.shown_doc() == doc_id):
            raise RuntimeError(f"document {doc_id} not shown within {CAP_S} s")

    def shown_doc(self) -> int:
        view = self.view()
        doc_id = getattr(view, "doc_id", None)
        if doc_id is None:
            raise LookupError("document view has no doc_id")
        return int(doc_id)

    def painted_spans(self) -> set[tuple[int, int]]:
        """(start, end) in code points of the highlights handed to Qt to draw."""
        view = self.view()
        ranges = getattr(view, "painted_ranges", None)
        if callable(ranges):
            return {(r[0], r[1]) for r in ranges()}
        # Without painted_ranges: every extra selection carrying an id (BMP text: UTF-16 = code points).
        from PySide6.QtGui import QTextFormat

        return {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()
                if s.format.property(QTextFormat.Property.UserProperty) is not None}

    def select(self, start: int, end: int) -> None:
        view = self.view()
        if callable(getattr(view, "select_span", None)):
            view.select_span(start, end)
            return
        from PySide6.QtGui import QTextCursor

        cursor = view.textCursor()  # BMP text: code points = UTF-16
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)

    # the figures themselves

    def keypresses(self, key: str) -> list[float]:
        """Key '1' on fresh spans of the 1M report of project ``key``; seconds each until
        the span is among the painted ranges (``self.settled``: and events were processed,
        so the frame is drawn)."""
        window = self.open_main_window(key)
        big = self.lay[key]["big"]
        self.show(big)
        self.idle(0.3)
        text = self.project().document_text(big)
        taken = {(a.start, a.end) for a in self.project().annotations(big)}
        rng = random.Random(3)
        view = self.view()
        times, missing = [], 0
        self.settled = []
        for k in range(PRESSES):
            start = rng.randrange(len(text) // 4, len(text) * 3 // 4)
            while (not text[start:start + SPAN].strip() or "\n" in text[start:start + SPAN]
                   or text[start].isspace() or text[start + SPAN - 1].isspace() or (start, start + SPAN) in taken):
                start += SPAN + 1
            end = start + SPAN
            taken.add((start, end))
            window.activateWindow()
            view.setFocus()
            self.select(start, end)
            self.settle()
            if k == 0 and not view.hasFocus():
                raise RuntimeError("the document view did not take the keyboard focus (window not active?)")
            t0 = time.perf_counter()
            self.QTest.keyClick(view, "1")
            while True:
                t1 = time.perf_counter()
                if (start, end) in self.painted_spans():
                    times.append(t1 - t0)
                    self.settle()
                    self.settled.append(time.perf_counter() - t0)
                    break
                if t1 - t0 > CAP_S:
                    missing += 1
                    break
                self.app.processEvents()
            self.settle()
        if missing:
            self.errors[f"keypress_{key}"] = f"{missing} of {PRESSES} highlights never painted within {CAP_S} s"
        if not times:
            raise RuntimeError("no key press was followed by a painted highlight")
        return times

    def fig_keypress_main(self) -> dict:
        times = self.keypresses("main")
        return {"keypress_highlight_ms_median": median_ms(times), "keypress_highlight_ms_p90": p90_ms(times),
                "keypress_settled_ms_median": median_ms(self.settled)}

    def fig_keypress_scale(self) -> dict:
        out: dict = {}
        for n in SCALES:
            try:
                out[f"keypress_{n}_ms"] = median_ms(self.keypresses(str(n)))
                out[f"keypress_{n}_settled_ms"] = median_ms(self.settled)
            except Exception as exc:  # noqa: BLE001
                self.errors[f"keypress_{n}"] = describe(exc)
                out[f"keypress_{n}_ms"] = out[f"keypress_{n}_settled_ms"] = None
        a, b = out.get(f"keypress_{SCALES[0]}_ms"), out.get(f"keypress_{SCALES[1]}_ms")
        out[f"keypress_ratio_{SCALES[1]}_vs_{SCALES[0]}"] = round(b / a, 2) if a and b else None
        return out

    def fig_switch(self) -> dict:
        self.open_main_window("main")
        small, big = self.lay["main"]["small"][0], self.lay["main"]["big"]
        context = self.context()
        times, painted = [], 0
        for _ in range(5):
            self.show(small)
            self.idle(0.1)
            t0 = time.perf_counter()
            context.set_current_document(big)
            self.settle()
            if not self.wait_until(lambda: self.shown_doc() == big and bool(self.painted_spans())):
                raise RuntimeError(f"the 1M report was not shown with highlights within {CAP_S} s")
            times.append(time.perf_counter() - t0)
            painted = len(self.painted_spans())
        # The first switch reads the report (text, annotations, outline) and builds its
        # highlight layer; the later ones find them kept (the last three reports).
        return {"switch_to_big_ms": median_ms(times), "switch_to_big_first_ms": round(times[0] * 1000, 1),
                "switch_to_big_painted": painted}

    def fig_filter(self) -> dict:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        self.open_main_window("main")
        small, big = self.lay["main"]["small"][0], self.lay["main"]["big"]
        edit = self.find(self.window, QLineEdit, "annotationFilter")

        def type_first() -> float:
            edit.setFocus()
            t0 = time.perf_counter()
            # keyClick(edit, "法") asserts in QTest (ASCII only): the same click with its text.
            self.QTest.sendKeyEvent(self.QTest.KeyAction.Click, edit, Qt.Key.Key_unknown, FILTER_CHAR,
                                    Qt.KeyboardModifier.NoModifier)
            self.settle()
            dt = time.perf_counter() - t0
            if edit.text() != FILTER_CHAR:
                raise RuntimeError(f"the filter reads {edit.text()!r} after typing {FILTER_CHAR!r}")
            return dt

        cold, warm = [], []
        for _ in range(5):  # each time the first key after the report was shown
            edit.clear()
            self.show(small)
            self.show(big)
            self.idle(0.1)
            cold.append(type_first())
        edit.clear()
        self.settle()
        for _ in range(5):  # the report stays shown: only clearing between
            edit.clear()
            self.idle(0.1)
            warm.append(type_first())
        edit.clear()
        self.settle()
        return {"filter_first_key_ms": median_ms(cold), "filter_first_key_warm_ms": median_ms(warm)}

    def fig_open(self) -> dict:
        main = self.opens("main")
        small = self.opens("small")
        return {"open_project_ms": main[0], "open_project_only_ms": main[1], "open_project_30_ms": small[0]}

    def opens(self, key: str) -> tuple[float | None, float | None]:
        """Medians (ms) of 3 opens of project ``key`` in a fresh window, with and
        without constructing the window."""
        from PySide6.QtWidgets import QTextEdit

        first = self.lay[key]["first"]
        total, only = [], []
        for i in range(4):  # the first one warms up caches and imports, unmeasured
            path = self.fresh_copy(key)
            self.settle()
            t0 = time.perf_counter()
            window = self.new_window()
            t1 = time.perf_counter()
            ok = window.open_project(path)
            view = self.find(window, QTextEdit, "documentView", "document_view")
            done = ok and self.wait_until(lambda v=view: getattr(v, "doc_id", 0) == first
                                          and v.document().characterCount() > 1)
            self.settle()
            t2 = time.perf_counter()
            self.dispose(window)
            if not done:
                raise RuntimeError(f"the first report was not shown after open_project (ok={ok}, "
                                   f"{self.interaction.shown[-1:]})")
            if i:
                total.append(t2 - t0)
                only.append(t2 - t1)
        return median_ms(total), median_ms(only)

    def fig_rss(self) -> dict:
        self.open_main_window("main")
        small, big = self.lay["main"]["small"][0], self.lay["main"]["big"]

        def round_trips(n: int) -> float:
            for _ in range(n):
                self.show(big)
                self.wait_until(lambda: bool(self.painted_spans()))
                self.settle()
                self.show(small)
                self.settle()
            self.idle(0.2)
            gc.collect()
            self.settle()
            return rss_mb()

        self.show(small)
        initial = round_trips(0)
        before = round_trips(1)  # the first visit's lasting costs (caches, allocator) are not growth
        after = round_trips(8)
        return {"rss_round_trips_mb": {"before": round(before, 1), "after": round(after, 1),
                                       "growth": round(after - before, 1), "initial": round(initial, 1)}}

    def fig_delete(self) -> dict:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel
        from PySide6.QtGui import QAction
        from PySide6.QtWidgets import QLineEdit, QTableView

        window = self.open_main_window("main")
        big = self.lay["main"]["big"]
        self.show(big)
        self.idle(0.2)
        project, context = self.project(), self.context()
        edit = window.findChild(QLineEdit, "annotationFilter")
        if edit is not None and edit.text():
            edit.clear()
        table = self.find(window, QTableView, "annotationTable")
        action = self.find(window, QAction, "action_delete_annotation")
        model = table.model()
        rows = model.rowCount()
        if rows < 400:
            raise RuntimeError(f"the annotation pane lists {rows} rows, expected the report's {N_BIG_ANNS:,}")
        first = rows // 2 - 100
        selection = QItemSelection(model.index(first, 0), model.index(first + 199, model.columnCount() - 1))
        table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        table.setFocus()
        self.settle()
        selected = len(table.selectionModel().selectedRows())
        if selected != 200:
            raise RuntimeError(f"{selected} rows selected in the annotation pane, not 200")
        if not action.isEnabled():
            raise RuntimeError("the window's delete action is disabled with 200 rows selected")
        before = len(project.annotations(big))
        stack = getattr(context, "undo_stack", None)
        steps_before = stack.count() if stack is not None else None

        conn = getattr(getattr(project, "db", None), "conn", None) or getattr(project, "conn", None)
        if conn is None:
            raise LookupError("no SQLite connection at project.db.conn (nor project.conn)")
        statements: list[str] = []
        announcements = [0]
        reloads, unwrap = self._count_overview_reloads()
        unsubscribe = project.subscribe(lambda *_a: announcements.__setitem__(0, announcements[0] + 1))
        conn.set_trace_callback(statements.append)
        try:
            t0 = time.perf_counter()
            action.trigger()
            self.settle()
            gone = self.wait_until(lambda: model.rowCount() <= rows - 200)
            dt = time.perf_counter() - t0
        finally:
            conn.set_trace_callback(None)
            unsubscribe()
            unwrap()
        after = len(project.annotations(big))
        if not gone:
            self.errors["delete_200.rows"] = f"the pane still lists {model.rowCount()} of {rows} rows"
        commits = sum(1 for s in statements if s.lstrip().upper().startswith(("COMMIT", "END")))
        return {"delete_200": {
            "ms": round(dt * 1000, 1), "commits": commits, "announcements": announcements[0],
            "sql_statements": len(statements), "overview_reloads": reloads(),
            "undo_steps": None if stack is None else stack.count() - steps_before, "deleted": before - after,
        }}

    def _count_overview_reloads(self):
        """Wraps the overview model's reload; (count getter, unwrap). The count is None
        when the overview or its reload is gone (noted in errors)."""
        try:
            from desktop.ui import overview
        except ImportError as exc:
            self.errors["delete_200.overview_reloads"] = f"desktop.ui.overview not importable: {exc}"
            return (lambda: None), (lambda: None)
        cls = getattr(overview, "OverviewModel", None)
        name = next((n for n in ("reload", "refresh") if callable(getattr(cls, n, None))), None)
        if cls is None or name is None:
            self.errors["delete_200.overview_reloads"] = (
                "no OverviewModel.reload (nor .refresh) in desktop/ui/overview.py")
            return (lambda: None), (lambda: None)
        original = cls.__dict__.get(name)
        count = [0]
        inner = getattr(cls, name)

        def counted(model, *args, **kwargs):
            count[0] += 1
            return inner(model, *args, **kwargs)

        setattr(cls, name, counted)

        def unwrap() -> None:
            if original is not None:
                setattr(cls, name, original)
            else:
                delattr(cls, name)

        return (lambda: count[0]), unwrap

    def fig_reanchor(self) -> dict:
        from desktop.anchors import make_anchor, reanchor
        from desktop.store import Project

        with Project(self.projects["main"], readonly=True) as project:
            text = project.document_text(self.lay["main"]["big"])
        rng = random.Random(11)
        anchors = []
        for _ in range(1000):
            s = rng.randrange(0, len(text) - 60)
            anchors.append(make_anchor(text, s, s + rng.randint(6, 40)))
        new = text[:120] + "（本段为新版本补充的内容。）" + text[120:]
        times, orphans = [], 0
        for _ in range(3):
            t0 = time.perf_counter()
            placed = reanchor(text, new, anchors)
            times.append(time.perf_counter() - t0)
            orphans = sum(p is None for p in placed)
        return {"reanchor_1000_ms": median_ms(times), "reanchor_1000_orphans": orphans}


#: Figures in the order they run, each in a process of its own (a crash or a leak
#: in one cannot spoil the others), with the keys it reports.
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "reanchor": ("fig_reanchor", ("reanchor_1000_ms",)),
    "open_project": ("fig_open", ("open_project_ms", "open_project_30_ms")),
    "switch_to_big": ("fig_switch", ("switch_to_big_ms", "switch_to_big_first_ms")),
    "keypress": ("fig_keypress_main", ("keypress_highlight_ms_median", "keypress_highlight_ms_p90",
                                       "keypress_settled_ms_median")),
    "keypress_scale": ("fig_keypress_scale", (f"keypress_{SCALES[0]}_ms", f"keypress_{SCALES[1]}_ms",
                                              f"keypress_ratio_{SCALES[1]}_vs_{SCALES[0]}")),
    "filter": ("fig_filter", ("filter_first_key_ms",)),
    "rss": ("fig_rss", ("rss_round_trips_mb",)),
    "delete_200": ("fig_delete", ("delete_200",)),
}
FIGURE_TIMEOUT_S = 300


def machine() -> dict:
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        load = round(os.getloadavg()[0], 2)  # other work on the machine makes every figure slower
    except OSError:
        load = None
    return {"nproc": usable, "cpus": os.cpu_count(), "python": platform.python_version(), "qt": qVersion(),
            "pyside": pyside, "platform": os.environ.get("QT_QPA_PLATFORM", ""), "os": platform.platform(),
            "load_1m": load}


def run_figure(name: str, spec_path: Path) -> int:
    """In a child process: one figure; prints {"results", "errors"} as one JSON line."""
    import faulthandler

    faulthandler.enable()  # a crash leaves a trace on stderr
    sys.stdout = sys.stderr
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=spec["tmp"]))
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")  # a fallback backup folder, if one were needed
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    QStandardPaths.setTestModeEnabled(True)
    from desktop.ui.app import make_application

    app = make_application()
    QCoreApplication.setOrganizationName("ReviewDeskBench")  # settings in tmp, apart from a reviewer's
    QCoreApplication.setApplicationName("ReviewDeskBench")
    projects = {k: Path(v) for k, v in spec["projects"].items()}
    bench = Bench(app, projects, tmp, spec["layout"])
    method, keys = FIGURES[name]
    profile_to = os.environ.get("BENCH_PROFILE")  # a folder: each figure's cProfile stats go there
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(bench.figure, name, keys, getattr(bench, method))
        Path(profile_to).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(Path(profile_to) / f"{name}.prof"))
    else:
        bench.figure(name, keys, getattr(bench, method))
    try:
        bench.dispose(bench.window)
    except Exception as exc:  # noqa: BLE001
        bench.errors[f"{name}.dispose"] = repr(exc)
    if bench.interaction.shown:
        bench.errors[f"{name}.dialogs"] = "; ".join(f"{k}: {t}" for k, t in bench.interaction.shown[:5])
    _real_stdout.write(json.dumps({"results": bench.results, "errors": bench.errors}, ensure_ascii=False) + "\n")
    _real_stdout.flush()
    return 0


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--figure":
        return run_figure(sys.argv[2], Path(sys.argv[3]))
    started = time.perf_counter()
    sys.stdout = sys.stderr  # anything else printed goes to stderr: stdout is the JSON line
    tmp = Path(tempfile.mkdtemp(prefix="reviewdesk-bench-ops-"))
    out: dict = {**git_info(), "machine": machine()}
    errors: dict[str, str] = {}
    only = [n for n in os.environ.get("BENCH_ONLY", "").replace(" ", "").split(",") if n]
    try:
        projects = prepare(tmp)
        lay = {k: layout(p) for k, p in projects.items()}
        main_lay = lay["main"]
        out["project"] = {"reports": len(main_lay["small"]) + 1, "big_chars": main_lay["big_chars"],
                          "small_annotations": main_lay["small_annotations"],
                          "big_annotations": main_lay["big_annotations"]}
        spec = tmp / "spec.json"
        spec.write_text(json.dumps({"tmp": str(tmp), "projects": {k: str(p) for k, p in projects.items()},
                                    "layout": lay}), encoding="utf-8")
        log(f"projects ready in {time.perf_counter() - started:.0f} s")
        for name, (_method, keys) in FIGURES.items():
            if only and name not in only:
                continue
            results, figure_errors = figure_in_child(name, spec)
            out.update(results)
            errors.update(figure_errors)
            for key in keys:
                out.setdefault(key, None)
    except Exception as exc:  # noqa: BLE001 - the line is printed whatever happened
        traceback.print_exc(file=sys.stderr)
        errors["setup"] = f"{type(exc).__name__}: {exc}"
    out["errors"] = errors
    out["total_s"] = round(time.perf_counter() - started, 1)
    shutil.rmtree(tmp, ignore_errors=True)
    _real_stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    _real_stdout.flush()
    return 1 if "setup" in errors else 0


def figure_in_child(name: str, spec: Path) -> tuple[dict, dict]:
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--figure", name, str(spec)],
                              stdout=subprocess.PIPE, stderr=None, text=True, timeout=FIGURE_TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        return {}, {name: f"did not finish within {FIGURE_TIMEOUT_S} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
        return {}, {name: f"the figure's process ended with {how} before reporting (see stderr)"}
    got = json.loads(lines[-1])
    return got.get("results", {}), got.get("errors", {})


if __name__ == "__main__":
    sys.exit(main())
