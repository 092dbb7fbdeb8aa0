"""The document pane: the canonical text, read-only, with tag highlights.

The text is shown exactly as stored (one paragraph per block) so Qt's
positions are the text's UTF-16 offsets; the first-line indent and spacing
are block formats, never characters. Every conversion between Qt positions
and store offsets goes through desktop.text.OffsetMap, here and nowhere else.

A switch takes the text, offset map and outline from the project cache and
the annotations from the AnnotationSource the annotation pane shares; a
change set updates only the spans it names. What is handed to Qt to draw is
the spans in and near the viewport, found without laying out the document
(a bisect over the blocks already laid out), rebuilt once per event-loop
turn however many change sets arrived in it, each span's ExtraSelection
made again only when the span changed.

Two marks are painted over the text, never written into it: a small corner
flag at the end of a span whose annotation has a note, and a thin gap where
a span begins exactly at the end of one of its tag (whose shade alternates
too, as desktop.ui.highlights decides). Only the spans in the visible window
have them, found when the highlights are handed over and placed when painted;
hovering over a noted span shows its note.
The selection is a saturated blue with white text, unlike any tag's tint.
"""

from __future__ import annotations

import bisect
import ctypes
from collections import OrderedDict

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip, QWidget

from desktop.errors import ReviewDeskError
from desktop.store import ChangeKind, ChangeSet, DocumentInfo
from desktop.tags import BY_VALUE
from desktop.text import OffsetMap, opens_with_title
from desktop.ui.annotation_model import annotation_source
from desktop.ui.context import AppContext
from desktop.ui.fonts import reading_font
from desktop.ui.highlights import PLAIN, SELECTION_BACKGROUND, SELECTION_TEXT, HighlightLayer, Look, Span, tint
from desktop.ui.labels import tag_label
from desktop.ui.layout_pacer import PACED_CHARS, LayoutPacer
from desktop.ui.suggestions import suggestion_source

#: Reports whose highlight layers are kept for switching back (small: spans only).
LAYERS_KEPT = 3
FLASH_MS = 900
#: Extra characters of text above and below the viewport that get highlights
#: ready, so scrolling by a page never shows an unpainted span: as many as the
#: viewport shows, and at least this many.
VISIBLE_MARGIN = 1000
#: More characters than any screen holds at a readable size (4K, small font).
MAX_SCREEN_CHARS = 16000
#: A document this long, once deleted, leaves enough freed heap behind to hand
#: back to the system (see _trim_heap).
BIG_DOCUMENT_CHARS = 100_000


