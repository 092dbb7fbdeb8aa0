"""Screenshot of the main window with a seed report and one annotation of each tag.

Run under Xvfb (issue 2's check that Chinese renders and the colours read):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_main.py out.png

Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
#: (quote to search in the text, tag, note)
CLAIMS = [
    ("坡头镇联合坡头司法所组织开展了大型普法宣传活动16场,为社区矫正对象开展普法教育学习11场", "measure", ""),
    ("大型普法宣传活动16场", "figure", "可与上年对比"),
    ("普法人次达1300多人次", "figure", ""),
    ("建立健全法律顾问机制,推进一村(社区)一法律顾问工作", "measure", ""),
    ("普法教育工作做得不够细,群众领会能力低,法制观念淡薄", "weakness", "未分析原因"),
    ("没有专项经费,硬件投入少", "weakness", ""),
]


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        project.import_document(import_file(seed))
    doc = next(d for d in project.documents() if d.source_name == SEED.name)
    context.set_current_document(doc.id)
    text = project.document(doc.id).text
    first = None
    for quote, tag, note in CLAIMS:
        start = text.find(quote)
        if start < 0:
            print(f"quote not found: {quote}", file=sys.stderr)
            continue
        ann_id = window.ops.add(doc.id, start, start + len(quote), tag)
        if note:
            project.update_annotation(ann_id, note=note)
        first = first or ann_id
    window.resize(1500, 950)
    window.show()
    for _ in range(5):
        app.processEvents()
    ann = project.annotation(first)
    context.reveal(doc.id, max(0, ann.start - 120), max(0, ann.start - 120))
    view = window.document_view
    view._end_flash()  # noqa: SLF001 - a still picture needs no flash
    view.select_span(ann.start, ann.start)
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.cursorRect().top() - 330)  # measures above, weaknesses below
    view.refresh_highlights()
    window.annotation_pane.select_annotation(first)
    for _ in range(5):
        app.processEvents()
    ok = window.grab().save(out)
    print(f"{'saved' if ok else 'FAILED to save'} {out}")
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_main.png"))
