"""The document pane: the canonical text, read-only, with tag highlights.

The text is shown exactly as stored (one paragraph per block) so Qt's
positions are the text's UTF-16 offsets; the first-line indent and spacing
are block formats, never characters. Every conversion between Qt positions
and store offsets goes through desktop.text.OffsetMap, here and nowhere else.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor, QContextMenuEvent, QFontMetricsF, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QWidget

from desktop.errors import ReviewDeskError
from desktop.store import Change
from desktop.tags import BY_VALUE
from desktop.text import OffsetMap
from desktop.ui.context import AppContext
from desktop.ui.fonts import reading_font
from desktop.ui.highlights import HighlightLayer, Span
from desktop.ui.labels import tag_label

FLASH_MS = 900
#: Extra characters of text above and below the viewport that get highlights
#: ready, so scrolling by a page never shows an unpainted span.
VISIBLE_MARGIN = 4000
#: More characters than any screen holds at a readable size (4K, small font).
MAX_SCREEN_CHARS = 16000


def nested_tint(light: str, strong: str, depth: int) -> QColor:
    """Background of a span nested ``depth`` deep: each level a step toward the strong
    colour, so a span inside another of the same tag still shows its edges (Qt draws
    only background and foreground for ExtraSelections, no underline)."""
    a, b = QColor(light), QColor(strong)
    t = min(depth, 3) * 0.22
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


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
        self.doc_id = 0
        self.text = ""
        self._loaded: tuple = ()
        self.layer = HighlightLayer()
        self.tag_actions: list = []  # filled by the window: shown in the context menu
        self._flash: QTextEdit.ExtraSelection | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh_highlights)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFont(reading_font())
        self.document().setDocumentMargin(28)
        self.setPlaceholderText(self.tr("打开或导入一份报告（Ctrl+O），或把文件拖到窗口中。"))
        self.selectionChanged.connect(lambda: self.selectionAvailable.emit(self.textCursor().hasSelection()))
        self.verticalScrollBar().valueChanged.connect(self._schedule_refresh)
        context.currentDocumentChanged.connect(self.show_document)
        context.storeChanged.connect(self._on_store_changed)
        context.revealRequested.connect(self.reveal)
        context.projectChanged.connect(lambda: self.show_document(context.current_doc_id))

    # --- loading ---------------------------------------------------------------

    def show_document(self, doc_id: int) -> None:
        """Loads a document's text, formats and highlights (0 clears the pane)."""
        project = self.context.project
        self._end_flash()
        if not doc_id or project is None:
            self.doc_id, self.text, self._loaded = 0, "", ()
            self.layer.reset(OffsetMap(""), [])
            self.setExtraSelections([])
            self.clear()
            self.selectionAvailable.emit(False)
            return
        try:
            doc = project.document(doc_id)
        except ReviewDeskError:
            self.show_document(0)
            return
        self.doc_id, self.text = doc_id, doc.text
        self._loaded = (doc_id, doc.version, doc.source_sha256)
        offsets = OffsetMap(doc.text)
        self._end_flash()
        self.setExtraSelections([])  # their cursors belong to the old document
        # Build and format the document while no view lays it out: formatting a
        # shown million-character document costs seconds, a detached one milliseconds.
        document = QTextDocument(self)
        document.setDefaultFont(self.font())
        document.setDocumentMargin(28)
        document.setUndoRedoEnabled(False)
        document.setPlainText(doc.text)
        self._format_blocks(document, project.sections(doc_id), offsets)
        old = self.document()
        ours = old is not None and old.parent() is self  # Qt deletes the one it made itself
        self.setDocument(document)
        if ours:
            old.deleteLater()
        self.layer.reset(offsets, project.annotations(doc_id))
        self.refresh_highlights()
        self.selectionAvailable.emit(False)

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
        for section in sections:  # only the heading's own words: a sentence-title paragraph stays plain
            c = QTextCursor(doc)
            c.setPosition(offsets.to_utf16(section.start))
            c.setPosition(offsets.to_utf16(section.start + len(section.title)), QTextCursor.MoveMode.KeepAnchor)
            c.mergeCharFormat(bold)
        first = doc.firstBlock()
        if first.isValid():
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

    def _on_store_changed(self, changes) -> None:
        for change in changes:
            self._on_change(change)

    def _on_change(self, change: Change) -> None:
        if not self.doc_id or change.doc_id != self.doc_id or self.context.project is None:
            return
        if change.what == "documents":
            info = self.context.project.document_info(self.doc_id)
            if info is None:
                self.show_document(0)
            elif (info.id, info.version, info.source_sha256) != self._loaded:
                self._reload_keeping_position()  # a new version: new text, moved highlights
        elif change.what == "annotations":
            self._update_annotations(change.ids)

    def _reload_keeping_position(self) -> None:
        value = self.verticalScrollBar().value()
        self.show_document(self.doc_id)
        self.verticalScrollBar().setValue(value)

    def _update_annotations(self, ids: tuple) -> None:
        project = self.context.project
        if not ids:
            self.layer.reset(self.layer.offsets, project.annotations(self.doc_id))
        else:
            found = project.annotations_by_id(ids)
            for ann_id in ids:
                ann = found.get(ann_id)
                if ann is None or ann.orphaned or ann.doc_id != self.doc_id:
                    self.layer.remove(ann_id)
                else:
                    self.layer.upsert(ann)
        self.refresh_highlights()

    # --- drawing ---------------------------------------------------------------

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def visible_range16(self) -> tuple[int, int]:
        """UTF-16 positions of the text in view, widened by VISIBLE_MARGIN."""
        viewport = self.viewport()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        # Before Qt has laid the text out, the bottom hit test answers "end of
        # document"; no screen shows more than MAX_SCREEN_CHARS, so cap it there.
        bottom = min(bottom, top + MAX_SCREEN_CHARS)
        return max(0, top - VISIBLE_MARGIN), bottom + VISIBLE_MARGIN

    def refresh_highlights(self) -> None:
        """Rebuilds the ExtraSelections for the spans in and near the viewport."""
        if not self.doc_id:
            self.setExtraSelections([])
            return
        lo, hi = self.visible_range16()
        selections = [self._selection(span) for span in self.layer.visible(lo, hi)]
        if self._flash is not None:
            selections.append(self._flash)
        self._painted = (lo, hi)
        self.setExtraSelections(selections)

    def _selection(self, span: Span) -> QTextEdit.ExtraSelection:
        tag = BY_VALUE[span.tag]
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(nested_tint(tag.highlight, tag.colour, span.depth))
        fmt.setProperty(QTextFormat.Property.UserProperty, span.id)
        sel.format = fmt
        return sel

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._schedule_refresh()

    # --- what tests and the window ask ------------------------------------------------

    def highlight_ranges(self) -> list[tuple[int, int, str]]:
        """Every highlight of the shown document as (start, end, tag) in code points."""
        return self.layer.ranges()

    def painted_ranges(self) -> list[tuple[int, int, str]]:
        """The highlights currently handed to Qt to draw, in code points."""
        cp = self.layer.offsets.to_codepoint
        out = []
        for sel in self.extraSelections():
            ann_id = sel.format.property(QTextFormat.Property.UserProperty)
            if ann_id is None or sel is self._flash:
                continue
            c = sel.cursor
            span = self.layer._spans.get(int(ann_id))  # noqa: SLF001 - same module family
            out.append((cp(c.selectionStart()), cp(c.selectionEnd()), span.tag if span else "?"))
        return sorted(out)

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
        flash = QTextEdit.ExtraSelection()
        c = QTextCursor(self.document())
        c.setPosition(s16)
        c.setPosition(e16, QTextCursor.MoveMode.KeepAnchor)
        flash.cursor = c
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffb300"))
        fmt.setForeground(QColor("#000000"))
        flash.format = fmt
        self._flash = flash
        self.refresh_highlights()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        if self._flash is not None:
            self._flash = None
            self.refresh_highlights()

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
            span = self.layer._spans[ann_id]  # noqa: SLF001
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
