"""在全部报告中搜索 (Ctrl+Shift+F): every occurrence of a query in every report.

A dock with a search box and a list of hits (report, position, the hit in
its context, highlighted). The search itself is the store's
(``Project.search``, desktop.store.search: full-width/half-width folded,
every occurrence); this module only asks and shows. The box searches as the
reviewer types, after a short pause; a click, a double-click or Enter on a
hit opens its report and selects exactly the hit in the document pane. Enter
in the box goes to the next hit. The list follows the store's change sets
(an import, a new version, a removal) while the dock is shown.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetricsF, QPalette, QTextDocument, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ReviewDeskError
from desktop.store import ChangeKind
from desktop.store.search import Hit
from desktop.ui.actions import bind
from desktop.ui.context import AppContext
from desktop.ui.lists import flat_list
from desktop.ui.stale import ChangeFollower

#: Milliseconds the box waits after a key before searching.
DEBOUNCE_MS = 250
#: Hits listed at most (a one-character query can have tens of thousands).
MAX_HITS = 5000
HIT_BACKGROUND = "#ffe082"
#: Height (pixels) the dock gets when first opened below the document.
MIN_HEIGHT = 300
REPORT, POSITION, CONTEXT = range(3)


class HitsModel(QAbstractTableModel):
    """The hits as rows: report title, position, context (hit in its snippet)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._titles: dict[int, str] = {}

    def set_hits(self, hits: list[Hit], shared_titles: set[str] | None = None) -> None:
        """``shared_titles``: titles more than one report of the project has (two
        townships' 年度报告): those are told apart by the report's number."""
        self.beginResetModel()
        self.hits = hits
        shared = shared_titles or set()
        self._titles = {h.doc_id: (f"{h.title} (#{h.doc_id})" if h.title in shared else h.title)
                        for h in hits}
        self.endResetModel()

    def hit(self, row: int) -> Hit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (QCoreApplication.translate("SearchPane", "报告"),
                    QCoreApplication.translate("SearchPane", "位置"),
                    QCoreApplication.translate("SearchPane", "上下文"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == REPORT:
                return self._titles.get(hit.doc_id, hit.title)
            if col == POSITION:
                return QCoreApplication.translate("SearchPane", "第 %1 字").replace("%1", f"{hit.start + 1:,}")
            return hit.snippet
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == REPORT:
                return self._titles.get(hit.doc_id, hit.title)
            if col == CONTEXT:
                return hit.snippet
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Paints the context with the hit on a yellow ground, so it is seen at a glance."""

    def paint(self, painter, option, index) -> None:
        model = index.model()
        hit = model.hit(index.row()) if isinstance(model, HitsModel) else None
        if hit is None or index.column() != CONTEXT:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        snippet, lead, n = hit.snippet, hit.lead, hit.end - hit.start
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(role).name()
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f'<span style="color:{colour}">{html.escape(snippet[:lead])}'
                    f'<span style="background:{HIT_BACKGROUND};color:#000000;font-weight:bold">'
                    f"{html.escape(snippet[lead:lead + n])}</span>{html.escape(snippet[lead + n:])}</span>")
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        # A column too narrow to show the hit: shift the context so the hit sits in the middle.
        metrics = QFontMetricsF(opt.font)
        before, hit_width = metrics.horizontalAdvance(snippet[:lead]), metrics.horizontalAdvance(snippet[lead:lead + n])
        shift = 0.0
        if before + hit_width + 2 * metrics.height() > rect.width():
            wanted = max(0.0, min(before + hit_width / 2 - rect.width() / 2, doc.idealWidth() - rect.width()))
            cut = 0  # at a character's edge, so no half glyph is left at the margin
            while cut < lead and metrics.horizontalAdvance(snippet[:cut]) < wanted:
                cut += 1
            shift = metrics.horizontalAdvance(snippet[:cut])
        painter.save()
        painter.setClipRect(rect)
        painter.setWorldTransform(QTransform.fromTranslate(
            rect.left() - shift, rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2)), True)
        doc.drawContents(painter)
        painter.restore()


class SearchPane(QWidget):
    """The search box, the count line and the list of hits."""

    def __init__(self, context: AppContext, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPane")
        self.context = context
        self.view = view  # the document pane: a hit is selected there
        self.query = ""  # what the list shows the hits of
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("在全部报告中搜索（全角、半角视为相同）"))
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.model = HitsModel(self)
        self.list = flat_list(self, "searchResults", self.model)
        self.list.setItemDelegateForColumn(CONTEXT, SnippetDelegate(self.list))
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(REPORT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(POSITION, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setColumnWidth(REPORT, 200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self.next_hit)
        self.list.clicked.connect(self.jump)
        self.list.activated.connect(self.jump)  # Enter and double-click
        self.follower = ChangeFollower(self, (ChangeKind.DOCUMENTS,), lambda _cs: self.refresh(), self.refresh)
        context.storeChanged.connect(self.follower.follow)
        context.projectChanged.connect(self.follower.invalidate)

    # --- searching ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Searches the shown query again (the reports changed)."""
        self.run_search(force=True)

    def run_search(self, force: bool = False) -> None:
        self.timer.stop()
        query = self.box.text()
        if query == self.query and not force:
            return
        self.query = query
        project = self.context.project
        hits: list[Hit] = []
        shared: set[str] = set()
        if project is None:
            self.status.setText(self.tr("未打开项目"))
        elif not query.strip():
            self.status.setText("")
        else:
            try:
                hits = project.search(query, limit=MAX_HITS + 1)
            except ReviewDeskError as exc:
                self.status.setText(exc.message)
            else:
                self.status.setText(self._summary(hits))
                titles = Counter(d.title for d in project.documents())
                shared = {t for t, n in titles.items() if n > 1}
        self.model.set_hits(hits[:MAX_HITS], shared)

    def _summary(self, hits: list[Hit]) -> str:
        if not hits:
            return self.tr("没有找到")
        reports = len({h.doc_id for h in hits})
        if len(hits) > MAX_HITS:
            return self.tr("超过 %1 处，只列出前 %1 处").replace("%1", f"{MAX_HITS:,}")
        return self.tr("共 %1 处，%2 份报告").replace("%1", f"{len(hits):,}").replace("%2", str(reports))

    # --- going to a hit --------------------------------------------------------------------

    def jump(self, index: QModelIndex | QPersistentModelIndex) -> None:
        hit = self.model.hit(index.row()) if index.isValid() else None
        if hit is None:
            return
        self.context.reveal(hit.doc_id, hit.start, hit.end)  # opens the report, scrolls, flashes
        if self.view.doc_id == hit.doc_id:
            self.view.select_span(hit.start, hit.end)

    def next_hit(self) -> None:
        """Enter in the box: search now if the query changed, then go to the next hit."""
        self.run_search()
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex()
        row = (current.row() + 1) % rows if current.isValid() else 0
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.jump(index)

    def open_pane(self) -> None:
        """Ctrl+Shift+F: shows the dock and puts the cursor in the box, its text selected."""
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            first = not dock.isVisible()
            dock.show()
            dock.raise_()
            main = dock.parentWidget()
            if first and isinstance(main, QMainWindow) and not dock.isFloating() and dock.height() < MIN_HEIGHT:
                # a dock opened the first time gets a few lines' height, too little for a list of hits
                main.resizeDocks([dock], [MIN_HEIGHT], Qt.Orientation.Vertical)
        selected = self.view.selected_span() if self.view.doc_id else None
        if selected is not None and selected[1] - selected[0] <= 50 and not self.box.hasFocus():
            self.box.setText(self.view.text[selected[0]:selected[1]])
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()


def install(window) -> SearchPane:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS): the dock and its action."""
    pane = SearchPane(window.context, window.document_view, window)
    window.search_pane = pane
    window.search_dock = window.add_dock("searchDock", QCoreApplication.translate("SearchPane", "在全部报告中搜索"),
                                         pane, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.search_dock.hide()
    # Below the document only: the side columns keep their height, and their panes' minimum
    # heights no longer squeeze the list of hits to two lines.
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    action = bind(QAction(QCoreApplication.translate("SearchPane", "在全部报告中搜索…"), window), "search_round")
    action.setStatusTip(QCoreApplication.translate("SearchPane", "在项目的全部报告中查找文字，列出每一处并可跳转"))
    action.triggered.connect(pane.open_pane)
    window.search_action = action
    edit = window.menu("edit")
    edit.addAction(action)
    return pane
