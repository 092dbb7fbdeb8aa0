"""Find in the shown report (Ctrl+F, F3 / Shift+F3) and the reading size (Ctrl+= / Ctrl+- / Ctrl+0).

The find bar sits at the bottom of the document pane, inside its frame (the
pane's viewport is shortened by the bar's height), so the pane stays the
central tab's widget. It searches the Python string the pane shows
(``view.text``, code points), never the QTextDocument: a million-character
report is searched in milliseconds, case-insensitively for Latin letters
(``re.IGNORECASE`` folds one character to one, so a hit is as long as the
query). Every hit is counted; only those in and near the viewport are handed
to Qt to draw (through the pane's ``find_marks`` hook, so they are rebuilt
with its highlights as it scrolls, at most MAX_MARKS of them), plus the
current one, drawn in a colour of its own over the tags' tints. The current
hit is not selected while the bar is open (a selection would paint over it
in the selection colour); closing the bar selects it, ready to copy or tag.

Zoom changes the pane's reading font in steps (ZOOM_STEPS, 70 %–250 %),
remembered in QSettings (desktop.ui.settings) and restored when a window opens.
All keys are declared in desktop.ui.actions and taken with bind().
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton

from desktop.ui import settings as app_settings
from desktop.ui.actions import bind
from desktop.ui.document_view import DocumentView

# At most this many hits are handed to Qt to draw at once (the current one besides).
MAX_MARKS = 2000
ZOOM_STEPS = (70, 80, 90, 100, 110, 125, 150, 175, 200, 225, 250)
HIT_BACKGROUND = "#b8ecb0"  # light green: none of the tags' tints (blue, amber, red)
CURRENT_BACKGROUND = "#1e7b34"  # dark green, white text: not the flash's amber nor the selection's blue
# Format property marking the find bar's ExtraSelections ("hit" / "current"; tests read it).
FIND_PROPERTY = QTextFormat.Property.UserProperty + 1


def find_all(text: str, query: str) -> list[int]:
    """Code-point starts of the non-overlapping occurrences of ``query`` in ``text``,
    ignoring case (one character folds to one, so each hit is len(query) long)."""
    if not query:
        return []
    if query.lower() == query.upper():  # nothing to fold (Chinese, digits): plain find
        out, n, find = [], len(query), text.find
        i = find(query)
        while i >= 0:
            out.append(i)
            i = find(query, i + n)
        return out
    return [m.start() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


def _format(background: str, foreground: str, kind: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(background))
    fmt.setForeground(QColor(foreground))
    fmt.setProperty(FIND_PROPERTY, kind)
    return fmt


class FindBar(QFrame):
    """The find bar of one document pane: query box, 「第 3/17 处」, previous, next, close."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#findBar { border-top: 1px solid palette(mid); }")
        self.view = view
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("在本报告中查找"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(90)
        style = self.style()
        self.prev_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
                                        self.tr("上一处"), self.find_previous)
        self.next_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                        self.tr("下一处"), self.find_next)
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         self.tr("关闭查找（Esc）"), self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(QLabel(self.tr("查找："), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.hits: list[int] = []
        self.length = 0  # of every hit, in code points
        self.current = -1
        self.anchor = 0  # code point the first hit is looked for from while typing
        self._text: str | None = None  # the text the hits were found in
        self._query = ""
        self._held_doc = None  # the QTextDocument the held ExtraSelections point into
        self._held: dict[int, list] = {}  # hit start -> its ExtraSelections
        self._hit_format = _format(HIT_BACKGROUND, "#000000", "hit")
        self._current_format = _format(CURRENT_BACKGROUND, "#ffffff", "current")
        self.edit.textChanged.connect(self._query_changed)
        self.edit.installEventFilter(self)
        view.installEventFilter(self)
        view.find_marks = self.marks
        view.context.currentDocumentChanged.connect(lambda _id: self._follow_text())
        view.context.storeChanged.connect(lambda _changes: self._follow_text())
        self.hide()

    def _button(self, icon, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # --- opening and closing ---------------------------------------------------------------

    def open_bar(self) -> None:
        """Shows the bar with the query selected; a short one-line selection in the pane becomes the query."""
        view = self.view
        cursor = view.textCursor()
        to_cp = view.layer.offsets.to_codepoint
        picked = view.text[to_cp(cursor.selectionStart()):to_cp(cursor.selectionEnd())] \
            if view.doc_id and cursor.hasSelection() else ""
        if view.doc_id:
            if cursor.hasSelection() or view.cursorRect(cursor).intersects(view.viewport().rect()):
                self.anchor = to_cp(cursor.selectionStart())
            else:  # the cursor is off screen: from the top of the pane
                self.anchor = to_cp(view.cursorForPosition(QPoint(0, 0)).position())
        if not self.isVisible():
            self.show()
            self._place()
        if picked and "\n" not in picked and len(picked) <= 200 and picked != self.edit.text():
            self.edit.setText(picked)  # searches
        elif self.edit.text() and not self.hits:
            self._search(scroll=True)
        else:
            view.refresh_highlights()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Hides the bar and its marks; the current hit becomes the pane's selection."""
        if not self.isVisible():
            return
        span = self.current_span()
        self.hide()
        self._place()
        self._held = {}
        if span is not None and self.view.doc_id:
            self.view.select_span(*span)
        self.view.refresh_highlights()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        """Puts the bar along the bottom of the pane, below its (shortened) viewport."""
        view = self.view
        height = self.sizeHint().height() if self.isVisible() else 0
        view.setViewportMargins(0, 0, 0, height)
        if height:
            frame = view.frameWidth()
            width = view.width() - 2 * frame
            bar = view.verticalScrollBar()
            if bar.isVisible():
                width -= bar.width()
            self.setGeometry(frame, view.height() - frame - height, width, height)
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if watched is self.view:
            if kind == QEvent.Type.Resize and self.isVisible():
                self._place()
            elif kind == QEvent.Type.KeyPress and self.isVisible() and event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            return False
        if watched is self.edit and kind == QEvent.Type.KeyPress:
            key: QKeyEvent = event
            if key.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
        return False

    # --- searching -------------------------------------------------------------------------

    def _query_changed(self, _text: str) -> None:
        self._search(scroll=True)

    def _text_changed(self) -> bool:
        """Whether the pane shows another text than the hits were found in (the same
        text loaded again, as zoom does, keeps them)."""
        text = self.view.text
        if text is self._text:
            return False
        if text == self._text:
            self._text = text
            return False
        return True

    def _follow_text(self) -> None:
        """Another report or a new text of this one: its hits, the first from its start."""
        if self._text_changed() and self.edit.text():
            self.anchor = 0
            self._search(scroll=self.isVisible())

    def _find_hits(self) -> None:
        """Finds every hit of the query; the current one is the first at or after the anchor."""
        view = self.view
        self._query = query = self.edit.text()
        self._text = view.text
        self.hits = find_all(view.text, query) if view.doc_id else []
        self.length = len(query)
        self._held = {}
        if self.hits:
            index = bisect.bisect_left(self.hits, self.anchor)
            self.current = index if index < len(self.hits) else 0
        else:
            self.current = -1
        self._show_count()

    def _search(self, scroll: bool) -> None:
        """The hits of the query, marked; the current one revealed when ``scroll``."""
        view = self.view
        self._find_hits()
        if self.current >= 0 and scroll:
            self._reveal_current()
        view.refresh_highlights()

    def _show_count(self) -> None:
        if not self._query:
            self.count_label.setText("")
        elif not self.hits:
            self.count_label.setText(self.tr("未找到"))
        else:
            self.count_label.setText(self.tr("第 %1/%2 处").replace("%1", str(self.current + 1))
                                     .replace("%2", str(len(self.hits))))
        found = bool(self.hits)
        self.prev_button.setEnabled(found)
        self.next_button.setEnabled(found)
        self.edit.setStyleSheet("" if found or not self._query else "QLineEdit { background: #ffe0e0; }")

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        """The next (previous) hit, wrapping at the end (start); opens the bar if it was closed."""
        if not self.isVisible():
            self.show()
            self._place()
        if self._text_changed() or self.edit.text() != self._query:
            self._search(scroll=False)
        if not self.hits:
            if not self.edit.text():
                self.open_bar()
            return
        self.current = (self.current + delta) % len(self.hits)
        self.anchor = self.hits[self.current]
        self._show_count()
        self._reveal_current()
        self.view.refresh_highlights()

    def _reveal_current(self) -> None:
        """Puts the cursor at the current hit (no selection) and scrolls it into view,
        a third down the pane when it was out of sight."""
        view = self.view
        start, end = self.current_span()
        to16 = view.layer.offsets.to_utf16
        cursor = QTextCursor(view.document())
        cursor.setPosition(to16(end))
        view.setTextCursor(cursor)  # Qt scrolls the least that shows it
        cursor.setPosition(to16(start))
        rect = view.cursorRect(cursor)
        height = view.viewport().height()
        if rect.top() < rect.height() or rect.bottom() > height - rect.height():
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + rect.center().y() - height // 3)
        view.setTextCursor(cursor)

    # --- what is drawn and what tests read ----------------------------------------------------

    def current_span(self) -> tuple[int, int] | None:
        """The current hit as (start, end) in code points; None when there is none."""
        if self.current < 0 or self.current >= len(self.hits):
            return None
        start = self.hits[self.current]
        return start, start + self.length

    def marks(self, lo16: int, hi16: int) -> list:
        """The ExtraSelections of the hits in [lo16, hi16) (at most MAX_MARKS) and of the current one."""
        view = self.view
        if not self.isVisible() or not self._query or not view.doc_id:
            return []
        if self._text_changed():  # called while the pane switches, before _follow_text
            self.anchor = 0
            self._find_hits()  # not _search: this is inside the pane's refresh
        if view.document() is not self._held_doc:
            self._held, self._held_doc = {}, view.document()
        offsets = view.layer.offsets
        to16 = offsets.to_utf16
        lo, hi = offsets.to_codepoint(lo16), offsets.to_codepoint(hi16)
        first = bisect.bisect_left(self.hits, lo - self.length + 1)
        last = min(bisect.bisect_left(self.hits, hi), first + MAX_MARKS)
        current = self.current_span()
        held, fresh, out = self._held, {}, []
        for start in self.hits[first:last]:
            if current is not None and start == current[0]:
                continue
            pieces = held.get(start)
            if pieces is None:
                pieces = view._pieces(to16(start), to16(start + self.length), self._hit_format)  # noqa: SLF001
            fresh[start] = pieces
            out += pieces
        self._held = fresh
        if current is not None:
            out += view._pieces(to16(current[0]), to16(current[1]), self._current_format)  # noqa: SLF001
        return out


class ReaderActions(QObject):
    """The find and zoom actions of one window (Edit and View menus)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view: DocumentView = window.document_view
        self.find_bar = FindBar(self.view)

        def make(name: str, text: str, slot) -> QAction:
            action = bind(QAction(text, window), name)
            action.triggered.connect(slot)
            return action

        bar = self.find_bar
        self.find = make("find", QCoreApplication.translate("FindBar", "查找…"), bar.open_bar)
        self.find.setStatusTip(QCoreApplication.translate("FindBar", "在当前报告中查找文字，标出全部结果"))
        self.find_next = make("find_next", QCoreApplication.translate("FindBar", "查找下一个"), bar.find_next)
        self.find_previous = make("find_previous", QCoreApplication.translate("FindBar", "查找上一个"), bar.find_previous)
        self.zoom_in = make("zoom_in", QCoreApplication.translate("FindBar", "放大"), self.zoom_in_step)
        self.zoom_out = make("zoom_out", QCoreApplication.translate("FindBar", "缩小"), self.zoom_out_step)
        self.zoom_reset = make("zoom_reset", QCoreApplication.translate("FindBar", "原始大小"), self.reset_zoom)
        for button, action in ((bar.prev_button, self.find_previous), (bar.next_button, self.find_next)):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(QCoreApplication.translate("Actions", "%1（%2）")
                              .replace("%1", button.toolTip()).replace("%2", keys))
        edit = window.menu("edit")
        edit.addSeparator()
        edit.addActions([self.find, self.find_next, self.find_previous])
        view_menu = window.menu("view")
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        self.set_zoom(app_settings.zoom_percent(), remember=False)

    def set_zoom(self, percent: int, remember: bool = True) -> None:
        percent = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent)))
        self.view.set_zoom(percent)
        self.zoom_in.setEnabled(percent < ZOOM_STEPS[-1])
        self.zoom_out.setEnabled(percent > ZOOM_STEPS[0])
        if remember:
            app_settings.set_zoom_percent(percent)
            self.window.status_message(QCoreApplication.translate("FindBar", "阅读字号：%1%")
                                       .replace("%1", str(percent)), 2000)

    def zoom_in_step(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.view.zoom), ZOOM_STEPS[-1]))

    def zoom_out_step(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.view.zoom), ZOOM_STEPS[0]))

    def reset_zoom(self) -> None:
        self.set_zoom(app_settings.ZOOM_DEFAULT)


def install(window) -> None:
    window.reader = ReaderActions(window)
    window.find_bar = window.reader.find_bar

