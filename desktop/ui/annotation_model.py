"""Qt models over the open document's annotations.

The table model keeps Annotation records in text order and updates single
rows from the store's Change announcements (insert, change, remove) instead
of resetting, so the selection and scroll position survive each key press.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.store import Annotation, Change
from desktop.tags import BY_VALUE, TAG_VALUES
from desktop.text import Section, section_at
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label

COL_TAG, COL_QUOTE, COL_SECTION, COL_NOTE = range(4)
#: The annotation's id (plain ints only in Qt data: see outline.SectionRole).
AnnotationRole = Qt.ItemDataRole.UserRole + 1
TagRole = Qt.ItemDataRole.UserRole + 2
QUOTE_CHARS = 40


def shorten(text: str, n: int = QUOTE_CHARS) -> str:
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _key(ann: Annotation) -> tuple[int, int, int]:
    return (ann.start, -ann.end, ann.id)


class AnnotationTableModel(QAbstractTableModel):
    """Rows: the shown document's placed annotations, in text order."""

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.doc_id = 0
        self.rows: list[Annotation] = []
        self._keys: list[tuple[int, int, int]] = []
        self.sections: list[Section] = []
        self._section_cache: dict[int, str] = {}
        self.headers = [self.tr("类型"), self.tr("原文"), self.tr("所在部分"), self.tr("批注")]
        context.storeChanged.connect(self.on_store_changed)

    # --- loading ------------------------------------------------------------------

    def load(self, doc_id: int) -> None:
        project = self.context.project
        self.beginResetModel()
        self.doc_id = doc_id if project is not None else 0
        self.rows = project.annotations(doc_id) if self.doc_id else []
        self._keys = [_key(a) for a in self.rows]
        self.sections = project.sections(doc_id) if self.doc_id else []
        self._section_cache.clear()
        self.endResetModel()

    def on_store_changed(self, changes) -> None:
        for change in changes:
            self._on_change(change)

    def _on_change(self, change: Change) -> None:
        if change.doc_id != self.doc_id or not self.doc_id or self.context.project is None:
            return
        if change.what == "documents" or not change.ids:
            self.load(self.doc_id)
        elif change.what == "annotations":
            found = self.context.project.annotations_by_id(change.ids)
            for ann_id in change.ids:
                self._update_row(ann_id, found.get(ann_id))

    def _row_of(self, ann_id: int) -> int:
        for i, ann in enumerate(self.rows):
            if ann.id == ann_id:
                return i
        return -1

    def _update_row(self, ann_id: int, ann: Annotation | None) -> None:
        row = self._row_of(ann_id)
        keep = ann is not None and not ann.orphaned and ann.doc_id == self.doc_id
        if row >= 0 and keep and _key(self.rows[row]) == _key(ann):
            self.rows[row] = ann
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_NOTE))
            return
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            del self._keys[row]
            self.endRemoveRows()
        if keep:
            key = _key(ann)
            pos = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), pos, pos)
            self.rows.insert(pos, ann)
            self._keys.insert(pos, key)
            self.endInsertRows()

    # --- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def section_title(self, ann: Annotation) -> str:
        title = self._section_cache.get(ann.start)
        if title is None:
            section = section_at(self.sections, ann.start)
            title = self._section_cache[ann.start] = section.title if section else ""
        return title

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ann = self.rows[index.row()]
        col = index.column()
        if role == AnnotationRole:
            return ann.id
        if role == TagRole:
            return ann.tag
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TAG:
                return tag_label(ann.tag)
            if col == COL_QUOTE:
                return shorten(ann.quote)
            if col == COL_SECTION:
                return shorten(self.section_title(ann), 18)
            return shorten(ann.note, 60)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = ann.quote
            if ann.note:
                tip += "\n\n" + self.tr("批注：") + ann.note
            if ann.reviewer:
                tip += "\n" + self.tr("评阅人：") + ann.reviewer
            return tip
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_TAG:
            return QBrush(QColor(BY_VALUE[ann.tag].highlight))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_TAG:
            return QBrush(QColor(BY_VALUE[ann.tag].colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_TAG:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def annotation_at(self, row: int) -> Annotation:
        return self.rows[row]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(TAG_VALUES, 0)
        for ann in self.rows:
            out[ann.tag] = out.get(ann.tag, 0) + 1
        return out


class AnnotationFilter(QSortFilterProxyModel):
    """Filters rows by the checked tags and by text in quote, note or section."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tags: set[str] = set(TAG_VALUES)
        self.needle = ""

    def _refilter(self, apply) -> None:
        # beginFilterChange is Qt 6.9+; older Qt has invalidateRowsFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateRowsFilter()

    def set_tags(self, tags: set[str]) -> None:
        self._refilter(lambda: setattr(self, "tags", set(tags)))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "needle", text.strip().lower()))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model: AnnotationTableModel = self.sourceModel()  # type: ignore[assignment]
        ann = model.rows[source_row]
        if ann.tag not in self.tags:
            return False
        if not self.needle:
            return True
        hay = f"{ann.quote}\n{ann.note}\n{model.section_title(ann)}".lower()
        return self.needle in hay
