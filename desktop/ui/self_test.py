"""``--self-test`` and ``--screenshot``: the real window, driven once, without a person.

IT staff run ``ReviewDesk --self-test`` after copying the folder onto an
office PC (or CI runs it on the frozen bundle): it opens the main window, imports
a tiny built-in report into a temporary project through the real import
worker, selects a claim and triggers the 数据 tag action as a reviewer would,
then checks the stored row (offsets, quote, tag), the highlight the document
pane paints and the annotation list. Exit 0 and one ``self-test: ok`` line, or
exit 1 and ``self-test: FAILED: <why>`` on stderr. Nothing of the user's
(settings, recent projects, default project, log) is read or written: settings
live in a temporary folder.

``--screenshot PATH`` opens a report the same way, tags a few claims of each
kind and saves a PNG of the window (scripts/screenshot_frozen.sh).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

#: A tiny report: headings the outline finds, a figure to tag, a non-BMP
#: character (𠀀) before it so a UTF-16/code-point mix-up shows as a wrong quote.
SAMPLE_REPORT = (
    "𠀀溪镇2024年度法治政府建设情况报告\n"
    "一、主要举措和成效\n"
    "（一）加强法治宣传教育\n"
    "全年在𠀀溪村等地开展普法宣传活动16场，覆盖群众1300余人次。\n"
    "二、存在的不足和原因\n"
    "基层执法人员法律素养有待提高，原因是培训经费不足。\n"
    "三、下一年度主要安排\n"
    "继续推进法治乡镇建设。\n"
)
SAMPLE_CLAIM = "开展普法宣传活动16场"


class SelfTestFailure(Exception):
    """A check of the self-test did not hold."""


class QuietInteraction:
    """Answers every question at once (no modal dialog may block a headless run)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def ask_reviewer_name(self, parent, current=""):
        return None

    def ask_report_files(self, parent, directory=""):
        return []

    def ask_open_project(self, parent, directory=""):
        return None

    ask_new_project = ask_save_copy = ask_open_project

    def ask_note(self, parent, quote, current):
        return None

    def confirm(self, parent, title, text):
        return False

    def info(self, parent, title, text, details=""):
        self.messages.append(f"{title}: {text}")

    def warning(self, parent, title, text, details=""):
        self.messages.append(f"{title}: {text} {details}".strip())


def _private_settings(folder: Path) -> None:
    """QSettings in ``folder`` so a self-test never touches the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _wait(app, condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class Session:
    """The app, a window on a temporary project and a way to import through the worker."""

    def __init__(self, workdir: Path, language: str | None = None) -> None:
        _private_settings(workdir / "settings")
        from desktop.ui import i18n
        from desktop.ui.app import make_application
        from desktop.ui.context import AppContext
        from desktop.ui.main_window import MainWindow

        self.app = make_application()
        if language:  # as if chosen in Settings: before any widget is built
            i18n.install_translators(self.app, language)
        self.context = AppContext()
        self.context.reviewer = "自检"
        self.interaction = QuietInteraction()
        self.window = MainWindow(self.context, self.interaction)  # type: ignore[arg-type]
        self.workdir = workdir

    def open(self, project: Path) -> None:
        _check(self.window.open_project(project), f"cannot open project {project}: {self.interaction.messages}")

    def import_report(self, path: Path) -> int:
        """Imports through the window (worker thread, progress dialog); returns the doc id."""
        results = []
        self.window.importer.finished.connect(results.append)
        self.window.import_files([str(path)])
        _wait(self.app, lambda: bool(results), 120, "the import to finish")
        summary = results[0]
        _check(bool(summary.imported), f"import failed: {[o.message for o in summary.failed]}")
        doc_id = summary.imported[0].doc_id
        _wait(self.app, lambda: self.window.document_view.doc_id == doc_id, 10, "the document to show")
        return doc_id

    def tag(self, doc_id: int, start: int, end: int, tag: str) -> None:
        """Selects text[start:end] in the document pane and triggers the tag's action."""
        view = self.window.document_view
        view.setFocus()
        view.select_span(start, end)
        self.app.processEvents()
        action = self.window.acts.tags[tag]
        _check(action.isEnabled(), f"tag action {tag} disabled with a selection")
        action.trigger()
        self.app.processEvents()

    def settle(self, rounds: int = 10) -> None:
        for _ in range(rounds):
            self.app.processEvents()
            time.sleep(0.01)

    def close(self) -> None:
        self.window.close()
        self.context.close_project()
        self.settle(3)


#: (catalogue, context, source, expected): looked up through variables so that
#: lupdate does not copy Qt's own strings into our .ts files.
_TRANSLATION_PROBES = (
    ("reviewdesk_en", "Labels", "举措", "Measure"),
    ("qtbase_zh_CN", "QPlatformTheme", "Cancel", "取消"),
)


