"""Annotation suggestions in the window (issue 13): the 建议 list under the
annotation table, and the open suggestions the document view draws.

:class:`SuggestionSource` (one per context) computes the shown report's
suggestions with desktop.analysis.suggest — off the GUI thread through
desktop.ui.workers for long texts — once per text version, and keeps the
*open* ones: not rejected for this version (the store's
``rejected_suggestions``), not already annotated (an annotation with the
same span, whatever its tag, or overlapping it with the same tag). Every
decision is an ordinary store operation through desktop.ui.commands, so
accepting is one undo step exactly like tagging by hand.
"""

from __future__ import annotations

import bisect
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.suggest import Suggestion, suggest
from desktop.store import ChangeKind, ChangeSet
from desktop.store.operations import SuggestedSpan
from desktop.tags import BY_VALUE, TAGS
from desktop.ui import commands, workers
from desktop.ui import settings as app_settings
from desktop.ui.annotation_model import annotation_source, shorten
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label

#: Texts longer than this are looked at in a worker (shorter ones at once: about 1 ms per 1,000 characters).
WORKER_CHARS = 30_000
S_COL_TAG, S_COL_QUOTE, S_COL_REASON = range(3)
SuggestionRole = Qt.ItemDataRole.UserRole + 11


def open_suggestions(found: list[Suggestion], rejected: set[tuple[int, int, str]],
                     annotated: list[tuple[int, int, str]]) -> list[Suggestion]:
    """The suggestions still waiting for a decision: not rejected, no annotation
    on the same span (any tag), none of the same tag overlapping it."""
    spans = {(s, e) for s, e, _t in annotated}
    by_tag: dict[str, tuple[list[int], list[int]]] = {}
    for tag in {t for _s, _e, t in annotated}:
        rows = sorted((s, e) for s, e, t in annotated if t == tag)
        starts, reach, top = [], [], -1
        for s, e in rows:
            top = max(top, e)
            starts.append(s)
            reach.append(top)  # the furthest end of any annotation starting at or before s
        by_tag[tag] = (starts, reach)
    out = []
    for sug in found:
        if (sug.start, sug.end, sug.tag) in rejected or (sug.start, sug.end) in spans:
            continue
        held = by_tag.get(sug.tag)
        if held is not None:
            i = bisect.bisect_left(held[0], sug.end)  # annotations starting before the suggestion ends
            if i and held[1][i - 1] > sug.start:
                continue
        out.append(sug)
    return out


