"""与上年对比: what the shown report carries over from the same unit's earlier report.

视图 ▸ 与上年报告对比… (Ctrl+Shift+Y) opens the 与上年对比 tab for the shown
report. The same unit's report of the latest earlier year in the project
(desktop.analysis.compare.earlier_of) is preselected; without one the
reviewer picks any report of the project in the combo box. The list shows
the later report's paragraphs in order, each marked 沿用 (grey), 修改
(amber) or 新增 (green) with its similarity and the matching earlier
paragraph beside it; below, the selected pair side by side with the
differing characters highlighted (difflib opcodes). Counts at the top,
filters for only the new or only the changed paragraphs; activating a row
(double-click, Enter) shows the document tab with that paragraph selected.

:class:`CompareService` (one per window) gives the overview its 与上年重复
column: each report's repeated share against its earlier report, computed in
a worker and kept per pair of content hashes, so an unchanged pair is never
computed twice and a new version or a changed unit/year recomputes only the
pairs it touches.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.compare import Comparison, Item, compare, diff_spans, earlier_of, repeated_share
from desktop.store import ChangeKind, ChangeSet, DocumentInfo
from desktop.ui import workers
from desktop.ui.actions import bind
from desktop.ui.context import AppContext
from desktop.ui.lists import flat_list
from desktop.ui.stale import ChangeFollower

#: Row colours: carried over grey, changed amber, new green (background of the 类型 cell,
#: and the highlight of differing characters below).
KIND_COLOURS = {"repeated": "#e0e0e0", "changed": "#ffd98a", "new": "#bfe8c4"}
_KIND_TEXT = {"repeated": QT_TRANSLATE_NOOP("CompareView", "沿用"), "changed": QT_TRANSLATE_NOOP("CompareView", "修改"),
              "new": QT_TRANSLATE_NOOP("CompareView", "新增")}
#: Characters of a paragraph shown in a list cell (the pair below shows them whole).
CELL_CHARS = 80
KindRole = Qt.ItemDataRole.UserRole + 1


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("CompareView", _KIND_TEXT[kind])


def _key(info: DocumentInfo) -> tuple:
    return (info.version, info.content_sha256)


class CompareService(QObject):
    """Repeated shares for the overview (in a worker, per pair of content hashes) and
    the comparisons the view shows (on the GUI thread, the last few kept)."""

    #: Shares of these doc ids are known (a list of ints).
    updated = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: (earlier content hash, later content hash) -> repeated share
        self._shares: dict[tuple[str, str], float] = {}
        #: doc id -> its earlier report's doc id, or None
        self._earlier: dict[int, int | None] = {}
        self._infos: dict[int, DocumentInfo] = {}
        self._comparisons: OrderedDict[tuple[str, str], Comparison] = OrderedDict()
        self._dirty = True
        self._again = False
        self.task: workers.Task | None = None
        #: Computations started (tests read it).
        self.runs = 0
        context.projectChanged.connect(self._project_changed)
        context.storeChanged.connect(self._store_changed)

    def _project_changed(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self._shares, self._comparisons = {}, OrderedDict()
        self._dirty = True

    def _store_changed(self, changes: ChangeSet) -> None:
        if ChangeKind.DOCUMENTS in changes.kinds():
            self._dirty = True

    def _sync(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        cache = self.context.cache
        infos = cache.documents() if cache is not None and self.context.project is not None else []
        self._infos = {i.id: i for i in infos}
        self._earlier = {}
        for info in infos:
            e = earlier_of(info, infos)
            self._earlier[info.id] = e.id if e is not None else None

    def _pair(self, doc_id: int) -> tuple[str, str] | None:
        e = self._earlier.get(doc_id)
        if e is None:
            return None
        return (self._infos[e].content_sha256, self._infos[doc_id].content_sha256)

    # --- asking -----------------------------------------------------------------------

    def earlier_of(self, doc_id: int) -> int | None:
        """The doc id of the same unit's earlier report, None when there is none."""
        self._sync()
        return self._earlier.get(doc_id)

    def shares(self) -> dict[int, float | None]:
        """doc id -> repeated share against its earlier report (None: it has none), for
        every report known; a report being computed is absent (``updated`` follows)."""
        self._sync()
        out: dict[int, float | None] = {}
        missing = False
        for doc_id in self._infos:
            pair = self._pair(doc_id)
            if pair is None:
                out[doc_id] = None
            elif pair in self._shares:
                out[doc_id] = self._shares[pair]
            else:
                missing = True
        if missing:
            self.request()
        return out

    def comparison(self, earlier_id: int, later_id: int) -> tuple[Comparison, str, str]:
        """(comparison, earlier text, later text) of two reports, computed here (kept for the last few pairs)."""
        project = self.context.project
        earlier, later = project.document_text(earlier_id), project.document_text(later_id)
        self._sync()
        key = (self._sha(earlier_id), self._sha(later_id))
        found = self._comparisons.get(key)
        if found is None or not key[0] or not key[1]:
            found = compare(earlier, later)
            self._comparisons[key] = found
            while len(self._comparisons) > 4:
                self._comparisons.popitem(last=False)
            self._shares[key] = repeated_share(found, later)
        self._comparisons.move_to_end(key)
        return found, earlier, later

    def _sha(self, doc_id: int) -> str:
        info = self._infos.get(doc_id)
        return info.content_sha256 if info is not None else ""

    @property
    def busy(self) -> bool:
        return self.task is not None

    def request(self) -> None:
        """Computes the shares of every pair not known yet, in a worker."""
        if self.task is not None:
            self._again = True
            return
        self._sync()
        project = self.context.project
        wanted = {}
        for doc_id in self._infos:
            pair = self._pair(doc_id)
            if pair is not None and pair not in self._shares and pair not in wanted:
                wanted[pair] = (self._earlier[doc_id], doc_id)
        if project is None or not wanted:
            return
        try:  # texts read on the GUI thread (its connection); compared in the worker
            texts = {d: project.document_text(d) for ids in wanted.values() for d in ids}
        except Exception:  # a report removed meanwhile: the next change set asks again
            self._dirty = True
            return
        jobs = [(pair, texts[e], texts[later]) for pair, (e, later) in wanted.items()]
        shares = self._shares
        self.runs += 1

        def job(_progress, cancelled):
            out = {}
            for pair, earlier, later in jobs:
                if cancelled():
                    break
                out[pair] = repeated_share(compare(earlier, later), later)
            return out

        self.task = task = workers.start(job, self)
        task.succeeded.connect(lambda result: self._done(shares, result))
        task.finished.connect(self._finished)

    def _done(self, target: dict, result: dict) -> None:
        if target is not self._shares:
            return  # another project meanwhile
        target.update(result)
        self._sync()
        done = [d for d in self._infos if self._pair(d) in result]
        if done:
            self.updated.emit(done)

    def _finished(self) -> None:
        self.task = None
        if self._again or self._dirty:
            self._again = False
            self.shares()


