"""Screenshot of a two-column PDF's text in the document pane (issue 11):
the columns read one after the other, paragraphs whole.

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_columns.py out.png [file.pdf]

Without a file, a two-column report with an 8 pt gutter is made with the
test fixtures (reportlab). Temporary project and settings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_window import ROOT, isolated_window, save, settle, shown


def main(out: str, pdf: str | None) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-cols-", "分栏.rdproj")
    from desktop.importers import import_bytes

    if pdf:
        data, name = Path(pdf).read_bytes(), Path(pdf).name
    else:
        sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
        from importer_pdfs import two_column_report

        data, _paragraphs = two_column_report(8)
        name = "两栏_8pt.pdf"
    doc_id = context.project.import_document(import_bytes(data, name)).doc_id
    context.set_current_document(doc_id)
    shown(app, window)
    settle(app, 3)
    ok = save(window, out)
    print(f"warnings: {context.project.document(doc_id).warnings}")
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_columns.png",
                  sys.argv[2] if len(sys.argv) > 2 else None))