class SuggestionSource(QObject):
    """The shown report's open suggestions, for the 建议 list and the document view."""

    #: The open suggestions of the shown report changed (recomputed or decided on).
    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self.annotations = annotation_source(context)  # created (and connected) before us
        self.doc_id = 0
        self.enabled = app_settings.show_suggestions()
        self.found: list[Suggestion] = []
        self.rows: list[Suggestion] = []
        self._key: tuple | None = None  # (doc_id, content_sha256) ``found`` was made for
        #: The shown report's placed annotations (id -> start, end, tag), kept up to date from
        #: the change sets' deltas (read whole only on a switch or a whole reload).
        self._annotated: dict[int, tuple[int, int, str]] | None = None
        self._rejected: set[tuple[int, int, str]] | None = None
        self._task: workers.Task | None = None
        self.computing = False
        #: Synchronous computations and worker runs (tests count them).
        self.runs = 0
        #: Suggestions computed before, by (doc_id, content_sha256): a report shown
        #: again, or computed with the whole round, is not looked at again.
        self.computed: dict[tuple, list[Suggestion]] = {}
        context.currentDocumentChanged.connect(self._show)
        context.projectChanged.connect(self._project_changed)
        context.storeChanged.connect(self._on_store_changed)

    # --- following the window ---------------------------------------------------------

    def _project_changed(self) -> None:
        self.computed.clear()
        self._show(self.context.current_doc_id, force=True)

    def store(self, results: dict[tuple, list[Suggestion]]) -> None:
        """Takes suggestions computed elsewhere (the whole round, in a worker)."""
        self.computed.update(results)
        key = self._text_key(self.doc_id) if self.enabled else None
        if key is not None and key in results and (self.computing or key != self._key):
            self._compute(key)

    def open_count(self, doc_id: int, found: list[Suggestion]) -> int:
        """How many of ``found`` still wait for a decision in report ``doc_id``."""
        project = self.context.project
        if project is None:
            return 0
        annotated = [(a.start, a.end, a.tag) for a in project.annotations(doc_id)]
        return len(open_suggestions(found, project.rejected_suggestions(doc_id), annotated))

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        self._show(self.context.current_doc_id, force=True)

    def _text_key(self, doc_id: int) -> tuple | None:
        cache = self.context.cache
        info = cache.info(doc_id) if cache is not None and doc_id else None
        return (doc_id, info.content_sha256) if info is not None else None

    def _show(self, doc_id: int, force: bool = False) -> None:
        self.doc_id = doc_id if self.context.project is not None else 0
        self._annotated = self._rejected = None
        key = self._text_key(self.doc_id) if self.enabled else None
        if key is None:
            self._cancel()
            self.found, self._key = [], None
            self._refilter()
            return
        if key == self._key and not force:
            self._refilter()
            return
        self._compute(key)

    def _on_store_changed(self, changes: ChangeSet) -> None:
        doc_id = self.doc_id
        if not doc_id or not self.enabled:
            return
        if changes.touches(ChangeKind.DOCUMENTS, doc_id) or changes.touches(ChangeKind.SECTIONS, doc_id):
            key = self._text_key(doc_id)
            if key != self._key:
                self._show(doc_id)
                return
        if changes.touches(ChangeKind.ANNOTATIONS, doc_id):
            delta = self.annotations.delta(changes, doc_id)
            if delta.whole:
                self._annotated = self._rejected = None
            elif self._annotated is not None:
                for ann_id in delta.removed:
                    self._annotated.pop(ann_id, None)
                placed = delta.placed(doc_id)
                for ann_id in delta.records:
                    ann = placed.get(ann_id)
                    if ann is None:
                        self._annotated.pop(ann_id, None)
                    else:
                        self._annotated[ann_id] = (ann.start, ann.end, ann.tag)
            self._refilter()

    # --- computing -----------------------------------------------------------------------

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.computing = False

    def _compute(self, key: tuple) -> None:
        self._cancel()
        if key in self.computed:
            self.found, self._key = self.computed[key], key
            self._refilter()
            return
        cache = self.context.cache
        assert cache is not None
        text, sections = cache.text(key[0]), list(cache.sections(key[0]))
        self.runs += 1
        if len(text) <= WORKER_CHARS:
            self.found, self._key = suggest(text, sections), key
            self.computed[key] = self.found
            self._refilter()
            return
        self.found, self._key, self.computing = [], key, True
        self._refilter()
        task = self._task = workers.start(lambda _progress, _cancelled: suggest(text, sections), self)

        def done(result: object) -> None:
            if self._task is task and self._key == key:
                self._task, self.computing = None, False
                self.found = self.computed[key] = list(result)  # type: ignore[call-overload]
                self._refilter()

        def failed(_exc: object) -> None:
            if self._task is task:
                self._task, self.computing = None, False
                self._refilter()

        task.succeeded.connect(done)
        task.failed.connect(failed)

    def wait(self, timeout_ms: int = 30000) -> None:
        """Tests: until a worker run is over."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self.computing and not deadline.hasExpired():
            QCoreApplication.processEvents()

    def _refilter(self) -> None:
        project = self.context.project
        if not self.found or project is None or not self.doc_id:
            rows: list[Suggestion] = []
        else:
            if self._annotated is None:
                self._annotated = {a.id: (a.start, a.end, a.tag) for a in self.annotations.annotations(self.doc_id)}
            if self._rejected is None:
                self._rejected = project.rejected_suggestions(self.doc_id)
            rows = open_suggestions(self.found, self._rejected, list(self._annotated.values()))
        if rows != self.rows or not rows:
            self.rows = rows
            self.changed.emit()

    # --- sections ----------------------------------------------------------------------------

    def section_of(self, sug: Suggestion):
        cache = self.context.cache
        if cache is None or not self.doc_id:
            return None
        return cache.section_index(self.doc_id).at(sug.start)

    def same_section(self, sug: Suggestion) -> list[Suggestion]:
        """The open suggestions of ``sug``'s tag in its (innermost) section, ``sug`` included."""
        section = self.section_of(sug)
        if section is None:
            return [s for s in self.rows if s.tag == sug.tag and self.section_of(s) is None]
        return [s for s in self.rows if s.tag == sug.tag and section.start <= s.start < section.end
                and self.section_of(s) == section]


