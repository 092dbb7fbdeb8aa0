"""Lays a long report out in slices of a few milliseconds.

After a document is shown, Qt lays the rest of it out in the background on a
timer, in steps that double up to 200,000 characters; on a 1,000,000-character
report one step takes about 50 ms, and a key pressed meanwhile (the first
letter typed into the annotation filter) waits for it. The pacer takes that
work over: it holds back the layout's own timer and lays the text out itself,
one slice per event-loop turn, each slice sized to take about
``SLICE_MS``, so input is handled between slices. Asking the layout for a
block's rectangle lays out everything before it (public Qt API); nothing is
skipped and the result is the layout Qt would have made.

Used only for documents of at least ``PACED_CHARS`` characters: shorter ones
lay out in one short step anyway.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QTextDocument

#: Documents shorter than this are left to Qt.
PACED_CHARS = 100_000
#: The time one slice aims at; the slice's length in characters follows it.
SLICE_MS = 3.0
#: The first slice waits this long: the switch's own paint and highlights come first.
START_DELAY_MS = 150
_FIRST_SLICE, _MIN_SLICE, _MAX_SLICE = 4_000, 1_000, 60_000


class LayoutPacer(QObject):
    """Drives the layout of one document until it is complete, then steps aside."""

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.layout = document.documentLayout()
        self.position = 0
        self.step = _FIRST_SLICE
        #: Slices run and the longest one, in ms (tests and benchmarks read them).
        self.slices = 0
        self.longest_ms = 0.0
        self.active = True
        self.layout.installEventFilter(self)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._slice)
        self._timer.start(START_DELAY_MS)
        document.destroyed.connect(self._forget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # The layout's own timers: its background step (held back while we pace)
        # and, once the layout is complete, its size notice (let through: we are done by then).
        return self.active and watched is self.layout and event.type() == QEvent.Type.Timer

    def _slice(self) -> None:
        if not self.active:
            return
        doc = self.document
        end = doc.characterCount()
        target = min(end - 1, self.position + self.step)
        started = time.perf_counter()
        block = doc.findBlock(max(0, target))
        self.layout.blockBoundingRect(block)  # lays out every block up to this one
        elapsed = (time.perf_counter() - started) * 1000
        self.slices += 1
        self.longest_ms = max(self.longest_ms, elapsed)
        self.position = block.position() + block.length()
        if self.position >= end - 1:
            self.finish()
            return
        scale = SLICE_MS / elapsed if elapsed > 0.05 else 2.0
        self.step = int(min(_MAX_SLICE, max(_MIN_SLICE, self.step * min(2.0, max(0.25, scale)))))
        self._timer.start(0)

    def finish(self) -> None:
        """Stops pacing (the layout is complete, or the document goes away)."""
        if not self.active:
            return
        self.active = False
        self._timer.stop()
        try:
            self.layout.removeEventFilter(self)
        except RuntimeError:  # the layout is already gone
            pass

    def _forget(self) -> None:
        self.active = False
        self._timer.stop()
