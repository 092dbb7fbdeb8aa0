"""The documents pane: every report in the project; a click opens it.

The context menu deletes a report and lists its earlier versions (历史版本…,
bringing one back is one undoable step); both through callbacks the window
gives, and deleting is off while the project is read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from desktop.store import Change, DocumentInfo
from desktop.tags import TAGS
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label, status_label

DocIdRole = Qt.ItemDataRole.UserRole + 1


class DocumentListModel(QAbstractListModel):
    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.docs: list[DocumentInfo] = []
        self.counts: dict[int, dict[str, int]] = {}
        context.projectChanged.connect(self.reload)
        context.storeChanged.connect(self._on_store_changed)
        context.currentDocumentChanged.connect(self._current_changed)

    def reload(self) -> None:
        project = self.context.project
        self.beginResetModel()
        self.docs = project.documents() if project is not None else []
        self.counts = project.tag_counts_by_document() if project is not None else {}
        self.endResetModel()

    def _on_store_changed(self, changes) -> None:
        for change in changes:
            self._on_change(change)

    def _on_change(self, change: Change) -> None:
        if change.what == "documents":
            self.reload()
        elif change.what == "annotations" and change.doc_id is not None and self.context.project:
            self.counts[change.doc_id] = self.context.project.tag_counts(change.doc_id)
            row = self.row_of(change.doc_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))

    def _current_changed(self, _doc_id: int) -> None:
        if self.docs:
            self.dataChanged.emit(self.index(0), self.index(len(self.docs) - 1))

    def row_of(self, doc_id: int) -> int:
        for i, doc in enumerate(self.docs):
            if doc.id == doc_id:
                return i
        return -1

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.docs)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self.docs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            counts = self.counts.get(doc.id, {})
            count = self.tr("%1%2")  # 举措3 / Measure 3
            tally = " ".join(count.replace("%1", tag_label(t.value)).replace("%2", str(counts.get(t.value, 0)))
                             for t in TAGS)
            unit = f"{doc.unit} · " if doc.unit else ""
            return f"{doc.title or doc.source_name}\n{unit}{status_label(doc.status)} · {tally}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{doc.title}\n{doc.source_name}" + self.tr("（%1，%2 字）")
                    .replace("%1", doc.format).replace("%2", str(doc.chars)))
        if role == DocIdRole:
            return doc.id
        if role == Qt.ItemDataRole.FontRole and doc.id == self.context.current_doc_id:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and doc.id == self.context.current_doc_id:
            return QBrush(QColor("#e8f0fe"))
        return None


class DocumentsPane(QListView):
    def __init__(self, context: AppContext, ask_delete=None, parent: QWidget | None = None,
                 show_versions=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsList")
        self.context = context
        self.ask_delete = ask_delete
        self.show_versions = show_versions
        self.list_model = DocumentListModel(context, self)
        self.setModel(self.list_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setAlternatingRowColors(True)
        self.clicked.connect(self.open_index)
        self.activated.connect(self.open_index)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def open_index(self, index: QModelIndex) -> None:
        doc_id = index.data(DocIdRole)
        if doc_id:
            self.context.set_current_document(int(doc_id))

    def _menu(self, pos) -> None:
        menu = self.build_context_menu(self.indexAt(pos))
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def build_context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for one report's row (None off the rows)."""
        doc_id = int(index.data(DocIdRole) or 0) if index.isValid() else 0
        project = self.context.project
        if not doc_id or project is None:
            return None
        menu = QMenu(self)
        if self.show_versions is not None:
            versions = menu.addAction(self.tr("历史版本…"), lambda: self.show_versions(doc_id))
            versions.setObjectName("documentVersionsAction")
            has = bool(project.versions(doc_id))
            versions.setEnabled(has)
            if not has:
                versions.setToolTip(self.tr("这份报告还没有被替换过"))
        if self.ask_delete is not None:
            delete = menu.addAction(self.tr("从项目中删除…"), lambda: self.ask_delete(doc_id))
            delete.setObjectName("deleteDocumentAction")
            delete.setEnabled(not self.context.readonly)
        return menu if not menu.isEmpty() else None
