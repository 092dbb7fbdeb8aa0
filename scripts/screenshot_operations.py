"""Screenshots of issue 10's window: one batch operation, one undo step, and
the overview refreshed only when it is shown.

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_operations.py out_prefix

Writes <prefix>-delete.png (after deleting six annotations in one step: the
toolbar's undo says so) and <prefix>-overview.png (the overview tab, shown
after the edits, with each report's counts). Temporary project and settings.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window, save, settle, shown


def main(prefix: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-ops-", "批量操作.rdproj")
    from PySide6.QtCore import QItemSelectionModel

    from desktop.importers import import_file
    from desktop.store.operations import AddAnnotations, NewAnnotation

    project = context.project
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        project.import_document(import_file(seed))
    docs = project.documents()
    for k, doc in enumerate(docs):
        text = project.document(doc.id).text
        items = []
        for j, start in enumerate(range(200, min(len(text) - 40, 200 + 400 * (4 + k)), 400)):
            items.append(NewAnnotation(doc.id, start, start + 12 + j % 5, ("measure", "figure", "weakness")[j % 3]))
        project.run(AddAnnotations(tuple(items)))
    context.set_current_document(docs[0].id)
    shown(app, window)
    pane = window.annotation_pane
    table = pane.table
    selection = table.selectionModel()
    for row in range(6):
        selection.select(pane.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    window.acts.delete_annotation.trigger()  # one operation, one undo step
    settle(app)
    ok = save(window, f"{prefix}-delete.png")
    print(f"undo stack: {context.undo_stack.count()} step(s), top: {context.undo_stack.undoText()}")
    window.tabs.setCurrentIndex(1)  # the overview, hidden until now: refreshed once, here
    settle(app)
    ok = save(window, f"{prefix}-overview.png") and ok
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_operations"))
