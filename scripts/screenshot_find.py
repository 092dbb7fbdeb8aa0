"""Screenshot of find in a report: the find bar, every hit marked, the current one, tags around them.

Run under Xvfb (issue 11's check that the hits read apart from the tags and the selection):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_find.py out.png

Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window, save, settle

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
QUERY = "普法"
#: Annotations near the hits, so the find colours are seen next to the tags' tints.
CLAIMS = [
    ("建立健全法律顾问机制,推进一村(社区)一法律顾问工作", "measure"),
    ("普法人次达1300多人次", "figure"),
    ("普法教育工作做得不够细,群众领会能力低,法制观念淡薄", "weakness"),
]


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-find-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    project.import_document(import_file(SEED))
    doc = next(d for d in project.documents() if d.source_name == SEED.name)
    context.set_current_document(doc.id)
    text = project.document(doc.id).text
    for quote, tag in CLAIMS:
        start = text.find(quote)
        if start < 0:
            print(f"quote not found: {quote}", file=sys.stderr)
            continue
        window.ops.add(doc.id, start, start + len(quote), tag)
    window.resize(1500, 950)
    window.show()
    for _ in range(5):
        app.processEvents()
    bar = window.find_bar
    window.reader.find.trigger()
    bar.edit.setText(QUERY)
    target = text.find(CLAIMS[-1][0]) - 150  # the current hit among the tagged lines
    while bar.current_span() is not None and bar.current_span()[0] < target and bar.current < len(bar.hits) - 1:
        bar.find_next()
    settle(app)
    print(f"{len(bar.hits)} hits of {QUERY!r}, current {bar.current + 1}: {bar.count_label.text()}")
    ok = save(window, out)
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_find.png"))
