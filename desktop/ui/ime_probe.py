"""Input-method probe for scripts/ime_check.sh (issue 16); never used by a reviewer.

With REVIEWDESK_IME_PROBE=1 the gui command installs this before the window
is built. Once the project given on the command line shows its first
annotation, the probe selects it and opens the real note editor (编辑批注, the
same dialog F2 opens), then prints where things are so the script can click
and type into them with xdotool as a person would:

    IME_PROBE choice <the input-method log line>
    IME_PROBE note-editor <x> <y> ok <x> <y>     (global centres: editor, OK button)
    IME_PROBE preedit <text> / commit <text>      (input-method events the editor got)
    IME_PROBE note-saved <note as stored in the project>
    IME_PROBE filter <x> <y>                      (the annotation filter box)
    IME_PROBE filter-text <text>                  (each change of the filter text)

It only reads the window and prints; the note is saved by the dialog's own OK.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QPlainTextEdit, QWidget

from desktop.ui import input_method

ENV = "REVIEWDESK_IME_PROBE"
MARK = "IME_PROBE"


def say(*parts: object) -> None:
    print(MARK, *parts, flush=True)


def _centre(widget: QWidget) -> str:
    point = widget.mapToGlobal(widget.rect().center())
    return f"{point.x()} {point.y()}"


class ImeProbe(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.stage = "wait-window"
        self.ann_id = 0
        self.window = None
        self.editor: QPlainTextEdit | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.step)
        self.timer.start()
        choice = input_method.last_choice
        say("choice", choice.log_line() if choice else "(not configured)")

    def step(self) -> None:
        if self.stage == "wait-window":
            from desktop.ui.main_window import MainWindow

            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
            if not windows or windows[0].context.project is None:
                return
            window = windows[0]
            pane = window.annotation_pane
            if pane.model.rowCount() == 0:
                return
            self.window = window
            self.ann_id = pane.annotation_at(pane.proxy.index(0, 0)).id
            pane.select_annotation(self.ann_id)
            self.stage = "wait-dialog"
            QTimer.singleShot(0, self.edit_note)
        elif self.stage == "wait-dialog":
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
                return
            editor = dialog.findChild(QPlainTextEdit)
            box = dialog.findChild(QDialogButtonBox)
            ok = box.button(QDialogButtonBox.StandardButton.Ok) if box is not None else None
            if editor is None or ok is None:
                return
            self.editor = editor
            editor.installEventFilter(self)
            editor.setFocus()
            self.stage = "typing-note"
            say("note-editor", _centre(editor), "ok", _centre(ok))

    def edit_note(self) -> None:
        window = self.window
        assert window is not None
        window.edit_note_selected()  # the real dialog; returns when it is closed
        project = window.context.project
        note = project.annotation(self.ann_id).note if project is not None else ""
        say("note-saved", note)
        self.stage = "filter"
        edit = window.annotation_pane.filter_edit
        edit.textChanged.connect(lambda text: say("filter-text", text))
        edit.installEventFilter(self)
        window.activateWindow()
        edit.setFocus()
        say("filter", _centre(edit))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            if event.preeditString():
                say("preedit", event.preeditString())
            if event.commitString():
                say("commit", event.commitString())
        return False


def install(app: QCoreApplication) -> ImeProbe:
    return ImeProbe(app)
