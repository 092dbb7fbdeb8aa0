"""Input widgets of the scoring pane that change only what the reviewer meant to.

Three ways a score used to change by accident (issue 9, point 9):

* the mouse wheel over a score box stepped it while the reviewer scrolled
  the pane: :class:`PointsBox` takes the wheel only once it has focus, and
  passes it on to the scroll area otherwise;
* typing 12 into a box out of 10 was cut to 1 by QDoubleSpinBox's validator
  and saved: :class:`PointsBox` keeps the typed text, refuses it aloud
  (``refused``) and saves nothing;
* Ctrl+Z in a box undid the line edit's own typing instead of the last
  operation: :class:`HistoryKeys` sends the undo and redo keys to the global
  undo stack, after committing the edit in progress.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack, QValidator
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QDoubleSpinBox, QWidget

# The box's lowest step below 0 reads 未评 ("not scored yet").
STEP = 0.5
_UNDO = (QKeySequence("Ctrl+Z"),)
_REDO = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


class PointsBox(QDoubleSpinBox):
    """Points out of ``maximum``, in half points; the step below 0 is 未评."""

    # A typed value the box refused, with the reason (shown next to the box).
    refused = Signal(str)

    def __init__(self, maximum: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("points")
        self.setDecimals(1)
        self.setSingleStep(STEP)
        self.setRange(-STEP, maximum)
        self.setSpecialValueText(self.tr("未评"))
        self.setKeyboardTracking(False)  # one change per Enter / arrow, not per digit
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setMinimumWidth(72)
        # Clicking or tabbing focuses the box; the wheel alone never does (WheelFocus would).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setValue(-STEP)
        # True while the value changes by a step (arrow, Up/Down key, wheel): such
        # changes merge into one undo step; a typed value is a step of its own.
        self.stepping = False

    def points(self) -> float | None:
        value = self.value()
        return None if value < 0 else value

    def show_points(self, points: float | None) -> None:
        """Shows a stored value without emitting valueChanged."""
        self.blockSignals(True)
        self.setValue(-STEP if points is None else points)
        self.blockSignals(False)

    # --- refusing out-of-range values ---------------------------------------------------

    def _number(self, text: str) -> float | None:
        text = text.strip()
        if not text or text == self.specialValueText():
            return None
        try:
            return float(text.replace(self.locale().decimalPoint(), "."))
        except ValueError:
            return None

    def refusal(self, text: str | None = None) -> str:
        """Why the typed ``text`` (default: the box's) cannot be saved, or ''."""
        number = self._number(self.lineEdit().displayText() if text is None else text)
        if number is None or number != number:
            return ""
        if number > self.maximum() + 1e-9:
            return (self.tr("%1 分超过满分 %2 分，未保存")
                    .replace("%1", f"{number:g}").replace("%2", f"{self.maximum():g}"))
        if number < 0:
            return self.tr("分数不能小于 0，未保存")
        return ""

    def validate(self, text: str, pos: int):  # noqa: D102 - Qt API
        state, text, pos = super().validate(text, pos)
        # QDoubleSpinBox rejects the keystroke that makes "1" into "12" (max 10), so
        # Enter would save 1. Keep the text; Enter and leaving the box refuse it.
        if state == QValidator.State.Invalid and self.refusal(text):
            state = QValidator.State.Intermediate
        return state, text, pos

    def commit(self) -> bool:
        """Saves what is typed (valueChanged if it differs); refuses an out-of-range
        value and shows the stored one again. Returns False when refused."""
        reason = self.refusal()
        if reason:
            self.refused.emit(reason)
            self.show_points(self.points())
            return False
        self.interpretText()
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            reason = self.refusal()
            if reason:  # keep the text so the reviewer can correct it
                self.refused.emit(reason)
                event.accept()
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        reason = self.refusal()
        if reason:
            self.refused.emit(reason)
            self.show_points(self.points())
        super().focusOutEvent(event)

    # --- steps and the wheel ------------------------------------------------------------

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        self.stepping = True
        try:
            super().stepBy(steps)
        finally:
            self.stepping = False

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
            return
        # Not focused: the reviewer is scrolling the pane. Hand the wheel to the
        # scroll area holding the box (Qt propagates only spontaneous wheel events).
        area = self._scroll_area()
        if area is None:
            event.ignore()
            return
        QCoreApplication.sendEvent(area.viewport(), event)
        event.accept()

    def _scroll_area(self) -> QAbstractScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QAbstractScrollArea):
            widget = widget.parentWidget()
        return widget


def history_key(event) -> str:
    """'undo', 'redo' or '' for a key event."""
    combo = QKeySequence(event.keyCombination())
    if event.matches(QKeySequence.StandardKey.Undo) or combo in _UNDO:
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo) or combo in _REDO:
        return "redo"
    return ""


class HistoryKeys(QObject):
    """Event filter: the undo and redo keys typed in a watched editor go to the
    global undo stack (after ``commit(editor)`` saved the edit in progress),
    never to the editor's own undo, so every change in the pane undoes the same way."""

    def __init__(self, stack: QUndoStack, commit: Callable[[QObject], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.commit = commit

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        which = history_key(event)
        if not which:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # deliver the key here, not to the line edit's undo
            return True
        self.commit(obj)
        if which == "undo":
            self.stack.undo()
        else:
            self.stack.redo()
        return True
