"""The status bar's permanent parts: document title, tag counts (doubling as
the colour legend) and the reviewer's name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from desktop.store import Change
from desktop.tags import TAGS
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label


class StatusParts(QWidget):
    def __init__(self, context: AppContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.context = context
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(14)
        self.title = QLabel(self)
        self.title.setObjectName("statusTitle")
        self.title.setMaximumWidth(520)
        layout.addWidget(self.title)
        self.counts: dict[str, QLabel] = {}
        for tag in TAGS:
            label = QLabel(self)
            label.setObjectName(f"statusCount_{tag.value}")
            label.setToolTip(self.tr("按 %1 标为“%2”").replace("%1", tag.key).replace("%2", tag_label(tag.value)))
            self.counts[tag.value] = label
            layout.addWidget(label)
        self.reviewer = QLabel(self)
        self.reviewer.setObjectName("statusReviewer")
        layout.addWidget(self.reviewer)
        bar.addPermanentWidget(self)
        context.currentDocumentChanged.connect(lambda _id: self.refresh())
        context.projectChanged.connect(self.refresh)
        context.storeChanged.connect(self._on_store_changed)
        self.refresh()

    def _on_store_changed(self, changes) -> None:
        for change in changes:
            self._on_change(change)

    def _on_change(self, change: Change) -> None:
        if change.doc_id == self.context.current_doc_id and change.what in ("annotations", "documents"):
            self.refresh()

    def refresh(self) -> None:
        project, doc_id = self.context.project, self.context.current_doc_id
        title = ""
        counts = dict.fromkeys((t.value for t in TAGS), 0)
        if project is not None and doc_id:
            info = project.document_info(doc_id)
            title = info.title if info else ""
            counts = project.tag_counts(doc_id)
        metrics = self.title.fontMetrics()
        self.title.setText(metrics.elidedText(title, Qt.TextElideMode.ElideMiddle, 500))
        self.title.setToolTip(title)
        for tag in TAGS:
            self.counts[tag.value].setText(
                f'<span style="color:{tag.colour}; font-size:14px">■</span> {tag_label(tag.value)} {counts.get(tag.value, 0)}')
        name = self.context.reviewer or self.tr("（未设置）")
        self.reviewer.setText(self.tr("评阅人：%1").replace("%1", name))
