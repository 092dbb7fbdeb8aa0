"""The round overview (central tab 总览): every report side by side, and a chart.

A table of unit, year, title, status, reviewers, tag counts, completeness
(statutory parts found of 5) and total score; sortable, filterable, unit /
year / status editable in place; double-click opens the report. It follows
the store's change sets only, so a folder import or a score typed in the
scoring pane shows up here by itself.

It costs nothing while nobody looks at it: a hidden overview (another tab is
current) only notes what changed and catches up when shown, and a shown one
re-reads just the rows of the reports a change set touched, once per
event-loop turn (desktop.ui.stale). Counts come from the project cache,
totals and reviewers from two small queries on those reports, the five parts
from a check kept per text version; the whole round is read again only on
first show and when the rubric or the whole round changed. The chart follows
the model: one update per refresh of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.completeness import PART_KEYS
from desktop.errors import ReviewDeskError
from desktop.store import STATUSES, ChangeKind, ChangeSet, DocumentInfo
from desktop.store.scoring import DocumentSummary
from desktop.tags import TAG_VALUES
from desktop.ui import commands
from desktop.ui.chart import ChartRow, RoundChart
from desktop.ui.context import AppContext
from desktop.ui.labels import part_label, status_items, status_label, tag_label
from desktop.ui.stale import ChangeFollower

#: One column per tag, in desktop.tags order, between the report's details and its results;
#: then the number of quality flags (问题, desktop.ui.flags_pane), computed in a worker, and the
#: share of text repeated from the same unit's earlier report (与上年重复, desktop.ui.compare_view).
COLUMNS = ("unit", "year", "title", "status", "reviewers", *TAG_VALUES, "flags", "repeated", "completeness",
           "total")
COL = {name: i for i, name in enumerate(COLUMNS)}
SortRole = Qt.ItemDataRole.UserRole + 10
DocIdRole = Qt.ItemDataRole.UserRole + 11
StatusRole = Qt.ItemDataRole.UserRole + 12
_EDITABLE = {COL["unit"], COL["year"], COL["status"]}
#: What the overview shows. The round's name and year are only in its label (kept
#: up to date apart, see OverviewWidget._update_round); no row depends on them.
KINDS = (ChangeKind.DOCUMENTS, ChangeKind.ANNOTATIONS, ChangeKind.SCORES, ChangeKind.SECTIONS,
         ChangeKind.RUBRIC)
#: Kinds after which every row may read differently: the whole round is read again.
_WHOLE_ROUND = {ChangeKind.RUBRIC}


@dataclass(frozen=True)
class OverviewRow:
    summary: DocumentSummary
    parts_found: int
    missing: tuple[str, ...]
    weakness_causes: bool


class OverviewModel(QAbstractTableModel):
    """One row per document of the round.

    :meth:`reload` reads the whole round; :meth:`apply_changes` re-reads only
    the rows of the reports a change set touched (inserting and removing rows
    for reports added and removed). When either runs is the overview widget's
    business (desktop.ui.stale): the model does no work of its own accord."""

    #: An edit the store refused, with its Chinese reason.
    refused = Signal(str)
    #: After every reload or update of rows (the chart follows it).
    refreshed = Signal()

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[OverviewRow] = []
        self._row_of: dict[int, int] = {}
        self.max_total = 100.0
        self.loaded = False
        #: (found, missing, weakness_causes) per (doc id, text version, text hash).
        self._parts_cache: dict[tuple, tuple[int, tuple[str, ...], bool]] = {}
        #: doc id -> number of quality flags, for the reports computed so far.
        self.flag_counts: dict[int, int] = {}
        self._flag_source: Callable[[], dict[int, int]] | None = None
        #: doc id -> repeated share (None: no earlier report of its unit); absent while computed.
        self.repeat_shares: dict[int, float | None] = {}
        self._repeat_source: Callable[[], dict[int, float | None]] | None = None

    def set_flag_source(self, counts: Callable[[], dict[int, int]], updated) -> None:
        """Where the 问题 column's numbers come from: ``counts()`` gives those known (and
        starts computing the others); ``updated`` (a signal with doc ids) says more are known."""
        self._flag_source = counts
        updated.connect(self._flags_updated)

    def set_repeat_source(self, shares: Callable[[], dict[int, float | None]], updated) -> None:
        """Where the 与上年重复 column's shares come from (as :meth:`set_flag_source`)."""
        self._repeat_source = shares
        updated.connect(self._repeats_updated)

    def _read_flag_counts(self) -> None:
        self.flag_counts = dict(self._flag_source()) if self._flag_source is not None else {}
        # the repeated shares are read at the same moments
        self.repeat_shares = dict(self._repeat_source()) if self._repeat_source is not None else {}

    def _repeats_updated(self, doc_ids: list) -> None:
        if not self.loaded:
            return
        self._read_flag_counts()
        col = COL["repeated"]
        for doc_id in doc_ids:
            row = self._row_of.get(doc_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, col), self.index(row, col))

    def _flags_updated(self, doc_ids: list) -> None:
        if not self.loaded:
            return
        self._read_flag_counts()
        col = COL["flags"]
        for doc_id in doc_ids:
            row = self._row_of.get(doc_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, col), self.index(row, col))

    # --- reading the store ----------------------------------------------------------------

    def reload(self) -> None:
        """Reads the whole round (first show, another project, a new rubric)."""
        project, cache = self.context.project, self.context.cache
        if project is None or cache is None:
            self.beginResetModel()
            self.rows, self._row_of, self._parts_cache = [], {}, {}
            self.endResetModel()
            self.loaded = False
            self.refreshed.emit()
            return
        infos = cache.documents()
        rows = self._build(infos, all_rows=True)
        self._read_flag_counts()
        self.max_total = project.rubric().total_max
        live = {(i.id, i.version, i.content_sha256) for i in infos}
        self._parts_cache = {k: v for k, v in self._parts_cache.items() if k in live}
        if [r.summary.info.id for r in rows] == [r.summary.info.id for r in self.rows]:
            self.rows = rows  # same documents: keep selection and scroll position
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self.rows = rows
            self._reindex()
            self.endResetModel()
        self.loaded = True
        self.refreshed.emit()

    def apply_changes(self, changes: ChangeSet) -> None:
        """Brings the rows of the reports in ``changes`` up to date: dataChanged for
        each updated row, rows inserted and removed for reports added and removed.
        A new rubric, or a change of a kind for the whole round, reads it all again."""
        if not self.loaded or changes.kinds() & _WHOLE_ROUND or any(c.doc_id is None for c in changes):
            self.reload()
            return
        cache = self.context.cache
        if cache is None:
            self.reload()
            return
        doc_ids = sorted({c.doc_id for c in changes})
        self._read_flag_counts()
        gone = [d for d in doc_ids if d in self._row_of and cache.info(d) is None]
        for doc_id in sorted(gone, key=self._row_of.__getitem__, reverse=True):
            row = self._row_of[doc_id]
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self._reindex()
            self.endRemoveRows()
        infos = [info for info in (cache.info(d) for d in doc_ids) if info is not None]
        if infos:
            for fresh in self._build(infos, all_rows=False):
                doc_id = fresh.summary.info.id
                row = self._row_of.get(doc_id)
                if row is not None:
                    self.rows[row] = fresh
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                else:  # a report added (or put back by undo): in id order, like a reload
                    row = next((i for i, r in enumerate(self.rows) if r.summary.info.id > doc_id),
                               len(self.rows))
                    self.beginInsertRows(QModelIndex(), row, row)
                    self.rows.insert(row, fresh)
                    self._reindex()
                    self.endInsertRows()
        self.refreshed.emit()

    def _build(self, infos: list[DocumentInfo], all_rows: bool) -> list[OverviewRow]:
        """Rows for ``infos``: counts from the cache, totals and reviewers in two
        queries (over these reports only unless ``all_rows``), parts per text version."""
        project, cache = self.context.project, self.context.cache
        ids = None if all_rows else [i.id for i in infos]
        totals = project.score_totals(ids)
        people = project.reviewers_by_document(ids)
        counts = cache.all_tag_counts() if all_rows else {i.id: cache.tag_counts(i.id) for i in infos}
        rows = []
        for info in infos:
            c = dict.fromkeys(TAG_VALUES, 0)
            c.update(counts.get(info.id, {}))
            total, scored = totals.get(info.id, (0.0, 0))
            summary = DocumentSummary(info, c, total, scored, people.get(info.id, ()))
            rows.append(OverviewRow(summary, *self._parts(info)))
        return rows

    def _parts(self, info: DocumentInfo) -> tuple[int, tuple[str, ...], bool]:
        """The report's parts, checked once per text version. The shown report's
        check is the project cache's (the scoring pane made it already); the
        others are checked here and only their summary kept, so a first look at
        the overview does not push the shown report's text out of the cache."""
        key = (info.id, info.version, info.content_sha256)
        if key not in self._parts_cache:
            cache, project = self.context.cache, self.context.project
            if cache is not None and info.id == self.context.current_doc_id:
                c = cache.completeness(info.id)
            else:
                c = project.completeness(info.id)
            self._parts_cache[key] = (c.found_count, tuple(c.missing), c.weakness_causes)
        return self._parts_cache[key]

    def _reindex(self) -> None:
        self._row_of = {r.summary.info.id: i for i, r in enumerate(self.rows)}

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {"unit": self.tr("单位"), "year": self.tr("年度"), "title": self.tr("标题"),
                  "status": self.tr("状态"), "reviewers": self.tr("评阅人"), "completeness": self.tr("完整性"),
                  "total": self.tr("总分"), "flags": self.tr("问题"), "repeated": self.tr("与上年重复"), **{tag: tag_label(tag) for tag in TAG_VALUES}}
        return titles[COLUMNS[section]]

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in _EDITABLE else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        info, name = row.summary.info, COLUMNS[index.column()]
        if role == DocIdRole:
            return info.id
        if role == StatusRole:
            return info.status
        if name == "repeated":
            return self._repeated_data(info.id, role)
        value = self._value(row, name)
        if role == SortRole:
            if name == "status":
                return list(STATUSES).index(info.status)
            if name == "year":
                return info.year if info.year is not None else -1
            if name == "flags":
                return value if value is not None else -1
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if name == "status":
                return status_label(info.status) if role == Qt.ItemDataRole.DisplayRole \
                    else info.status
            if name == "year":
                return "" if info.year is None else (str(info.year) if role == Qt.ItemDataRole.DisplayRole
                                                     else info.year)
            if name == "completeness":
                return f"{row.parts_found}/{len(PART_KEYS)}"
            if name == "flags":
                return "…" if value is None else value
            if name == "total":
                total = row.summary.scored_total
                return self.tr("未评") if total is None else f"{total:g}"
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and name in (
                "year", *TAG_VALUES, "flags", "completeness", "total"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if name == "completeness":
                lines = [self.tr("缺少：%1").replace("%1", part_label(k)) for k in row.missing] or [self.tr("五个部分齐全")]
                if "weaknesses" not in row.missing and not row.weakness_causes:
                    lines.append(self.tr("不足部分未分析原因"))
                return "\n".join(lines)
            if name == "title":
                return info.source_name
            if name == "flags":
                return self.tr("正在检查…") if value is None else self.tr("质量问题（模板占位符、雷同段落等）的条数")
        if role == Qt.ItemDataRole.ForegroundRole:
            if name == "total" and row.summary.scored_total is None:
                return QBrush(QColor("#888888"))
            if name == "completeness" and row.missing:
                return QBrush(QColor("#c0392b"))
            if name == "status":
                return QBrush(QColor({"not_started": "#888888", "in_review": "#b9770e",
                                      "done": "#237a3b"}[info.status]))
        return None

    def _repeated_data(self, doc_id: int, role):
        """与上年重复: "62%", "" without an earlier report of the unit, "…" while computed."""
        known = doc_id in self.repeat_shares
        share = self.repeat_shares.get(doc_id)
        if role == SortRole:
            return share if share is not None else -1.0
        if role == Qt.ItemDataRole.DisplayRole:
            return "…" if not known else ("" if share is None else f"{share:.0%}")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not known:
                return self.tr("正在比较…")
            if share is None:
                return self.tr("项目中没有本单位更早年度的报告")
            return self.tr("沿用本单位上一份报告的段落占全文的比例（视图 ▸ 与上年报告对比）")
        return None

    def _value(self, row: OverviewRow, name: str):
        s = row.summary
        if name == "flags":
            return self.flag_counts.get(s.info.id)
        if name in TAG_VALUES:
            return s.tag_counts.get(name, 0)
        if name == "reviewers":
            return QCoreApplication.translate("OverviewModel", "、").join(s.reviewers)
        if name == "completeness":
            return row.parts_found
        if name == "total":
            return s.scored_total
        return getattr(s.info, name)  # unit, year, title, status

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        project = self.context.project
        if project is None or not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        info, name = self.rows[index.row()].summary.info, COLUMNS[index.column()]
        try:
            if name == "unit":
                fields: dict = {"unit": str(value).strip()}
            elif name == "status":
                fields = {"status": str(value)}
            elif name == "year":
                text = str(value).strip()
                year = int(text) if text else None
                if year is not None and not 1990 <= year <= 2100:
                    raise ReviewDeskError(self.tr("年度应在 1990 至 2100 之间。"))
                fields = {"year": year}
            else:
                return False
            commands.perform(self.context, commands.update_documents(self.context, [info.id], **fields))
        except ValueError:
            self.refused.emit(self.tr("年度必须是数字，例如 2024。"))
            return False
        except ReviewDeskError as exc:
            self.refused.emit(exc.message)
            return False
        return True  # the store's change set updates the row

    def doc_id_at(self, row: int) -> int:
        return self.rows[row].summary.info.id

    def row_of(self, doc_id: int) -> int:
        """The row of a report, -1 when it has none."""
        return self._row_of.get(doc_id, -1)


class StatusDelegate(QStyledItemDelegate):
    """A combo box of 未开始 / 评阅中 / 已完成 for the status column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        for code, label in status_items():
            combo.addItem(label, code)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(StatusRole))))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OverviewFilter(QSortFilterProxyModel):
    """Text filter over unit, title and reviewers, plus a status filter."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.text = ""
        self.status = ""

    def _refilter(self, name: str, value: str) -> None:
        # begin/endFilterChange(direction) is Qt 6.10+ (6.9 has begin without the end we call);
        # older Qt has invalidateRowsFilter.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._refilter("text", text.strip().lower())

    def set_status(self, status: str) -> None:
        self._refilter("status", status or "")

    def lessThan(self, left, right) -> bool:  # noqa: N802 - Qt API
        """Unscored reports (total None) come after the scored ones, whichever way
        the total column is sorted: 未评 is no score, not the lowest one."""
        if left.column() != COL["total"]:
            return super().lessThan(left, right)
        a, b = left.data(SortRole), right.data(SortRole)
        if a is None or b is None:
            if (a is None) == (b is None):
                return False
            # Descending order lists b before a when lessThan(a, b): flip for None.
            none_last = a is not None
            return none_last if self.sortOrder() == Qt.SortOrder.AscendingOrder else not none_last
        return a < b

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.status and model.index(source_row, COL["status"]).data(StatusRole) != self.status:
            return False
        if not self.text:
            return True
        hay = " ".join(str(model.index(source_row, COL[c]).data() or "")
                       for c in ("unit", "year", "title", "reviewers")).lower()
        return all(word in hay for word in self.text.split())


class OverviewTable(QTableView):
    """The overview's table. Python code that asks it for its model — to read
    rows of an overview that may be hidden and stale — gets the rows up to
    date first (``catch_up``). Qt's own calls of model() are C++ calls that
    never come here, so the hidden table's layout passes cost nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catch_up: Callable[[], None] | None = None

    def model(self):
        if self.catch_up is not None:
            self.catch_up()
        return super().model()


class OverviewWidget(QWidget):
    """The 总览 tab: filter bar, table, chart."""

    def __init__(self, context: AppContext, open_document: Callable[[int], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.open_document = open_document or context.set_current_document
        self.model = OverviewModel(context, self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.round_label = QLabel(self)
        self.round_label.setObjectName("roundLabel")
        self.round_label.setStyleSheet("font-weight: bold; font-size: 15px;")
        # A long round/rubric name must not widen the window (1366-pixel office laptops):
        # it is cut off at the right and shown whole in the tooltip.
        self.round_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.round_label, 1)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("全部状态"), "")
        for code, label in status_items():
            self.status_filter.addItem(label, code)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData()))
        bar.addWidget(self.status_filter)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("overviewFilter")
        self.filter_edit.setPlaceholderText(self.tr("筛选：单位、标题、评阅人"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(280)
        # Room for the placeholder in either language (the round name takes what is left).
        hint = self.filter_edit.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText())
        self.filter_edit.setMinimumWidth(min(280, hint + 40))
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        bar.addWidget(self.filter_edit)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = table = OverviewTable(split)
        table.setObjectName("overviewTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(COL["unit"], Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._edit_triggers = (QAbstractItemView.EditTrigger.EditKeyPressed
                               | QAbstractItemView.EditTrigger.SelectedClicked)
        table.setEditTriggers(self._edit_triggers)
        context.readonlyChanged.connect(lambda ro: table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if ro else self._edit_triggers))
        table.setItemDelegateForColumn(COL["status"], StatusDelegate(table))
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL["title"], QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self._double_clicked)
        self.chart = RoundChart(split)
        split.addWidget(table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.model.refreshed.connect(self._update_chart)
        # Nothing is read until the tab is first shown; then only what change sets touched.
        # (Looked up at each call, so a test or a benchmark can count them on the class.)
        self.follower = ChangeFollower(self, KINDS, lambda cs: self.model.apply_changes(cs),
                                       lambda: self.model.reload())
        context.storeChanged.connect(self.follower.follow)
        context.projectChanged.connect(self.follower.invalidate)
        table.catch_up = self.catch_up
        # The round's name is one small query: kept current even while hidden.
        context.storeChanged.connect(
            lambda cs: self._update_round() if cs.kinds() & {ChangeKind.ROUND, ChangeKind.RUBRIC} else None)
        context.projectChanged.connect(self._update_round)
        self._update_round()
        self._update_chart()

    def catch_up(self) -> None:
        """Brings rows and chart up to date now if they are behind (the overview
        is hidden, or shown and waiting for the end of this event-loop turn)."""
        self.follower.flush()

    def _update_round(self) -> None:
        project = self.context.project
        if project is None:
            self.round_label.setText(self.tr("未打开项目"))
            return
        info = project.round_info()
        name = info.name or self.tr("（未命名评审轮次，可在“工具 ▸ 评审轮次设置”中填写）")
        year = self.tr("%1 年度").replace("%1", str(info.year)) if info.year else ""
        parts = [name, year, project.rubric().name]
        self.round_label.setText(self.tr(" · ").join(p for p in parts if p))
        self.round_label.setToolTip(self.round_label.text())

    def _update_chart(self, *_args) -> None:
        rows = []
        # By unit, the unscored ones (未评, no bar) after the scored ones.
        for r in sorted(self.model.rows, key=lambda r: (r.summary.scored_total is None,
                                                        r.summary.info.unit or r.summary.info.title)):
            info = r.summary.info
            rows.append(ChartRow(info.unit or info.title[:8], r.summary.scored_total, dict(r.summary.tag_counts)))
        self.chart.set_rows(rows, self.model.max_total)

    def _double_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.open_document(self.model.doc_id_at(source.row()))


def install(window) -> None:
    """Adds the 总览 tab to the main window (called through EXTENSIONS)."""
    tabs = getattr(window, "tabs", None)

    def open_document(doc_id: int) -> None:
        window.context.set_current_document(doc_id)
        if tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(window.document_view))

    widget = OverviewWidget(window.context, open_document, window)
    window.overview = widget
    from desktop.ui.flags_pane import flags_service

    service = flags_service(window)
    widget.model.set_flag_source(service.counts, service.updated)
    from desktop.ui.compare_view import compare_service

    repeats = compare_service(window)
    widget.model.set_repeat_source(repeats.shares, repeats.updated)
    window.add_central_tab("overviewTab", QCoreApplication.translate("OverviewWidget", "总览"), widget)
    widget.model.refused.connect(window.status_message)
