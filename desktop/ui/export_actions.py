"""File ▸ 导出…, File ▸ 导出带批注的报告… and File ▸ 导入标注… (extension of the main window).

Exporting a whole round reads every report and can take a while, so it runs
in a worker (:mod:`desktop.ui.workers`) on a snapshot: the GUI thread copies
the open project with SQLite's backup API (fast, consistent), the worker
opens that copy with its own connection and writes the file. The reviewer's
project is never touched, and the window stays responsive with a progress
dialog and Cancel. A per-report format (the annotated copy) exported for the
whole round writes one file per report into a folder the dialog proposes and
the controller creates. Importing annotations writes the project, so it runs on
the GUI thread and is one undoable step.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop.errors import ReviewDeskError
from desktop.export import FORMATS, export, file_name, webanno
from desktop.export.summary import ExportCancelled
from desktop.store import Project
from desktop.ui import actions, commands, workers
from desktop.ui.context import AppContext
from desktop.ui.interaction import Interaction

ANNOTATED = "annotated-docx"


def writes_folder(fmt: str, doc_id: int | None) -> bool:
    """A per-report format for the whole round: one file per report into a folder."""
    return FORMATS[fmt].per_report and doc_id is None


def default_name(project: Project, fmt: str, doc_id: int | None) -> str:
    """Unit and year for one report ("坡头镇_2019_评阅汇总.docx"), the round's
    name and year for the whole round, so two exports never share a name; a
    folder's name (no suffix) for a per-report format's whole round."""
    kind = QCoreApplication.translate("ExportFormats", FORMATS[fmt].kind)
    if doc_id is not None:
        info = project.document_info(doc_id)
        name, year = (info.unit or info.title[:20]) if info else "", info.year if info else None
    else:
        round_info = project.round_info()
        name, year = round_info.name or project.path.stem, round_info.year
    return file_name(name, year, kind, "" if writes_folder(fmt, doc_id) else FORMATS[fmt].suffix)


def format_label(fmt: str) -> str:
    """The format's label from desktop.export.FORMATS, in the UI's language."""
    return QCoreApplication.translate("ExportFormats", FORMATS[fmt].label)


def format_filter(fmt: str) -> str:
    """The save dialog's name filter for one format: "Word 评阅汇总（.docx） (*.docx)"."""
    return f"{format_label(fmt)} (*{FORMATS[fmt].suffix})"


