"""The list of a project's backups (File ▸ 从备份恢复…, and when a damaged
project is refused): date, reports, annotations and what each one is.

Only a chooser: the window confirms, closes the project, restores through
desktop.store.backups.restore_backup (which first backs up the current file)
and reopens it. Shown through Interaction.choose_backup so tests answer it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
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

from desktop.store.backups import BackupInfo

PathRole = Qt.ItemDataRole.UserRole + 1


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


class BackupsDialog(QDialog):
    """Newest first; the first row is selected; 恢复 returns the chosen backup."""

    def __init__(self, backups: list[BackupInfo], reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(self.tr("从备份恢复"))
        self.backups = backups
        layout = QVBoxLayout(self)
        if reason:
            why = QLabel(reason, self)
            why.setObjectName("backupsReason")
            why.setWordWrap(True)
            why.setStyleSheet("color: #a33; font-weight: bold;")
            layout.addWidget(why)
        intro = QLabel(self.tr("选择要恢复的备份。恢复前会先把当前的项目文件另存一份备份，"
                               "所以恢复之后仍可以回到现在的状态。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("备份时间"), self.tr("报告"), self.tr("标注"), self.tr("说明")])
        for info in backups:
            self.model.appendRow(self._row(info))
        self.view = QTreeView(self)
        self.view.setObjectName("backupsList")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.accept())
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(self.tr("恢复"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreBackupButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if backups:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.restore_button.setEnabled(bool(backups))
        self.resize(620, 380)

    def _row(self, info: BackupInfo) -> list[QStandardItem]:
        unreadable = self.tr("无法读取")
        cells = [
            info.created.strftime("%Y-%m-%d %H:%M:%S"),
            unreadable if info.documents is None else str(info.documents),
            unreadable if info.annotations is None else str(info.annotations),
            self.describe(info),
        ]
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setData(str(info.path), PathRole)
            item.setToolTip(str(info.path))
        for item in items[1:3]:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return items

    def describe(self, info: BackupInfo) -> str:
        notes = {"": self.tr("自动备份"), "before-restore": self.tr("恢复备份前自动保存的项目"),
                 "damaged": self.tr("恢复前损坏的项目文件（原样保存）")}
        text = notes.get(info.note, info.note)
        return f"{text} · {_size(info.size)}"

    def chosen(self) -> Path | None:
        index: QModelIndex = self.view.currentIndex()
        if not index.isValid():
            return None
        return Path(index.data(PathRole))
