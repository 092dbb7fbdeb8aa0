"""Running slow work off the GUI thread, with progress and cancel.

One helper for every long job (import now, export and batch checks later):
``start(fn, ...)`` runs ``fn(progress, cancelled)`` on the global
QThreadPool. ``progress(done, total, text="")`` and the final result or
exception come back to the GUI thread through queued signals; the worker
never touches widgets or the project (SQLite connections belong to the GUI
thread), so the store is written only after the job returned.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[..., None]
Job = Callable[[Progress, Callable[[], bool]], Any]


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from the worker are queued to it."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QObject):
    """Handle of one running job: ``cancel()``, and signals on the GUI thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    #: Emitted last, after succeeded or failed, in every case.
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False
        self.bridge = _Bridge()
        self.bridge.progressed.connect(self.progressed)
        self.bridge.succeeded.connect(self._on_success)
        self.bridge.failed.connect(self._on_failure)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _on_success(self, result: object) -> None:
        self.done = True
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_failure(self, exc: object) -> None:
        self.done = True
        self.failed.emit(exc)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, fn: Job, task: Task) -> None:
        super().__init__()
        self.fn, self.bridge, self.cancelled = fn, task.bridge, task.is_cancelled
        self.setAutoDelete(True)

    def run(self) -> None:
        bridge = self.bridge

        def progress(done: int, total: int, text: str = "") -> None:
            bridge.progressed.emit(int(done), int(total), str(text))

        try:
            result = self.fn(progress, self.cancelled)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            bridge.failed.emit(exc)
        else:
            bridge.succeeded.emit(result)


_running: set[Task] = set()


def start(fn: Job, parent: QObject | None = None, pool: QThreadPool | None = None) -> Task:
    """Starts ``fn(progress, cancelled)`` in a worker thread; returns its Task."""
    task = Task(parent)
    _running.add(task)  # keep the handle and its bridge alive until the end
    task.finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, task))
    return task


class JobProgressDialog(QProgressDialog):
    """A progress dialog that, once its job ended or was cancelled, stays closed.

    QProgressDialog shows itself from a timer (after the minimum duration, and
    at the latest 4 s after it was made) and again from setValue() after a
    cancel. A fast job used to end before that timer fired, and while the
    reviewer read the modal 导出完成 message the finished dialog came back at
    100 %, window-modal, its Cancel and Esc no longer wired to anything.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._over = False
        self.canceled.connect(self._cancelled)

    def _cancelled(self) -> None:
        self._over = True
        self.hide()  # Cancel and Esc always close, whatever else is connected

    @property
    def over(self) -> bool:
        return self._over or self.wasCanceled()

    def finish(self) -> None:
        """The job ended (success, failure or cancel): close for good and delete."""
        self._over = True
        self.reset()  # stops the show timer
        self.hide()
        self.deleteLater()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt API
        if visible and self.over:
            return  # the show timer or a late setValue() must not bring it back
        super().setVisible(visible)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._over = True
        super().closeEvent(event)


def progress_dialog(parent: QWidget, title: str, label: str, cancel_text: str, *,
                    min_duration: int = 400) -> JobProgressDialog:
    """The window-modal progress dialog every long job shows: busy until the first
    progress report, stays open until the job ends (call ``finish()``), Cancel
    and Esc close it at once (and emit ``canceled`` for the caller to stop the job)."""
    dialog = JobProgressDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setCancelButtonText(cancel_text)
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(min_duration)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def running() -> int:
    """How many tasks have not delivered their result yet (tests wait on it)."""
    return len(_running)
