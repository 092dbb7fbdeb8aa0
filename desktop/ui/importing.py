"""Importing report files from the window: worker, progress dialog, summary.

Reading a file (pdfplumber can take a minute on a long PDF) runs in a worker
via :mod:`desktop.ui.workers`; the window stays responsive and a Cancel
button stops it. The project is written only afterwards, on the GUI thread,
and only when the job was not cancelled, so cancelling leaves nothing behind.

A document is its text: a file whose text the project already has adds
nothing ("已在项目中：…"). A file that looks like a new version of a report
already there (same unit and year, mostly the same text) is never replaced
silently: the reviewer chooses replace (one undoable step), a separate
report, or not to import it.

A file that holds several reports (a compilation, 汇编) is found out in the
worker (desktop.analysis.compilation.find_parts) and the reviewer is asked
(Interaction.ask_split): split it, the checked reports imported in one
transaction with the titles, units, years and pages as adjusted (one outcome
per report, saying which pages); import it whole; or not at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.analysis.compilation import Part, find_parts, split
from desktop.errors import ImportCancelled, ImportFailure, ReviewDeskError
from desktop.importers import import_file, is_supported, suffixes
from desktop.importers.base import ImportedDocument
from desktop.store import ImportResult
from desktop.store import operations as ops
from desktop.ui import commands, workers
from desktop.ui.context import AppContext


@dataclass
class FileOutcome:
    path: str
    ok: bool
    message: str
    doc_id: int = 0
    action: str = ""  # new | updated | duplicate | skipped (the reviewer chose not to import it)
    warnings: tuple[str, ...] = ()
    part: str = ""  # one report of a compilation: where in the file (第 3–9 页), else ""


@dataclass
class ImportSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> list[FileOutcome]:
        """Files now in the project: new, replaced a report, or already there."""
        return [o for o in self.outcomes if o.ok and o.action != "skipped"]

    @property
    def skipped(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.ok and o.action == "skipped"]

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if not o.ok]


def report_filter() -> str:
    """The open dialog's name filter: every suffix of desktop.importers.FORMATS, then all files."""
    patterns = " ".join(f"*{suffix}" for suffix in suffixes())
    return QCoreApplication.translate("ImportController", "报告文件 (%1);;所有文件 (*)").replace("%1", patterns)


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given (dropped or chosen: the content decides), folders replaced
    by the files inside them whose suffix a registered format claims (sorted)."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and is_supported(f))
        else:
            out.append(str(p))
    return out


log = logging.getLogger(__name__)

#: what the worker hands back per file: its path, its document or why not, and the
#: reports it holds when it is a compilation (else [])
ReadFile = tuple[str, ImportedDocument | ImportFailure, list[Part]]


def _parts(doc: ImportedDocument) -> list[Part]:
    """The reports ``doc`` holds when it is a compilation; a fault in the search only
    costs the offer to split (the file is still imported), never the import."""
    try:
        return find_parts(doc)
    except Exception:  # noqa: BLE001 - logged; the file imports whole
        log.exception("looking for the reports of a compilation failed")
        return []


def _read_all(paths: list[str], progress, cancelled) -> list[ReadFile]:
    """Worker side: reads every file and looks for the reports of a compilation
    (text analysis stays off the GUI thread); per-file failures are results,
    cancel stops all."""
    results: list[ReadFile] = []
    n = len(paths)
    for i, path in enumerate(paths):
        if cancelled():
            raise ImportCancelled()
        name = Path(path).name
        progress(0, 0, f"{i + 1}/{n}\t{name}")

        def page_progress(done: int, total: int, _i: int = i, _name: str = name) -> None:
            progress(done, total, f"{_i + 1}/{n}\t{_name}")

        try:
            doc = import_file(path, progress=page_progress, cancelled=cancelled)
        except ImportCancelled:
            raise
        except ImportFailure as exc:
            results.append((path, exc, []))
        else:
            if cancelled():
                raise ImportCancelled()
            results.append((path, doc, _parts(doc)))
    return results


