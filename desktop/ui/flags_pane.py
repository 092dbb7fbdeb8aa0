"""The 问题 pane: the shown report's quality flags (desktop.analysis.flags), a click jumps.

One :class:`FlagsService` per window computes the flags of the round's
reports in a worker (desktop.ui.workers) and keeps them per report in a
Qt-free :class:`~desktop.analysis.round_flags.RoundFlagsCache`, keyed by the
report's text version and the text versions of the reports it is compared
with (same year, same unit's earlier years). The GUI thread only reads the
texts and outlines through the project; the worker computes. A report added
to the round, a new version or a changed year makes the flags of the reports
it touches stale; they are computed again the next time the pane or the
overview asks.

The pane follows the store's change sets through desktop.ui.stale (nothing
is done while its dock is hidden) and the service's ``updated`` signal.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.analysis.flags import Flag
from desktop.analysis.round_flags import ReportInput, ReportMeta, RoundFlagsCache, compute, label_of, needed_for
from desktop.store import ChangeKind, ChangeSet
from desktop.ui import workers
from desktop.ui.context import AppContext
from desktop.ui.lists import flat_list
from desktop.ui.stale import ChangeFollower

_KINDS = {
    "placeholder": QT_TRANSLATE_NOOP("FlagsPane", "模板占位符"),
    "wrong_title": QT_TRANSLATE_NOOP("FlagsPane", "文件名称有误"),
    "copied": QT_TRANSLATE_NOOP("FlagsPane", "雷同段落"),
    "weakness_without_cause": QT_TRANSLATE_NOOP("FlagsPane", "不足未分析原因"),
    "plan_unrelated": QT_TRANSLATE_NOOP("FlagsPane", "下一步安排未回应不足"),
    "year_mismatch": QT_TRANSLATE_NOOP("FlagsPane", "年份不一致"),
}
#: Quotes longer than this are cut in the list (the tooltip holds them whole).
QUOTE_CHARS = 60
StartRole = Qt.ItemDataRole.UserRole + 1
EndRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3


def kind_label(kind: str) -> str:
    """模板占位符 / … for a flag kind (the kind itself if unknown)."""
    return QCoreApplication.translate("FlagsPane", _KINDS[kind]) if kind in _KINDS else kind


class FlagsService(QObject):
    """The round's flags, computed off the GUI thread and kept per text version."""

    #: Flags of these doc ids were stored (a list of ints).
    updated = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.cache = RoundFlagsCache()
        self._metas: list[ReportMeta] = []
        self._dirty = True
        self._again = False
        self.task: workers.Task | None = None
        #: Computations started (tests read it).
        self.runs = 0
        context.projectChanged.connect(self._project_changed)
        context.storeChanged.connect(self._store_changed)

    # --- keeping up -----------------------------------------------------------------

    def _project_changed(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.cache = RoundFlagsCache()
        self._dirty = True

    def _store_changed(self, changes: ChangeSet) -> None:
        kinds = changes.kinds()
        if ChangeKind.SECTIONS in kinds:
            for c in changes:
                if c.kind is ChangeKind.SECTIONS:
                    self.cache.forget(c.doc_id)
        if kinds & {ChangeKind.DOCUMENTS, ChangeKind.SECTIONS}:
            self._dirty = True

    def _sync(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        cache = self.context.cache
        infos = cache.documents() if cache is not None and self.context.project is not None else []
        self._metas = [ReportMeta(i.id, (i.version, i.content_sha256), i.year, i.unit or "",
                                  label_of(i.id, i.title)) for i in infos]
        self.cache.update(self._metas)

    # --- asking ---------------------------------------------------------------------------

    def flags_of(self, doc_id: int) -> list[Flag] | None:
        """The report's flags, or None while they are being computed (``updated`` follows)."""
        self._sync()
        found = self.cache.get(doc_id)
        if found is None:
            self.request()
        return found

    def counts(self) -> dict[int, int]:
        """doc id -> number of flags of the reports computed; starts computing the others."""
        self._sync()
        if self.cache.missing():
            self.request()
        return self.cache.counts()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def request(self) -> None:
        """Computes every report whose flags are missing, in a worker."""
        if self.task is not None:
            self._again = True
            return
        self._sync()
        project = self.context.project
        missing = self.cache.missing()
        if project is None or not missing:
            return
        metas = list(self._metas)
        by_id = {m.doc_id: m for m in metas}
        cache = self.context.cache
        try:  # read on the GUI thread (the connection is this thread's); computed in the worker
            inputs = [ReportInput(by_id[d], project.document_text(d),
                                  cache.sections(d) if cache is not None else project.sections(d))
                      for d in needed_for(metas, missing)]
        except Exception:  # a report removed meanwhile: the next change set asks again
            self._dirty = True
            return
        used = self.cache.signatures()
        target = self.cache
        self.runs += 1

        def job(_progress, cancelled):
            return compute(inputs, missing, cancelled)

        self.task = task = workers.start(job, self)
        task.succeeded.connect(lambda result: self._done(target, result, used))
        task.finished.connect(self._finished)

    def _done(self, target: RoundFlagsCache, result: dict, used: dict) -> None:
        if target is not self.cache:
            return  # another project meanwhile
        self._sync()
        stored = target.put(result, used)
        if stored:
            self.updated.emit(stored)

    def _finished(self) -> None:
        self.task = None
        if self._again or self._dirty:
            self._again = False
            self._sync()
            if self.cache.missing():
                self.request()


def flags_service(window) -> FlagsService:
    """The window's one FlagsService (made on first use: the overview and the pane share it)."""
    service = getattr(window, "flags_service", None)
    if service is None:
        service = FlagsService(window.context, window)
        window.flags_service = service
    return service


class FlagsPane(QWidget):
    """问题: kind, message and quote of each flag of the shown report."""

    def __init__(self, context: AppContext, service: FlagsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagsPane")
        self.context = context
        self.service = service
        self.doc_id = 0
        self.shown_flags: list[Flag] = []
        self.status = QLabel(self)
        self.status.setObjectName("flagsStatus")
        self.status.setWordWrap(True)
        self.items = QStandardItemModel(0, 3, self)
        self.items.setHorizontalHeaderLabels([self.tr("类型"), self.tr("说明"), self.tr("原文")])
        # one line a flag; the tooltips hold message and quote whole
        self.list = flat_list(self, "flagsList", self.items)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.list.setColumnWidth(2, 150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.list.clicked.connect(self.jump)
        self.list.activated.connect(self.jump)
        self.follower = ChangeFollower(self, (ChangeKind.DOCUMENTS, ChangeKind.SECTIONS),
                                       lambda _cs: self.refresh(), self.refresh)
        context.storeChanged.connect(self.follower.follow)
        context.projectChanged.connect(self.follower.invalidate)
        context.currentDocumentChanged.connect(lambda _d: self.follower.invalidate())
        service.updated.connect(self._updated)
        self.follower.invalidate()

    def _updated(self, doc_ids: list) -> None:
        if self.context.current_doc_id in doc_ids or self.doc_id in doc_ids:
            self.follower.invalidate()

    def refresh(self) -> None:
        """Shows the current report's flags, or asks for them and says so."""
        doc_id = self.context.current_doc_id if self.context.project is not None else 0
        self.doc_id = doc_id
        found = self.service.flags_of(doc_id) if doc_id else []
        self.items.removeRows(0, self.items.rowCount())
        self.shown_flags = list(found or [])
        if not doc_id:
            self.status.setText(self.tr("未打开报告"))
            return
        if found is None:
            self.status.setText(self.tr("正在检查…"))
            return
        rows = []
        for f in self.shown_flags:
            quote = f.quote.strip().replace("\n", " ")
            short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 1] + "…"
            kind = QStandardItem(kind_label(f.kind))
            kind.setData(f.start, StartRole)
            kind.setData(f.end, EndRole)
            kind.setData(f.kind, KindRole)
            kind.setToolTip(f.message)
            message = QStandardItem(f.message)
            message.setToolTip(f.message)
            text = QStandardItem(short)
            text.setToolTip(quote)
            rows.append([kind, message, text])
        for row in rows:
            self.items.appendRow(row)
        self.status.setText(self.tr("%1 个问题").replace("%1", str(len(rows))) if rows
                            else self.tr("未发现问题"))

    def flag_at(self, row: int) -> Flag | None:
        return self.shown_flags[row] if 0 <= row < len(self.shown_flags) else None

    def jump(self, index) -> None:
        flag = self.flag_at(index.row()) if index.isValid() else None
        if flag is not None and self.doc_id:
            self.context.reveal(self.doc_id, flag.start, flag.end)


def install(window) -> FlagsPane:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS): the 问题 dock."""
    pane = FlagsPane(window.context, flags_service(window), window)
    window.flags_pane = pane
    window.flags_dock = window.add_dock("flagsDock", QCoreApplication.translate("FlagsPane", "问题"), pane,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
    return pane
