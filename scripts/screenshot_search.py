"""Screenshot of 在全部报告中搜索 (Ctrl+Shift+F): hits of a query in every
report of a five-report round, one of them opened and selected.

Run under Xvfb (issue 14's check that the hits read, show their context and jump):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_search.py out.png

The five seeds are imported into a temporary project (temporary settings,
never the user's); the query is 普法 (a two-character query: the exact scan),
and the third hit is activated as a reviewer's Enter would.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window, save, settle

QUERY = "普法"


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-search-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        project.import_document(import_file(path))
    window.resize(1500, 950)
    window.show()
    settle(app)
    window.search_action.trigger()
    pane = window.search_pane
    pane.box.setText(QUERY)
    pane.run_search()
    settle(app)
    hits = pane.model.hits
    reports = len({h.doc_id for h in hits})
    print(f"{len(hits)} hits in {reports} reports: {pane.status.text()}")
    row = min(2, len(hits) - 1)
    if row >= 0:
        index = pane.model.index(row, 0)
        pane.list.setCurrentIndex(index)
        pane.jump(index)
        hit = hits[row]
        print(f"selected {window.document_view.selected_span()} of report {window.document_view.doc_id}, "
              f"hit {(hit.start, hit.end)} of report {hit.doc_id}")
    settle(app, 20)
    ok = save(window, out)
    context.close_project()
    return 0 if ok and reports >= 2 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_search.png"))
