"""Start-up probe for tests/benchmarks/bench_startup.py.

With REVIEWDESK_STARTUP_PROBE=1 the gui command installs this filter before
the window is built: when the main window is first exposed (mapped and
painted-ready on screen, not merely show() called) it prints
``REVIEWDESK_STARTUP_SHOWN <unix time>`` and quits. The benchmark takes the
time before it starts the process, so the figure is the cold start a person
sees: interpreter or bundle start, imports, QApplication, window, first expose.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMainWindow

ENV = "REVIEWDESK_STARTUP_PROBE"
MARK = "REVIEWDESK_STARTUP_SHOWN"


class ExposeProbe(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.fired = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (not self.fired and event.type() == QEvent.Type.Expose and isinstance(obj, QWindow)
                and obj.isExposed()):
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QMainWindow) and widget.windowHandle() is obj:
                    self.fired = True
                    print(f"{MARK} {time.time():.6f}", flush=True)
                    QTimer.singleShot(0, QCoreApplication.quit)
                    break
        return False


def install(app: QCoreApplication) -> ExposeProbe:
    probe = ExposeProbe(app)
    app.installEventFilter(probe)
    return probe