def compare_service(window) -> CompareService:
    """The window's one CompareService (the overview and the view share it)."""
    service = getattr(window, "compare_service", None)
    if service is None:
        service = CompareService(window.context, window)
        window.compare_service = service
    return service


# --- the view ------------------------------------------------------------------------------


def _cut(text: str, n: int = CELL_CHARS) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


class CompareModel(QAbstractTableModel):
    """The later report's paragraphs: 类型, 相似度, 本年段落, 对应的上年段落."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("类型"), self.tr("相似度"), self.tr("本报告的段落"), self.tr("对应的较早段落"))[section]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == KindRole:
            return item.kind
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return kind_label(item.kind)
            if col == 1:
                return "" if item.similarity is None or item.kind == "new" else f"{item.similarity:.2f}"
            if col == 2:
                return _cut(item.quote)
            return "" if item.kind == "new" or item.earlier_quote is None else _cut(item.earlier_quote)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 2:
                return item.quote
            if col == 3 and item.kind != "new":
                return item.earlier_quote
        if role == Qt.ItemDataRole.BackgroundRole and col == 0:
            return QBrush(QColor(KIND_COLOURS[item.kind]))
        if role == Qt.ItemDataRole.ForegroundRole and col in (2, 3) and item.kind == "repeated":
            return QBrush(QColor("#666666"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 1):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class KindFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind = ""

    def set_kind(self, kind: str) -> None:
        # as desktop.ui.overview.OverviewFilter: the Qt 6.10 API where there is one
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self.kind = kind
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.kind = kind
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        if not self.kind:
            return True
        return self.sourceModel().index(source_row, 0, source_parent).data(KindRole) == self.kind


def _marked(text: str, spans: list[tuple[int, int]], colour: str) -> str:
    """``text`` as HTML with ``spans`` on a coloured background."""
    out, pos = [], 0
    for a, b in spans:
        out.append(html.escape(text[pos:a]))
        out.append(f'<span style="background-color:{colour};">{html.escape(text[a:b])}</span>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


class CompareView(QWidget):
    """The 与上年对比 tab."""

    def __init__(self, context: AppContext, service: CompareService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.context = context
        self.service = service
        self.doc_id = 0
        self.earlier_id: int | None = None
        self.comparison: Comparison | None = None
        self.later_text = ""
        #: After a row is activated: select the span in the document view (set by install).
        self.select_span = None

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("对比的较早报告："), self))
        self.combo = QComboBox(self)
        self.combo.setObjectName("compareEarlier")
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.activated.connect(self._picked)
        top.addWidget(self.combo, 1)
        self.filters = QButtonGroup(self)
        for i, (name, text) in enumerate((("", self.tr("全部")), ("new", self.tr("只看新增")),
                                          ("changed", self.tr("只看修改")))):
            button = QPushButton(text, self)
            button.setObjectName(f"compareFilter_{name or 'all'}")
            button.setCheckable(True)
            button.setChecked(i == 0)
            self.filters.addButton(button, i)
            top.addWidget(button)
        self._filter_kinds = ["", "new", "changed"]
        self.filters.idClicked.connect(lambda i: self.proxy.set_kind(self._filter_kinds[i]))
        self.counts = QLabel(self)
        self.counts.setObjectName("compareCounts")
        self.counts.setWordWrap(True)

        self.model = CompareModel(self)
        self.proxy = KindFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = flat_list(self, "compareList", self.proxy)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.activated.connect(self.jump)
        self.list.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_pair(cur))

        pair = QWidget(self)
        pair_layout = QHBoxLayout(pair)
        pair_layout.setContentsMargins(0, 0, 0, 0)
        self.later_box = QTextBrowser(pair)
        self.later_box.setObjectName("compareLater")
        self.earlier_box = QTextBrowser(pair)
        self.earlier_box.setObjectName("compareEarlierText")
        for box in (self.later_box, self.earlier_box):
            box.setOpenLinks(False)
            pair_layout.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(pair)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)

        self.follower = ChangeFollower(self, (ChangeKind.DOCUMENTS,), lambda _cs: self.refresh(), self.refresh)
        context.storeChanged.connect(self.follower.follow)
        context.projectChanged.connect(self.follower.invalidate)
        context.currentDocumentChanged.connect(lambda _d: self._document_changed())

    def _document_changed(self) -> None:
        self.earlier_id = None  # the new report's own earlier report is preselected
        self.follower.invalidate()

    # --- filling -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Shows the current report against the chosen (or its earlier) report."""
        project = self.context.project
        doc_id = self.context.current_doc_id if project is not None else 0
        if doc_id != self.doc_id:
            self.earlier_id = None
        self.doc_id = doc_id
        self.combo.clear()
        self.comparison = None
        self.model.set_items([])
        self._show_pair(QModelIndex())
        if not doc_id:
            self.counts.setText(self.tr("未打开报告"))
            return
        infos = self.context.cache.documents() if self.context.cache is not None else project.documents()
        others = [i for i in infos if i.id != doc_id]
        if self.earlier_id not in {i.id for i in others}:
            self.earlier_id = self.service.earlier_of(doc_id)
        for info in others:
            self.combo.addItem(self._label(info), info.id)
        if self.earlier_id is None:
            self.combo.setCurrentIndex(-1)
            self.combo.setPlaceholderText(self.tr("请选择一份报告"))
            self.counts.setText(self.tr("本单位在项目中没有更早年度的报告；可以在上面选择一份报告来对比。")
                                if others else self.tr("项目中没有其他报告可以对比。"))
            return
        self.combo.setCurrentIndex(self.combo.findData(self.earlier_id))
        self._compare()

    def _label(self, info: DocumentInfo) -> str:
        year = self.tr("%1 年度").replace("%1", str(info.year)) if info.year is not None else ""
        parts = [f"#{info.id}", info.unit, year, info.title]
        return " ".join(p for p in parts if p)

    def _picked(self, index: int) -> None:
        doc = self.combo.itemData(index)
        if doc is not None:
            self.earlier_id = int(doc)
            self._compare()

    def _compare(self) -> None:
        if self.earlier_id is None or not self.doc_id:
            return
        result, _earlier, later = self.service.comparison(self.earlier_id, self.doc_id)
        self.comparison = result
        self.later_text = later
        self.model.set_items(result.items)
        share = repeated_share(result, later)
        self.counts.setText(
            self.tr("沿用 %1 段 · 修改 %2 段 · 新增 %3 段 · 沿用的文字占 %4")
            .replace("%1", str(len(result.repeated))).replace("%2", str(len(result.changed)))
            .replace("%3", str(len(result.new))).replace("%4", f"{share:.0%}"))
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    # --- the selected pair, and jumping --------------------------------------------------

    def item_at(self, index: QModelIndex) -> Item | None:
        if not index.isValid():
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def _show_pair(self, index: QModelIndex) -> None:
        item = self.item_at(index)
        if item is None:
            self.later_box.clear()
            self.earlier_box.clear()
            return
        title_later = html.escape(self.tr("本报告（%1）").replace("%1", kind_label(item.kind)))
        title_earlier = html.escape(self.tr("较早的报告"))
        if item.kind == "new" or item.earlier_quote is None:
            later_html = html.escape(item.quote)
            earlier_html = "<i>%s</i>" % html.escape(self.tr("（较早的报告中没有相近的段落）"))
        elif item.kind == "changed":
            left, right = diff_spans(item.earlier_quote, item.quote)
            later_html = _marked(item.quote, right, KIND_COLOURS["changed"])
            earlier_html = _marked(item.earlier_quote, left, "#f5b7b1")
        else:
            later_html, earlier_html = html.escape(item.quote), html.escape(item.earlier_quote)
        self.later_box.setHtml(f"<b>{title_later}</b><br>{later_html}")
        self.earlier_box.setHtml(f"<b>{title_earlier}</b><br>{earlier_html}")

    def jump(self, index: QModelIndex) -> None:
        item = self.item_at(index)
        if item is None or not self.doc_id:
            return
        self.context.reveal(self.doc_id, item.start, item.end)
        if self.select_span is not None:
            self.select_span(self.doc_id, item.start, item.end)


