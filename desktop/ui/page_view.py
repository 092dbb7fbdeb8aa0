"""The 原版 view (issue 15): a PDF report's pages as they look, with its
annotations drawn over the words they cover.

A central tab beside the text (文档 / 原版); for a report without its original
PDF the tab is disabled and its tooltip says why. Pages are rendered with
pypdfium2 from the bytes the project keeps, lazily: only pages in the visible
window, at the view's zoom, kept in a small cache (a page renders in tens of
milliseconds, so on the GUI thread).

Where a span of the text lies on a page comes from desktop.analysis.page_spans
(each page line located in the canonical text, characters interpolated
within it). Annotations are drawn in their tags' colours; low-confidence OCR
lines are outlined in orange. Clicking a highlight selects its annotation
(the annotation pane follows); dragging across words selects the text span
they are (the document pane's selection is set to it), and the tag actions
(1/2/3, as in the text view) tag it through the window's usual path.
Ctrl+wheel and the − / + buttons zoom; the page box jumps to a page.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.analysis.page_spans import LOW_CONFIDENCE, Box
from desktop.store import ChangeKind, ChangeSet
from desktop.tags import BY_VALUE
from desktop.ui.annotation_model import annotation_source
from desktop.ui.context import AppContext
from desktop.ui.ocr_marks import MARK_COLOUR, PageData, page_data

log = logging.getLogger(__name__)

#: pdfium's bitmap layouts as QImage formats (pdfium writes BGR order unless asked
#: otherwise; "BGRA"/"BGRX" in memory is Qt's ARGB32/RGB32 on little-endian PCs).
_FORMATS = {
    "RGB": QImage.Format.Format_RGB888, "BGR": QImage.Format.Format_BGR888,
    "RGBA": QImage.Format.Format_RGBA8888, "RGBX": QImage.Format.Format_RGBX8888,
    "BGRA": QImage.Format.Format_ARGB32, "BGRX": QImage.Format.Format_RGB32,
    "L": QImage.Format.Format_Grayscale8,
}


def page_image(page, scale: float) -> QImage:
    """A rendered PDF page as a QImage straight from pdfium's buffer (no Pillow:
    the bundle leaves it out)."""
    bitmap = page.render(scale=scale, rev_byteorder=True)
    fmt = _FORMATS[bitmap.mode]
    return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()

#: Pixels per PDF point at 100 % (96 dpi screens).
BASE_SCALE = 96 / 72
GAP = 16
ZOOMS = (50, 67, 80, 100, 120, 150, 200, 300)
#: Rendered pages kept (per zoom).
PAGES_KEPT = 12
#: A press and release closer than this (pixels) is a click, not a drag.
DRAG_PIXELS = 4


class PageCanvas(QWidget):
    """The pages stacked top to bottom; paints only what the clip asks for."""

    #: (annotation id) clicked; (start, end) of a drag selection, or (-1, -1) when cleared.
    annotationClicked = Signal(int)
    spanSelected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.data: PageData | None = None
        self.pdf = None  # a pypdfium2.PdfDocument
        self.zoom = 100
        self._images: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        #: per page: (annotation id, tag, box) of the annotations on it
        self.highlights: list[list[tuple[int, str, Box]]] = []
        self.selected_annotation = 0
        #: the drag selection's (start, end) in the text, and its boxes
        self.selection: tuple[int, int] | None = None
        self._selection_boxes: list[Box] = []
        self._press: tuple[int, QPointF] | None = None
        self._drag_to: QPointF | None = None
        #: What the last paint drew (tests): pages rendered, and (id, tag, page, rect) of highlights.
        self.painted_pages: list[int] = []
        self.drawn_highlights: list[tuple[int, str, int, QRectF]] = []
        self.drawn_outlines: list[tuple[int, QRectF]] = []

    # --- geometry --------------------------------------------------------------------

    @property
    def scale(self) -> float:
        return BASE_SCALE * self.zoom / 100

    def page_rects(self) -> list[QRectF]:
        out = []
        y = float(GAP)
        width = self.width()
        for rec in self.data.records if self.data else []:
            w, h = rec.width * self.scale, rec.height * self.scale
            out.append(QRectF(max(GAP, (width - w) / 2), y, w, h))
            y += h + GAP
        return out

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        rects = self.page_rects()
        if not rects:
            return QSize(400, 300)
        return QSize(int(max(r.width() for r in rects) + 2 * GAP), int(rects[-1].bottom() + GAP))

    def relayout(self) -> None:
        hint = self.sizeHint()
        self.setMinimumSize(hint)
        self.resize(max(hint.width(), self.parentWidget().width() if self.parentWidget() else 0), hint.height())
        self.update()

    def to_view(self, page: int, box: Box | tuple[float, float, float, float]) -> QRectF:
        rect = self.page_rects()[page]
        x0, top, x1, bottom = (box.x0, box.top, box.x1, box.bottom) if isinstance(box, Box) else box
        s = self.scale
        return QRectF(rect.left() + x0 * s, rect.top() + top * s, (x1 - x0) * s, (bottom - top) * s)

    def to_page(self, pos: QPointF) -> tuple[int, float, float] | None:
        """(page, x, y in points) under a canvas position (the nearest page between pages)."""
        rects = self.page_rects()
        if not rects:
            return None
        best = min(range(len(rects)), key=lambda i: 0 if rects[i].top() <= pos.y() <= rects[i].bottom()
                   else min(abs(pos.y() - rects[i].top()), abs(pos.y() - rects[i].bottom())))
        r = rects[best]
        return best, (pos.x() - r.left()) / self.scale, (pos.y() - r.top()) / self.scale

    # --- content ---------------------------------------------------------------------

    def set_data(self, data: PageData | None, original: bytes | None) -> None:
        self.data = data
        self._images.clear()
        self.selection, self._selection_boxes, self.selected_annotation = None, [], 0
        if self.pdf is not None:
            try:
                self.pdf.close()
            except Exception:  # noqa: BLE001 - closing a damaged file must not stop the view
                pass
        self.pdf = None
        if data is not None and original:
            try:
                import pypdfium2 as pdfium

                self.pdf = pdfium.PdfDocument(original)
            except Exception:  # noqa: BLE001 - the boxes still show without the rendering
                log.exception("the original PDF could not be opened for rendering")
        self.highlights = [[] for _ in (data.records if data else [])]
        self.relayout()

    def set_annotations(self, annotations) -> None:
        self.highlights = [[] for _ in (self.data.records if self.data else [])]
        if self.data is not None:
            for ann in annotations:
                if getattr(ann, "orphaned", False):
                    continue
                for box in self.data.map.boxes(ann.start, ann.end):
                    self.highlights[box.page].append((ann.id, ann.tag, box))
        self.update()

    def set_zoom(self, zoom: int) -> None:
        zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        if zoom != self.zoom:
            self.zoom = zoom
            self._images.clear()
            self.relayout()

    def set_selection(self, span: tuple[int, int] | None) -> None:
        self.selection = span
        self._selection_boxes = self.data.map.boxes(*span) if span and self.data else []
        self.update()

    def _image(self, page: int) -> QImage | None:
        key = (page, self.zoom)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        index = self.data.records[page].index if self.data is not None else page  # the PDF's own page
        if self.pdf is None or index >= len(self.pdf):
            return None
        try:
            image = page_image(self.pdf[index], self.scale)
        except Exception:  # noqa: BLE001 - a page that does not render shows blank
            log.exception("page %d did not render", page + 1)
            return None
        self._images[key] = image
        while len(self._images) > PAGES_KEPT:
            self._images.popitem(last=False)
        return image

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        clip = QRectF(event.rect())
        painter.fillRect(clip, QColor("#8a8f98"))
        painted: list[int] = []
        drawn: list[tuple[int, str, int, QRectF]] = []
        outlines: list[tuple[int, QRectF]] = []
        if self.data is not None:
            for p, rect in enumerate(self.page_rects()):
                if not rect.intersects(clip):
                    continue
                painted.append(p)
                painter.fillRect(rect, QColor("#ffffff"))
                image = self._image(p)
                if image is not None:
                    painter.drawImage(rect, image)
                self._paint_marks(painter, p, drawn, outlines)
        painter.end()
        self.painted_pages, self.drawn_highlights, self.drawn_outlines = painted, drawn, outlines

    def _paint_marks(self, painter: QPainter, p: int, drawn: list, outlines: list) -> None:
        assert self.data is not None
        record = self.data.records[p]
        if record.source == "ocr":
            pen = QPen(QColor(MARK_COLOUR))
            pen.setWidthF(1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for k, line in enumerate(record.lines):
                if line.confidence < LOW_CONFIDENCE:
                    r = self.to_view(p, (line.x0, line.top, line.x1, line.bottom)).adjusted(-2, -2, 2, 2)
                    painter.drawRect(r)
                    outlines.append((k, r))
        painter.setPen(Qt.PenStyle.NoPen)
        for ann_id, tag, box in self.highlights[p]:
            colour = QColor(BY_VALUE[tag].colour)
            colour.setAlpha(150 if ann_id == self.selected_annotation else 80)
            r = self.to_view(p, box).adjusted(-1, -1, 1, 1)
            painter.fillRect(r, colour)
            if ann_id == self.selected_annotation:
                pen = QPen(QColor(BY_VALUE[tag].colour))
                pen.setWidthF(2)
                painter.setPen(pen)
                painter.drawRect(r)
                painter.setPen(Qt.PenStyle.NoPen)
            drawn.append((ann_id, tag, p, r))
        selection = QColor("#1d4ed8")
        selection.setAlpha(90)
        for box in self._selection_boxes:
            if box.page == p:
                painter.fillRect(self.to_view(p, box), selection)

    # --- mouse -----------------------------------------------------------------------

    def highlight_at(self, pos: QPointF) -> int:
        """The annotation whose highlight is under a canvas position (the innermost, 0: none)."""
        where = self.to_page(pos)
        if where is None or self.data is None:
            return 0
        page = where[0]
        hits = [(box.x1 - box.x0, ann_id) for ann_id, _tag, box in self.highlights[page]
                if self.to_view(page, box).adjusted(-1, -1, 1, 1).contains(pos)]
        return min(hits)[1] if hits else 0

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.data is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._press = (0, event.position())
            self._drag_to = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._press is not None:
            self._drag_to = event.position()
            span = self._span(self._press[1], event.position())
            if span is not None:
                self.set_selection(span)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        start = self._press[1]
        self._press = None
        end = event.position()
        if (end - start).manhattanLength() < DRAG_PIXELS:
            ann_id = self.highlight_at(end)
            self.set_selection(None)
            self.spanSelected.emit(-1, -1)
            if ann_id:
                self.selected_annotation = ann_id
                self.update()
                self.annotationClicked.emit(ann_id)
            return
        span = self._span(start, end)
        self.set_selection(span)
        if span is not None:
            self.spanSelected.emit(*span)

    def _span(self, a: QPointF, b: QPointF) -> tuple[int, int] | None:
        if self.data is None:
            return None
        pa, pb = self.to_page(a), self.to_page(b)
        if pa is None or pb is None:
            return None
        oa = self.data.map.offset_at(pa[0], pa[1], pa[2])
        ob = self.data.map.offset_at(pb[0], pb[1], pb[2])
        if oa is None or ob is None or oa == ob:
            return None
        start, end = min(oa, ob), max(oa, ob)
        text = self.data.map.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1 if event.angleDelta().y() > 0 else -1
            self.parent_view().step_zoom(step)
            event.accept()
            return
        super().wheelEvent(event)

    def parent_view(self) -> "PageView":
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, PageView):
            widget = widget.parentWidget()
        assert widget is not None
        return widget


class PageView(QWidget):
    """The 原版 tab: a bar (page number, zoom) over the scrolled pages."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.source = annotation_source(context)
        self.doc_id = 0
        self._loaded: tuple = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("pageNumber")
        self.page_box.setMinimum(1)
        self.page_box.setPrefix(self.tr("第 "))
        self.of_pages = QLabel(self)
        self.zoom_out = QToolButton(self)
        self.zoom_out.setText("−")
        self.zoom_out.setToolTip(self.tr("缩小（Ctrl+滚轮）"))
        self.zoom_label = QLabel(self)
        self.zoom_in = QToolButton(self)
        self.zoom_in.setText("+")
        self.zoom_in.setToolTip(self.tr("放大（Ctrl+滚轮）"))
        self.note = QLabel(self)
        self.note.setObjectName("pageNote")
        self.note.setStyleSheet(f"color: {MARK_COLOUR};")
        for w in (self.page_box, self.of_pages):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.zoom_out, self.zoom_label, self.zoom_in):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.note, 1)
        layout.addLayout(bar)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("pageScroll")
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.canvas = PageCanvas()
        self.scroll.setWidget(self.canvas)
        layout.addWidget(self.scroll, 1)
        self.page_box.valueChanged.connect(self._page_chosen)
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._following = False
        # The reviewer zoomed: later reports open at that zoom, not fitted to the width.
        self._zoom_chosen = False
        self._update_bar()
        context.storeChanged.connect(self._on_store_changed)
        context.annotationSelected.connect(self._annotation_selected)

    # --- loading ---------------------------------------------------------------------

    def load(self, doc_id: int) -> None:
        """Shows a report's pages (nothing when it has none); cheap when already shown."""
        project, cache = self.context.project, self.context.cache
        info = cache.info(doc_id) if doc_id and project is not None and cache is not None else None
        key = (doc_id, info.content_sha256, id(project)) if info is not None else ()
        if key == self._loaded:
            return
        self._loaded = key
        self.doc_id = doc_id if info is not None else 0
        data = page_data(self.context, doc_id) if info is not None else None
        original = project.original_file(doc_id) if data is not None and project is not None else None
        if data is not None and not self._zoom_chosen:
            self.canvas.zoom = self._fit_width(data)
        self.canvas.set_data(data, original)
        self.canvas.set_annotations(self.source.annotations(doc_id) if data is not None else [])
        self.canvas.relayout()
        self.scroll.verticalScrollBar().setValue(0)
        self._update_bar()

    def _fit_width(self, data: PageData) -> int:
        """The zoom at which the widest page fills the view's width (a report opens readable)."""
        widest = max((r.width for r in data.records), default=595.0) * BASE_SCALE
        available = self.scroll.viewport().width() - 2 * GAP - 4
        return max(ZOOMS[0], min(200, int(100 * available / widest))) if available > 100 else 100

    def has_pages(self) -> bool:
        return self.canvas.data is not None

    def _on_store_changed(self, changes: ChangeSet) -> None:
        if not self.doc_id:
            return
        if changes.touches(ChangeKind.DOCUMENTS, self.doc_id) or changes.touches(ChangeKind.SECTIONS, self.doc_id):
            if self.isVisible():
                self._loaded = ()
                self.load(self.doc_id)
            else:
                self._loaded = ()  # loaded again when shown
        elif changes.touches(ChangeKind.ANNOTATIONS, self.doc_id) and self.canvas.data is not None:
            self.canvas.set_annotations(self.source.annotations(self.doc_id))

    def _annotation_selected(self, ann_id: int) -> None:
        self.canvas.selected_annotation = ann_id
        self.canvas.update()
        if ann_id and self.isVisible() and not self._following:
            for p, items in enumerate(self.canvas.highlights):
                for i, _tag, box in items:
                    if i == ann_id:
                        rect = self.canvas.to_view(p, box)
                        self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 50, 150)
                        return

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.load(self.context.current_doc_id)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.canvas.relayout()

    # --- bar ---------------------------------------------------------------------------

    def _update_bar(self) -> None:
        data = self.canvas.data
        n = len(data.records) if data else 0
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(n, 1))
        self.page_box.setEnabled(n > 0)
        self.page_box.blockSignals(False)
        self.page_box.setSuffix(self.tr(" 页"))
        self.of_pages.setText(self.tr("共 %1 页").replace("%1", str(n)))
        self.zoom_label.setText(f"{self.canvas.zoom}%")
        ocr = [r.index + 1 for r in data.records if r.source == "ocr"] if data else []
        if ocr:
            from desktop.store.pages import page_ranges

            note = self.tr("第 %1 页由文字识别得到").replace("%1", page_ranges(ocr))
            if any(ln.confidence < LOW_CONFIDENCE for r in data.records if r.source == "ocr" for ln in r.lines):
                note += self.tr("；橙色框为可信度低的行，请对照核对")
            self.note.setText(note)
        else:
            self.note.setText("")

    def step_zoom(self, step: int) -> None:
        zooms = list(ZOOMS)
        here = min(range(len(zooms)), key=lambda i: abs(zooms[i] - self.canvas.zoom))
        bar = self.scroll.verticalScrollBar()
        share = bar.value() / max(bar.maximum(), 1)
        self._zoom_chosen = True
        self.canvas.set_zoom(zooms[max(0, min(len(zooms) - 1, here + step))])
        bar.setValue(round(share * bar.maximum()))
        self._update_bar()

    def _page_chosen(self, number: int) -> None:
        rects = self.canvas.page_rects()
        if 0 < number <= len(rects):
            self._following = True
            self.scroll.verticalScrollBar().setValue(int(rects[number - 1].top() - GAP / 2))
            self._following = False

    def _scrolled(self, value: int) -> None:
        if self._following:
            return
        rects = self.canvas.page_rects()
        middle = value + self.scroll.viewport().height() / 3
        for i, r in enumerate(rects):
            if r.bottom() + GAP >= middle:
                self.page_box.blockSignals(True)
                self.page_box.setValue(i + 1)
                self.page_box.blockSignals(False)
                break

    def show_page(self, number: int) -> None:
        self.page_box.setValue(number)
        self._page_chosen(number)


