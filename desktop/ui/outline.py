"""The outline pane: the report's numbered sections as a tree; a click jumps.

A report's tree is built from the project cache's sections into a model of
its own, and the last few reports' models are kept: switching back to a
report shows its tree again without building it, and a shown tree is never
emptied item by item (which cost most of a second for 4,500 sections).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.store import ChangeKind, ChangeSet
from desktop.text import Section
from desktop.ui.context import AppContext

#: Holds the section's position in the document's section list (an int: PySide
#: keeps plain values in item data safely, Python objects there have crashed it).
SectionRole = Qt.ItemDataRole.UserRole + 1
#: Reports whose outline models are kept (the shown one and the ones before).
TREES_KEPT = 3


class OutlineModel(QStandardItemModel):
    """Section items; a title's tooltip is the title itself (not stored per item)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


def build_tree(model: QStandardItemModel, sections: list[Section]) -> None:
    """Nests sections by level: a section hangs under the nearest earlier one of lower level.

    Each parent's children are appended in one call, and the model should
    not be shown while it is filled (see OutlineView.show_document)."""
    model.clear()
    stack: list[tuple[int, QStandardItem]] = []
    root = model.invisibleRootItem()
    children: dict[int, tuple[QStandardItem, list[QStandardItem]]] = {id(root): (root, [])}
    for position, section in enumerate(sections):
        item = QStandardItem(section.title)  # the view's edit triggers are off: no setEditable per item
        item.setData(position, SectionRole)
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        parent = stack[-1][1] if stack else root
        children.setdefault(id(parent), (parent, []))[1].append(item)
        stack.append((section.level, item))
    for parent, items in children.values():
        if items:
            parent.appendRows(items)


class OutlineView(QTreeView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineView")
        self.context = context
        self.doc_id = 0
        self.section_list: list[Section] = []
        self._built: tuple | None = None  # (version, content hash) of the text the outline is of
        #: doc id -> (its sections list, as the cache gave it, and the model built of it)
        self._trees: OrderedDict[int, tuple[list[Section], QStandardItemModel]] = OrderedDict()
        self._trees_of = None  # the project cache they were built from
        self.tree: QStandardItemModel = OutlineModel(self)
        self.setModel(self.tree)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.clicked.connect(self.jump)
        self.activated.connect(self.jump)
        context.currentDocumentChanged.connect(self.show_document)
        context.projectChanged.connect(lambda: self.show_document(context.current_doc_id))
        context.storeChanged.connect(self._on_store_changed)

    def show_document(self, doc_id: int) -> None:
        """The outline of a report, from the project cache (0: none)."""
        cache = self.context.cache
        info = cache.info(doc_id) if doc_id and self.context.project is not None and cache is not None else None
        self.doc_id = doc_id if info is not None else 0
        self._built = (info.version, info.content_sha256) if info is not None else None
        self.section_list = cache.sections(doc_id) if info is not None else []
        if cache is not self._trees_of:  # another project (or re-read from disk): none of them holds
            for _sections, old_tree in self._trees.values():
                self._drop(old_tree)
            self._trees.clear()
            self._trees_of = cache
        held = self._trees.get(doc_id)
        if held is not None and held[0] is self.section_list:
            tree = held[1]  # the cache hands the same list until the outline changes
            self._trees.move_to_end(doc_id)
        else:
            if held is not None:
                self._drop(self._trees.pop(doc_id)[1])
            tree = OutlineModel(self)  # filled before it is shown
            build_tree(tree, self.section_list)
            if info is not None:
                self._trees[doc_id] = (self.section_list, tree)
        old, self.tree = self.tree, tree
        self.setModel(tree)
        if old is not tree and not any(t is old for _s, t in self._trees.values()):
            self._drop(old)
        while len(self._trees) > TREES_KEPT:
            self._drop(self._trees.popitem(last=False)[1])
        self.expandAll()

    def _drop(self, tree: QStandardItemModel) -> None:
        if tree is not self.tree:
            tree.deleteLater()  # with the selection model Qt made for it

    def _on_store_changed(self, changes: ChangeSet) -> None:
        """Rebuilt only when its report's outline changed: new sections, a new
        text, or the report gone; a title or status change leaves it alone."""
        doc_id, cache = self.doc_id, self.context.cache
        if not doc_id:
            return
        if changes.touches(ChangeKind.SECTIONS, doc_id):
            self.show_document(doc_id)
        elif changes.touches(ChangeKind.DOCUMENTS, doc_id):
            info = cache.info(doc_id) if cache is not None else None
            if info is None or (info.version, info.content_sha256) != self._built:
                self.show_document(doc_id)

    def sections(self) -> list[Section]:
        out: list[Section] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.tree.rowCount(parent)):
                index = self.tree.index(row, 0, parent)
                out.append(self.section_at(index))
                walk(index)

        walk(QModelIndex())
        return out

    def section_at(self, index: QModelIndex) -> Section | None:
        position = index.data(SectionRole)
        return self.section_list[position] if isinstance(position, int) else None

    def jump(self, index: QModelIndex) -> None:
        section = self.section_at(index)
        if section is not None and self.doc_id:
            self.context.reveal(self.doc_id, section.start, section.start + len(section.title))
