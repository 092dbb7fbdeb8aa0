"""The annotation pane: the open document's annotations, filterable, editable.

Rows come from AnnotationTableModel (updated row by row from change sets);
clicking a row asks the context to reveal the span, the Delete key, the
context menu and double-click go through the shared Operations, so every
change is one undoable store operation.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.store import Annotation, ChangeKind, ChangeSet
from desktop.tags import TAGS
from desktop.ui import actions
from desktop.ui.annotation_model import (
    COL_NOTE,
    COL_QUOTE,
    COL_SECTION,
    COL_TAG,
    AnnotationFilter,
    AnnotationRole,
    AnnotationTableModel,
    shorten,
)
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label
from desktop.ui.operations import Operations
from desktop.ui.suggestions import SuggestionList


class OrphanModel(QAbstractListModel):
    """Annotations that lost their place in a new version: quote and note, greyed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Annotation] = []

    def set_rows(self, rows: list[Annotation]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ann = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"[{tag_label(ann.tag)}] {shorten(ann.quote, 36)}"
            if ann.note:
                text += f" — {shorten(ann.note, 30)}"
            return text + " (" + self.tr("无法定位") + ")"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return ann.quote + ("\n\n" + ann.note if ann.note else "")
        if role == AnnotationRole:
            return ann.id
        return None


class AnnotationPane(QWidget):
    def __init__(self, context: AppContext, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPane")
        self.context, self.ops = context, ops
        self.model = AnnotationTableModel(context, self)
        self.proxy = AnnotationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.orphan_model = OrphanModel(self)
        self._build()
        context.currentDocumentChanged.connect(self.show_document)
        context.projectChanged.connect(lambda: self.show_document(context.current_doc_id))
        context.storeChanged.connect(self._on_store_changed)
        self.model.countsChanged.connect(self._update_counts)

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.tag_buttons: dict[str, QToolButton] = {}
        for tag in TAGS:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setChecked(True)
            button.setObjectName(f"tagFilter_{tag.value}")
            button.setProperty("tagColour", tag.colour)
            button.setStyleSheet(
                f"QToolButton {{ border: 1px solid {tag.colour}; border-radius: 9px; padding: 2px 8px;"
                f" color: {tag.colour}; background: white; }}"
                f" QToolButton:checked {{ background: {tag.highlight}; font-weight: bold; }}")
            button.setToolTip(self.tr("显示或隐藏“%1”标注").replace("%1", tag_label(tag.value)))
            button.toggled.connect(self._tags_changed)
            self.tag_buttons[tag.value] = button
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("annotationFilter")
        self.filter_edit.setPlaceholderText(self.tr("筛选：原文、批注或所在部分"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        layout.addWidget(self.filter_edit)

        self.table = table = QTableView(self)
        table.setObjectName("annotationTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_TAG, QHeaderView.ResizeMode.Fixed)
        # Wide enough for the longest tag name in the UI language (不足 / Weakness).
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(tag_label(t.value)) for t in TAGS)
        header.resizeSection(COL_TAG, max(52, widest + 20))
        header.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SECTION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SECTION, 110)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_NOTE, 90)
        header.setHighlightSections(False)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.clicked.connect(self._activate)
        table.activated.connect(self._activate)
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(table, 1)

        self.delete_action = QAction(self.tr("删除标注"), self)
        entry = actions.spec("delete_annotation")  # the keys the registry declares
        self.delete_action.setShortcuts(actions.sequences(entry))
        self.delete_action.setShortcutContext(entry.context)
        self.delete_action.triggered.connect(self.delete_selected)
        table.addAction(self.delete_action)

        self.orphan_label = QLabel(self)
        self.orphan_label.setObjectName("orphanLabel")
        layout.addWidget(self.orphan_label)
        self.orphan_list = QListView(self)
        self.orphan_list.setObjectName("orphanList")
        self.orphan_list.setModel(self.orphan_model)
        self.orphan_list.setMaximumHeight(110)
        self.orphan_list.doubleClicked.connect(
            lambda index: self.ops.edit_note(self.orphan_model.rows[index.row()].id))
        layout.addWidget(self.orphan_list)
        self.suggestions = SuggestionList(self.context, self.ops, self)
        layout.addWidget(self.suggestions, 1)
        self._update_counts()
        self._update_orphans()

    # --- data ---------------------------------------------------------------------------

    def show_document(self, doc_id: int) -> None:
        self.model.load(doc_id)
        self._update_orphans()

    def _on_store_changed(self, changes: ChangeSet) -> None:
        """Re-reads the orphans only when the change set can have changed them:
        a whole reload, a report gone, or a record that is or was an orphan."""
        doc_id = self.model.doc_id
        if not doc_id:
            if self.orphan_model.rows:
                self._update_orphans()
            return
        cache = self.context.cache
        if changes.touches(ChangeKind.DOCUMENTS, doc_id) and (cache is None or cache.info(doc_id) is None):
            self._update_orphans()
            return
        delta = self.model.source.delta(changes, doc_id)
        if not delta:
            return
        shown = {a.id for a in self.orphan_model.rows}
        if (delta.whole or delta.orphans_touched(doc_id) or any(i in shown for i in delta.removed)
                or any(i in shown for i in delta.records)):
            self._update_orphans()

    def _update_orphans(self) -> None:
        project, doc_id = self.context.project, self.model.doc_id
        rows = project.orphans(doc_id) if project is not None and doc_id else []
        self.orphan_model.set_rows(rows)
        self.orphan_label.setText(self.tr("无法定位的标注（%1）").replace("%1", str(len(rows))))
        self.orphan_label.setVisible(bool(rows))
        self.orphan_list.setVisible(bool(rows))

    def counts(self) -> dict[str, int]:
        return self.model.counts()

    def _update_counts(self, *_args) -> None:
        counts = self.model.counts()
        for value, button in self.tag_buttons.items():
            button.setText(f"{tag_label(value)} {counts.get(value, 0)}")

    def _tags_changed(self) -> None:
        self.proxy.set_tags({v for v, b in self.tag_buttons.items() if b.isChecked()})

    # --- selection and requests -------------------------------------------------------------

    def annotation_at(self, proxy_index: QModelIndex) -> Annotation | None:
        """The record behind a row of the (filtered) table; None for an invalid index."""
        source = self.proxy.mapToSource(proxy_index)
        return self.model.rows[source.row()] if source.isValid() else None

    def selected_annotation_ids(self) -> list[int]:
        """Ids of the selected rows, in text order (used by the scoring pane for evidence)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.annotation_at(self.proxy.index(r, 0)).id for r in rows]

    def select_annotation(self, ann_id: int) -> bool:
        """Selects and shows an annotation's row; False when it is not listed (or filtered out)."""
        row = self.model.row_of(ann_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _activate(self, index: QModelIndex) -> None:
        ann = self.annotation_at(index)
        if ann is not None:
            self.context.reveal(ann.doc_id, ann.start, ann.end)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ann = self.annotation_at(current) if current.isValid() else None
        self.context.annotationSelected.emit(ann.id if ann else 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        ann = self.annotation_at(index)
        if ann is not None:
            self.ops.edit_note(ann.id)

    def delete_selected(self) -> None:
        self.ops.delete(self.selected_annotation_ids())

    def _context_menu(self, pos) -> None:
        menu = self.build_context_menu()
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def build_context_menu(self) -> QMenu | None:
        ids = self.selected_annotation_ids()
        if not ids:
            return None
        menu = QMenu(self)
        for tag in TAGS:
            act = menu.addAction(self.tr("改为“%1”").replace("%1", tag_label(tag.value)))
            act.setShortcuts(actions.sequences(actions.spec(f"tag_{tag.value}")))
            act.triggered.connect(lambda _=False, t=tag.value: self.ops.retag(self.selected_annotation_ids(), t))
        menu.addSeparator()
        note = menu.addAction(self.tr("编辑批注…"))
        note.setEnabled(len(ids) == 1)
        note.triggered.connect(lambda: self.ops.edit_note(ids[0]))
        menu.addAction(self.delete_action)
        return menu


__all__ = ["AnnotationPane", "COL_TAG", "COL_QUOTE", "COL_SECTION", "COL_NOTE"]
