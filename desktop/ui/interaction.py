"""Every question the window asks the reviewer, behind one seam.

Widgets never open a modal dialog directly: they call these methods, and the
tests replace the object (``window.interaction``) with one that answers at
once, so no modal dialog is ever left open in a test run.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget



class Interaction(QObject):
    """Real dialogs. Subclass or replace in tests."""

    def report_filter(self) -> str:
        return self.tr("报告文件 (*.docx *.pdf *.txt);;所有文件 (*)")

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

    def ask_note(self, parent: QWidget | None, quote: str, current: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            parent, self.tr("编辑批注"), self.tr("标注：%1").replace("%1", quote[:60]), current)
        return text if ok else None

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
