"""A report's earlier texts (documents pane ▸ 历史版本…): when each was
replaced, from which file, how long; 恢复此版本 brings one back.

Only a chooser, shown through Interaction.choose_version: the window runs the
revert as one undoable command (desktop.ui.commands.revert_version).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.store import VersionInfo

VersionRole = Qt.ItemDataRole.UserRole + 1


def _when(stamp: str) -> str:
    return stamp.replace("T", " ")[:16]


class VersionsDialog(QDialog):
    """Newest first; 恢复此版本 returns the chosen version's id (``chosen``)."""

    def __init__(self, doc_title: str, versions: list[VersionInfo], can_restore: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionsDialog")
        self.setWindowTitle(self.tr("历史版本"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("“%1”被新版本替换前的文本。恢复某个版本时，当前文本也会保存为历史版本，"
                               "标注会重新定位；可以撤销（Ctrl+Z）。").replace("%1", doc_title), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("被替换的时间"), self.tr("文件"), self.tr("字数"), self.tr("导入时间")])
        for info in versions:
            cells = [_when(info.replaced_at), info.source_name, str(info.chars), _when(info.imported_at)]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(info.id, VersionRole)
                item.setToolTip(info.title)
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.view = QTreeView(self)
        self.view.setObjectName("versionsList")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        if not versions:
            layout.addWidget(QLabel(self.tr("这份报告还没有被替换过。"), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(self.tr("恢复此版本"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreVersionButton")
        self.restore_button.setEnabled(bool(versions) and can_restore)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if versions:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.resize(600, 320)

    def chosen(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(VersionRole)) if index.isValid() else None
