"""拆分汇编: the reports found in one imported file, for the reviewer to adjust.

A compilation (汇编) binds several townships' reports into one file; the
window found them (desktop.analysis.compilation.find_parts, in the import
worker) and asks here, through Interaction.ask_split, what to do: import each
checked report as a report of its own, import the file whole, or nothing.

Each row is one report: whether to import it, its title, unit and year (as
detected, editable), the page it starts on (editable: the report before it
then ends on the page before; move_start refuses a page that is not between
the neighbours, and the refusal is shown here), its page range and its first
lines. Only a form: it never reads files or writes the project; the import
controller splits the text and imports the parts in one transaction.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.compilation import Part, move_start
from desktop.importers.base import ImportedDocument

# the year box's "no year" value (shown as 未填), as in the report-info dialog
NO_YEAR = 1989
# characters of a part's opening shown in its row (the tooltip shows more)
PREVIEW_CHARS = 40
TOOLTIP_CHARS = 300

CHECK, TITLE, UNIT, YEAR, FIRST_PAGE, PAGES, PREVIEW = range(7)


class StepBox(QSpinBox):
    """A spin box that the mouse wheel changes only once it has focus: rolling
    the wheel over the table scrolls it and never changes a year or a page
    unseen (see desktop.ui.score_inputs for the score that once did). Enter
    applies what was typed and goes no further (it is not 拆分导入)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Clicking or tabbing focuses the box; the wheel alone never does (WheelFocus would).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setKeyboardTracking(False)  # one change per Enter / arrow, not per digit typed
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # to the table, which scrolls

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter applies the typed year or page; QAbstractSpinBox passes it on,
            # and the dialog would take it for 拆分导入 before the reviewer looked.
            event.accept()

    def show_value(self, value: int) -> None:
        """Shows ``value`` without emitting valueChanged."""
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)


def _opening(doc: ImportedDocument, part: Part, limit: int) -> str:
    """The part's first lines after its title, on one line, cut to ``limit`` characters."""
    body = doc.text[part.start:part.end]
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if lines and lines[0] and lines[0] in part.title:
        lines = lines[1:]
    flat = " ".join(lines)
    return flat if len(flat) <= limit else flat[:limit] + "…"


