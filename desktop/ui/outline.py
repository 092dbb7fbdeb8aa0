"""The outline pane: the report's numbered sections as a tree; a click jumps.

A report's tree is built from the project cache's sections into a model of
its own, and the last few reports' models are kept: switching back to a
report shows its tree again without building it, and a shown tree is never
emptied item by item (which cost most of a second for 4,500 sections).

Sections are also reached from the keyboard (issue 11): 下一节 / 上一节 go to
the heading after / before where the reviewer is reading, 转到章节… opens a
small chooser of the headings that filters as one types. Their keys are
declared in desktop.ui.actions and taken with bind(); the window puts them in
its View menu.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLineEdit, QListView, QTreeView, QVBoxLayout, QWidget

from desktop.store import ChangeKind, ChangeSet
from desktop.text import Section
from desktop.ui.actions import bind
from desktop.ui.context import AppContext

# Holds the section's position in the document's section list (an int: PySide
# keeps plain values in item data safely, Python objects there have crashed it).
SectionRole = Qt.ItemDataRole.UserRole + 1
# Reports whose outline models are kept (the shown one and the ones before).
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


def next_section(sections: list[Section], pos: int) -> Section | None:
    """The first section beginning after code point ``pos`` (sections in text order)."""
    i = bisect.bisect_right([s.start for s in sections], pos)
    return sections[i] if i < len(sections) else None


def previous_section(sections: list[Section], pos: int) -> Section | None:
    """The last section beginning before ``pos``: inside a section, its own heading;
    at a heading, the one before."""
    i = bisect.bisect_left([s.start for s in sections], pos)
    return sections[i - 1] if i > 0 else None


class SectionChooser(QDialog):
    """转到章节: the report's headings, indented by level, filtered by what is typed;
    Enter (or a double click) goes to the highlighted one."""

    chosen = Signal(int)  # the section's position in the report's section list

    def __init__(self, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionChooser")
        self.setWindowTitle(self.tr("转到章节"))
        self.resize(480, 420)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("sectionFilter")
        self.edit.setPlaceholderText(self.tr("输入标题中的文字筛选"))
        self.edit.setClearButtonEnabled(True)
        self.items = QStandardItemModel(self)
        top = min((s.level for s in sections), default=0)
        for position, section in enumerate(sections):
            item = QStandardItem("    " * (section.level - top) + section.title)
            item.setData(position, SectionRole)
            item.setToolTip(section.title)
            self.items.appendRow(item)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.items)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView(self)
        self.list.setObjectName("sectionList")
        self.list.setModel(self.filtered)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self._filter)
        self.edit.returnPressed.connect(self.accept)
        self.edit.installEventFilter(self)
        self.list.activated.connect(lambda _index: self.accept())
        self._filter("")

    def _filter(self, text: str) -> None:
        self.filtered.setFilterFixedString(text.strip())
        if self.filtered.rowCount():
            self.list.setCurrentIndex(self.filtered.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Up, Down, PgUp and PgDn in the filter box move in the list, so the
        hands stay on the keyboard."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            QCoreApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    def visible_titles(self) -> list[str]:
        """The headings the filter leaves, as listed (tests)."""
        return [self.filtered.index(r, 0).data().lstrip(" ") for r in range(self.filtered.rowCount())]

    def accept(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() and self.filtered.rowCount():
            index = self.filtered.index(0, 0)
        position = index.data(SectionRole) if index.isValid() else None
        super().accept()
        if isinstance(position, int):
            self.chosen.emit(position)


class OutlineView(QTreeView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineView")
        self.context = context
        self.doc_id = 0
        self.section_list: list[Section] = []
        self._built: tuple | None = None  # (version, content hash) of the text the outline is of
        # doc id -> (its sections list, as the cache gave it, and the model built of it)
        self._trees: OrderedDict[int, tuple[list[Section], QStandardItemModel]] = OrderedDict()
        self._trees_of = None  # the project cache they were built from
        # Where the reviewer is reading (code points): the window hands the document pane's.
        self._reading_position: Callable[[], int] = lambda: 0
        self.chooser: SectionChooser | None = None
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

    # --- keyboard: next / previous section, go to section ---------------------------------

    def make_actions(self, window: QWidget, reading_position: Callable[[], int]) -> list[QAction]:
        """下一节, 上一节 and 转到章节… for ``window``'s View menu; ``reading_position``
        says where in the shown report the reviewer is (code points)."""
        self._reading_position = reading_position

        def make(name: str, text: str, tip: str, slot) -> QAction:
            action = bind(QAction(text, window), name)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            return action

        self.next_action = make("next_section", QCoreApplication.translate("Outline", "下一节"),
                                QCoreApplication.translate("Outline", "跳到下一个章节标题"), self.go_next)
        self.previous_action = make("previous_section", QCoreApplication.translate("Outline", "上一节"),
                                    QCoreApplication.translate("Outline", "跳到上一个章节标题"), self.go_previous)
        self.go_to_action = make("go_to_section", QCoreApplication.translate("Outline", "转到章节…"),
                                 QCoreApplication.translate("Outline", "从报告的章节标题中选择一个并跳到那里"),
                                 self.choose_section)
        return [self.previous_action, self.next_action, self.go_to_action]

    def go_next(self) -> Section | None:
        """Goes to the heading after the reading position; None at the last one."""
        return self.go_to(next_section(self.section_list, self._reading_position()) if self.doc_id else None)

    def go_previous(self) -> Section | None:
        """Goes to the heading before the reading position; None before the first one."""
        return self.go_to(previous_section(self.section_list, self._reading_position()) if self.doc_id else None)

    def go_to(self, section: Section | None) -> Section | None:
        """Shows ``section``'s heading in the document pane and selects it in the tree."""
        if section is None or not self.doc_id:
            return None
        position = self.section_list.index(section)
        found = self.tree.match(self.tree.index(0, 0), SectionRole, position, 1,
                                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if found:
            self.setCurrentIndex(found[0])
            self.scrollTo(found[0])
        self.context.reveal(self.doc_id, section.start, section.start + len(section.title))
        return section

    def choose_section(self) -> SectionChooser | None:
        """Opens the chooser of the shown report's headings (not modal to the code: a
        choice arrives by signal); None when the report has no headings."""
        if not self.doc_id or not self.section_list:
            return None
        if self.chooser is not None:
            self.chooser.deleteLater()
        sections = self.section_list
        self.chooser = SectionChooser(sections, self.window())
        self.chooser.chosen.connect(lambda position, doc=self.doc_id, secs=sections:
                                    self.go_to(secs[position]) if doc == self.doc_id and secs is self.section_list
                                    else None)
        self.chooser.open()
        return self.chooser
