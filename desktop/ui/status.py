"""The status bar's permanent parts: document title, tag counts (doubling as
the colour legend) and the reviewer's name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from desktop.store import ChangeKind, ChangeSet
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

    def _on_store_changed(self, changes: ChangeSet) -> None:
        """Only a change to the shown report's annotations or row (title) shows here."""
        doc_id = self.context.current_doc_id
        if doc_id and (changes.touches(ChangeKind.ANNOTATIONS, doc_id)
                       or changes.touches(ChangeKind.DOCUMENTS, doc_id)):
            self.refresh()

    def refresh(self) -> None:
        """Title and counts from the project cache (kept up to date by change sets)."""
        cache, doc_id = self.context.cache, self.context.current_doc_id
        title = ""
        counts = dict.fromkeys((t.value for t in TAGS), 0)
        if self.context.project is not None and cache is not None and doc_id:
            info = cache.info(doc_id)
            title = info.title if info else ""
            counts = cache.tag_counts(doc_id)
        metrics = self.title.fontMetrics()
        self.title.setText(metrics.elidedText(title, Qt.TextElideMode.ElideMiddle, 500))
        self.title.setToolTip(title)
        for tag in TAGS:
            self.counts[tag.value].setText(
                f'<span style="color:{tag.colour}; font-size:14px">■</span> {tag_label(tag.value)} {counts.get(tag.value, 0)}')
        name = self.context.reviewer or self.tr("（未设置）")
        self.reviewer.setText(self.tr("评阅人：%1").replace("%1", name))
