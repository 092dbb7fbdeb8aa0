"""Every question the window asks the reviewer, behind one seam.

Widgets never open a modal dialog directly: they call these methods, and the
tests replace the object (``window.interaction``) with one that answers at
once, so no modal dialog is ever left open in a test run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:
    from desktop.analysis.compilation import Part
    from desktop.importers.base import ImportedDocument


class Interaction(QObject):
    """Real dialogs. Subclass or replace in tests."""

    def report_filter(self) -> str:
        from desktop.ui.importing import report_filter  # from the importer registry

        return report_filter()

    def project_filter(self) -> str:
        return self.tr("评阅台项目 (*.rdproj *.sqlite);;所有文件 (*)")

    def ask_reviewer_name(self, parent: QWidget | None, current: str = "") -> str | None:
        name, ok = QInputDialog.getText(
            parent, self.tr("评阅人"),
            self.tr("请输入您的姓名（将记录在每条标注上）："), QLineEdit.EchoMode.Normal, current,
        )
        return name.strip() if ok else None

    def ask_report_files(self, parent: QWidget | None, directory: str = "") -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            parent, self.tr("打开报告"), directory, self.report_filter())
        return files

    def ask_open_project(self, parent: QWidget | None, directory: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("打开项目"), directory, self.project_filter())
        return path or None

    def ask_new_project(self, parent: QWidget | None, directory: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, self.tr("新建项目"), directory, self.project_filter())
        return path or None

    def ask_save_copy(self, parent: QWidget | None, directory: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, self.tr("另存副本为"), directory, self.project_filter())
        return path or None

    def ask_export_path(self, parent: QWidget | None, path: str, file_filter: str) -> str | None:
        """Where to export; replacing an existing file is asked by the export dialog."""
        path, _ = QFileDialog.getSaveFileName(
            parent, self.tr("导出到"), path, file_filter,
            options=QFileDialog.Option.DontConfirmOverwrite)
        return path or None

    def ask_pdf_path(self, parent: QWidget | None, path: str) -> str | None:
        """Where to save a PDF (the dialog asks before replacing a file)."""
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("导出为 PDF"), path, self.tr("PDF 文件 (*.pdf)"))
        return path or None

    def print_preview(self, parent: QWidget | None, printer, paint) -> bool:
        """The pages ``paint(printer)`` draws, in a preview the reviewer prints from
        (choosing the printer there); False when closed without printing."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(self.tr("打印预览"))
        dialog.paintRequested.connect(paint)
        try:
            return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def ask_note(self, parent: QWidget | None, quote: str, current: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            parent, self.tr("编辑批注"), self.tr("标注：%1").replace("%1", quote[:60]), current)
        return text if ok else None

    def ask_report_info(self, parent: QWidget | None, title: str, unit: str,
                        year: int | None) -> tuple[str, str, int | None] | None:
        """The report's title, unit and year as the reviewer corrects them (None: cancelled)."""
        from desktop.ui.report_info_dialog import ReportInfoDialog

        dialog = ReportInfoDialog(title, unit, year, parent)
        try:
            return dialog.values() if dialog.exec() == ReportInfoDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_split(self, parent: QWidget | None, file_name: str, doc: ImportedDocument,
                  parts: list[Part]) -> list[Part] | str:
        """An imported file holds several reports (a compilation): the parts to
        import each as a report of its own (only the checked ones, with the title,
        unit, year and first page as the reviewer adjusted them), "whole" (one
        report) or "cancel" (not imported)."""
        from desktop.ui.split_dialog import SplitDialog

        dialog = SplitDialog(file_name, doc, parts, parent)
        try:
            dialog.exec()
            return dialog.answer()
        finally:
            dialog.deleteLater()

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def info(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    def warning(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    # --- project trust (issue 9): lock, backups, versions --------------------------------

    def ask_locked(self, parent: QWidget | None, holder_text: str, other_host: bool) -> str:
        """Another window, command or PC has the project open: "readonly",
        "take_over" (offered only for another PC) or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("项目正在被使用"),
                          self.tr("%1。\n\n同一时间只能有一处修改此项目。")
                          .replace("%1", holder_text.rstrip(chr(0x3002))),  # its own final full stop
                          QMessageBox.StandardButton.NoButton, parent)
        readonly = box.addButton(self.tr("以只读方式打开"), QMessageBox.ButtonRole.AcceptRole)
        take_over = None
        if other_host:
            box.setInformativeText(self.tr("如果那台电脑已经关机或不再使用此项目，可以接管；"
                                           "接管后那台电脑上的窗口将不能再保存修改。"))
            take_over = box.addButton(self.tr("接管项目"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(readonly)
        box.exec()
        clicked = box.clickedButton()
        if clicked is readonly:
            return "readonly"
        if take_over is not None and clicked is take_over:
            return "take_over"
        return "cancel"

    def choose_backup(self, parent: QWidget | None, backups: list, reason: str = ""):
        """The backup to restore (a Path), or None; ``reason`` says why it is asked."""
        from desktop.ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(backups, reason, parent)
        try:
            return dialog.chosen() if dialog.exec() == BackupsDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_new_version(self, parent: QWidget | None, file_name: str, doc_title: str, similarity: float) -> str:
        """An imported file looks like a new version of a report already here:
        "replace", "separate" (a report of its own) or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("是新版本吗？"), self.tr(
            "“%1”与项目中的报告“%2”单位、年度相同，内容有 %3% 相同。\n\n"
            "是这份报告的新版本吗？替换后旧文本保存为历史版本，标注会重新定位，可以撤销。")
            .replace("%1", file_name).replace("%2", doc_title).replace("%3", str(round(similarity * 100))),
            QMessageBox.StandardButton.NoButton, parent)
        replace = box.addButton(self.tr("替换为新版本"), QMessageBox.ButtonRole.AcceptRole)
        separate = box.addButton(self.tr("作为另一份报告导入"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("不导入此文件"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(separate)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "separate" if clicked is separate else "cancel"

    def choose_version(self, parent: QWidget | None, doc_title: str, versions: list,
                       can_restore: bool = True) -> int | None:
        """The stored version of a report to bring back (its id), or None."""
        from desktop.ui.versions_dialog import VersionsDialog

        dialog = VersionsDialog(doc_title, versions, can_restore, parent)
        try:
            return dialog.chosen() if dialog.exec() == VersionsDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
