"""Help menu: the user guide, the annotation guide and About.

The guides are Markdown files under resources/help, shown in a QTextBrowser
(setMarkdown: no HTML engine, no network, links to the web are not followed).
Chinese files are the default; an ``.en.md`` twin is shown when the UI runs in
English. Installed through the main window's extension seam.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.ui import actions
from desktop.ui.paths import resource

GUIDES = ("user-guide", "annotation-guide")


def ui_language() -> str:
    """The language the UI was started in (what i18n installed)."""
    from desktop.ui import i18n

    return i18n.current_language()


def guide_path(name: str, language: str | None = None) -> Path:
    """resources/help/<name>.md, or <name>.en.md for English when it exists."""
    language = language or ui_language()
    if language == "en":
        english = resource("help", f"{name}.en.md")
        if english.exists():
            return english
    return resource("help", f"{name}.md")


class HelpDialog(QDialog):
    """A non-modal window showing one Markdown guide."""

    def __init__(self, title: str, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("helpDialog")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(QSize(760, 640))


class HelpActions(QObject):
    """Owns the Help menu's guide actions and their dialogs."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialogs: dict[str, HelpDialog] = {}
        self.user_guide_action = QAction(self.tr("使用说明"), window)
        actions.bind(self.user_guide_action, "help_user_guide")  # F1: its key lives in the registry
        self.user_guide_action.setStatusTip(self.tr("如何导入报告、标注、打分和导出"))
        self.user_guide_action.triggered.connect(lambda: self.show_guide("user-guide"))
        self.annotation_guide_action = QAction(self.tr("标注指南"), window)
        self.annotation_guide_action.setObjectName("action_help_annotation_guide")
        self.annotation_guide_action.setStatusTip(self.tr("举措、数据、不足各标什么：定义和例句"))
        self.annotation_guide_action.triggered.connect(lambda: self.show_guide("annotation-guide"))
        menu = window.menu("help")
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.user_guide_action, self.annotation_guide_action])
        if first is not None:
            menu.insertSeparator(first)

    def titles(self) -> dict[str, str]:
        return {"user-guide": self.tr("评阅台使用说明"), "annotation-guide": self.tr("标注指南")}

    def show_guide(self, name: str) -> HelpDialog:
        dialog = self.dialogs.get(name)
        if dialog is None:
            path = guide_path(name)
            text = path.read_text(encoding="utf-8") if path.exists() else self.tr("找不到帮助文件：%1").replace(
                "%1", str(path))
            dialog = HelpDialog(self.titles()[name], text, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.dialogs[name] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog


def install(window) -> HelpActions:
    window.help_actions = HelpActions(window)
    return window.help_actions
