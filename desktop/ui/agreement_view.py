"""工具 ▸ 评阅人一致性…: how far the project's reviewers agree, and where two of them differ.

A thin window over desktop.analysis.agreement. The 一致性 tab has a checkbox
per reviewer with annotations (all ticked at first), a table tag × (κ, α,
一致率, 字数) for the round and one row per report all ticked reviewers
annotated. The spans are read on the GUI thread in two queries (the
connection is this thread's) and the figures computed in a worker
(desktop.ui.workers): a round of 40 long reports read by three reviewers takes
about a tenth of a second. The 差异对照 tab puts two reviewers side by side
for one report: each stretch only one of them tagged or they tagged
differently (reviewer A's tag | the text | reviewer B's tag, coloured by tag);
activating a row opens the report and selects that stretch in the document
pane. Below it, both reviewers' points per criterion and A − B.

The window follows the store: a change of annotations, scores or reports
recomputes what it shows, while it is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.agreement import (
    Agreement,
    Difference,
    Figures,
    ScoreDifference,
    agreement,
    differences,
    reviewers_of,
    round_spans,
    score_differences,
)
from desktop.store import ChangeKind, ChangeSet
from desktop.tags import BY_VALUE, TAG_VALUES
from desktop.ui import workers
from desktop.ui.labels import tag_label

#: Quotes longer than this are cut in the list (the tooltip holds them whole).
QUOTE_CHARS = 80
#: A stretch shorter than this is shown with up to CONTEXT_CHARS of its line on each side.
SHORT_CHARS = 6
CONTEXT_CHARS = 10
_FOLLOWED = {ChangeKind.ANNOTATIONS, ChangeKind.DOCUMENTS, ChangeKind.SCORES, ChangeKind.RUBRIC}


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _item(text: str, tip: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, 0, parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


class AgreementDialog(QDialog):
    """一致性: the figures per tag and per report, and the side-by-side differences."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("agreementDialog")
        self.window_ = window
        self.context = window.context
        self.setWindowTitle(self.tr("评阅人一致性"))
        self.resize(1100, 720)
        self.result: Agreement | None = None
        self.task: workers.Task | None = None
        self._generation = 0
        self._spans: dict[int, dict[str, list[tuple[str, int, int]]]] = {}
        self._titles: dict[int, str] = {}
        self._lengths: dict[int, int] = {}
        self.boxes: dict[str, QCheckBox] = {}
        self.shown_differences: list[Difference] = []
        self.shown_scores: list[ScoreDifference] = []
        self.diff_doc_id = 0

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("agreementTabs")
        self.tabs.addTab(self._build_figures_tab(), self.tr("一致性"))
        self.tabs.addTab(self._build_differences_tab(), self.tr("差异对照"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.context.storeChanged.connect(self._store_changed)
        self.context.projectChanged.connect(self._project_changed)

    # --- building -------------------------------------------------------------------------

    def _build_figures_tab(self) -> QWidget:
        page = QWidget(self)
        self.reviewer_group = QGroupBox(self.tr("比较的评阅人"), page)
        self.reviewer_group.setObjectName("agreementReviewers")
        self.reviewer_layout = QHBoxLayout(self.reviewer_group)
        self.status = QLabel(page)
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        self.round_table = _table("agreementRound", page)
        self.documents_table = _table("agreementDocuments", page)
        self.convention = QLabel(self.convention_text(), page)
        self.convention.setObjectName("agreementConvention")
        self.convention.setWordWrap(True)
        self.convention.setStyleSheet("color: #555;")
        round_label = QLabel(self.tr("全部报告"), page)
        round_label.setStyleSheet("font-weight: bold;")
        doc_label = QLabel(self.tr("各份报告"), page)
        doc_label.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(page)
        layout.addWidget(self.reviewer_group)
        layout.addWidget(self.status)
        layout.addWidget(round_label)
        layout.addWidget(self.round_table)
        layout.addWidget(doc_label)
        layout.addWidget(self.documents_table, 1)
        layout.addWidget(self.convention)
        return page

    def _build_differences_tab(self) -> QWidget:
        page = QWidget(self)
        self.reviewer_a = QComboBox(page)
        self.reviewer_a.setObjectName("agreementReviewerA")
        self.reviewer_b = QComboBox(page)
        self.reviewer_b.setObjectName("agreementReviewerB")
        self.report_box = QComboBox(page)
        self.report_box.setObjectName("agreementReport")
        self.report_box.setMinimumContentsLength(24)
        self.report_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("评阅人 A"), page))
        row.addWidget(self.reviewer_a)
        row.addWidget(QLabel(self.tr("评阅人 B"), page))
        row.addWidget(self.reviewer_b)
        row.addWidget(QLabel(self.tr("报告"), page))
        row.addWidget(self.report_box, 1)
        self.diff_status = QLabel(page)
        self.diff_status.setObjectName("agreementDiffStatus")
        self.diff_status.setWordWrap(True)
        self.diff_table = _table("agreementDifferences", page)
        self.diff_table.setColumnCount(3)
        header = self.diff_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.diff_table.activated.connect(self.jump)
        self.diff_table.doubleClicked.connect(self.jump)
        self.score_table = _table("agreementScores", page)
        self.score_table.setColumnCount(4)
        sheader = self.score_table.horizontalHeader()
        sheader.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            sheader.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Vertical, page)
        split.setObjectName("agreementDiffSplit")
        upper = QWidget(split)
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(self.diff_status)
        ul.addWidget(self.diff_table, 1)
        lower = QWidget(split)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        score_label = QLabel(self.tr("评分差异"), lower)
        score_label.setStyleSheet("font-weight: bold;")
        ll.addWidget(score_label)
        ll.addWidget(self.score_table, 1)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        for box in (self.reviewer_a, self.reviewer_b, self.report_box):
            box.currentIndexChanged.connect(self.show_differences)
        return page

    def data_views(self) -> list[QWidget]:
        """The tables that show report data (titles, quotes, criteria); the i18n walk skips them."""
        return [self.documents_table, self.diff_table, self.score_table]

    # --- texts --------------------------------------------------------------------------

    def convention_text(self) -> str:
        return self.tr("以字为单位：比较的是全部所选评阅人都标注过的报告中的每一个字；对每种标注类型，"
                       "某字落在某评阅人该类型的标注范围内记为 1，否则记为 0（同一评阅人重叠的标注只计一次）。"
                       "Cohen κ 只用于两位评阅人，Krippendorff α（名义）用于两位或更多；"
                       "一致率是全部评阅人取值相同的字所占的比例。")

    def reviewer_label(self, key: str) -> str:
        return key or self.tr("（未署名）")

    def _reason(self, reason: str) -> str:
        from desktop.analysis import agreement as core

        return {core.NO_UNITS: self.tr("没有全部所选评阅人都标注过的报告"),
                core.NO_VARIATION: self.tr("所有评阅人对每个字的取值都相同，期望不一致为 0，系数无定义"),
                core.KAPPA_TWO_ONLY: self.tr("Cohen κ 只用于两位评阅人")}.get(reason, reason)

    # --- following the project ------------------------------------------------------------

    def _store_changed(self, changes: ChangeSet) -> None:
        if self.isVisible() and changes.kinds() & _FOLLOWED:
            self.reload()

    def _project_changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._titles, self._spans, self._lengths, self.result = {}, {}, {}, None

    def reload(self) -> None:
        """Reads the round's spans and recomputes (figures in a worker, differences here)."""
        project = self.context.project
        if project is None:
            self._spans, self._titles, self._lengths = {}, {}, {}
        else:
            self._titles = {i.id: i.title or "" for i in project.documents()}
            self._spans = project.reviewer_spans()
            self._lengths = project.text_lengths()
        self._fill_reviewers()
        self.recompute()
        self._fill_difference_choices()

    def _fill_reviewers(self) -> None:
        known = reviewers_of(round_spans(self._titles, {}, self._spans))
        old = {k: b.isChecked() for k, b in self.boxes.items()}
        for box in self.boxes.values():
            self.reviewer_layout.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        for key in known:
            box = QCheckBox(self.reviewer_label(key), self.reviewer_group)
            box.setChecked(old.get(key, True))
            box.toggled.connect(self.recompute)
            self.reviewer_layout.addWidget(box)
            self.boxes[key] = box
        self.reviewer_layout.addStretch(0)

    def chosen(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]

    def recompute(self) -> workers.Task | None:
        """Starts computing the figures of the ticked reviewers; None when there is nothing to do."""
        self._generation += 1
        generation = self._generation
        if self.task is not None:
            self.task.cancel()
        chosen = self.chosen()
        if len(chosen) < 2:
            self.result = None
            self._show_figures()
            return None
        docs = round_spans(self._titles, self._lengths, self._spans)
        self.status.setText(self.tr("正在计算…"))

        def job(_progress, _cancelled):
            return agreement(docs, chosen)

        task = self.task = workers.start(job, self)
        task.succeeded.connect(lambda result: self._computed(generation, result))
        task.failed.connect(lambda exc: self.status.setText(str(exc)))
        return task

    def _computed(self, generation: int, result: Agreement) -> None:
        if generation != self._generation:
            return
        self.result = result
        self.task = None
        self._show_figures()

    # --- the figures ------------------------------------------------------------------------

    def _show_figures(self) -> None:
        result = self.result
        self.round_table.clear()
        self.documents_table.clear()
        self.round_table.setRowCount(0)
        self.documents_table.setRowCount(0)
        if result is None:
            self.status.setText(self.tr("至少需要两位有标注的评阅人才能计算一致性（现有 %1 位）")
                                .replace("%1", str(len(self.boxes))) if len(self.boxes) < 2
                                else self.tr("请至少勾选两位评阅人"))
            return
        names = self.tr("、").join(self.reviewer_label(r) for r in result.reviewers)
        text = (self.tr("评阅人：%1；比较 %2 份报告、%3 个字").replace("%1", names)
                .replace("%2", str(len(result.documents))).replace("%3", f"{result.units:,}"))
        if result.excluded:
            text += self.tr("；%1 份报告并非每位评阅人都标注过，未计入").replace("%1", str(len(result.excluded)))
        self.status.setText(text)
        headers = [self.tr("标注类型"), "κ", "α", self.tr("一致率"), self.tr("字数")]
        self.round_table.setColumnCount(len(headers))
        self.round_table.setHorizontalHeaderLabels(headers)
        self._header_tips(self.round_table, {1: self.tr("Cohen κ（两位评阅人）"),
                                             2: self.tr("Krippendorff α（名义，两位或更多评阅人）"),
                                             3: self.tr("全部评阅人取值相同的字所占比例")})
        for tag in TAG_VALUES:
            f = result.tags[tag]
            row = self.round_table.rowCount()
            self.round_table.insertRow(row)
            self.round_table.setItem(row, 0, self._tag_item(tag))
            for col, item in enumerate(self._figure_items(f), start=1):
                self.round_table.setItem(row, col, item)
        rh = self.round_table.horizontalHeader()
        rh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.round_table.setFixedHeight(self.round_table.horizontalHeader().height()
                                        + 3 * self.round_table.verticalHeader().defaultSectionSize() + 4)
        two = len(result.reviewers) == 2
        doc_headers = [self.tr("报告"), self.tr("字数")]
        for tag in TAG_VALUES:
            label = tag_label(tag)
            if two:
                doc_headers.append(f"{label} κ")
            doc_headers += [f"{label} α", self.tr("%1 一致率").replace("%1", label)]
        self.documents_table.setColumnCount(len(doc_headers))
        self.documents_table.setHorizontalHeaderLabels(doc_headers)
        for d in result.documents:
            row = self.documents_table.rowCount()
            self.documents_table.insertRow(row)
            title = d.title or self.tr("报告 %1").replace("%1", str(d.doc_id))
            title_item = _item(title, title)
            title_item.setData(Qt.ItemDataRole.UserRole, d.doc_id)
            self.documents_table.setItem(row, 0, title_item)
            self.documents_table.setItem(row, 1, _item(f"{d.units:,}", align_right=True))
            col = 2
            for tag in TAG_VALUES:
                kappa, alpha, raw, _units = self._figure_items(d.tags[tag])
                for item in ([kappa] if two else []) + [alpha, raw]:
                    self.documents_table.setItem(row, col, item)
                    col += 1
        dh = self.documents_table.horizontalHeader()
        dh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    @staticmethod
    def _header_tips(table: QTableWidget, tips: dict[int, str]) -> None:
        for col, tip in tips.items():
            item = table.horizontalHeaderItem(col)
            if item is not None:
                item.setToolTip(tip)

    def _tag_item(self, tag: str) -> QTableWidgetItem:
        item = _item(tag_label(tag))
        item.setForeground(QBrush(QColor(BY_VALUE[tag].colour)))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        return item

    def _figure_items(self, f: Figures) -> list[QTableWidgetItem]:
        raw = "—" if f.agreement is None else f"{f.agreement * 100:.1f}%"
        return [_item(_number(f.kappa), self._reason(f.kappa_reason), True),
                _item(_number(f.alpha), self._reason(f.alpha_reason), True),
                _item(raw, "" if f.agreement is not None else self._reason(f.alpha_reason), True),
                _item(f"{f.units:,}", align_right=True)]

    def figures_shown(self) -> dict[str, tuple[str, str, str, str]]:
        """tag -> the round table's (κ, α, 一致率, 字数) texts (tests read it)."""
        out = {}
        for row, tag in enumerate(TAG_VALUES[:self.round_table.rowCount()]):
            out[tag] = tuple(self.round_table.item(row, c).text() for c in range(1, 5))  # type: ignore[union-attr]
        return out  # type: ignore[return-value]

    # --- the side-by-side ----------------------------------------------------------------------

    def _fill_difference_choices(self) -> None:
        known = list(self.boxes)
        boxes = (self.reviewer_a, self.reviewer_b, self.report_box)
        old = [b.currentData() for b in boxes]
        for b in boxes:
            b.blockSignals(True)
            b.clear()
        for key in known:
            self.reviewer_a.addItem(self.reviewer_label(key), key)
            self.reviewer_b.addItem(self.reviewer_label(key), key)
        for doc_id, title in self._titles.items():
            if len(self._spans.get(doc_id, {})) >= 1:
                self.report_box.addItem(title or self.tr("报告 %1").replace("%1", str(doc_id)), doc_id)
        defaults = [known[0] if known else None, known[1] if len(known) > 1 else None, self._default_report()]
        for b, was, default in zip(boxes, old, defaults):
            i = b.findData(was) if was is not None else -1
            b.setCurrentIndex(i if i >= 0 else max(0, b.findData(default)))
            b.blockSignals(False)
        self.show_differences()

    def _default_report(self) -> int | None:
        """The shown report when both first reviewers annotated it, else the first that both did."""
        known = list(self.boxes)[:2]
        shared = [d for d in self._titles if all(self._spans.get(d, {}).get(r) for r in known)]
        current = self.context.current_doc_id
        if current in shared:
            return current
        return shared[0] if shared else next(iter(self._titles), None)

    def choose(self, reviewer_a: str, reviewer_b: str, doc_id: int) -> None:
        """Puts two reviewers and a report side by side (the 差异对照 tab)."""
        for box, value in ((self.reviewer_a, reviewer_a), (self.reviewer_b, reviewer_b), (self.report_box, doc_id)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)
        self.show_differences()

    def show_differences(self) -> None:
        project = self.context.project
        a, b, doc_id = self.reviewer_a.currentData(), self.reviewer_b.currentData(), self.report_box.currentData()
        self.diff_table.setRowCount(0)
        self.score_table.setRowCount(0)
        self.shown_differences, self.shown_scores = [], []
        self.diff_doc_id = 0
        if project is None or a is None or b is None or doc_id is None:
            self.diff_status.setText(self.tr("至少需要两位有标注的评阅人"))
            return
        name_a, name_b = self.reviewer_label(a), self.reviewer_label(b)
        self.diff_table.setHorizontalHeaderLabels([name_a, self.tr("原文"), name_b])
        self.score_table.setHorizontalHeaderLabels([self.tr("评分项"), name_a, name_b, self.tr("差值（A − B）")])
        if a == b:
            self.diff_status.setText(self.tr("请选择两位不同的评阅人"))
            return
        text = project.document_text(doc_id)
        spans = self._spans.get(doc_id, {})
        self.diff_doc_id = doc_id
        self.shown_differences = differences(text, spans.get(a, []), spans.get(b, []))
        for d in self.shown_differences:
            row = self.diff_table.rowCount()
            self.diff_table.insertRow(row)
            quote = d.quote.strip().replace("\n", " ")
            short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 1] + "…"
            if len(quote) < SHORT_CHARS:  # a comma alone says nothing: its neighbours, the stretch marked
                before = text[max(0, d.start - CONTEXT_CHARS):d.start].split("\n")[-1]
                after = text[d.end:d.end + CONTEXT_CHARS].split("\n")[0]
                short = self.tr("%1【%2】%3").replace("%1", before).replace("%2", quote).replace("%3", after)
            self.diff_table.setItem(row, 0, self._side_item(d.tags_a))
            middle = _item(short, quote)
            middle.setData(Qt.ItemDataRole.UserRole, (d.start, d.end))
            self.diff_table.setItem(row, 1, middle)
            self.diff_table.setItem(row, 2, self._side_item(d.tags_b))
        kinds = {"only_a": 0, "only_b": 0, "different": 0}
        for d in self.shown_differences:
            kinds[d.kind] += 1
        if not (spans.get(a) and spans.get(b)):
            lead = self.tr("注意：并非两位评阅人都标注了这份报告。")
        else:
            lead = ""
        self.diff_status.setText(lead + self.tr("%1 处差异：仅 %2 标注 %3 处，仅 %4 标注 %5 处，类型不同 %6 处。"
                                                "双击或按回车跳到原文。")
                                 .replace("%1", str(len(self.shown_differences)))
                                 .replace("%2", name_a).replace("%3", str(kinds["only_a"]))
                                 .replace("%4", name_b).replace("%5", str(kinds["only_b"]))
                                 .replace("%6", str(kinds["different"])))
        self._show_scores(project, doc_id, a, b)

    def _side_item(self, tags: tuple[str, ...]) -> QTableWidgetItem:
        if not tags:
            item = _item(self.tr("（未标注）"))
            item.setForeground(QBrush(QColor("#888888")))
            return item
        item = _item(" + ".join(tag_label(t) for t in tags))
        first = BY_VALUE.get(tags[0])
        if first is not None:
            item.setBackground(QBrush(QColor(first.highlight)))
            item.setForeground(QBrush(QColor(first.colour)))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        return item

    def _show_scores(self, project, doc_id: int, a: str, b: str) -> None:
        mine: dict[str, dict[str, float | None]] = {a: {}, b: {}}
        for s in project.scores(doc_id):
            if s.reviewer in mine:
                mine[s.reviewer][s.criterion_id] = s.points
        self.shown_scores = score_differences(mine[a], mine[b], project.criteria())
        for s in self.shown_scores:
            row = self.score_table.rowCount()
            self.score_table.insertRow(row)
            self.score_table.setItem(row, 0, _item(s.title, s.title))
            for col, points in ((1, s.points_a), (2, s.points_b)):
                self.score_table.setItem(row, col, _item(self.tr("未评分") if points is None else f"{points:g}",
                                                         align_right=True))
            diff = s.difference
            item = _item("—" if diff is None else f"{diff:+g}" if diff else "0", align_right=True)
            if diff:
                item.setForeground(QBrush(QColor("#d64545")))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.score_table.setItem(row, 3, item)

    def jump(self, index) -> None:
        """Opens the report and selects the stretch of the activated difference."""
        row = index.row() if index.isValid() else -1
        if not (0 <= row < len(self.shown_differences)) or not self.diff_doc_id:
            return
        d = self.shown_differences[row]
        self.context.reveal(self.diff_doc_id, d.start, d.end)
        view = getattr(self.window_, "document_view", None)
        if view is not None and view.doc_id == self.diff_doc_id:
            view.select_span(d.start, d.end)


class AgreementAction(QAction):
    """工具 ▸ 评阅人一致性…: opens (or raises) the window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: AgreementDialog | None = None
        self.setText(self.tr("评阅人一致性…"))
        self.setObjectName("action_agreement")
        self.setStatusTip(self.tr("比较评阅人的标注（Cohen κ、Krippendorff α、一致率）并对照两位评阅人的差异"))
        self.triggered.connect(self.open)
        window.menu("tools").addAction(self)

    def open(self) -> AgreementDialog:
        if self.dialog is None:
            self.dialog = AgreementDialog(self.window_)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install(window) -> AgreementAction:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS)."""
    window.agreement_action = AgreementAction(window)
    return window.agreement_action