def install(window) -> PageView:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS): the 原版 tab."""
    view = PageView(window.context, window)
    window.page_view = view
    index = window.add_central_tab("pageTab", QCoreApplication.translate("PageView", "原版"), view)
    tabs = window.tabs
    doc_view = window.document_view
    # The tag actions (1/2/3) work on the page as in the text: a drag sets the text pane's selection.
    view.canvas.addActions(list(window.acts.tags.values()))

    def span_selected(start: int, end: int) -> None:
        if start < 0:
            doc_view.clear_selection()
        elif doc_view.doc_id == view.doc_id:
            doc_view.select_span(start, end)

    def annotation_clicked(ann_id: int) -> None:
        view._following = True  # noqa: SLF001 - the click came from the page itself
        try:
            if not window.annotation_pane.select_annotation(ann_id):
                window.context.annotationSelected.emit(ann_id)
        finally:
            view._following = False  # noqa: SLF001

    def selection_available(has: bool) -> None:
        if not has and view.canvas.selection is not None:
            view.canvas.set_selection(None)

    view.canvas.spanSelected.connect(span_selected)
    view.canvas.annotationClicked.connect(annotation_clicked)
    doc_view.selectionAvailable.connect(selection_available)

    def refresh_tab(*_args) -> None:
        project = window.context.project
        doc_id = window.context.current_doc_id
        has = bool(project is not None and doc_id and project.has_original(doc_id))
        if not has and tabs.currentIndex() == index:  # before disabling it: Qt would pick a neighbour
            tabs.setCurrentIndex(tabs.indexOf(doc_view))
        tabs.setTabEnabled(index, has)
        tabs.setTabToolTip(index, QCoreApplication.translate("PageView", "PDF 报告的原始页面，标注画在所标的文字上") if has
                           else QCoreApplication.translate("PageView", "只有 PDF 报告有原版页面"))
        if view.isVisible():
            view.load(doc_id)

    window.context.currentDocumentChanged.connect(refresh_tab)
    window.context.projectChanged.connect(refresh_tab)
    window.context.storeChanged.connect(
        lambda changes: refresh_tab() if changes.touches(ChangeKind.DOCUMENTS) else None)
    refresh_tab()
    return view
