"""Screenshot of 拆分汇编: the reports found in a compilation, ready to adjust.

Run under Xvfb (the check that the columns are wide enough for Chinese titles
and nothing is cut off):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_split.py [out.png] [compilation.pdf]

Without a file, a compilation is typeset at run time (tests/fixtures/compilation_pdf.py).
Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_window import ROOT, isolated_window, save, settle, shown

OUT = "/tmp/shots/split_dialog.png"


def main(out: str, source: str | None = None) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-split-", "截图项目.rdproj")
    from desktop.analysis.compilation import find_parts
    from desktop.importers import import_file
    from desktop.ui.split_dialog import SplitDialog

    if source is None:
        sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
        from compilation_pdf import township_compilation

        path = tmp / "2024年度法治政府建设年度报告汇编.pdf"
        path.write_bytes(township_compilation())
    else:
        path = Path(source)
    doc = import_file(path)
    parts = find_parts(doc)
    print(f"{len(parts)} reports in {path.name}")
    shown(app, window)
    dialog = SplitDialog(path.name, doc, parts, window)
    dialog.show()
    settle(app)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    ok = save(dialog, out)
    # The same dialog after the reviewer's edits: a row unchecked, a page refused aloud.
    if len(parts) >= 2 and parts[1].first_page is not None:
        dialog.set_checked(len(parts) - 1, False)
        dialog.page_boxes[1].setValue(parts[0].first_page or 1)
        settle(app)
        ok = save(dialog, str(Path(out).with_name(Path(out).stem + "_refused.png"))) and ok
    dialog.close()
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else OUT, sys.argv[2] if len(sys.argv) > 2 else None))
