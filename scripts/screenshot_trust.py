"""Screenshots of read-only mode and of the backups list (issue 9).

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_trust.py readonly.png backups.png

A first window opens a throwaway project with the seed reports and a few tags;
a second window then opens the same project, is told another window has it,
and answers "read-only": the picture is that second window, banner and all.
The backups picture is File ▸ 从备份恢复…'s list after two openings.
Uses temporary settings and projects, never the user's.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"


def main(readonly_out: str, backups_out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-trust-", "第二季度评审.rdproj")
    from desktop.importers import import_file
    from desktop.store.backups import list_backups, make_backup
    from desktop.ui.backups_dialog import BackupsDialog
    from desktop.ui.context import AppContext
    from desktop.ui.interaction import Interaction
    from desktop.ui.main_window import MainWindow

    path = context.project.path
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:4]:
        context.project.import_document(import_file(seed))
    # Two openings an hour apart: two backups, the second with the tags.
    context.close_project()
    window.open_project(path)
    doc = next(d for d in context.project.documents() if d.source_name == SEED.name)
    text = context.project.document(doc.id).text
    for quote, tag in (("大型普法宣传活动16场", "figure"), ("没有专项经费,硬件投入少", "weakness")):
        start = text.find(quote)
        if start >= 0:
            window.ops.add(doc.id, start, start + len(quote), tag)
    make_backup(context.project.db.conn, path, force=True)
    context.set_current_document(doc.id)

    class AnswersReadOnly(Interaction):
        def ask_locked(self, parent, holder_text, other_host):
            return "readonly"

    second = AppContext()
    second.reviewer = "王芳"
    viewer = MainWindow(second, AnswersReadOnly())
    viewer.open_project(path)
    second.set_current_document(doc.id)
    viewer.resize(1500, 950)
    viewer.show()
    for _ in range(10):
        app.processEvents()
    ok = viewer.grab().save(readonly_out)
    print(f"{'saved' if ok else 'FAILED to save'} {readonly_out}")

    dialog = BackupsDialog(list_backups(path), "", window)
    dialog.show()
    for _ in range(5):
        app.processEvents()
    ok2 = dialog.grab().save(backups_out)
    print(f"{'saved' if ok2 else 'FAILED to save'} {backups_out}")
    second.close_project()
    context.close_project()
    return 0 if ok and ok2 else 1


if __name__ == "__main__":
    args = sys.argv[1:] + ["screenshot_readonly.png", "screenshot_backups.png"][len(sys.argv[1:]):]
    sys.exit(main(args[0], args[1]))
