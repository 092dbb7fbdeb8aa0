"""The documents pane: every report in the project; a click opens it.

The context menu deletes a report and lists its earlier versions (历史版本…,
bringing one back is one undoable step); both through callbacks the window
gives, and deleting is off while the project is read-only.

The list follows change sets row by row: a report's row is re-read (from
the project cache) when its metadata or annotations changed, rows are
inserted and removed for reports added and removed, and the whole list is
read again only for another project. While its dock is hidden it only notes
what changed and catches up when shown (desktop.ui.stale).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from desktop.store import ChangeKind, ChangeSet, DocumentInfo
from desktop.tags import TAGS
from desktop.ui.context import AppContext
from desktop.ui.labels import status_label, tag_label
from desktop.ui.stale import ChangeFollower

DocIdRole = Qt.ItemDataRole.UserRole + 1


class DocumentListModel(QAbstractListModel):
    """One row per report: title, unit, status and tag counts. :meth:`reload`
    reads them all; :meth:`apply_changes` only the rows a change set touched.
    When they run is the pane's business (desktop.ui.stale)."""

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.docs: list[DocumentInfo] = []
        self.counts: dict[int, dict[str, int]] = {}
        self._row_of: dict[int, int] = {}
        self._current = context.current_doc_id
        context.currentDocumentChanged.connect(self._current_changed)

    def reload(self) -> None:
        cache = self.context.cache
        self.beginResetModel()
        self.docs = cache.documents() if cache is not None else []
        self.counts = cache.all_tag_counts() if cache is not None else {}
        self._reindex()
        self.endResetModel()

    def apply_changes(self, changes: ChangeSet) -> None:
        """Re-reads the rows of the reports in ``changes`` (of kind documents or
        annotations) from the cache; inserts and removes rows for reports added
        and removed; a change of every report reads the list again."""
        cache = self.context.cache
        relevant = [c for c in changes if c.kind in (ChangeKind.DOCUMENTS, ChangeKind.ANNOTATIONS)]
        if not relevant:
            return
        if cache is None or any(c.doc_id is None for c in relevant):
            self.reload()
            return
        for doc_id in sorted({c.doc_id for c in relevant}):
            info = cache.info(doc_id)
            row = self._row_of.get(doc_id, -1)
            if info is None:
                self.counts.pop(doc_id, None)
                if row >= 0:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self.docs[row]
                    self._reindex()
                    self.endRemoveRows()
                continue
            self.counts[doc_id] = cache.tag_counts(doc_id)
            if row >= 0:
                self.docs[row] = info
                self.dataChanged.emit(self.index(row), self.index(row))
            else:  # added (or put back by undo): in id order, as the cache lists them
                row = next((i for i, d in enumerate(self.docs) if d.id > doc_id), len(self.docs))
                self.beginInsertRows(QModelIndex(), row, row)
                self.docs.insert(row, info)
                self._reindex()
                self.endInsertRows()

    def _reindex(self) -> None:
        self._row_of = {d.id: i for i, d in enumerate(self.docs)}

    def _current_changed(self, doc_id: int) -> None:
        """Only the rows of the report left and the report shown change their look."""
        for old in {self._current, doc_id}:
            row = self._row_of.get(old, -1)
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))
        self._current = doc_id

    def row_of(self, doc_id: int) -> int:
        return self._row_of.get(doc_id, -1)

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
                 show_versions=None, edit_info=None, mark_done=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsList")
        self.context = context
        self.ask_delete = ask_delete
        self.show_versions = show_versions
        # (doc_id) -> corrects title, unit, year; (doc_id, done) -> 已完成 or back to 评阅中.
        self.edit_info = edit_info
        self.mark_done = mark_done
        self.list_model = DocumentListModel(context, self)
        self.setModel(self.list_model)
        # Each change set at once while shown (a tag's count shows with its highlight).
        model = self.list_model
        self.follower = ChangeFollower(self, (ChangeKind.DOCUMENTS, ChangeKind.ANNOTATIONS),
                                       lambda cs: model.apply_changes(cs), lambda: model.reload(), deferred=False)
        context.projectChanged.connect(self.follower.invalidate)
        context.storeChanged.connect(self.follower.follow)
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
        if self.edit_info is not None:
            info = menu.addAction(self.tr("修改标题、单位、年度…"), lambda: self.edit_info(doc_id))
            info.setObjectName("editReportInfoAction")
            info.setEnabled(not self.context.readonly)
        if self.mark_done is not None:
            cache = self.context.cache
            shown = cache.info(doc_id) if cache is not None else None
            done = shown is not None and shown.status == "done"
            mark = menu.addAction(self.tr("标为评阅中") if done else self.tr("标为已完成"),
                                  lambda: self.mark_done(doc_id, not done))
            mark.setObjectName("markReportDoneAction")
            mark.setEnabled(not self.context.readonly)
        if self.ask_delete is not None:
            delete = menu.addAction(self.tr("从项目中删除…"), lambda: self.ask_delete(doc_id))
            delete.setObjectName("deleteDocumentAction")
            delete.setEnabled(not self.context.readonly)
        return menu if not menu.isEmpty() else None