def _trim_heap() -> None:
    """Hands the heap pages freed with a big document back to the system.

    glibc's malloc keeps them (and serves later, differently sized requests
    around them), so without this the resident size grows with every big
    report shown; elsewhere there is nothing to call and nothing happens."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError, TypeError):  # not glibc
        pass


#: The note flag's size, as a share of the line's height.
NOTE_MARK_SHARE = 0.42
#: Width in pixels of the gap cut between two touching spans of one tag (in the
#: page's colour: a line in the tag's colour looked like the text cursor).
BOUNDARY_WIDTH = 2.0


def selection_style() -> str:
    """The pane's own style rule for its selection: it wins over the application's
    style sheet (a widget's own sheet always does), so the colours are ours."""
    return (f"QTextEdit#documentView {{ selection-background-color: {SELECTION_BACKGROUND}; "
            f"selection-color: {SELECTION_TEXT}; }}")


class DocumentView(QTextEdit):
    """Shows one document of the project; emits what the reviewer asks for."""

    #: True when some text is selected (tag actions enable on it).
    selectionAvailable = Signal(bool)
    #: Context-menu requests on existing annotations: (annotation id, tag).
    retagRequested = Signal(int, str)
    editNoteRequested = Signal(int)
    deleteRequested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.context = context
        # Before this view listens to the store: the source forgets first.
        self.source = annotation_source(context)
        #: The shown report's open suggestions, drawn as a dashed underline in the tag's colour.
        self.suggestions = suggestion_source(context)
        #: (start16, end16, tag) of the shown report's open suggestions, in text order.
        self._suggested_all: list[tuple[int, int, str]] = []
        #: Those of them in the visible window at the last refresh.
        self._suggested: list[tuple[int, int, str]] = []
        #: What the last paintEvent underlined (tests): (start, end, tag) in code points.
        self.drawn_suggestions: list[tuple[int, int, str]] = []
        self.doc_id = 0
        self.text = ""
        self._loaded: tuple = ()
        self.layer = HighlightLayer()
        #: doc id -> (its annotations list, its offset map, the layer built of them), last few shown
        self._layers: OrderedDict[int, tuple[list, OffsetMap, HighlightLayer]] = OrderedDict()
        self.pacer: LayoutPacer | None = None
        self.tag_actions: list = []  # filled by the window: shown in the context menu
        self._flash: list[QTextEdit.ExtraSelection] | None = None
        #: The find bar's marks: (lo16, hi16) -> ExtraSelections drawn over the tags' (None: no find).
        self.find_marks = None
        #: Reading size in percent of reading_font() (set_zoom).
        self.zoom = 100
        #: id -> (the span, its look, its ExtraSelections) for the spans handed to Qt last.
        self._selections: dict[int, tuple[Span, Look, list[QTextEdit.ExtraSelection]]] = {}
        #: The marks painted over the text: ("note", end16, tag) / ("boundary", start16, tag).
        self._marks: list[tuple[str, int, str]] = []
        #: What the last paintEvent drew of them (tests): (kind, code point, tag, rect).
        self.drawn_marks: list[tuple[str, int, str, QRectF]] = []
        self._painted = (0, 0)
        #: Extra painters over the text (clip rect -> None) and tooltip sources (pos16 -> lines),
        #: added by extensions (desktop.ui.ocr_marks: low-confidence OCR lines).
        self.overlays: list = []
        self.tooltip_sources: list = []
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh_highlights)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFont(reading_font())
        self._use_selection_colours()
        self.document().setDocumentMargin(28)
        self.setPlaceholderText(self.tr("打开或导入一份报告（Ctrl+O），或把文件拖到窗口中。"))
        self.selectionChanged.connect(lambda: self.selectionAvailable.emit(self.textCursor().hasSelection()))
        self.verticalScrollBar().valueChanged.connect(self._schedule_refresh)
        context.currentDocumentChanged.connect(self.show_document)
        context.storeChanged.connect(self._on_store_changed)
        context.revealRequested.connect(self.reveal)
        context.projectChanged.connect(lambda: self.show_document(context.current_doc_id))
        self.suggestions.changed.connect(self._suggestions_changed)

    def _suggestions_changed(self) -> None:
        """Takes the open suggestions of the shown report (in UTF-16 positions) for the next refresh."""
        if not self.doc_id or self.suggestions.doc_id != self.doc_id:
            self._suggested_all = []
        else:
            to16 = self.layer.offsets.to_utf16
            self._suggested_all = [(to16(sg.start), to16(sg.end), sg.tag) for sg in self.suggestions.rows]
        self._schedule_refresh()

    def _use_selection_colours(self) -> None:
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION_BACKGROUND))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(SELECTION_TEXT))
        self.setPalette(palette)
        self.setStyleSheet(selection_style())

    # --- loading ---------------------------------------------------------------

    @staticmethod
    def _text_key(info: DocumentInfo) -> tuple:
        return (info.id, info.version, info.content_sha256, info.source_sha256)

    def show_document(self, doc_id: int) -> None:
        """Loads a document's text, formats and highlights (0 clears the pane)."""
        project, cache = self.context.project, self.context.cache
        self._drop_flash()
        info = cache.info(doc_id) if doc_id and project is not None and cache is not None else None
        try:
            text = cache.text(doc_id) if info is not None else None
        except ReviewDeskError:
            text = None
        if text is None:
            self.doc_id, self.text, self._loaded = 0, "", ()
            self.layer = HighlightLayer()  # never reset a kept one: it belongs to its report
            self._set_document(None)
            self.selectionAvailable.emit(False)
            return
        self.doc_id, self.text = doc_id, text
        self._loaded = self._text_key(info)
        offsets = cache.offsets(doc_id)
        # Build and format the document while no view lays it out: formatting a
        # shown million-character document costs seconds, a detached one milliseconds.
        document = QTextDocument(self)
        document.setDefaultFont(self.font())
        document.setDocumentMargin(28)
        document.setUndoRedoEnabled(False)
        document.setPlainText(text)
        self._format_blocks(document, cache.sections(doc_id), offsets)
        self._set_document(document)
        self.layer = self._layer_for(doc_id, offsets, self.source.annotations(doc_id))
        self._suggestions_changed()
        self.refresh_highlights()
        self.selectionAvailable.emit(False)

    def _set_document(self, document: QTextDocument | None) -> None:
        """Shows ``document`` (None: an empty one) and deletes the one shown before,
        with every selection and cursor that pointed into it."""
        self._refresh_timer.stop()
        self._selections = {}
        self._marks = []
        self.setExtraSelections([])  # their cursors belong to the old document
        old = self.document()
        ours = old is not None and old.parent() is self  # Qt deletes the one it made itself
        if document is None:
            if not ours:
                self.clear()
                return
            document = QTextDocument(self)
            document.setDefaultFont(self.font())
            document.setDocumentMargin(28)
            document.setUndoRedoEnabled(False)
        if self.pacer is not None:
            self.pacer.finish()
            self.pacer.deleteLater()
            self.pacer = None
        self.setDocument(document)
        if document.characterCount() >= PACED_CHARS:  # its background layout in short slices
            self.pacer = LayoutPacer(document, self)
        if ours:
            big = old.characterCount() >= BIG_DOCUMENT_CHARS
            shiboken6.delete(old)  # now, not at the end of the turn: no view, cursor or selection uses it
            if big:
                QTimer.singleShot(0, _trim_heap)

    def _format_blocks(self, doc: QTextDocument, sections, offsets: OffsetMap) -> None:
        """Indent, spacing and bold headings: presentation only, text untouched."""
        em = QFontMetricsF(self.font()).horizontalAdvance(chr(0x4E2D))  # one CJK character: the indent unit
        body = QTextBlockFormat()
        body.setTextIndent(2 * em)
        body.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        body.setBottomMargin(em * 0.35)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(body)
        bold = QTextCharFormat()
        bold.setFontWeight(700)
        to16 = offsets.to_utf16
        keep = QTextCursor.MoveMode.KeepAnchor
        for section in sections:  # only the heading's own words: a sentence-title paragraph stays plain
            cursor.setPosition(to16(section.start))
            cursor.setPosition(to16(section.start + len(section.title)), keep)
            cursor.mergeCharFormat(bold)
        first = doc.firstBlock()
        # The first paragraph is set as the title only when it reads as one: a text that
        # opens straight into a sentence has no title line, and none is promoted.
        if first.isValid() and opens_with_title(first.text()):
            title = QTextBlockFormat()
            title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            title.setTextIndent(0)
            title.setBottomMargin(em)
            c = QTextCursor(first)
            c.mergeBlockFormat(title)
            c.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            big = QTextCharFormat()
            big.setFontWeight(700)
            big.setFontPointSize(self.font().pointSizeF() * 1.3)
            c.mergeCharFormat(big)
        cursor.endEditBlock()

    # --- store announcements -------------------------------------------------------

    def _on_store_changed(self, changes: ChangeSet) -> None:
        """Follows one change set: a new text reloads, annotations update the spans
        they name; the repaint waits for the end of the event-loop turn."""
        doc_id, cache = self.doc_id, self.context.cache
        if not doc_id or self.context.project is None or cache is None:
            return
        if changes.touches(ChangeKind.DOCUMENTS, doc_id):
            info = cache.info(doc_id)
            if info is None:
                self.show_document(0)
                return
            if self._text_key(info) != self._loaded:
                self._reload_keeping_position()  # a new version: new text, moved highlights
                return
        delta = self.source.delta(changes, doc_id)
        if delta.whole:
            self.layer = self._layer_for(doc_id, self.layer.offsets, self.source.annotations(doc_id))
            self._schedule_refresh()
        elif delta and self.layer.apply(delta.placed(doc_id).values(), delta.unplaced(doc_id)):
            self._schedule_refresh()

    def _layer_for(self, doc_id: int, offsets: OffsetMap, annotations: list) -> HighlightLayer:
        """The highlight layer of a report: the one built when it was last shown
        if neither its text (the offset map) nor its annotations (the shared
        list, replaced on every change) changed since, else a new one."""
        held = self._layers.get(doc_id)
        if held is not None and held[0] is annotations and held[1] is offsets:
            self._layers.move_to_end(doc_id)
            return held[2]
        layer = HighlightLayer()
        layer.reset(offsets, annotations)
        self._layers[doc_id] = (annotations, offsets, layer)
        self._layers.move_to_end(doc_id)
        while len(self._layers) > LAYERS_KEPT:
            self._layers.popitem(last=False)
        return layer

    def set_zoom(self, percent: int) -> None:
        """Shows the report at ``percent`` of the reading font's size: it is built
        again at the new size (indent and title follow the font), detached like any
        switch, and the line at the top of the pane and the selection stay."""
        if percent == self.zoom:
            return
        self.zoom = percent
        font = reading_font()
        font.setPointSizeF(font.pointSizeF() * percent / 100)
        if not self.doc_id:
            self.setFont(font)
            return
        to_cp, doc = self.layer.offsets.to_codepoint, self.document()
        top = to_cp(self._position_at_y(doc, self.verticalScrollBar().value(), False))
        cursor = self.textCursor()
        anchor, position = to_cp(cursor.anchor()), to_cp(cursor.position())
        self._set_document(None)  # the old one is not laid out again at the new size first
        self.setFont(font)
        self.show_document(self.doc_id)
        if not self.doc_id:
            return
        to16 = self.layer.offsets.to_utf16
        cursor = QTextCursor(self.document())
        cursor.setPosition(to16(min(anchor, len(self.text))))
        cursor.setPosition(to16(min(position, len(self.text))), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        at_top = QTextCursor(self.document())
        at_top.setPosition(to16(min(top, len(self.text))))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(at_top).top() if top else 0)  # at the start: with its margin
        self.refresh_highlights()

    def _reload_keeping_position(self) -> None:
        value = self.verticalScrollBar().value()
        self.show_document(self.doc_id)
        self.verticalScrollBar().setValue(value)

    # --- drawing ---------------------------------------------------------------

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def flush_highlights(self) -> None:
        """Hands Qt the highlights now if a refresh is pending (tests, before reading them)."""
        if self._refresh_timer.isActive():
            self.refresh_highlights()

    def visible_range16(self) -> tuple[int, int]:
        """UTF-16 positions of the text in view, widened by VISIBLE_MARGIN.

        Found from the scroll position by bisecting the blocks Qt has laid out
        (and their lines), so nothing below the viewport is laid out for it."""
        top_y = self.verticalScrollBar().value()
        bottom_y = top_y + self.viewport().height()
        doc = self.document()
        top = self._position_at_y(doc, top_y, False)
        bottom = self._position_at_y(doc, bottom_y, True)
        # No screen shows more than MAX_SCREEN_CHARS: a cap if Qt's layout is behind.
        bottom = max(top, min(bottom, top + MAX_SCREEN_CHARS))
        margin = max(VISIBLE_MARGIN, bottom - top)  # a page of scrolling either way
        return max(0, top - margin), bottom + margin

    @staticmethod
    def _laid_out_block_at_y(doc: QTextDocument, y: float) -> QTextBlock:
        """The last block laid out whose top is at or above ``y`` (the first block if none)."""
        lo, hi = 0, doc.blockCount() - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            layout = doc.findBlockByNumber(mid).layout()
            if layout.lineCount() and layout.position().y() <= y:
                lo = mid
            else:
                hi = mid - 1
        return doc.findBlockByNumber(lo)

    def _position_at_y(self, doc: QTextDocument, y: float, end: bool) -> int:
        """The position starting (``end``: ending) the line at document height ``y``."""
        block = self._laid_out_block_at_y(doc, y)
        layout = block.layout()
        below = layout.position().y() + layout.boundingRect().height() < y
        if below and block.next().isValid() and block.next().layout().lineCount() == 0:
            # Qt has not laid the text down to y yet (it does lazily, and would to paint
            # it): only that much is laid out now, then the bisect is done again.
            doc.documentLayout().hitTest(QPointF(0, y), Qt.HitTestAccuracy.FuzzyHit)
            block = self._laid_out_block_at_y(doc, y)
            layout = block.layout()
        lines = layout.lineCount()
        if not lines:
            return block.position() + (block.length() if end else 0)
        ly = y - layout.position().y()
        lo, hi = 0, lines - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if layout.lineAt(mid).y() <= ly:
                lo = mid
            else:
                hi = mid - 1
        line = layout.lineAt(lo)
        return block.position() + line.textStart() + (line.textLength() if end else 0)

    def refresh_highlights(self) -> None:
        """Hands Qt the ExtraSelections of the spans in and near the viewport,
        making again only those of spans that changed since the last time."""
        self._refresh_timer.stop()
        if not self.doc_id:
            self._selections = {}
            self._set_marks([])
            self._set_suggested([])
            self.setExtraSelections([])
            return
        lo, hi = self.visible_range16()
        held = self._selections
        fresh: dict[int, tuple[Span, Look, list[QTextEdit.ExtraSelection]]] = {}
        selections = []
        marks = []
        spans = self.layer.visible(lo, hi)
        looks = self.layer.looks(spans)
        for span in spans:
            look = looks.get(span.id, PLAIN)
            entry = held.get(span.id)
            if entry is None or entry[0] != span or entry[1] != look:
                entry = (span, look, self._selection(span, look))
            fresh[span.id] = entry
            selections += entry[2]
            if span.noted and span.end > span.start:
                marks.append(("note", span.end, span.tag))
            if look.boundary:
                marks.append(("boundary", span.start, span.tag))
        self._selections = fresh
        self._set_marks(marks)
        starts = self._suggested_all
        first = bisect.bisect_left(starts, (lo - MAX_SCREEN_CHARS,))
        self._set_suggested([sg for sg in starts[first:bisect.bisect_left(starts, (hi,))] if sg[1] > lo])
        if self.find_marks is not None:
            selections += self.find_marks(lo, hi)
        if self._flash is not None:
            selections += self._flash
        self._painted = (lo, hi)
        self.setExtraSelections(selections)

    def _pieces(self, start16: int, end16: int, fmt: QTextCharFormat) -> list[QTextEdit.ExtraSelection]:
        """ExtraSelections covering [start16, end16), one per paragraph it touches.

        Qt measures a selection spanning two blocks against the whole document's
        frame, which lays the whole document out (half a second for a million
        characters); within one block it measures only that block."""
        doc = self.document()
        block = doc.findBlock(start16)
        out = []
        while block.isValid() and block.position() < end16:
            a = max(start16, block.position())
            b = min(end16, block.position() + block.length() - 1)  # not the paragraph separator
            if b > a:
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(doc)
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                sel.format = fmt
                out.append(sel)
            block = block.next()
        return out

    def _selection(self, span: Span, look: Look = PLAIN) -> list[QTextEdit.ExtraSelection]:
        """The ExtraSelections painting one span: its tag's tint, deeper when nested,
        the alternate shade when it continues a span of its tag."""
        tag = BY_VALUE[span.tag]
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(tint(tag.highlight, tag.colour, span.depth, look.alternate)))
        fmt.setProperty(QTextFormat.Property.UserProperty, span.id)
        return self._pieces(span.start, span.end, fmt)

    def _set_marks(self, marks: list[tuple[str, int, str]]) -> None:
        """Keeps the marks to paint; the viewport is painted again only when they changed
        (a note added to a span leaves its ExtraSelection, and so Qt, unchanged)."""
        marks.sort()
        if marks != self._marks:
            self._marks = marks
            self.viewport().update()

    def _set_suggested(self, suggested: list[tuple[int, int, str]]) -> None:
        """Keeps the suggestions to underline; the viewport is painted again only when they changed."""
        if suggested != self._suggested:
            self._suggested = suggested
            self.viewport().update()

    def _underline(self, painter: QPainter, start16: int, end16: int, clip: QRectF) -> bool:
        """A dashed line under text[start16:end16], line by line, where Qt has laid the text out."""
        block = self.document().findBlock(start16)
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        drawn = False
        while block.isValid() and block.position() < end16:
            layout = block.layout()
            if layout is None or layout.lineCount() == 0:
                break
            base = block.position()
            a, b = max(start16, base) - base, min(end16, base + block.length() - 1) - base
            if b > a:
                origin = layout.position()
                first = layout.lineForTextPosition(a).lineNumber()
                last = layout.lineForTextPosition(max(a, b - 1)).lineNumber()
                for n in range(max(first, 0), max(last, first) + 1):
                    line = layout.lineAt(n)
                    lo = max(a, line.textStart())
                    hi = min(b, line.textStart() + line.textLength())
                    if hi <= lo:
                        continue
                    x1, x2 = line.cursorToX(lo), line.cursorToX(hi)
                    x1 = x1[0] if isinstance(x1, tuple) else x1
                    x2 = x2[0] if isinstance(x2, tuple) else x2
                    y = origin.y() + line.y() + line.ascent() + max(2.0, line.descent() * 0.7) - dy
                    left, right = origin.x() + x1 - dx, origin.x() + x2 - dx
                    if QRectF(left, y - 2, right - left, 4).intersects(clip):
                        painter.drawLine(QPointF(left, y), QPointF(right, y))
                        drawn = True
            block = block.next()
        return drawn

    def _paint_suggestions(self, clip: QRectF) -> None:
        drawn = []
        if self._suggested and self.doc_id:
            painter = QPainter(self.viewport())
            cp = self.layer.offsets.to_codepoint
            for start16, end16, tag in self._suggested:
                pen = QPen(QColor(BY_VALUE[tag].colour))
                pen.setWidthF(1.6)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                if self._underline(painter, start16, end16, clip):
                    drawn.append((cp(start16), cp(end16), tag))
            painter.end()
        self.drawn_suggestions = drawn

    def suggested_ranges(self) -> list[tuple[int, int, str]]:
        """The suggestions handed to the painter (the visible window), in code points."""
        self.flush_highlights()
        cp = self.layer.offsets.to_codepoint
        return [(cp(a), cp(b), tag) for a, b, tag in self._suggested]

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._schedule_refresh()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """The text, then the note flags and boundary gaps over it (no character added)."""
        super().paintEvent(event)
        self._paint_suggestions(QRectF(event.rect()))
        for paint in self.overlays:
            paint(QRectF(event.rect()))
        drawn: list[tuple[str, int, str, QRectF]] = []
        if self._marks and self.doc_id:
            clip = QRectF(event.rect())
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            cp = self.layer.offsets.to_codepoint
            for kind, pos16, tag in self._marks:
                line = self._line_rect(pos16, kind == "note")
                if line is None or not line.adjusted(-line.height(), 0, line.height(), 0).intersects(clip):
                    continue
                colour = QColor(BY_VALUE[tag].colour)
                if kind == "note":
                    size = max(5.0, line.height() * NOTE_MARK_SHARE)
                    x, y = line.left(), line.top()
                    painter.setBrush(colour)  # a folded corner at the top right of the last character
                    painter.drawPolygon(QPolygonF([QPointF(x - size, y), QPointF(x + 1, y),
                                                   QPointF(x + 1, y + size + 1)]))
                    rect = QRectF(x - size, y, size + 1, size + 1)
                else:
                    rect = QRectF(round(line.left() - BOUNDARY_WIDTH / 2), round(line.top()),  # crisp: whole pixels
                                  BOUNDARY_WIDTH, round(line.height()))
                    painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Base))
                drawn.append((kind, cp(pos16), tag, rect))
            painter.end()
        self.drawn_marks = drawn

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Hovering over a span with a note shows the note (the flag says there is one)."""
        if event.type() == QEvent.Type.ToolTip and self.doc_id:
            pos16 = self.cursorForPosition(event.pos()).position()
            notes = self.notes_at(pos16) + self.suggestions_at(pos16)
            notes += [line for source in self.tooltip_sources for line in source(pos16)]
            if notes:
                QToolTip.showText(event.globalPos(), "\n\n".join(notes), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def notes_at(self, pos16: int) -> list[str]:
        """The notes of the annotations covering a UTF-16 position, outermost first,
        each headed by its tag's label."""
        noted = {s.id: s for s in self.layer.at(pos16) if s.noted}
        if not noted:
            return []
        found = {a.id: a.note for a in self.source.annotations(self.doc_id) if a.id in noted}
        line = self.tr("%1：%2")
        return [line.replace("%1", tag_label(span.tag)).replace("%2", found[i].strip())
                for i, span in noted.items() if i in found]

    def suggestions_at(self, pos16: int) -> list[str]:
        """The open suggestions underlined at a UTF-16 position: "建议：<tag> — <reason>"."""
        if not self._suggested_all or self.suggestions.doc_id != self.doc_id:
            return []
        pos = self.layer.offsets.to_codepoint(pos16)
        line = self.tr("建议：%1 — %2")
        return [line.replace("%1", tag_label(sg.tag)).replace("%2", sg.reason)
                for sg in self.suggestions.rows if sg.start <= pos < sg.end]

    def _line_rect(self, pos16: int, before: bool) -> QRectF | None:
        """Viewport rectangle of zero width at ``pos16`` on the line of the character
        before it (``before``: a span's end) or at it (a span's start), as tall as the
        text of that line; None where Qt has not laid the line out (off screen)."""
        probe = pos16 - 1 if before else pos16
        block = self.document().findBlock(max(probe, 0))
        if not block.isValid():
            return None
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        line = layout.lineForTextPosition(probe - block.position())
        if not line.isValid():
            return None
        x = line.cursorToX(pos16 - block.position())
        x = x[0] if isinstance(x, tuple) else x
        origin = layout.position()
        left = origin.x() + x - self.horizontalScrollBar().value()
        top = origin.y() + line.y() - self.verticalScrollBar().value()
        return QRectF(left, top, 0, line.ascent() + line.descent())

    # --- what tests and the window ask ------------------------------------------------

    def highlight_ranges(self) -> list[tuple[int, int, str]]:
        """Every highlight of the shown document as (start, end, tag) in code points."""
        return self.layer.ranges()

    def painted_ranges(self) -> list[tuple[int, int, str]]:
        """The highlights handed to Qt to draw, in code points (a refresh due
        at the end of this event-loop turn is done first). Read from what
        refresh_highlights handed over, not back from Qt (tests compare the two)."""
        self.flush_highlights()
        cp = self.layer.offsets.to_codepoint
        out = []
        for span, _look, pieces in self._selections.values():
            if pieces:
                out.append((cp(pieces[0].cursor.selectionStart()), cp(pieces[-1].cursor.selectionEnd()), span.tag))
        return sorted(out)

    def marks(self) -> list[tuple[str, int, str]]:
        """The marks handed to the painter, in code points: ("note", span end, tag) and
        ("boundary", span start, tag), for the spans in the visible window."""
        self.flush_highlights()
        cp = self.layer.offsets.to_codepoint
        return [(kind, cp(pos16), tag) for kind, pos16, tag in self._marks]

    def alternate_spans(self) -> list[tuple[int, int, str]]:
        """The spans handed over in the alternate shade, in code points."""
        self.flush_highlights()
        return self.layer.to_codepoints([span for span, look, _p in self._selections.values() if look.alternate])

    def reading_position(self) -> int:
        """Where the reviewer is reading, in code points: the cursor if it is in view,
        else the start of the first line at the top of the pane."""
        cursor_rect = self.cursorRect()
        if self.viewport().rect().intersects(cursor_rect):
            return self.layer.offsets.to_codepoint(self.textCursor().position())
        top = self._position_at_y(self.document(), self.verticalScrollBar().value(), False)
        return self.layer.offsets.to_codepoint(top)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection in code points, trimmed of surrounding whitespace; None if empty."""
        cursor = self.textCursor()
        if not self.doc_id or not cursor.hasSelection():
            return None
        to_cp = self.layer.offsets.to_codepoint
        start, end = to_cp(cursor.selectionStart()), to_cp(cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Selects text[start:end] (code points), as a reviewer's drag would."""
        to16 = self.layer.offsets.to_utf16
        cursor = self.textCursor()
        cursor.setPosition(to16(start))
        cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def annotations_at(self, pos16: int) -> list[int]:
        return [s.id for s in self.layer.at(pos16)]

    # --- reveal --------------------------------------------------------------------

    def reveal(self, doc_id: int, start: int, end: int) -> None:
        """Scrolls text[start:end] to the middle of the pane and flashes it."""
        if doc_id != self.doc_id or not self.text:
            return
        to16 = self.layer.offsets.to_utf16
        s16, e16 = to16(min(start, len(self.text))), to16(min(end, len(self.text)))
        cursor = QTextCursor(self.document())
        cursor.setPosition(s16)
        self.setTextCursor(cursor)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 3)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffb300"))
        fmt.setForeground(QColor("#000000"))
        self._flash = self._pieces(s16, e16, fmt)
        self.refresh_highlights()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        if self._flash is not None:
            self._flash = None
            self.refresh_highlights()

    def _drop_flash(self) -> None:
        self._flash_timer.stop()
        self._flash = None

    # --- context menu ------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """Copy, tag the selection, and per annotation under the mouse: re-tag, note, delete."""
        menu = self.createStandardContextMenu(pos)
        if self.tag_actions:
            menu.addSeparator()
            for action in self.tag_actions:
                menu.addAction(action)
        pos16 = self.cursorForPosition(pos).position()
        for ann_id in reversed(self.annotations_at(pos16)):
            span = self.layer.get(ann_id)
            quote = self.text[self.layer.offsets.to_codepoint(span.start):
                              self.layer.offsets.to_codepoint(span.end)]
            short = quote if len(quote) <= 14 else quote[:13] + "…"
            sub = menu.addMenu(f"{tag_label(span.tag)}: {short}")
            for tag in BY_VALUE.values():
                if tag.value != span.tag:
                    act = sub.addAction(self.tr("改为“%1”").replace("%1", tag_label(tag.value)))
                    act.triggered.connect(lambda _=False, i=ann_id, t=tag.value: self.retagRequested.emit(i, t))
            sub.addAction(self.tr("编辑批注…"), lambda i=ann_id: self.editNoteRequested.emit(i))
            sub.addAction(self.tr("删除标注"), lambda i=ann_id: self.deleteRequested.emit(i))
        return menu
