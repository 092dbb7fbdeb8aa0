"""The outline pane: the report's numbered sections as a tree; a click jumps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.store import Change
from desktop.text import Section
from desktop.ui.context import AppContext

#: Holds the section's position in the document's section list (an int: PySide
#: keeps plain values in item data safely, Python objects there have crashed it).
SectionRole = Qt.ItemDataRole.UserRole + 1


def build_tree(model: QStandardItemModel, sections: list[Section]) -> None:
    """Nests sections by level: a section hangs under the nearest earlier one of lower level."""
    model.clear()
    stack: list[tuple[int, QStandardItem]] = []
    root = model.invisibleRootItem()
    for position, section in enumerate(sections):
        item = QStandardItem(section.title)
        item.setEditable(False)
        item.setToolTip(section.title)
        item.setData(position, SectionRole)
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        (stack[-1][1] if stack else root).appendRow(item)
        stack.append((section.level, item))


class OutlineView(QTreeView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineView")
        self.context = context
        self.doc_id = 0
        self.section_list: list[Section] = []
        self.tree = QStandardItemModel(self)
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
        project = self.context.project
        self.doc_id = doc_id if project is not None else 0
        self.section_list = project.sections(doc_id) if self.doc_id else []
        build_tree(self.tree, self.section_list)
        self.expandAll()

    def _on_store_changed(self, changes) -> None:
        for change in changes:
            self._on_change(change)

    def _on_change(self, change: Change) -> None:
        if change.doc_id == self.doc_id and change.what in ("documents", "sections"):
            self.show_document(self.doc_id)

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