class ExportDialog(QDialog):
    """Format, scope and output file; accepted() when the reviewer confirms."""

    def __init__(self, context: AppContext, interaction: Interaction,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出"))
        self.setObjectName("exportDialog")
        self.context = context
        self.interaction = interaction
        self.format_box = QComboBox(self)
        for key in FORMATS:
            self.format_box.addItem(format_label(key), key)
        self.this_report = QRadioButton(self.tr("当前报告"), self)
        self.whole_round = QRadioButton(self.tr("整轮（全部报告）"), self)
        has_doc = bool(context.current_doc_id)
        self.this_report.setEnabled(has_doc)
        (self.this_report if has_doc else self.whole_round).setChecked(True)
        scope = QHBoxLayout()
        scope.addWidget(self.this_report)
        scope.addWidget(self.whole_round)
        scope.addStretch(1)
        self.path_edit = QLineEdit(self)
        browse = QPushButton(self.tr("浏览…"), self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        form.addRow(self.tr("格式："), self.format_box)
        form.addRow(self.tr("范围："), scope)
        form.addRow(self.tr("保存到："), where)
        form.addRow(buttons)
        self._suggested = ""
        for signal in (self.format_box.currentIndexChanged, self.this_report.toggled):
            signal.connect(self._suggest)
        self.path_edit.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        self._suggest()

    @property
    def fmt(self) -> str:
        return self.format_box.currentData()

    @property
    def doc_id(self) -> int | None:
        return self.context.current_doc_id if self.this_report.isChecked() else None

    @property
    def path(self) -> str:
        return self.path_edit.text().strip()

    def _suggest(self) -> None:
        """Proposes a file name beside the project until the reviewer types their own."""
        if self.path and self.path != self._suggested:
            current = Path(self.path)
            suffix = "" if writes_folder(self.fmt, self.doc_id) else FORMATS[self.fmt].suffix
            self.path_edit.setText(str(current.with_suffix(suffix)))
            self._suggested = ""
            return
        project = self.context.project
        if project is None:
            return
        self._suggested = str(project.path.parent / default_name(project, self.fmt, self.doc_id))
        self.path_edit.setText(self._suggested)

    def _browse(self) -> None:
        spec = FORMATS[self.fmt]
        if writes_folder(self.fmt, self.doc_id):
            folder = QFileDialog.getExistingDirectory(self, self.tr("导出到文件夹"), self.path)
            if folder:
                self.path_edit.setText(folder)
            return
        path = self.interaction.ask_export_path(self, self.path, format_filter(self.fmt))
        if path:
            if not path.lower().endswith(spec.suffix):
                path += spec.suffix
            self.path_edit.setText(path)

    def accept(self) -> None:
        """Asks before replacing an existing file; "No" keeps the dialog open."""
        target = Path(self.path)
        if target.is_file() and not self.interaction.confirm(
                self, self.tr("替换文件"),
                self.tr("“%1”已存在（%2）。\n要用这次导出替换它吗？")
                .replace("%1", target.name).replace("%2", str(target.parent))):
            return
        super().accept()


def _export_job(copy: Path, fmt: str, out: str, doc_id: int | None):
    """Runs in the worker: its own connection on the snapshot, removed afterwards."""

    def job(progress, cancelled) -> Path:
        try:
            with Project(copy, create=False) as project:
                return export(project, fmt, out, doc_id=doc_id,
                              progress=lambda done, total: progress(done, total, ""),
                              cancelled=cancelled)
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)

    return job


class ExportController(QObject):
    """The two File-menu actions and the export worker."""

    #: The path written, or "" when the export failed or was cancelled.
    exportFinished = Signal(str)
    importFinished = Signal(object)  # webanno.ImportReport or None

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext = window.context
        self.task: workers.Task | None = None
        self.progress: workers.JobProgressDialog | None = None
        self.dialog: ExportDialog | None = None
        self.export_action = QAction(self.tr("导出…"), window)
        actions.bind(self.export_action, "export")  # its object name and key live in the registry
        self.export_action.triggered.connect(self.open_dialog)
        self.annotated_action = QAction(self.tr("导出带批注的报告…"), window)
        self.annotated_action.setObjectName("actionExportAnnotated")
        self.annotated_action.setStatusTip(self.tr("把当前报告连同批注导出为 Word 文件，每条标注是一条 Word 批注"))
        self.annotated_action.triggered.connect(lambda: self.open_dialog(ANNOTATED))
        self.import_action = QAction(self.tr("导入标注…"), window)
        self.import_action.setObjectName("actionImportAnnotations")
        self.import_action.triggered.connect(self.ask_and_import)
        menu = window.menu("file")
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.annotated_action)
        menu.addAction(self.import_action)
        self.context.projectChanged.connect(self._update_actions)
        self.context.currentDocumentChanged.connect(lambda _doc: self._update_actions())
        self.context.readonlyChanged.connect(lambda _ro: self._update_actions())
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.context.project is not None
        self.export_action.setEnabled(has and self.task is None)  # exports read: fine read-only
        self.annotated_action.setEnabled(has and self.task is None and bool(self.context.current_doc_id))
        self.import_action.setEnabled(has and not self.context.readonly)

    # --- export -------------------------------------------------------------------------

    def open_dialog(self, fmt: str | None = None) -> ExportDialog | None:
        """The export dialog; ``fmt`` preselects a format (the annotated copy's action)."""
        if self.context.project is None or self.task is not None:
            return None
        self.dialog = ExportDialog(self.context, self.window.interaction, self.window)
        if fmt is not None:
            self.dialog.format_box.setCurrentIndex(self.dialog.format_box.findData(fmt))
        self.dialog.accepted.connect(
            lambda d=self.dialog: self.start_export(d.fmt, d.path, d.doc_id))
        self.dialog.open()
        return self.dialog

    def start_export(self, fmt: str, path: str, doc_id: int | None = None) -> workers.Task | None:
        """Snapshots the project and exports in a worker; exportFinished tells the end."""
        project = self.context.project
        if project is None or self.task is not None:
            return None
        tmp = Path(tempfile.mkdtemp(prefix="reviewdesk-export-"))
        copy = tmp / "snapshot.rdproj"
        try:
            if writes_folder(fmt, doc_id) and Path(path).parent.is_dir():
                Path(path).mkdir(exist_ok=True)  # the folder the dialog proposed
            project.save_copy(copy)
        except (OSError, ReviewDeskError) as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            self._failed(exc)
            return None
        if doc_id is None:
            self.progress = workers.progress_dialog(
                self.window, self.tr("导出"), self.tr("正在汇总各份报告…"), self.tr("取消"),
                min_duration=300)
        self.task = task = workers.start(_export_job(copy, fmt, path, doc_id), self)
        if self.progress is not None:
            self.progress.canceled.connect(task.cancel)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        self._update_actions()
        return task

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        dialog = self.progress  # setValue() of a shown modal dialog runs the event loop:
        if dialog is None or not total:  # the export may end inside it
            return
        dialog.setLabelText(self.tr("正在汇总第 %1 / %2 份报告…")
                            .replace("%1", str(done)).replace("%2", str(total)))
        dialog.setRange(0, total)
        dialog.setValue(done)

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        self.task = None
        self._update_actions()

    def _succeeded(self, path: object) -> None:
        self._end()
        self.window.status_message(self.tr("已导出：%1").replace("%1", str(path)))
        self.window.interaction.info(self.window, self.tr("导出完成"),
                                     self.tr("已导出到：\n%1").replace("%1", str(path)))
        self.exportFinished.emit(str(path))

    def _failed(self, exc: object) -> None:
        self._end()
        if isinstance(exc, ExportCancelled):
            self.window.status_message(self.tr("导出已取消。"))
        elif isinstance(exc, (ReviewDeskError, OSError)):
            message = exc.message if isinstance(exc, ReviewDeskError) else str(exc)
            self.window.interaction.warning(self.window, self.tr("无法导出"), message)
        else:
            self.exportFinished.emit("")
            raise exc  # unexpected: the error hook shows it
        self.exportFinished.emit("")

    # --- import ---------------------------------------------------------------------------

    def ask_file(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("导入标注"), str(self.context.project.path.parent),
            self.tr("标注文件 (*.json *.jsonld);;所有文件 (*)"))
        return path or None

    def ask_and_import(self) -> None:
        if self.context.project is None:
            return
        path = self.ask_file()
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> webanno.ImportReport | None:
        """Adds the file's annotations as one undoable step and says what happened."""
        project = self.context.project
        if project is None:
            return None
        try:
            op, report = webanno.operation(project, webanno.read(path))
            if not op.empty:  # one transaction, one change set, one undo step (scores alone count too)
                command = commands.perform(self.context, commands.OperationCommand(
                    self.context, op, self.tr("导入 %1 条标注").replace("%1", str(len(op.items)))))
                report.added = list(command.result)
        except ReviewDeskError as exc:
            self.window.interaction.warning(self.window, self.tr("无法导入标注"), exc.message)
            self.importFinished.emit(None)
            return None
        text = report.summary()
        self.window.status_message(text)
        self.window.interaction.info(self.window, self.tr("导入标注"), text, "\n".join(report.problems))
        self.importFinished.emit(report)
        return report


def install(window: QWidget) -> ExportController:
    """Adds File ▸ 导出… and File ▸ 导入标注… to the main window."""
    controller = ExportController(window)
    window.export_controller = controller
    return controller
