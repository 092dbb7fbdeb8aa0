"""Screenshot of annotation suggestions: dashed underlines in the tags' colours in
the text, a few accepted ones as ordinary annotations, and the 建议 list under
the annotations with tag, quote and reason.

Run under Xvfb (issue 13's check that suggestions read apart from annotations):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_suggestions.py out.png

Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window, save, settle

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-suggest-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    project.import_document(import_file(SEED))
    doc = next(d for d in project.documents() if d.source_name == SEED.name)
    context.set_current_document(doc.id)
    window.resize(1500, 950)
    window.show()
    settle(app)
    suggestions = window.annotation_pane.suggestions
    suggestions.source.wait()
    rows = suggestions.model.rows
    if len(rows) < 4:
        print(f"only {len(rows)} suggestions", file=sys.stderr)
        return 1
    print(f"{len(rows)} suggestions at first")
    # Two accepted (ordinary annotations now, filled) and one rejected, so both looks are seen side by side.
    suggestions.accept([rows[1], rows[3]])
    suggestions.reject([suggestions.model.rows[0]])
    suggestions.select_row(0)
    window.document_view.verticalScrollBar().setValue(0)
    settle(app)
    window.document_view.viewport().repaint()
    print(f"{len(suggestions.model.rows)} open suggestions; "
          f"{len(window.document_view.drawn_suggestions)} underlined on screen; "
          f"{len(project.annotations(doc.id))} annotations; {suggestions.label.text()}")
    ok = save(window, out)
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_suggestions.png"))