class SplitDialog(QDialog):
    """The reports of one compilation; ``answer()`` after exec: the checked parts
    (titles, units, years and starts as adjusted), "whole" or "cancel"."""

    def __init__(self, file_name: str, doc: ImportedDocument, parts: list[Part],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.setWindowTitle(self.tr("拆分汇编"))
        self.doc = doc
        self.parts = list(parts)
        self._answer: list[Part] | str = "cancel"
        layout = QVBoxLayout(self)
        self.intro = QLabel(self.tr(
            "《%1》里发现 %2 篇报告，像是一本汇编。拆分导入时每篇作为一份单独的报告导入，"
            "可以各自标注、评分；请核对每篇的标题、单位、年度和起始页，取消勾选不需要导入的报告。")
            .replace("%1", file_name).replace("%2", str(len(parts))), self)
        self.intro.setObjectName("splitIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.table = QTableWidget(len(parts), 7, self)
        self.table.setObjectName("splitTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("导入"), self.tr("标题"), self.tr("单位"), self.tr("年度"),
            self.tr("起始页"), self.tr("页码"), self.tr("开头")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        has_pages = bool(doc.page_starts)
        self.year_boxes: list[StepBox] = []
        self.page_boxes: list[StepBox] = []
        for row, part in enumerate(self.parts):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Checked)
            check.setToolTip(self.tr("导入这篇报告"))
            self.table.setItem(row, CHECK, check)
            title = QTableWidgetItem(part.title)
            title.setToolTip(part.title)
            self.table.setItem(row, TITLE, title)
            self.table.setItem(row, UNIT, QTableWidgetItem(part.unit))
            year = StepBox(self.table)
            year.setObjectName("splitYear")
            year.setRange(NO_YEAR, 2100)
            year.setSpecialValueText(self.tr("未填"))
            year.show_value(part.year if part.year is not None else NO_YEAR)
            self.table.setCellWidget(row, YEAR, year)
            self.year_boxes.append(year)
            page = StepBox(self.table)
            page.setObjectName("splitFirstPage")
            page.setRange(1, max(len(doc.page_starts), 1))
            page.show_value(part.first_page or 1)
            page.setEnabled(has_pages and part.first_page is not None)
            if not page.isEnabled():
                page.setSpecialValueText("—")
                page.show_value(1)
            page.valueChanged.connect(lambda value, r=row: self.move(r, value))
            self.table.setCellWidget(row, FIRST_PAGE, page)
            self.page_boxes.append(page)
            for column in (PAGES, PREVIEW):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            self._show_range(row)
        self.table.itemChanged.connect(self._item_changed)
        header = self.table.horizontalHeader()
        for column in (CHECK, UNIT, YEAR, FIRST_PAGE, PAGES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PREVIEW, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(TITLE)
        self.table.setColumnWidth(TITLE, min(max(self.table.columnWidth(TITLE) + 16, 240), 560))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)

        self.message = QLabel(self)
        self.message.setObjectName("splitMessage")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        # Its line is kept even when empty, so a refusal never squeezes the table.
        self.message.setMinimumHeight(self.message.fontMetrics().height() + 4)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(self)
        self.split_button = QPushButton(self.tr("拆分导入"), self)
        self.whole_button = QPushButton(self.tr("整体导入（作为一篇）"), self)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        buttons.addButton(self.split_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.whole_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.split_button.setDefault(True)
        self.split_button.setAutoDefault(True)
        self.split_button.clicked.connect(self._split)
        self.whole_button.clicked.connect(self._whole)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        rows_height = sum(self.table.rowHeight(r) for r in range(min(len(parts), 10)))
        self.table.setMinimumHeight(rows_height + self.table.horizontalHeader().sizeHint().height() + 8)
        self.resize(max(1000, self.table.horizontalHeader().length() + 60), self.minimumSizeHint().height() + 24)

    def page_range(self, part: Part) -> str:
        """第 a–b 页 (one page: 第 a 页); — for a file without pages."""
        if part.first_page is None:
            return "—"
        if part.last_page is None or part.last_page == part.first_page:
            return self.tr("第 %1 页").replace("%1", str(part.first_page))
        return self.tr("第 %1–%2 页").replace("%1", str(part.first_page)).replace("%2", str(part.last_page))

    # --- rows --------------------------------------------------------------------------

    def _show_range(self, row: int) -> None:
        part = self.parts[row]
        self.table.blockSignals(True)
        self.table.item(row, PAGES).setText(self.page_range(part))
        preview = self.table.item(row, PREVIEW)
        preview.setText(_opening(self.doc, part, PREVIEW_CHARS))
        preview.setToolTip(_opening(self.doc, part, TOOLTIP_CHARS))
        self.table.blockSignals(False)
        self.page_boxes[row].show_value(part.first_page or 1)

    def move(self, row: int, page: int) -> bool:
        """Report ``row`` starts on ``page``; the report before it ends on the page
        before. A page not between the neighbours is refused aloud; True when moved."""
        try:
            self.parts = move_start(self.doc, self.parts, row, page)
        except ValueError as exc:
            self.message.setText(str(exc))
            self.page_boxes[row].show_value(self.parts[row].first_page or 1)
            return False
        self.message.clear()
        for r in (row - 1, row):
            if r >= 0:
                self._show_range(r)
        return True

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != CHECK:
            return
        self.split_button.setEnabled(bool(self.checked_rows()))
        # A report left out reads greyed; its first page still ends the one before.
        checked = item.checkState() == Qt.CheckState.Checked
        role = QPalette.ColorRole.Text if checked else QPalette.ColorRole.PlaceholderText
        color = self.palette().color(role)
        self.table.blockSignals(True)
        for column in (TITLE, UNIT, PAGES, PREVIEW):
            self.table.item(item.row(), column).setForeground(color)
        self.table.blockSignals(False)

    def checked_rows(self) -> list[int]:
        return [r for r in range(self.table.rowCount())
                if self.table.item(r, CHECK).checkState() == Qt.CheckState.Checked]

    def set_checked(self, row: int, checked: bool) -> None:
        self.table.item(row, CHECK).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def adjusted_parts(self) -> list[Part]:
        """The checked reports with the title, unit and year as shown (a cleared
        title falls back to the one found)."""
        out: list[Part] = []
        for row in self.checked_rows():
            part = self.parts[row]
            title = self.table.item(row, TITLE).text().strip() or part.title
            year = self.year_boxes[row].value()
            out.append(replace(part, title=title, unit=self.table.item(row, UNIT).text().strip(),
                               year=None if year == NO_YEAR else year))
        return out

    # --- answers -----------------------------------------------------------------------

    def _split(self) -> None:
        chosen = self.adjusted_parts()
        if not chosen:
            return
        self._answer = chosen
        self.accept()

    def _whole(self) -> None:
        self._answer = "whole"
        self.accept()

    def reject(self) -> None:
        self._answer = "cancel"
        super().reject()

    def answer(self) -> list[Part] | str:
        """The checked parts as adjusted (拆分导入), "whole" or "cancel"."""
        return self._answer