def suggestion_source(context: AppContext) -> SuggestionSource:
    """The context's one SuggestionSource (created on first use)."""
    source = getattr(context, "_suggestion_source", None)
    if source is None:
        source = SuggestionSource(context)
        context._suggestion_source = source  # noqa: SLF001 - the context carries it for its panes
    return source


class SuggestionModel(QAbstractTableModel):
    def __init__(self, source: SuggestionSource, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.rows: list[Suggestion] = []
        self.headers = [self.tr("类型"), self.tr("原文"), self.tr("理由")]
        source.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.source.rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        sug, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (tag_label(sug.tag), shorten(sug.quote), sug.reason)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sug.quote}\n\n{self.tr('理由：')}{sug.reason}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(BY_VALUE[sug.tag].colour if col == S_COL_TAG else "#555555"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == S_COL_TAG:
            return Qt.AlignmentFlag.AlignCenter
        if role == SuggestionRole:
            return index.row()
        return None


class SuggestionTable(QTableView):
    """Enter accepts, 1/2/3 accept with that tag, Delete rejects: the keys are the
    table's own while it has focus (a ShortcutOverride taken before the window's
    Delete or the document pane's 1/2/3 could see them)."""

    def __init__(self, on_key: Callable[[QKeyEvent], bool], parent=None) -> None:
        super().__init__(parent)
        self._on_key = on_key

    @staticmethod
    def handles(event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        keys = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Backspace}
        return event.key() in keys or event.text() in {t.key for t in TAGS}

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.handles(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if self.handles(event) and self._on_key(event):
            event.accept()
            return
        super().keyPressEvent(event)


class SuggestionList(QWidget):
    """建议（N）: the shown report's open suggestions, decided on from the keyboard or the menu."""

    def __init__(self, context: AppContext, ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionList")
        self.context, self.ops = context, ops
        self.source = suggestion_source(context)
        self.model = SuggestionModel(self.source, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setObjectName("suggestionLabel")
        layout.addWidget(self.label)
        self.table = table = SuggestionTable(self._key, self)
        table.setObjectName("suggestionTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setMinimumHeight(24 * 5)  # a few suggestions in view even when the dock is short
        header = table.horizontalHeader()
        header.setSectionResizeMode(S_COL_TAG, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(S_COL_TAG, 52)
        header.setSectionResizeMode(S_COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(S_COL_REASON, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(S_COL_REASON, 120)
        table.setToolTip(self.tr("回车接受，按 1 / 2 / 3 改为举措 / 数据 / 不足后接受，Delete 拒绝"))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.clicked.connect(self._reveal)
        table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._reveal(cur))
        layout.addWidget(table, 1)
        self._keep_row = -1
        self.model.modelReset.connect(self._after_reset)
        self._after_reset()

    # --- rows ---------------------------------------------------------------------------------

    def _after_reset(self) -> None:
        n = len(self.model.rows)
        text = self.tr("建议（%1）").replace("%1", str(n))
        if self.source.computing:
            text = self.tr("建议（正在分析…）")
        self.label.setText(text)
        visible = self.source.enabled and bool(self.context.project and self.source.doc_id)
        self.setVisible(visible)
        if 0 <= self._keep_row and n:  # after a decision, the next suggestion is ready for the next key
            row = min(self._keep_row, n - 1)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._keep_row = -1

    def selected(self) -> list[Suggestion]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _reveal(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.model.rows):
            sug = self.model.rows[index.row()]
            self.context.reveal(self.source.doc_id, sug.start, sug.end)

    # --- decisions ------------------------------------------------------------------------------

    def _spans(self, items: list[Suggestion], tag: str | None = None) -> list[SuggestedSpan]:
        return [SuggestedSpan(self.source.doc_id, s.start, s.end, tag or s.tag) for s in items]

    def _run(self, make, items: list[Suggestion], tag: str | None = None) -> bool:
        if not items or not self.source.doc_id:
            return False
        rows = [self.model.rows.index(s) for s in items if s in self.model.rows]
        self._keep_row = min(rows) if rows else -1
        done = self.ops.run(make(self.context, self._spans(items, tag))) is not None
        if not done:
            self._keep_row = -1
        return done

    def accept(self, items: list[Suggestion] | None = None, tag: str | None = None) -> bool:
        """Makes suggestions annotations (with ``tag``, or each its own): one undo step."""
        return self._run(commands.accept_suggestions, self.selected() if items is None else items, tag)

    def reject(self, items: list[Suggestion] | None = None) -> bool:
        """Rejects suggestions for this version of the report: one undo step."""
        return self._run(commands.reject_suggestions, self.selected() if items is None else items)

    def accept_section(self, sug: Suggestion) -> bool:
        """Every open suggestion of ``sug``'s tag in its section: one undo step."""
        return self.accept(self.source.same_section(sug))

    def _key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.reject()
            return True
        for tag in TAGS:
            if event.text() == tag.key:
                self.accept(tag=tag.value)
                return True
        return False

    # --- menu ---------------------------------------------------------------------------------

    def _context_menu(self, pos) -> None:
        menu = self.build_context_menu()
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def build_context_menu(self) -> QMenu | None:
        items = self.selected()
        if not items:
            return None
        menu = QMenu(self)
        menu.addAction(self.tr("接受建议"), lambda: self.accept(items))
        for tag in TAGS:
            menu.addAction(self.tr("改为“%1”并接受").replace("%1", tag_label(tag.value)),
                           lambda t=tag.value: self.accept(items, t))
        menu.addAction(self.tr("拒绝建议"), lambda: self.reject(items))
        menu.addSeparator()
        first = items[0]
        act = menu.addAction(self.tr("接受本节全部『%1』建议").replace("%1", tag_label(first.tag)),
                             lambda: self.accept_section(first))
        act.setObjectName("acceptSectionAction")
        return menu


class RoundSuggestionsAction(QAction):
    """Tools ▸ 为全部报告计算标注建议…: every report of the round looked at in a
    worker, with progress and cancel; switching reports afterwards shows their
    suggestions at once. The texts are read here, on the GUI thread (the
    worker never touches the project)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.setText(self.tr("为全部报告计算标注建议…"))
        self.setObjectName("action_round_suggestions")
        self.setStatusTip(self.tr("在后台分析项目中的全部报告，列出待定的举措、数据和不足建议"))
        self.task: workers.Task | None = None
        #: The last run's answer: doc id -> open suggestions (tests read it).
        self.counts: dict[int, int] = {}
        self.triggered.connect(self.run)
        window.menu("tools").addAction(self)

    def run(self) -> workers.Task | None:
        context = self.window.context
        cache, source = context.cache, suggestion_source(context)
        if context.project is None or cache is None or (self.task is not None and not self.task.done):
            return None
        jobs = []
        for info in cache.documents():
            key = (info.id, info.content_sha256)
            if key not in source.computed:
                jobs.append((key, info.title, cache.text(info.id), list(cache.sections(info.id))))
        dialog = workers.progress_dialog(self.window, self.tr("计算标注建议"), self.tr("正在分析报告…"),
                                         self.tr("取消"))

        def job(progress, cancelled) -> dict[tuple, list[Suggestion]]:
            out: dict[tuple, list[Suggestion]] = {}
            for i, (key, title, text, sections) in enumerate(jobs):
                if cancelled():
                    break
                progress(i, len(jobs), title)
                out[key] = suggest(text, sections)
            progress(len(jobs), len(jobs), "")
            return out

        def progressed(done: int, total: int, title: str) -> None:
            dialog.setRange(0, max(total, 1))
            dialog.setValue(done)
            if title:
                dialog.setLabelText(self.tr("正在分析：%1").replace("%1", title))

        def succeeded(result: object) -> None:
            source.store(result)  # type: ignore[arg-type]  # what was done stays done, even if cancelled
            self.counts = {key[0]: source.open_count(key[0], found) for key, found in source.computed.items()
                           if cache.info(key[0]) is not None and cache.info(key[0]).content_sha256 == key[1]}
            self.window.status_message(
                self.tr("已分析 %1 份报告，共 %2 条待定的标注建议")
                .replace("%1", str(len(self.counts))).replace("%2", str(sum(self.counts.values()))), 10000)

        task = self.task = workers.start(job, self)
        task.progressed.connect(progressed)
        task.succeeded.connect(succeeded)
        task.failed.connect(lambda exc: self.window.status_message(str(exc), 10000))
        task.finished.connect(dialog.finish)
        dialog.canceled.connect(task.cancel)
        return task


def install(window) -> RoundSuggestionsAction:
    window.round_suggestions_action = RoundSuggestionsAction(window)
    return window.round_suggestions_action
