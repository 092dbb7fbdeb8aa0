"""Tools ▸ Settings: interface language and the reviewer's name.

The language is kept in QSettings (``ui/language``: auto, zh_CN or en) and
applies at the next start: every window, model header and menu is built once
with tr(), and re-translating them all live would need a retranslate hook in
each pane for a choice made once per installation. The dialog says so. The
reviewer's name applies at once (it is recorded on the next annotation).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui import settings as app_settings
from desktop.ui.suggestions import suggestion_source


class SettingsDialog(QDialog):
    """Edits the language choice and the reviewer's name; ``apply()`` stores them."""

    def __init__(self, current_language: str, reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        self.language_box.addItem(self.tr("跟随系统"), "auto")
        for code, name in i18n.LANGUAGES.items():
            self.language_box.addItem(name, code)  # each language in its own script
        saved = str(QSettings().value(app_settings.KEY_LANGUAGE, "auto") or "auto")
        index = self.language_box.findData(saved)
        self.language_box.setCurrentIndex(max(index, 0))
        self.started_language = current_language
        self.reviewer_edit = QLineEdit(reviewer, self)
        self.reviewer_edit.setObjectName("reviewerEdit")
        self.reviewer_edit.setPlaceholderText(self.tr("记录在每条标注和评分上"))
        self.suggestions_box = QCheckBox(self.tr("显示标注建议"), self)
        self.suggestions_box.setObjectName("showSuggestionsBox")
        self.suggestions_box.setToolTip(self.tr("在正文中用虚下划线标出可能的举措、数据和不足，并在标注列表下列出“建议”"))
        self.suggestions_box.setChecked(app_settings.show_suggestions())
        self.restart_note = QLabel(self.tr("界面语言在重新启动评阅台后生效。"), self)
        self.restart_note.setObjectName("restartNote")
        self.restart_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("界面语言："), self.language_box)
        form.addRow(self.tr("评阅人姓名："), self.reviewer_edit)
        form.addRow("", self.suggestions_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(buttons)

    def language_choice(self) -> str:
        return str(self.language_box.currentData())

    def apply(self, settings: QSettings | None = None) -> bool:
        """Stores the choices; True when the language differs from the running one."""
        s = settings or QSettings()
        choice = self.language_choice()
        s.setValue(app_settings.KEY_LANGUAGE, choice)
        name = self.reviewer_edit.text().strip()
        if name:
            app_settings.set_reviewer_name(name, s)
        app_settings.set_show_suggestions(self.suggestions_box.isChecked(), s)
        effective = i18n.choose_language(s, QLocale.system())
        return effective != self.started_language


class SettingsActions(QAction):
    """Tools ▸ 设置…: opens the dialog, applies the name at once."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setText(self.tr("设置…"))
        self.setObjectName("action_settings")
        self.setStatusTip(self.tr("界面语言、评阅人姓名"))
        self.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.window = window
        self.triggered.connect(self.open_dialog)
        menu = window.menu("tools")
        menu.addSeparator()
        menu.addAction(self)

    def make_dialog(self) -> SettingsDialog:
        from desktop.ui.help_actions import ui_language

        return SettingsDialog(ui_language(), self.window.context.reviewer or "", self.window)

    def open_dialog(self) -> None:
        dialog = self.make_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.accept_dialog(dialog)

    def accept_dialog(self, dialog: SettingsDialog) -> None:
        restart = dialog.apply()
        suggestion_source(self.window.context).set_enabled(dialog.suggestions_box.isChecked())
        name = dialog.reviewer_edit.text().strip()
        if name and name != self.window.context.reviewer:
            self.window.context.reviewer = name
            status = getattr(self.window, "status_parts", None)
            if status is not None:
                status.refresh()
        if restart:
            self.window.status_message(self.tr("界面语言已更改，重新启动评阅台后生效。"), 10000)


def install(window) -> SettingsActions:
    window.settings_action = SettingsActions(window)
    return window.settings_action
