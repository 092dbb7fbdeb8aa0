"""Low-confidence OCR lines marked in the document pane (issue 15).

A PDF report's pages read by OCR carry each recognised line's confidence;
lines below desktop.analysis.page_spans.LOW_CONFIDENCE are located in the
canonical text (a PageMap, cached per text version) and drawn with a dotted
orange underline, only those in the visible window, with the tooltip
"识别可信度 72%，请对照原版核对". The status bar says which pages were read
by OCR ("第 3–8 页由文字识别得到").

:func:`page_data` (also used by desktop.ui.page_view) reads a report's page
records and builds its PageMap once per text version.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel

from desktop.analysis.page_spans import PageMap, page_map
from desktop.importers.base import PageRecord
from desktop.store import ChangeKind, ChangeSet
from desktop.store.pages import page_ranges
from desktop.ui.context import AppContext

#: The underline of a line to check: orange, far from the tags' blue, amber and red tints.
MARK_COLOUR = "#e8590c"
#: The wave: pixels below the pane's underline place, and half its height.
WAVE_DROP = 3.0
WAVE_HEIGHT = 1.8


@dataclass
class PageData:
    doc_id: int
    content_sha256: str
    records: list[PageRecord]
    map: PageMap


_DATA: dict[tuple[int, str], PageData] = {}


def page_data(context: AppContext, doc_id: int) -> PageData | None:
    """The shown text version's page records and their PageMap (None: no records)."""
    project, cache = context.project, context.cache
    if not doc_id or project is None or cache is None:
        return None
    info = cache.info(doc_id)
    if info is None:
        return None
    key = (doc_id, info.content_sha256)
    found = _DATA.get(key)
    if found is None or getattr(found, "_project", None) is not project:
        records = project.page_records(doc_id)
        if not records:
            return None
        text = cache.text(doc_id)
        pmap = page_map((str(project.path), *key), text, project.page_starts(doc_id), records)
        found = PageData(doc_id, info.content_sha256, records, pmap)
        found._project = project  # type: ignore[attr-defined]
        if len(_DATA) >= 8:
            _DATA.pop(next(iter(_DATA)))
        _DATA[key] = found
    return found


class _WavePainter(QPainter):
    """Draws the pane's underlines as waves (a spelling-check look, unlike the
    suggestions' dashes): the pane's own line geometry, another stroke."""

    def drawLine(self, *args) -> None:  # type: ignore[override]  # noqa: N802 - Qt API
        if len(args) != 2 or not all(isinstance(a, QPointF) for a in args):
            super().drawLine(*args)
            return
        a, b = args
        y = a.y() + WAVE_DROP  # below the suggestions' dashes, which share the pane's underline place
        path = QPainterPath(QPointF(a.x(), y))
        x, up = a.x(), True
        while x < b.x():
            nx = min(x + 3.0, b.x())
            path.lineTo(QPointF(nx, y + (-WAVE_HEIGHT if up else WAVE_HEIGHT)))
            x, up = nx, not up
        self.drawPath(path)


class OcrMarks(QObject):
    """The document pane's low-confidence marks and the status bar's OCR note."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.document_view
        self.context: AppContext = window.context
        #: (start16, end16, confidence) of the shown report's low-confidence lines, in text order.
        self.spans: list[tuple[int, int, float]] = []
        #: What the last paint underlined (tests): (start, end, confidence) in code points.
        self.drawn: list[tuple[int, int, float]] = []
        self.label = QLabel(window)
        self.label.setObjectName("statusOcr")
        self.label.setStyleSheet(f"color: {MARK_COLOUR};")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.view.overlays.append(self.paint)
        self.view.tooltip_sources.append(self.tooltips)
        self.context.currentDocumentChanged.connect(lambda _id: self.reload())
        self.context.projectChanged.connect(self.reload)
        self.context.storeChanged.connect(self._on_store_changed)
        self.reload()

    def _on_store_changed(self, changes: ChangeSet) -> None:
        doc_id = self.context.current_doc_id
        if doc_id and (changes.touches(ChangeKind.DOCUMENTS, doc_id) or changes.touches(ChangeKind.SECTIONS, doc_id)):
            self.reload()

    def reload(self) -> None:
        data = page_data(self.context, self.context.current_doc_id)
        if data is None or self.view.doc_id != data.doc_id:
            self.spans = []
            self.label.hide()
            self.view.viewport().update()
            return
        to16 = self.view.layer.offsets.to_utf16
        self.spans = [(to16(s), to16(e), c) for s, e, c, _p in data.map.low_confidence()]
        pages = [r.index + 1 for r in data.records if r.source == "ocr"]
        if pages:
            self.label.setText(QCoreApplication.translate("OcrMarks", "第 %1 页由文字识别得到")
                               .replace("%1", page_ranges(pages)))
            self.label.setToolTip(QCoreApplication.translate(
                "OcrMarks", "这些页是扫描件，文字由文字识别（OCR）得到；可信度低的行在文中以橙色波浪线标出，请对照原版核对。"))
            self.label.show()
        else:
            self.label.hide()
        self.view.viewport().update()

    def paint(self, clip: QRectF) -> None:
        drawn: list[tuple[int, int, float]] = []
        if self.spans and self.view.doc_id:
            lo, hi = self.view.visible_range16()
            painter = _WavePainter(self.view.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(QColor(MARK_COLOUR))
            pen.setWidthF(1.6)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            cp = self.view.layer.offsets.to_codepoint
            for s16, e16, conf in self.spans:
                if e16 <= lo or s16 >= hi:
                    continue
                if self.view._underline(painter, s16, e16, clip):  # noqa: SLF001 - the pane's own line geometry
                    drawn.append((cp(s16), cp(e16), conf))
            painter.end()
        self.drawn = drawn

    def tooltips(self, pos16: int) -> list[str]:
        line = QCoreApplication.translate("OcrMarks", "识别可信度 %1%，请对照原版核对")
        return [line.replace("%1", str(round(conf * 100))) for s16, e16, conf in self.spans if s16 <= pos16 < e16]

    def marked(self) -> list[tuple[int, int, float]]:
        """All low-confidence spans of the shown report, in code points (tests)."""
        cp = self.view.layer.offsets.to_codepoint
        return [(cp(s), cp(e), c) for s, e, c in self.spans]


def install(window) -> OcrMarks:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS)."""
    marks = OcrMarks(window)
    window.ocr_marks = marks
    return marks
