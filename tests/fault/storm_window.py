"""A real MainWindow tagging a project as fast as it can, for the fault tests.

Run as a child process (QT_QPA_PLATFORM=offscreen):

    python storm_window.py PROJECT [--seed N] [--duration S] [--max-tags N] [--stop-file F]
                                  [--pause S] [--answer readonly|take_over|cancel]

It opens PROJECT in a MainWindow exactly as a reviewer would (File ▸ Open),
then repeatedly selects a random span in the document view and presses 1, 2
or 3 (the same key the reviewer presses; tests/gui/test_tagging.py does the
same). Every line on stdout is flushed at once, so what the parent has read
is exactly what happened before a kill -9:

    opened readonly=<0|1>            the project is open (readonly: the window side's read-only mode)
    open-failed <message>            MainWindow.open_project returned False (<message>: what it showed)
    ack <id> <start> <end> <tag>     the tag key press RETURNED with this annotation committed
    refused <start> <end> <tag>      the key press added nothing (a message was shown, or nothing changed)
    warn <text>                      a warning the window showed (one line, escaped)
    done <acks> <refused>            the storm ended by itself (duration, --max-tags or --stop-file)

The parent kills it with SIGKILL at random moments and then checks that every
``ack`` is in the file. Settings and standard paths go to a private folder.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TAG_KEYS = {"1": "measure", "2": "figure", "3": "weakness"}


def emit(*parts: object) -> None:
    line = " ".join(str(p) for p in parts).replace("\n", "\\n").replace("\r", "\\r")
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class DriverInteraction:
    """Answers every question the window may ask without a dialog; prints warnings.

    ``ask_locked`` (the window side of issue 9) gets the answer given on the
    command line; any other question the window adds later is answered "no"."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.shown: list[str] = []

    def ask_locked(self, parent, holder_text, other_host=False):
        emit("asked-locked", holder_text)
        return self.answer

    def warning(self, parent, title, text, details=""):
        self.shown.append(text)
        emit("warn", text)

    def info(self, parent, title, text, details=""):
        self.shown.append(text)

    def confirm(self, parent, title, text):
        return False

    def __getattr__(self, name):  # ask_* and anything added later: cancelled
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--seed", type=int, default=0, help="random seed for spans and tags")
    parser.add_argument("--duration", type=float, default=0.0, help="stop after S seconds (0: never)")
    parser.add_argument("--max-tags", type=int, default=0, help="stop after N tag presses (0: never)")
    parser.add_argument("--answer", default="readonly", help="what ask_locked answers")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between presses")
    parser.add_argument("--stop-file", default="", help="stop when this file exists")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings, QStandardPaths

    # The tests give each child a private XDG_CONFIG_HOME (removed with the test's folder).
    config = os.environ.get("XDG_CONFIG_HOME", "")
    settings_dir = Path(tempfile.mkdtemp(prefix="rd-storm-settings-", dir=config if os.path.isdir(config) else None))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QStandardPaths.setTestModeEnabled(True)

    from PySide6.QtTest import QTest

    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    context = AppContext()
    context.reviewer = f"storm-{os.getpid()}"
    interaction = DriverInteraction(args.answer)
    window = MainWindow(context, interaction)
    window.resize(1000, 700)
    window.show()
    app.processEvents()
    if not window.open_project(args.project):
        emit("open-failed", interaction.shown[-1] if interaction.shown else "")
        return 3
    project = context.project
    readonly = bool(getattr(context, "readonly", False) or getattr(project, "readonly", False))
    emit("opened", f"readonly={int(readonly)}")
    app.processEvents()

    docs = project.documents()
    if not docs:
        emit("open-failed", "no documents in the project")
        return 4
    rng = random.Random(args.seed)
    view = window.document_view
    announced: list[int] = []
    project.subscribe(lambda changes: announced.extend(changes.ids("annotations")))
    texts: dict[int, str] = {}
    acks = refused = 0
    started = time.monotonic()
    while True:
        if args.duration and time.monotonic() - started >= args.duration:
            break
        if args.max_tags and acks + refused >= args.max_tags:
            break
        if args.stop_file and os.path.exists(args.stop_file):
            break
        doc = rng.choice(docs)
        if context.current_doc_id != doc.id:
            context.set_current_document(doc.id)
            app.processEvents()
        text = texts.setdefault(doc.id, view.text)
        if len(text) < 10:
            continue
        start = rng.randrange(0, len(text) - 8)
        end = min(len(text), start + rng.randint(2, 40))
        view.setFocus()
        view.select_span(start, end)
        span = view.selected_span()
        if span is None:  # whitespace only
            continue
        key = rng.choice("123")
        announced.clear()
        QTest.keyClick(view, key)  # returns after the window handled the press (commit included)
        tag = TAG_KEYS[key]
        # Only this window's own commits are announced (never another process's).
        added = [a for a in project.annotations_by_id(announced).values()
                 if (a.start, a.end, a.tag) == (span[0], span[1], tag)]
        if added:
            ann = added[-1]
            emit("ack", ann.id, ann.start, ann.end, ann.tag)
            acks += 1
        else:
            emit("refused", span[0], span[1], tag)
            refused += 1
        app.processEvents()
        if args.pause:
            time.sleep(args.pause)
    emit("done", acks, refused)
    context.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main())