class ImportController(QObject):
    """Imports files into the context's project; one job at a time."""

    #: An ImportSummary, after the project was written (or nothing, when cancelled).
    finished = Signal(object)

    def __init__(self, context: AppContext, parent_widget: QWidget,
                 interaction: Callable[[], object] | None = None) -> None:
        super().__init__(parent_widget)
        self.context = context
        self.parent_widget = parent_widget
        #: The window's Interaction (asked whether a file is a new version).
        self.interaction = interaction or (lambda: parent_widget.interaction)
        self.task: workers.Task | None = None
        self.dialog: QProgressDialog | None = None
        self.last_summary: ImportSummary | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def import_files(self, paths: list[str]) -> workers.Task | None:
        files = expand_paths(paths)
        if not files or self.busy:
            return None
        self.dialog = dialog = workers.progress_dialog(
            self.parent_widget, self.tr("导入报告"), self.tr("正在读取文件…"), self.tr("取消"))
        self.task = task = workers.start(lambda p, c: _read_all(files, p, c), self)
        dialog.canceled.connect(task.cancel)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        counter, _, name = text.partition("\t")
        label = self.tr("正在导入第 %1 个文件：%2").replace("%1", counter).replace("%2", name)
        if total:
            label += "\n" + self.tr("已读取 %1 / %2 页").replace("%1", str(done)).replace("%2", str(total))
        self.dialog.setLabelText(label)
        self.dialog.setRange(0, max(total, 0))
        if total:
            self.dialog.setValue(done)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _finish(self, summary: ImportSummary) -> None:
        self._close_dialog()
        self.task = None
        self.last_summary = summary
        self.finished.emit(summary)

    def _on_failed(self, exc: object) -> None:
        cancelled = isinstance(exc, ImportCancelled) or (self.task is not None and self.task.is_cancelled())
        self._finish(ImportSummary(cancelled=True) if cancelled else ImportSummary())
        if not cancelled and isinstance(exc, BaseException):
            raise exc  # unexpected: the error hook shows it

    def _on_done(self, results: list) -> None:
        if self.task is not None and self.task.is_cancelled():
            self._finish(ImportSummary(cancelled=True))
            return
        self._close_dialog()  # questions about new versions come next
        summary = ImportSummary()
        for path, item, parts in results:
            if isinstance(item, ImportFailure):
                summary.outcomes.append(FileOutcome(path, False, item.message))
                continue
            try:
                summary.outcomes.extend(self._write_file(path, item, parts))
            except ReviewDeskError as exc:
                self.context.note_write_failure(exc)
                summary.outcomes.append(FileOutcome(path, False, exc.message))
        self._finish(summary)

    def _write_file(self, path: str, item: ImportedDocument, parts: list[Part]) -> list[FileOutcome]:
        """One read file into the project (GUI thread). A compilation: the reviewer
        chooses to split it, import it whole or not at all."""
        if not parts or self.context.project is None:
            return [self._write(path, item)]
        answer = self.interaction().ask_split(self.parent_widget, Path(path).name, item, parts)
        if answer == "whole":
            return [self._write(path, item)]
        if not isinstance(answer, list) or not answer:  # "cancel", or nothing checked
            return [FileOutcome(path, True, self.tr("未导入（您选择了不导入此文件）"), 0, "skipped")]
        return self._write_parts(path, item, answer)

    def _write_parts(self, path: str, item: ImportedDocument, parts: list[Part]) -> list[FileOutcome]:
        """The chosen reports of a compilation, in one transaction (all or none), not
        an undo step like any new report; one outcome per report, saying its pages."""
        project = self.context.project
        assert project is not None
        docs = split(item, parts)
        items = [ops.ImportDocument(doc, unit=part.unit, year=part.year) for doc, part in zip(docs, parts)]
        results: list[ImportResult] = commands.run_unrecorded(self.context, ops.ImportDocuments(items)).result
        outcomes: list[FileOutcome] = []
        for number, (part, result) in enumerate(zip(parts, results), start=1):
            where = self._where(part, number)
            if result.action == "duplicate":
                name = result.title or project.document_info(result.doc_id).source_name
                message = self.tr("%1「%2」已在项目中：%3").replace("%1", where).replace("%2", part.title) \
                    .replace("%3", name)
            else:
                message = (self.tr("%1「%2」已导入（单位：%3；年度：%4）")
                           .replace("%1", where).replace("%2", part.title)
                           .replace("%3", part.unit or self.tr("未识别"))
                           .replace("%4", str(part.year) if part.year is not None else self.tr("未识别")))
            # The file's own warnings (a page without text, …) are said once, with the first report.
            warnings = tuple(item.warnings) if not outcomes else ()
            outcomes.append(FileOutcome(path, True, message, result.doc_id, result.action,
                                        warnings + tuple(result.warnings), where))
        return outcomes

    def _where(self, part: Part, number: int) -> str:
        """第 a–b 页 of the compilation (a file without pages: 第 n 篇)."""
        if part.first_page is None:
            return self.tr("第 %1 篇").replace("%1", str(number))
        if part.last_page is None or part.last_page == part.first_page:
            return self.tr("第 %1 页").replace("%1", str(part.first_page))
        return self.tr("第 %1–%2 页").replace("%1", str(part.first_page)).replace("%2", str(part.last_page))

    def _write(self, path: str, item: ImportedDocument) -> FileOutcome:
        """One read file into the project (GUI thread): duplicate, new version, or new."""
        project = self.context.project  # read each time: a lost lock reopens it read-only
        if project is None:
            return FileOutcome(path, False, self.tr("没有打开的项目。"))
        warnings = tuple(item.warnings)
        candidate = project.version_candidate(item)  # None for text already in the project
        if candidate is not None:
            info, similarity = candidate
            title = info.title or info.source_name
            answer = self.interaction().ask_new_version(self.parent_widget, Path(path).name, title, similarity)
            if answer == "cancel":
                return FileOutcome(path, True, self.tr("未导入（您选择了不导入此文件）"), 0, "skipped")
            if answer == "replace":
                cmd = commands.perform(self.context, commands.replace_document(self.context, info.id, item, title))
                result = cmd.result
                return FileOutcome(path, True, self._describe(result.action, result.moved, result.orphans),
                                   info.id, result.action, warnings)
        existing = project.document_with_content(item.text)
        if existing is not None:
            result = ImportResult("duplicate", existing.id, existing.title)
        else:  # a new report is not an undo step: Ctrl+Z never takes a report away unasked
            result = commands.run_unrecorded(self.context, ops.ImportDocument(item)).result
        if result.action == "duplicate":
            name = result.title or project.document_info(result.doc_id).source_name
            return FileOutcome(path, True, self.tr("已在项目中：%1").replace("%1", name), result.doc_id, "duplicate")
        return FileOutcome(path, True, self._describe(result.action, result.moved, result.orphans),
                           result.doc_id, result.action, warnings)

    def _describe(self, action: str, moved: int, orphans: int) -> str:
        if action == "duplicate":
            return self.tr("已在项目中（内容完全相同），未重复导入")
        if action == "updated":
            text = self.tr("已更新为新版本，%1 条标注已重新定位").replace("%1", str(moved))
            if orphans:
                text += self.tr("，%1 条无法定位").replace("%1", str(orphans))
            return text + self.tr("（可撤销）")
        return self.tr("已导入")
