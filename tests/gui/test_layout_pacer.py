"""A long report is laid out in short slices (desktop.ui.layout_pacer): Qt's
own background layout is held back, every block ends up laid out exactly as
Qt would have done it, and short documents are left to Qt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit

from desktop.ui import layout_pacer
from desktop.ui.layout_pacer import PACED_CHARS, LayoutPacer

PARAGRAPH = "全年办理行政复议案件十二件，调解纠纷三起，法律顾问覆盖率百分之百。" * 4


def _document(chars: int, parent: QObject) -> QTextDocument:
    doc = QTextDocument(parent)
    doc.setDocumentMargin(28)
    doc.setPlainText("\n".join([PARAGRAPH] * (chars // (len(PARAGRAPH) + 1) + 1)))
    return doc


class _Timers(QObject):
    """Counts the timer events that reach the layout (after the pacer's filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Timer:
            self.seen += 1
        return False


def _laid_out_heights(doc: QTextDocument) -> list[float]:
    layout, out, block = doc.documentLayout(), [], doc.firstBlock()
    while block.isValid():
        out.append(round(layout.blockBoundingRect(block).height(), 2))
        block = block.next()
    return out


def _shown(chars: int) -> tuple[QTextEdit, QTextDocument]:
    view = QTextEdit()
    view.resize(600, 400)
    view.show()
    doc = _document(chars, view)
    view.setDocument(doc)
    return view, doc


def test_a_long_document_is_laid_out_completely_in_slices(qtbot, monkeypatch):
    monkeypatch.setattr(layout_pacer, "START_DELAY_MS", 0)
    view, doc = _shown(PACED_CHARS * 2)
    behind = _Timers()
    doc.documentLayout().installEventFilter(behind)  # installed first: runs after the pacer's
    pacer = LayoutPacer(doc, view)
    qtbot.waitUntil(lambda: not pacer.active, timeout=20000)
    assert pacer.slices > 3 and pacer.position >= doc.characterCount() - 1
    held_back = behind.seen
    paced = _laid_out_heights(doc)

    _other, plain = _shown(PACED_CHARS * 2)
    unpaced = _Timers()
    plain.documentLayout().installEventFilter(unpaced)
    qtbot.waitUntil(lambda: unpaced.seen > 3, timeout=20000)  # Qt steps on its own timer...
    assert held_back <= 1  # ...which reached the layout at most once while paced (its final size notice)
    assert paced == _laid_out_heights(plain)  # the very layout Qt makes itself
    assert view.document().documentLayout().documentSize().height() == \
        plain.documentLayout().documentSize().height()


def test_the_window_paces_only_long_reports(window, seed_doc):
    view = window.document_view
    assert view.pacer is None  # the seed report is short: Qt lays it out in one go
    assert view.document().characterCount() < PACED_CHARS


def test_a_pacer_stops_when_its_document_goes(qtbot):
    view = QTextEdit()
    doc = _document(PACED_CHARS + 10, view)
    view.setDocument(doc)
    pacer = LayoutPacer(doc, view)
    view.setDocument(QTextDocument(view))
    doc.deleteLater()
    qtbot.waitUntil(lambda: not pacer.active, timeout=5000)
    pacer.finish()  # twice: nothing more happens
    assert not pacer.active