def check_translations(app) -> None:
    """The bundle carries our .qm files and Qt's Chinese one (standard buttons 确定/取消)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from desktop.ui.paths import resource

    folders = {"reviewdesk": str(resource("i18n")),
               "qtbase": QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)}
    for catalogue, context, source, expected in _TRANSLATION_PROBES:
        translator = QTranslator()
        folder = folders[catalogue.split("_")[0]]
        _check(translator.load(catalogue, folder), f"{catalogue}.qm missing from {folder}")
        _check(translator.translate(context, source) == expected, f"{catalogue}.qm does not translate {source}")


def self_test() -> int:
    """Runs the checks; 0 on success, 1 with one stderr line on failure."""
    workdir = Path(tempfile.mkdtemp(prefix="reviewdesk-selftest-"))
    started = time.monotonic()
    session: Session | None = None
    try:
        session = Session(workdir)
        session.window.resize(1200, 800)
        session.window.show()
        _wait(session.app, lambda: session.window.isVisible(), 10, "the window to show")
        check_translations(session.app)
        session.open(workdir / "自检项目.rdproj")
        report = workdir / "自检报告.txt"
        report.write_text(SAMPLE_REPORT, encoding="utf-8")
        doc_id = session.import_report(report)
        project = session.context.project
        text = project.document(doc_id).text
        start = text.index(SAMPLE_CLAIM)
        end = start + len(SAMPLE_CLAIM)
        session.tag(doc_id, start, end, "figure")
        rows = project.annotations(doc_id)
        _check(len(rows) == 1, f"expected 1 annotation row, found {len(rows)}")
        row = rows[0]
        _check((row.start, row.end, row.tag) == (start, end, "figure"),
               f"row has {(row.start, row.end, row.tag)}, expected {(start, end, 'figure')}")
        _check(row.quote == SAMPLE_CLAIM, f"row quote {row.quote!r}")
        _check(row.reviewer == "自检", f"row reviewer {row.reviewer!r}")
        session.settle()
        view = session.window.document_view
        _check((start, end, "figure") in view.highlight_ranges(), f"no highlight: {view.highlight_ranges()}")
        _check((start, end, "figure") in view.painted_ranges(), f"highlight not painted: {view.painted_ranges()}")
        _check(session.window.annotation_pane.model.rowCount() == 1, "annotation list does not show the row")
        _check(session.window.outline.model().rowCount() > 0, "the outline shows no section")
        session.context.undo_stack.undo()
        session.settle()
        _check(project.annotations(doc_id) == [] and view.highlight_ranges() == [], "undo left the annotation")
        session.context.undo_stack.redo()
        session.settle()
        _check(len(project.annotations(doc_id)) == 1, "redo did not restore the annotation")
    except SelfTestFailure as exc:
        print(f"self-test: FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - report anything as one line, never a traceback
        print(f"self-test: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if session is not None:
            session.close()
        shutil.rmtree(workdir, ignore_errors=True)
    from PySide6.QtCore import qVersion

    from desktop import __version__

    print(f"self-test: ok (ReviewDesk {__version__}, Qt {qVersion()}, "
          f"platform {session.app.platformName()}, {time.monotonic() - started:.1f} s)")
    return 0


#: Words that pick spans for the screenshot: a clause with a digit is a figure,
#: one with these verbs a measure, one with these words a weakness.
_MEASURE = re.compile(r"(开展|建立|推进|健全|组织|落实|完善)")
_WEAKNESS = re.compile(r"(不足|不够|不强|薄弱|欠缺|有待)")


def _clauses(text: str):
    for m in re.finditer(r"[^，。；,;\n]{8,60}", text):
        yield m.start(), m.end(), m.group()


def pick_claims(text: str, per_tag: int = 2,
                skip: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """A few non-overlapping clauses per tag, found by simple word rules; the
    title line and the ``skip`` spans (headings) are left alone."""
    chosen: list[tuple[int, int, str]] = []
    counts = {"measure": 0, "figure": 0, "weakness": 0}
    first_line = text.find("\n")
    for start, end, clause in _clauses(text):
        if start < first_line or any(s < end and start < e for s, e in skip):
            continue
        tag = ("weakness" if _WEAKNESS.search(clause) else
               "figure" if re.search(r"\d", clause) else
               "measure" if _MEASURE.search(clause) else None)
        if tag and counts[tag] < per_tag and not any(s < end and start < e for s, e, _ in chosen):
            chosen.append((start, end, tag))
            counts[tag] += 1
    return chosen


def screenshot(path: str, report: str | None, language: str | None = None) -> int:
    """Opens ``report`` (or the built-in sample), tags claims, saves a PNG of the window."""
    from PySide6.QtCore import QCoreApplication

    workdir = Path(tempfile.mkdtemp(prefix="reviewdesk-shot-"))
    session: Session | None = None
    try:
        session = Session(workdir, language)
        window = session.window
        window.resize(1500, 950)
        window.show()
        session.open(workdir / "round.rdproj")
        source = Path(report) if report else workdir / "sample.txt"
        if not report:
            source.write_text(SAMPLE_REPORT, encoding="utf-8")
        doc_id = session.import_report(source)
        project = session.context.project
        text = project.document(doc_id).text
        headings = [(sec.start, sec.start + len(sec.title)) for sec in project.sections(doc_id)]
        claims = pick_claims(text, skip=headings)
        for start, end, tag in claims:
            session.tag(doc_id, start, end, tag)
        anns = project.annotations(doc_id)
        if anns:
            from desktop.ui import commands

            commands.perform(session.context, commands.edit_note(
                session.context, anns[0].id, QCoreApplication.translate("SelfTest", "示例批注")))
            window.annotation_pane.select_annotation(anns[0].id)
            session.context.reveal(doc_id, anns[0].start, anns[0].start)
        window.document_view.clear_selection()
        session.settle(30)
        pixmap = window.grab()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(path, "PNG"):
            print(f"error: screenshot: cannot write {path}", file=sys.stderr)
            return 1
        print(f"screenshot: {path} ({len(anns)} annotations, {pixmap.width()}x{pixmap.height()})")
        return 0
    finally:
        if session is not None:
            session.close()
        shutil.rmtree(workdir, ignore_errors=True)