def _select_in(view, doc_id: int, start: int, end: int) -> None:
    """Selects text[start:end] in the document view (after reveal put the cursor there)."""
    if getattr(view, "doc_id", None) != doc_id:
        return
    to16 = view.layer.offsets.to_utf16
    cursor = QTextCursor(view.document())
    cursor.setPosition(to16(start))
    cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def install(window) -> CompareView:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS): the 与上年对比 tab and its action.

    A central tab, not a dock: two paragraphs side by side need the window's width and
    height (a bottom dock under the three right-hand docks left two rows on a laptop)."""
    service = compare_service(window)
    view = CompareView(window.context, service, window)
    window.compare_view = view
    tabs = getattr(window, "tabs", None)

    def select(doc_id: int, start: int, end: int) -> None:
        if tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(window.document_view))
        _select_in(window.document_view, doc_id, start, end)

    view.select_span = select
    window.add_central_tab("compareTab", QCoreApplication.translate("CompareView", "与上年对比"), view)
    action = bind(QAction(QCoreApplication.translate("CompareView", "与上年报告对比…"), window), "compare_years")
    action.setStatusTip(QCoreApplication.translate(
        "CompareView", "列出当前报告沿用、修改和新增的段落（与同一单位较早年度的报告相比）"))

    def show() -> None:
        if tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(view))
        view.follower.invalidate()
        view.list.setFocus()

    action.triggered.connect(show)
    window.compare_action = action
    window.menu("view").addAction(action)
    window.addAction(action)
    return view
