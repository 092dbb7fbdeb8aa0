"""工具 ▸ 合并冲突…: what merges kept in two versions, settled one by one (issue 14).

Each row is an annotation or a score two merged projects had edited
differently. The reviewer compares the two versions, jumps to the text, and
keeps ours, takes theirs or keeps both; each choice is one undoable step
(desktop.store.merge.ResolveConflicts).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.store.merge import ResolveConflicts, conflicts
from desktop.ui import commands
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label


def _version_text(kind: str, version: dict) -> str:
    if kind == "score":
        points = version.get("points")
        text = QCoreApplication.translate("ConflictsDialog", "未评分") if points is None else f"{points:g}"
        if not version.get("comment"):
            return text
        return QCoreApplication.translate("ConflictsDialog", "%1（%2）").replace("%1", text).replace(
            "%2", version["comment"])
    label = tag_label(version.get("tag", "")) if version.get("tag") else ""
    note = version.get("note", "")
    return QCoreApplication.translate("ConflictsDialog", "%1：%2").replace("%1", label).replace(
        "%2", note) if note else label


class ConflictsDialog(QDialog):
    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.context = context
        self.window_ = window
        self.setWindowTitle(self.tr("合并冲突"))
        self.resize(980, 420)
        self.rows: list[dict] = []
        self.label = QLabel(self)
        headers = [self.tr("报告"), self.tr("评阅人"), self.tr("内容"), self.tr("现在的版本"),
                   self.tr("另一版本"), self.tr("来源")]
        self.model = QStandardItemModel(0, len(headers), self)
        self.model.setHorizontalHeaderLabels(headers)
        self.table = QTableView(self)
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self.jump)
        self.table.doubleClicked.connect(self.jump)
        buttons = QDialogButtonBox(self)
        self.keep_ours = QPushButton(self.tr("保留现在的版本"), self)
        self.take_theirs = QPushButton(self.tr("改用另一版本"), self)
        self.keep_both = QPushButton(self.tr("两个都保留"), self)
        for button, keep in ((self.keep_ours, "kept"), (self.take_theirs, "other"), (self.keep_both, "both")):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _=False, k=keep: self.resolve(k))
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        context.storeChanged.connect(lambda _changes: self.reload() if self.isVisible() else None)
        self.reload()

    def reload(self) -> None:
        project = self.context.project
        self.rows = conflicts(project) if project is not None else []
        self.model.removeRows(0, self.model.rowCount())
        for r in self.rows:
            what = r["kept"].get("quote", "") if r["kind"] == "annotation" else r["criterion_id"]
            cells = [r["title"] or "", r["reviewer"], what, _version_text(r["kind"], r["kept"]),
                     _version_text(r["kind"], r["other"]), r["source"].rsplit("/", 1)[-1]]
            self.model.appendRow([QStandardItem(str(c)) for c in cells])
        self.label.setText(self.tr("没有未处理的合并冲突。") if not self.rows else
                           self.tr("%1 处冲突：两个版本都已保留，请逐条决定。").replace("%1", str(len(self.rows))))
        self.table.resizeColumnsToContents()
        for button in (self.keep_ours, self.take_theirs, self.keep_both):
            button.setEnabled(bool(self.rows) and not self.context.readonly)

    def selected(self) -> list[dict]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

    def resolve(self, keep: str) -> None:
        chosen = self.selected()
        if not chosen:
            return
        text = {"kept": self.tr("保留现在的版本"), "other": self.tr("改用另一版本"),
                "both": self.tr("两个都保留")}[keep]
        op = ResolveConflicts(tuple(r["id"] for r in chosen), keep)
        self.window_.ops.run(commands.OperationCommand(self.context, op, text))

    def jump(self, index) -> None:
        if not (0 <= index.row() < len(self.rows)):
            return
        r = self.rows[index.row()]
        kept = r["kept"]
        if r["kind"] == "annotation" and "start" in kept:
            self.context.reveal(r["doc_id"], kept["start"], kept["end"])
        else:
            self.context.set_current_document(r["doc_id"])


class ConflictsController(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ConflictsDialog | None = None
        self.action = QAction(self.tr("合并冲突…"), window)
        self.action.setObjectName("actionMergeConflicts")
        self.action.setStatusTip(self.tr("列出合并时两边改得不同的标注和评分，逐条决定保留哪个版本"))
        self.action.triggered.connect(self.show)
        window.menu("tools").addAction(self.action)
        window.context.projectChanged.connect(lambda: self.action.setEnabled(window.context.project is not None))
        self.action.setEnabled(window.context.project is not None)

    def show(self) -> ConflictsDialog:
        if self.dialog is None:
            self.dialog = ConflictsDialog(self.window.context, self.window)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


def install(window: QWidget) -> ConflictsController:
    controller = ConflictsController(window)
    window.conflicts_controller = controller
    return controller
