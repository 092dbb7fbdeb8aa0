"""Title, unit and year of one report, as the reviewer corrects them.

Only a form: the window turns the answer into one undoable operation
(desktop.ui.commands.update_documents), so a wrong correction is one Ctrl+Z.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

# The year box's "no year" value (shown as 未填).
NO_YEAR = 1989


class ReportInfoDialog(QDialog):
    def __init__(self, title: str, unit: str, year: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("报告信息"))
        self.setObjectName("reportInfoDialog")
        form = QFormLayout(self)
        self.title_edit = QLineEdit(title, self)
        self.title_edit.setMinimumWidth(420)
        self.unit_edit = QLineEdit(unit, self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(NO_YEAR, 2100)
        self.year_spin.setSpecialValueText(self.tr("未填"))
        self.year_spin.setValue(year if year is not None else NO_YEAR)
        form.addRow(self.tr("标题："), self.title_edit)
        form.addRow(self.tr("单位："), self.unit_edit)
        form.addRow(self.tr("年度："), self.year_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, int | None]:
        year = self.year_spin.value()
        return self.title_edit.text().strip(), self.unit_edit.text().strip(), None if year == NO_YEAR else year
